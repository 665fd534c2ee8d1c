//! The checks, one module per code, and their registry [`CHECKS`]: each
//! check declares the codes it reports (with default severity and
//! description), the unit it works on and its entry point, in one table.
//! The README's table of codes and the editor settings' list of codes are
//! tested against it (`tests/registry.rs` at the top of the workspace).
//!
//! A check on a [`Unit::Sentence`] or [`Unit::Quotation`] depends on that
//! part of the draft alone (and the corpus): equal parts get equal
//! findings, so an edited draft keeps them for the parts that did not
//! change ([`Parts`], [`crate::analysis`]). [`Unit::Document`] checks run
//! on the whole draft every time.
//! [`check`] runs them all, then applies inline switches, disabled codes and
//! severities, and sorts the result.

use crate::corpus::query::CorpusQuery;
use crate::finding::{Code, Finding, Severity};
use crate::model::Doc;
use std::collections::HashMap;

pub mod contradiction;
pub mod misquote;
pub mod name_spelling;
pub mod unattributed;

/// What a check's findings depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// One sentence's words (figures, polarity).
    Sentence,
    /// One quotation's words and speaker.
    Quotation,
    /// The whole draft (a name's other spellings, a figure's paragraph, a person's role).
    Document,
}

/// A check's entry point, by unit.
#[derive(Clone, Copy)]
pub enum Run {
    Part(fn(&dyn CorpusQuery, &Doc, usize) -> Vec<Finding>),
    Document(fn(&dyn CorpusQuery, &Doc, &Options) -> Vec<Finding>),
}

/// A code a check reports.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: Code,
    pub severity: Severity,
    /// Scored by the evaluation (a problem), or a hint.
    pub scored: bool,
    pub description: &'static str,
}

/// One check, as registered.
#[derive(Clone, Copy)]
pub struct CheckInfo {
    pub name: &'static str,
    pub unit: Unit,
    pub codes: &'static [CodeInfo],
    pub run: Run,
}

impl std::fmt::Debug for CheckInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckInfo")
            .field("name", &self.name)
            .field("unit", &self.unit)
            .finish()
    }
}

const NAME_SPELLING: CodeInfo = CodeInfo {
    code: Code::NameSpelling,
    severity: Severity::Warning,
    scored: true,
    description: "a person, organisation or place spelled otherwise than the archive spells it (Weingarden for Weingarten), a first name that is not the archive person's (Dmitri for Dmitry Peskov), or a name the archive does not know that the draft spells two ways",
};
const UNATTRIBUTED: CodeInfo = CodeInfo {
    code: Code::UnattributedFigure,
    severity: Severity::Information,
    scored: true,
    description: "a statistic (count, money, percentage, \"two million\", \"a dozen\", \"hundreds\") whose sentence names no source (\"said\", \"according to\", \"reported\" …)",
};
const CONTRADICTION: CodeInfo = CodeInfo {
    code: Code::Contradiction,
    severity: Severity::Error,
    scored: true,
    description: "a number, date or duration outside what the archive allows, a flipped polarity (confirmed vs denied, \"is\" vs \"is not\"), or a title or organisation the archive gives to someone else",
};
const CORPUS_CONFLICT: CodeInfo = CodeInfo {
    code: Code::CorpusConflict,
    severity: Severity::Hint,
    scored: false,
    description: "a figure on which the sources disagree with each other: copydesk names both instead of calling either a contradiction",
};
const MISQUOTE: CodeInfo = CodeInfo {
    code: Code::Misquote,
    severity: Severity::Error,
    scored: true,
    description: "a quotation whose words differ from the source's (a word changed, added or dropped, a \"not\" lost), or that the archive puts in someone else's mouth",
};
const UNKNOWN_QUOTE: CodeInfo = CodeInfo {
    code: Code::UnknownQuote,
    severity: Severity::Hint,
    scored: false,
    description: "a quotation the archive does not contain",
};

/// Every check, in the order they run.
pub const CHECKS: &[CheckInfo] = &[
    CheckInfo {
        name: "name-spelling",
        unit: Unit::Document,
        codes: &[NAME_SPELLING],
        run: Run::Document(name_spelling::check),
    },
    CheckInfo {
        name: "unattributed-figure",
        unit: Unit::Document,
        codes: &[UNATTRIBUTED],
        run: Run::Document(unattributed::check),
    },
    CheckInfo {
        name: "contradiction: polarity",
        unit: Unit::Sentence,
        codes: &[CONTRADICTION],
        run: Run::Part(contradiction::check_sentence),
    },
    CheckInfo {
        name: "contradiction: figures",
        unit: Unit::Document,
        codes: &[CONTRADICTION, CORPUS_CONFLICT],
        run: Run::Document(contradiction::check_figures),
    },
    CheckInfo {
        name: "contradiction: roles",
        unit: Unit::Document,
        codes: &[CONTRADICTION],
        run: Run::Document(contradiction::check_document),
    },
    CheckInfo {
        name: "misquote",
        unit: Unit::Quotation,
        codes: &[MISQUOTE, UNKNOWN_QUOTE],
        run: Run::Part(misquote::check_one),
    },
];

/// The README's table of the scored codes, made from the registry
/// (`tests/registry.rs` holds README.md to it).
pub fn codes_table() -> String {
    let mut out = String::from("| code | what it means |\n|---|---|\n");
    for c in CHECKS.iter().flat_map(|c| c.codes).filter(|c| c.scored) {
        if !out.contains(&format!("`{}`", c.code)) {
            out.push_str(&format!("| `{}` | {} |\n", c.code, c.description));
        }
    }
    out
}

