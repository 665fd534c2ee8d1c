//! The checks. Each module has one job: `fn check(&Corpus, &Doc, &Options) -> Vec<Finding>`.
//! [`check`] runs them all, then applies inline switches, disabled codes and
//! severities, and sorts the result.
//!
//! Findings about one sentence that depend on nothing else in the draft (its
//! figures and polarity against the corpus, the costliest part) are made per
//! sentence by [`sentence_findings`], so that an edited draft can keep them
//! for the sentences that did not change ([`crate::analysis`]).

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
    let on = |c: Code| !opts.disabled.contains(&c);
    let local: Vec<Vec<Finding>> = if on(Code::Contradiction) || on(Code::CorpusConflict) {
        (0..draft.sentences.len()).map(|si| sentence_findings(corpus, draft, si)).collect()
    } else {
        Vec::new()
    };
    check_with(corpus, draft, opts, &local)
}

/// The findings about sentence `si` that depend on its text alone (and the
/// corpus): equal sentences get equal findings, at their own offsets.
pub fn sentence_findings(corpus: &Corpus, draft: &Doc, si: usize) -> Vec<Finding> {
    contradiction::check_sentence(corpus, draft, si)
}

/// [`check`], given [`sentence_findings`] for every sentence of `draft`.
pub fn check_with(corpus: &Corpus, draft: &Doc, opts: &Options, local: &[Vec<Finding>]) -> Vec<Finding> {
    let mut out = Vec::new();
    let on = |c: Code| !opts.disabled.contains(&c);
    if on(Code::NameSpelling) {
        out.extend(name_spelling::check(corpus, draft, opts));
    }
    if on(Code::UnattributedFigure) {
        out.extend(unattributed::check(corpus, draft, opts));
    }
    if on(Code::Contradiction) || on(Code::CorpusConflict) {
        out.extend(local.iter().flatten().cloned());
        out.extend(contradiction::check_document(corpus, draft, opts));
    }
    if on(Code::Misquote) || on(Code::UnknownQuote) {
        out.extend(misquote::check(corpus, draft, opts));
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
