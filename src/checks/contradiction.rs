//! `contradiction`: a draft statement the corpus states differently — a
//! number, date or duration outside what the corpus allows, or a flipped
//! polarity (confirmed vs denied, "is" vs "is not"). The corpus statement is
//! found by what the sentences share (weighted content words, the noun
//! counted), never by position. Where the corpus disagrees with itself the
//! draft gets a `corpus-conflict` hint naming both sources instead.

use super::Options;
use crate::corpus::Corpus;
use crate::finding::{Code, Finding};
use crate::model::figures::FigureKind;
use crate::model::lexicon::{is_affirmation, is_denial, is_negator};
use crate::model::Doc;
use crate::text::tokens::Kind;

/// How much of a draft sentence's weighted content a corpus sentence must
/// share before their figures are compared.
const SAME_CLAIM: f32 = 0.5;
/// Below this, a compatible corpus figure does not count as support.
const SUPPORT: f32 = 0.3;
/// Polarity is compared only between near-identical sentences.
const SAME_SENTENCE: f32 = 0.7;

pub fn check(corpus: &Corpus, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    figures(corpus, draft, &mut out);
    polarity(corpus, draft, &mut out);
    roles(corpus, draft, &mut out);
    out
}

/// A person given another person's title or organisation: "Alexandra
/// Garmazhapova, head of Gulagu.net" where the corpus has her as head of the
/// Free Buryatia Foundation and Gulagu.net as Osechkin's group.
fn roles(corpus: &Corpus, draft: &Doc, out: &mut Vec<Finding>) {
    let names = &corpus.names;
    let all = &corpus.index.roles;
    // Names in every article (Russia, Kremlin) say nothing about a role.
    let generic = |w: &str| {
        names.entry_of(w).is_some_and(|e| corpus.docs.len() >= 3 && names.entries[e].articles >= corpus.docs.len())
    };
    let key = |w: &str| names.canonical(w).map(str::to_string).unwrap_or_else(|| w.to_string());
    for r in crate::model::roles::extract(draft) {
        let form = &draft.mentions[r.person].form;
        let Some(e) = names.entry_of(form).or_else(|| names.closest(form).map(|x| x.0)) else { continue };
        let mine: Vec<&crate::model::roles::Role> = all.iter().filter(|x| x.0 == e).map(|x| &x.2).collect();
        if mine.is_empty() {
            continue;
        }
        let my_orgs: Vec<String> = mine.iter().flat_map(|x| x.orgs.iter().map(|o| key(o))).collect();
        let orgs: Vec<String> = r.orgs.iter().filter(|o| !generic(o)).map(|o| key(o)).collect();
        let org_hit = orgs.iter().any(|o| my_orgs.contains(o));
        let title_hit = mine.iter().any(|x| r.titles.iter().any(|t| x.titles.contains(t)));
        let others = || all.iter().filter(|x| x.0 != e);
        let foreign_org = orgs.iter().find(|o| !my_orgs.contains(o) && others().any(|x| x.2.orgs.iter().any(|w| key(w) == **o)));
        let foreign_title = !title_hit && others().any(|x| x.2.titles.contains(&r.title));
        let wrong = (!orgs.is_empty() && !org_hit && foreign_org.is_some()) || (!org_hit && foreign_title && orgs.is_empty());
        if !wrong {
            continue;
        }
        let (_, di, cr) = all.iter().find(|x| x.0 == e).unwrap();
        let cd = &corpus.docs[*di].doc;
        let src = corpus.sentence_source(*di, cd.mentions[cr.person].sentence);
        let msg = format!(
            "‘{}’ — the corpus gives {} as ‘{}’ ({})",
            &draft.text[r.span.clone()],
            names.entries[e].canonical,
            &cd.text[cr.span.clone()],
            corpus.docs[*di].path
        );
        out.push(Finding::new(Code::Contradiction, r.span.clone(), msg).with_sources([src]));
    }
}

fn debug() -> bool {
    std::env::var_os("COPYDESK_DEBUG").is_some()
}

