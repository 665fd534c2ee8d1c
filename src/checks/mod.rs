//! The checks. Each module has one job: `fn check(&Corpus, &Doc, &Options) -> Vec<Finding>`.
//! [`check`] runs them all, then applies inline switches, disabled codes and
//! severities, and sorts the result.

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
    let mut out = Vec::new();
    let on = |c: Code| !opts.disabled.contains(&c);
    if on(Code::NameSpelling) {
        out.extend(name_spelling::check(corpus, draft, opts));
    }
    if on(Code::UnattributedFigure) {
        out.extend(unattributed::check(corpus, draft, opts));
    }
    if on(Code::Contradiction) || on(Code::CorpusConflict) {
        out.extend(contradiction::check(corpus, draft, opts));
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
