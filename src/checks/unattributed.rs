//! `unattributed-figure`: a statistic whose sentence (or paragraph, by
//! setting) names no source, and which is not inside a quotation whose
//! speaker is named. Dates, durations, ordinals and numbered names are not
//! statistics.

use super::{Options, Scope};
use crate::corpus::Corpus;
use crate::finding::{Code, Finding};
use crate::model::Doc;

pub fn check(corpus: &Corpus, draft: &Doc, opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    for (si, s) in draft.sentences.iter().enumerate() {
        if s.heading {
            continue;
        }
        let attributed = match opts.scope {
            Scope::Sentence => s.attributed,
            Scope::Paragraph => draft.sentences.iter().any(|o| o.block == s.block && o.attributed),
        };
        if attributed {
            continue;
        }
        let figs: Vec<_> = draft
            .figures
            .iter()
            .filter(|f| f.sentence == si && f.kind.is_statistic())
            .filter(|f| !draft.quotes.iter().any(|q| q.outer.start <= f.span.start && f.span.end <= q.outer.end && q.speaker.is_some()))
            .collect();
        let (Some(first), Some(last)) = (figs.first(), figs.last()) else { continue };
        let span = first.span.start..last.span.end;
        let what = &draft.text[span.clone()];
        let mut f = Finding::new(
            Code::UnattributedFigure,
            span,
            format!("‘{what}’ — no source for this figure in its sentence; say who gives it (“…, police said”, “according to …”)"),
        );
        // Where the corpus gives the same figure with a source, offer it.
        if let Some((src, who)) = corpus_attribution(corpus, draft, first) {
            f = f.with_sources([src]);
            if let Some(who) = who {
                let end = sentence_end(draft, si);
                f.insert = Some((end, format!(", according to {who}")));
            }
        }
        out.push(f);
    }
    out
}

/// Offset before the sentence's closing punctuation.
fn sentence_end(draft: &Doc, si: usize) -> usize {
    let r = &draft.sentences[si].range;
    let t = &draft.text[r.clone()];
    let trimmed = t.trim_end_matches(['.', '!', '?', '"', '”', '’', ')', ' ']);
    r.start + trimmed.len()
}

/// The corpus sentence that states this figure, and who it attributes it to.
fn corpus_attribution(corpus: &Corpus, draft: &Doc, fig: &crate::model::Figure) -> Option<(crate::finding::Source, Option<String>)> {
    let cands = corpus.index.figure_candidates(draft, fig);
    let &(i, _) = cands.iter().find(|(i, s)| *s >= 0.4 && corpus.index.figures[*i].figure.compatible(fig))?;
    let cf = &corpus.index.figures[i];
    let d = &corpus.docs[cf.doc].doc;
    let who = d.speaker_name(cf.figure.sentence);
    Some((corpus.sentence_source(cf.doc, cf.figure.sentence), who))
}
