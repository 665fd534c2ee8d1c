//! The checks, one module per code. `name_spelling` and `unattributed` check
//! a whole draft (`fn check(&Corpus, &Doc, &Options) -> Vec<Finding>`);
//! `contradiction` checks one sentence or the whole draft, `misquote` one
//! quotation.
//! [`check`] runs them all, then applies inline switches, disabled codes and
//! severities, and sorts the result.
//!
//! Findings that depend on one part of the draft and nothing else — a
//! sentence's figures and polarity against the corpus, a quotation's words
//! and speaker — are made part by part ([`Parts`]), so that an edited draft
//! can keep them for the parts that did not change ([`crate::analysis`]).

use crate::corpus::Corpus;
use crate::finding::{Code, Finding, Severity};
use crate::model::Doc;
use std::collections::HashMap;

pub mod contradiction;
pub mod misquote;
pub mod name_spelling;
pub mod unattributed;

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
pub fn check(corpus: &Corpus, draft: &Doc, opts: &Options) -> Vec<Finding> {
    check_with(corpus, draft, opts, &Parts::new(corpus, draft))
}

/// Findings about single parts of a draft, each depending on that part
/// alone (and the corpus): equal parts get equal findings, at their own offsets.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    /// Per sentence: [`sentence_findings`].
    pub sentences: Vec<Vec<Finding>>,
    /// Per quotation: [`quote_findings`].
    pub quotes: Vec<Vec<Finding>>,
}

impl Parts {
    /// Every part's findings, made afresh.
    pub fn new(corpus: &Corpus, draft: &Doc) -> Parts {
        Parts {
            sentences: (0..draft.sentences.len()).map(|si| sentence_findings(corpus, draft, si)).collect(),
            quotes: (0..draft.quotes.len()).map(|qi| quote_findings(corpus, draft, qi)).collect(),
        }
    }
}

/// Sentence `si`'s contradictions in figures and polarity: they depend on
/// its words alone (and the corpus).
pub fn sentence_findings(corpus: &Corpus, draft: &Doc, si: usize) -> Vec<Finding> {
    contradiction::check_sentence(corpus, draft, si)
}

/// Quotation `qi`'s misquotes: they depend on its words and its speaker alone.
pub fn quote_findings(corpus: &Corpus, draft: &Doc, qi: usize) -> Vec<Finding> {
    misquote::check_one(corpus, draft, qi)
}

/// [`check`], given the findings of every part of `draft`.
pub fn check_with(corpus: &Corpus, draft: &Doc, opts: &Options, parts: &Parts) -> Vec<Finding> {
    let mut out = Vec::new();
    let on = |c: Code| !opts.disabled.contains(&c);
    if on(Code::NameSpelling) {
        out.extend(name_spelling::check(corpus, draft, opts));
    }
    if on(Code::UnattributedFigure) {
        out.extend(unattributed::check(corpus, draft, opts));
    }
    if on(Code::Contradiction) || on(Code::CorpusConflict) {
        out.extend(parts.sentences.iter().flatten().cloned());
        out.extend(contradiction::check_document(corpus, draft, opts));
    }
    if on(Code::Misquote) || on(Code::UnknownQuote) {
        out.extend(parts.quotes.iter().flatten().cloned());
    }
    out.retain(|f| on(f.code));
    out.retain(|f| !draft.prose.suppressions.iter().any(|s| s.covers(f.span.start, f.code)));
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
