//! `unattributed-figure`: a statistic whose sentence (or paragraph, by
//! setting) names no source, and which is not inside a quotation whose
//! speaker is named. Dates, durations, ordinals and numbered names are not
//! statistics.

use super::{Options, Scope};
use crate::corpus::query::CorpusQuery;
use crate::finding::{Code, Finding};
use crate::model::Doc;

pub fn check(corpus: &dyn CorpusQuery, draft: &Doc, opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    // Paragraphs (blocks) that name a source somewhere.
    let mut block_attributed = vec![false; draft.prose.blocks.len()];
    for s in &draft.sentences {
        if s.attributed {
            if let Some(b) = block_attributed.get_mut(s.block) {
                *b = true;
            }
        }
    }
    // Inside a quotation whose speaker is named (quotations are in text order).
    let in_attributed_quote = |f: &crate::model::Figure| {
        let i = draft.quotes.partition_point(|q| q.outer.start <= f.span.start);
        i > 0 && f.span.end <= draft.quotes[i - 1].outer.end && draft.quotes[i - 1].speaker.is_some()
    };
    for (si, s) in draft.sentences.iter().enumerate() {
        if s.heading {
            continue;
        }
        let attributed = match opts.scope {
            Scope::Sentence => s.attributed,
            Scope::Paragraph => block_attributed.get(s.block).copied().unwrap_or(false),
        };
        if attributed {
            continue;
        }
        let (a, b) = (draft.figures.partition_point(|f| f.sentence < si), draft.figures.partition_point(|f| f.sentence <= si));
        let figs: Vec<_> =
            draft.figures[a..b].iter().filter(|f| f.kind.is_statistic() && !in_attributed_quote(f)).collect();
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
fn corpus_attribution(corpus: &dyn CorpusQuery, draft: &Doc, fig: &crate::model::Figure) -> Option<(crate::finding::Source, Option<String>)> {
    let cands = corpus.figures_for(&draft.sentences[fig.sentence].content, fig);
    let cf = cands.iter().filter(|(_, s)| *s >= 0.4).filter_map(|&(i, _)| corpus.figure(i)).find(|c| c.figure.compatible(fig))?;
    let st = corpus.statement(cf.sentence)?;
    let who = speaker_of(&st.text);
    Some((corpus.sentence_source(cf.sentence), who))
}

/// The source a corpus sentence names, as written with its whole phrase.
fn speaker_of(sentence: &str) -> Option<String> {
    let d = Doc::parse(sentence, crate::text::Format::Plain);
    d.speaker_name(0)
}