fn figures(corpus: &Corpus, draft: &Doc, out: &mut Vec<Finding>) {
    let idx = &corpus.index;
    for fig in &draft.figures {
        let cands = idx.figure_candidates(draft, fig);
        if debug() {
            for (i, s) in cands.iter().take(3) {
                let cf = &idx.figures[*i];
                eprintln!("[contradiction] {:?} ~ {:?} ({}) score {:.2} compatible {}", fig.text, cf.figure.text, corpus.docs[cf.doc].path, s, cf.figure.compatible(fig));
            }
        }
        let Some(&(best, score)) = cands.first() else { continue };
        // Dates are everywhere; ask more of them.
        let need = if matches!(fig.kind, FigureKind::Date { .. }) { SAME_CLAIM + 0.15 } else { SAME_CLAIM };
        if score < need {
            continue;
        }
        // A figure the corpus states alike, about as relevant as the best
        // match, supports the draft.
        let support = SUPPORT.max(score - 0.2);
        if cands.iter().any(|&(i, s)| s >= support && idx.figures[i].figure.compatible(fig)) {
            continue;
        }
        let cf = &idx.figures[best];
        let src = corpus.sentence_source(cf.doc, cf.figure.sentence);
        let conflicts = idx.conflicts_of(best);
        if let Some(&other) = conflicts.first() {
            let of = &idx.figures[other];
            let msg = format!(
                "‘{}’ — the sources disagree here: {} says ‘{}’, {} says ‘{}’",
                fig.text, corpus.docs[cf.doc].path, cf.figure.text, corpus.docs[of.doc].path, of.figure.text
            );
            out.push(
                Finding::new(Code::CorpusConflict, fig.span.clone(), msg)
                    .with_sources([src, corpus.sentence_source(of.doc, of.figure.sentence)]),
            );
            continue;
        }
        let corpus_text = &corpus.docs[cf.doc].doc.text[cf.figure.span.clone()];
        let msg = format!("‘{}’ — the corpus says ‘{}’ ({})", fig.text, corpus_text, corpus.docs[cf.doc].path);
        out.push(Finding::new(Code::Contradiction, fig.span.clone(), msg).with_suggestion(corpus_text.to_string()).with_sources([src]));
    }
}

/// Words that set a sentence's polarity, with their spans.
fn polarity_marks(doc: &Doc, si: usize) -> (usize, Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>) {
    let s = &doc.sentences[si];
    let mut flips = 0;
    let mut spans = Vec::new();
    let mut affirm = Vec::new();
    for t in &s.tokens {
        if t.kind != Kind::Word {
            continue;
        }
        let w = t.text(&doc.prose.masked).to_lowercase().replace('’', "'");
        if is_negator(&w) || w.ends_with("n't") || is_denial(&w) {
            flips += 1;
            spans.push(t.span.clone());
        } else if is_affirmation(&w) {
            affirm.push(t.span.clone());
        }
    }
    (flips, spans, affirm)
}

fn polarity(corpus: &Corpus, draft: &Doc, out: &mut Vec<Finding>) {
    let idx = &corpus.index;
    for (si, s) in draft.sentences.iter().enumerate() {
        if s.claim.len() < 3 {
            continue;
        }
        let claim = idx.bag(&s.claim);
        let best = idx.similar_claims(&claim, SAME_SENTENCE).into_iter().next();
        let Some((di, ci, _)) = best else { continue };
        let (dflips, dspans, daffirm) = polarity_marks(draft, si);
        let (cflips, _, _) = polarity_marks(&corpus.docs[di].doc, ci);
        if dflips % 2 == cflips % 2 {
            continue;
        }
        let span = dspans.first().or(daffirm.first()).cloned().unwrap_or(s.range.clone());
        let src = corpus.sentence_source(di, ci);
        let msg = format!(
            "‘{}’ — the corpus says the opposite: “{}”",
            &draft.text[span.clone()],
            src.quote.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        out.push(Finding::new(Code::Contradiction, span, msg).with_sources([src]));
    }
}