/// Every code the registry declares, each once, in registry order.
pub fn all_codes() -> Vec<Code> {
    let mut v: Vec<Code> = Vec::new();
    for c in CHECKS.iter().flat_map(|c| c.codes) {
        if !v.contains(&c.code) {
            v.push(c.code);
        }
    }
    v
}

/// A name in more than this share of the corpus's articles ("Blair",
/// "London") says nothing about which entity or event a draft means.
const DISTINCTIVE_SHARE: f64 = 0.02;
/// ... but in a small corpus, a name in this many articles still does.
const DISTINCTIVE_MIN: u32 = 20;

/// Whether a spelling names something distinctive enough to tie a draft
/// to corpus articles: in few of them, and not a first name.
pub fn distinctive(corpus: &dyn CorpusQuery, s: &crate::corpus::query::Spelling) -> bool {
    let limit = DISTINCTIVE_MIN.max((corpus.article_count() as f64 * DISTINCTIVE_SHARE) as u32);
    s.articles <= limit && s.kind != crate::corpus::EntityKind::GivenName
}

/// What the registry says about a code.
pub fn code_info(code: Code) -> CodeInfo {
    CHECKS
        .iter()
        .flat_map(|c| c.codes)
        .find(|c| c.code == code)
        .copied()
        .unwrap_or(CodeInfo {
            code,
            severity: Severity::Warning,
            scored: false,
            description: "",
        })
}

/// How far from a figure a source may be named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Sentence,
    Paragraph,
}

/// What the writer or their config chose.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    pub disabled: Vec<Code>,
    pub severity: HashMap<Code, Severity>,
    pub scope: Scope,
}

/// Run every enabled check on `draft`.
pub fn check(corpus: &dyn CorpusQuery, draft: &Doc, opts: &Options) -> Vec<Finding> {
    check_with(corpus, draft, opts, &Parts::new(corpus, draft))
}

/// The number of parts of `unit` in a draft.
fn units(draft: &Doc, unit: Unit) -> usize {
    match unit {
        Unit::Sentence => draft.sentences.len(),
        Unit::Quotation => draft.quotes.len(),
        Unit::Document => 0,
    }
}

/// Findings about single parts of a draft, per part-wise check of
/// [`CHECKS`] (by index) and per part: each depends on that part alone (and
/// the corpus), so equal parts get equal findings, at their own offsets.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub by_check: Vec<Vec<Vec<Finding>>>,
}

impl Parts {
    /// Every part's findings, made afresh.
    pub fn new(corpus: &dyn CorpusQuery, draft: &Doc) -> Parts {
        Parts::reusing(corpus, draft, |_, _| None)
    }

    /// Every part's findings, taking them from `reuse(check, part)` where it
    /// has them and checking the part otherwise.
    pub fn reusing(
        corpus: &dyn CorpusQuery,
        draft: &Doc,
        reuse: impl Fn(usize, usize) -> Option<Vec<Finding>>,
    ) -> Parts {
        let forms: Vec<&str> = draft.mentions.iter().map(|m| m.form.as_str()).collect();
        corpus.prefetch_names(&forms);
        // Lazy: only a database reads the words (tables in memory ignore them).
        corpus.prefetch_words(
            &mut draft
                .sentences
                .iter()
                .flat_map(|s| s.content.iter().chain(&s.claim)),
        );
        let by_check = CHECKS
            .iter()
            .enumerate()
            .map(|(ci, c)| match c.run {
                Run::Part(f) => (0..units(draft, c.unit))
                    .map(|p| reuse(ci, p).unwrap_or_else(|| f(corpus, draft, p)))
                    .collect(),
                Run::Document(_) => Vec::new(),
            })
            .collect();
        Parts { by_check }
    }
}

/// A figure or a "not" changed inside a quotation the archive has is a
/// misquote: a `contradiction` found inside a quotation that also has a
/// `misquote` says the same error a second time, in the wrong words, and
/// is left out.
fn drop_said_twice(draft: &Doc, out: &mut Vec<Finding>) {
    let quote_of = |f: &Finding| {
        draft
            .quotes
            .iter()
            .position(|q| f.span.start < q.inner.end && q.inner.start < f.span.end)
    };
    let misquoted: Vec<usize> = out
        .iter()
        .filter(|f| f.code == Code::Misquote)
        .filter_map(quote_of)
        .collect();
    if misquoted.is_empty() {
        return;
    }
    out.retain(|f| {
        f.code != Code::Contradiction || quote_of(f).is_none_or(|q| !misquoted.contains(&q))
    });
}

/// [`check`], given the findings of every part of `draft`.
pub fn check_with(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    opts: &Options,
    parts: &Parts,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let on = |c: Code| !opts.disabled.contains(&c);
    for (ci, c) in CHECKS.iter().enumerate() {
        if !c.codes.iter().any(|x| on(x.code)) {
            continue;
        }
        match c.run {
            Run::Part(_) => out.extend(
                parts
                    .by_check
                    .get(ci)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .cloned(),
            ),
            Run::Document(f) => out.extend(f(corpus, draft, opts)),
        }
    }
    out.retain(|f| on(f.code));
    drop_said_twice(draft, &mut out);
    out.retain(|f| {
        !draft
            .prose
            .suppressions
            .iter()
            .any(|s| s.covers(f.span.start, f.code))
    });
    for f in &mut out {
        if let Some(s) = opts.severity.get(&f.code) {
            f.severity = *s;
        }
    }
    out.sort_by_key(|f| (f.span.start, f.span.end, f.code));
    out.dedup_by(|a, b| a.span == b.span && a.code == b.code);
    out
}

#[cfg(test)]
mod tests;
