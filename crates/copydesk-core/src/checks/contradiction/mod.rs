//! `contradiction`: a draft statement the corpus states differently — a
//! number, date or duration outside what the corpus allows, or a flipped
//! polarity (confirmed vs denied, "is" vs "is not"). The corpus statement is
//! found by what the sentences share (weighted content words, the noun
//! counted), never by position. Where the corpus disagrees with itself the
//! draft gets a `corpus-conflict` hint naming both sources instead.
//!
//! One module per kind of fact: [`figures`] (numbers, dates, durations),
//! [`polarity`] (affirmed or denied, rose or fell), [`roles`] (a person's
//! title, party, club or organisation).

use super::Options;
use crate::corpus::query::CorpusQuery;
use crate::finding::Finding;
use crate::model::Doc;

mod figures;
mod phrases;
pub(crate) use phrases::archive_post;
mod polarity;
mod roles;

/// The archive writes `a` and `b` as one, in either order, with `tail`
/// after ("chairman and president", "Energy and Mines Minister"): asked
/// of the word postings, so any newsroom's archive says which of its posts
/// go together.
fn written_as_one(corpus: &dyn CorpusQuery, a: &[&str], b: &[&str], tail: &[&str]) -> bool {
    let joined = |p: &[&str], q: &[&str]| {
        let words: Vec<&str> = p
            .iter()
            .chain(&["and"])
            .chain(q)
            .chain(tail)
            .copied()
            .collect();
        corpus.contains_words(&words)
    };
    joined(a, b) || joined(b, a)
}

/// Polarity contradictions of sentence `si`: they depend on its words alone.
pub fn check_sentence(corpus: &dyn CorpusQuery, draft: &Doc, si: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    polarity::polarity(corpus, draft, si, &mut out);
    out
}

/// Figure contradictions: each figure against the corpus statement about
/// the same event, which takes the draft's names and the sentence before
/// (so they are checked on the whole draft, not sentence by sentence).
pub fn check_figures(corpus: &dyn CorpusQuery, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut si = usize::MAX;
    let names = figures::draft_entities(corpus, draft);
    for f in &draft.figures {
        if f.sentence != si {
            si = f.sentence;
            figures::figures(corpus, draft, &names, si, &mut out);
        }
    }
    out
}

/// Contradictions that depend on the whole draft: roles (whether a name is
/// a person's may be settled in another sentence).
pub fn check_document(corpus: &dyn CorpusQuery, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    let written = crate::model::roles::phrases(draft);
    roles::roles(corpus, draft, &written, &mut out);
    phrases::phrases(corpus, draft, &written, &mut out);
    out
}
