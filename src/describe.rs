//! Hover and go-to-definition content: what the corpus says about the name,
//! figure or quotation under a position in a draft. Pure, like the checks.

use crate::corpus::Corpus;
use crate::finding::{Finding, Source};
use crate::model::Doc;
use std::ops::Range;

/// What to show for a place in a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// The draft span the information is about.
    pub span: Range<usize>,
    /// Markdown for a hover.
    pub markdown: String,
    /// Corpus places backing it, best first (go-to-definition uses the first).
    pub sources: Vec<Source>,
}

/// Information about the draft at byte `offset`, given the draft's findings.
pub fn describe(_corpus: &Corpus, _draft: &Doc, _findings: &[Finding], _offset: usize) -> Option<Info> {
    None
}
