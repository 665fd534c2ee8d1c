//! Figures: a number, date or duration the corpus states otherwise.

use crate::corpus::query::CorpusQuery;
use crate::finding::{Code, Finding};
use crate::model::Doc;
use crate::model::figures::FigureKind;

/// How much of a draft sentence's weighted content a corpus sentence must
/// share before their figures are compared.
const SAME_CLAIM: f32 = 0.5;
/// Below this, a compatible corpus figure does not count as support.
const SUPPORT: f32 = 0.3;
/// A draft figure this many times larger or smaller than the corpus's is
/// about something else, not the same figure misstated.
const MAX_RATIO: f64 = 3.0;
/// Without a name in common, a corpus sentence is about the same event
/// only if it shares this much of the draft sentence's weighted words.
const SAME_WORDS: f32 = 0.6;
/// Sentences this similar state one claim, whatever the figures.
const NEAR_COPY: f32 = 0.7;

pub(super) fn figures(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    names: &[crate::corpus::EntityId],
    si: usize,
    out: &mut Vec<Finding>,
) {
    let a = draft.figures.partition_point(|f| f.sentence < si);
    let b = draft.figures.partition_point(|f| f.sentence <= si);
    if a == b {
        return;
    }
    let content = &draft.sentences[si].content;
    for fig in &draft.figures[a..b] {
        let cands = corpus.figures_for(content, fig);
        let Some(&(best, score)) = cands.first() else {
            continue;
        };
        // Dates are everywhere; ask more of them.
        let need = if matches!(fig.kind, FigureKind::Date { .. }) {
            SAME_CLAIM + 0.15
        } else {
            SAME_CLAIM
        };
        if score < need {
            continue;
        }
        // A figure the corpus states alike, about as relevant as the best
        // match, supports the draft.
        let support = SUPPORT.max(score - 0.2);
        if cands.iter().any(|&(i, s)| {
            s >= support && corpus.figure(i).is_some_and(|c| c.figure.compatible(fig))
        }) {
            continue;
        }
        let Some(cf) = corpus.figure(best) else {
            continue;
        };
        // Several figures of one kind in the sentence ("in 52 days, 102 days
        // faster"): each stands for the corpus sentence's figure in the same
        // place, when it states as many and all the others agree; otherwise
        // which is which is a guess, and a guess is no contradiction.
        let mine: Vec<&crate::model::Figure> = draft.figures[a..b]
            .iter()
            .filter(|g| g.comparable(fig))
            .collect();
        let cf = if mine.len() > 1 {
            let mut theirs: Vec<_> = cands
                .iter()
                .filter_map(|&(i, _)| corpus.figure(i))
                .filter(|c| c.sentence == cf.sentence)
                .collect();
            theirs.sort_by_key(|c| (c.figure.span.start, c.id));
            theirs.dedup_by_key(|c| c.id);
            let Some(k) = mine.iter().position(|g| std::ptr::eq(*g, fig)) else {
                continue;
            };
            let others_agree = mine
                .iter()
                .zip(&theirs)
                .enumerate()
                .all(|(j, (g, c))| j == k || c.figure.compatible(g));
            if theirs.len() != mine.len() || !others_agree {
                continue;
            }
            theirs.swap_remove(k)
        } else {
            cf
        };
        // A misstated figure stays near the true one ($840,000 for $480,000,
        // 102 days for 52); figures further apart are about other things.
        let (x, y) = (fig.value.abs(), cf.figure.value.abs());
        // Unless the sentences are near copies ("16 more had signed" for "another 60").
        if !matches!(fig.kind, FigureKind::Date { .. })
            && x.min(y) > 0.0
            && x.max(y) / x.min(y) > MAX_RATIO
            && score < NEAR_COPY
        {
            continue;
        }
        // The same thing counted: both name the same noun, or neither does.
        let nouns_agree = match (&fig.noun, &cf.figure.noun) {
            (Some(x), Some(y)) => crate::corpus::index::same_noun(x, y),
            (None, None) => true,
            // "16 more had signed": the noun left out is the one just named
            // ("10 prisoners were recruited … 16 more").
            (None, Some(y)) => {
                let s = &draft.sentences[si];
                let prev = si
                    .checked_sub(1)
                    .filter(|&p| draft.sentences[p].block == s.block);
                s.content.contains(y)
                    || prev.is_some_and(|p| draft.sentences[p].content.contains(y))
            }
            (Some(_), None) => false,
        };
        if !nouns_agree {
            continue;
        }
        // About the same event: the corpus sentence names one of the draft's
        // distinctive entities, and no year that differs.
        let Some(st) = corpus.statement(cf.sentence) else {
            continue;
        };
        // A corpus sentence naming someone the draft does not is about
        // another event; one that names no one ("he told the court") must
        // share most of the draft sentence's words.
        let theirs = corpus.sentence_entities(cf.sentence);
        let same_event = if theirs.is_empty() {
            score >= SAME_WORDS
        } else {
            theirs.iter().any(|e| names.contains(e))
        };
        if !same_event || other_year(draft, si, &st.text) {
            continue;
        }
        let src = corpus.sentence_source(cf.sentence);
        let path = corpus.article_path(cf.sentence.article);
        if let Some(of) = corpus
            .conflicts_of(best)
            .first()
            .and_then(|&o| corpus.figure(o))
        {
            let msg = format!(
                "‘{}’ — the sources disagree here: {path} says ‘{}’, {} says ‘{}’",
                fig.text,
                cf.figure.text,
                corpus.article_path(of.sentence.article),
                of.figure.text
            );
            out.push(
                Finding::new(Code::CorpusConflict, fig.span.clone(), msg)
                    .with_sources([src, corpus.sentence_source(of.sentence)]),
            );
            continue;
        }
        let msg = format!("‘{}’ — the corpus says ‘{}’ ({path})", fig.text, cf.written);
        out.push(
            Finding::new(Code::Contradiction, fig.span.clone(), msg)
                .with_suggestion(cf.written.clone())
                .with_sources([src]),
        );
    }
}

/// The draft's distinctive names as entities ([`crate::checks::distinctive`], not a
/// word written with a capital): a figure's sentence leans on its story's
/// names ("the company").
pub(super) fn draft_entities(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
) -> Vec<crate::corpus::EntityId> {
    let mut forms: Vec<&str> = draft
        .mentions
        .iter()
        .map(|m| m.form.as_str())
        .filter(|f| !crate::model::lexicon::is_english_word(f))
        .collect();
    forms.sort_unstable();
    forms.dedup();
    let mut out: Vec<crate::corpus::EntityId> = forms
        .into_iter()
        .filter_map(|f| corpus.spelling(f))
        .filter(|s| crate::checks::distinctive(corpus, s))
        .map(|s| s.entity)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The two sentences are about different years: each names one, and none in common.
fn other_year(draft: &Doc, si: usize, corpus_sentence: &str) -> bool {
    let years = |figs: &mut dyn Iterator<Item = &crate::model::Figure>| -> Vec<u16> {
        figs.filter_map(|f| match f.kind {
            FigureKind::Date { year: Some(y), .. } => Some(y),
            _ => None,
        })
        .collect()
    };
    let mine = years(&mut draft.figures.iter().filter(|f| f.sentence == si));
    let other = Doc::parse(corpus_sentence, crate::text::Format::Plain);
    let theirs = years(&mut other.figures.iter());
    !mine.is_empty() && !theirs.is_empty() && !mine.iter().any(|y| theirs.contains(y))
}
