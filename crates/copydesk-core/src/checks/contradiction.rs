//! `contradiction`: a draft statement the corpus states differently — a
//! number, date or duration outside what the corpus allows, or a flipped
//! polarity (confirmed vs denied, "is" vs "is not"). The corpus statement is
//! found by what the sentences share (weighted content words, the noun
//! counted), never by position. Where the corpus disagrees with itself the
//! draft gets a `corpus-conflict` hint naming both sources instead.

use super::Options;
use crate::corpus::query::CorpusQuery;
use crate::finding::{Code, Finding};
use crate::model::figures::FigureKind;
use crate::model::lexicon::{is_affirmation, is_denial, is_negator, stem};
use crate::model::Doc;
use crate::text::tokens::{Kind, Token, tokenize};

/// How much of a draft sentence's weighted content a corpus sentence must
/// share before their figures are compared.
const SAME_CLAIM: f32 = 0.5;
/// Below this, a compatible corpus figure does not count as support.
const SUPPORT: f32 = 0.3;
/// Polarity is compared only between near-identical sentences.
const SAME_SENTENCE: f32 = 0.75;

/// Contradictions within sentence `si` that depend on its words alone: its
/// figures and its polarity.
pub fn check_sentence(corpus: &dyn CorpusQuery, draft: &Doc, si: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    figures(corpus, draft, si, &mut out);
    polarity(corpus, draft, si, &mut out);
    out
}

/// Contradictions that depend on the whole draft: roles (whether a name is
/// a person's may be settled in another sentence).
pub fn check_document(corpus: &dyn CorpusQuery, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    roles(corpus, draft, &mut out);
    out
}

/// A person given another person's title or organisation: "Alexandra
/// Garmazhapova, head of Gulagu.net" where the corpus has her as head of the
/// Free Buryatia Foundation and Gulagu.net as Osechkin's group.
fn roles(corpus: &dyn CorpusQuery, draft: &Doc, out: &mut Vec<Finding>) {
    let n = corpus.article_count();
    let canonical = |w: &str| corpus.spelling(w).and_then(|s| corpus.entity(s.entity)).map_or_else(|| w.to_string(), |e| e.canonical);
    // Names in every article (Russia, Kremlin) say nothing about a role.
    let generic = |w: &str| corpus.spelling(w).is_some_and(|s| n >= 3 && s.articles as usize >= n);
    for r in crate::model::roles::extract(draft) {
        let form = &draft.mentions[r.person].form;
        let Some(sp) = corpus.spelling(form) else { continue };
        let e = sp.entity;
        let mine = corpus.roles_of(e);
        if mine.is_empty() {
            continue;
        }
        let my_orgs: Vec<&String> = mine.iter().flat_map(|x| &x.orgs).collect();
        let orgs: Vec<String> = r.orgs.iter().filter(|o| !generic(o)).map(|o| canonical(o)).collect();
        let org_hit = orgs.iter().any(|o| my_orgs.contains(&o));
        let title_hit = mine.iter().any(|x| r.titles.iter().any(|t| x.titles.contains(t)));
        let foreign_org = orgs.iter().find(|o| !my_orgs.contains(o) && corpus.roles_with_org(o).iter().any(|x| x.entity != e));
        let foreign_title = !title_hit && corpus.roles_with_title(&r.title).iter().any(|x| x.entity != e && x.titles.contains(&r.title));
        let wrong = (!orgs.is_empty() && !org_hit && foreign_org.is_some()) || (!org_hit && foreign_title && orgs.is_empty());
        if !wrong {
            continue;
        }
        let cr = &mine[0];
        let name = corpus.entity(e).map_or_else(|| form.clone(), |x| x.canonical);
        let msg = format!(
            "‘{}’ — the corpus gives {name} as ‘{}’ ({})",
            &draft.text[r.span.clone()],
            cr.text,
            corpus.article_path(cr.source.article)
        );
        out.push(Finding::new(Code::Contradiction, r.span.clone(), msg).with_sources([cr.source.clone()]));
    }
}

fn figures(corpus: &dyn CorpusQuery, draft: &Doc, si: usize, out: &mut Vec<Finding>) {
    let a = draft.figures.partition_point(|f| f.sentence < si);
    let b = draft.figures.partition_point(|f| f.sentence <= si);
    if a == b {
        return;
    }
    let content = &draft.sentences[si].content;
    for fig in &draft.figures[a..b] {
        let cands = corpus.figures_for(content, fig);
        let Some(&(best, score)) = cands.first() else { continue };
        // Dates are everywhere; ask more of them.
        let need = if matches!(fig.kind, FigureKind::Date { .. }) { SAME_CLAIM + 0.15 } else { SAME_CLAIM };
        if score < need {
            continue;
        }
        // A figure the corpus states alike, about as relevant as the best
        // match, supports the draft.
        let support = SUPPORT.max(score - 0.2);
        if cands.iter().any(|&(i, s)| s >= support && corpus.figure(i).is_some_and(|c| c.figure.compatible(fig))) {
            continue;
        }
        let Some(cf) = corpus.figure(best) else { continue };
        let src = corpus.sentence_source(cf.sentence);
        let path = corpus.article_path(cf.sentence.article);
        if let Some(of) = corpus.conflicts_of(best).first().and_then(|&o| corpus.figure(o)) {
            let msg = format!(
                "‘{}’ — the sources disagree here: {path} says ‘{}’, {} says ‘{}’",
                fig.text,
                cf.figure.text,
                corpus.article_path(of.sentence.article),
                of.figure.text
            );
            out.push(Finding::new(Code::CorpusConflict, fig.span.clone(), msg).with_sources([src, corpus.sentence_source(of.sentence)]));
            continue;
        }
        let msg = format!("‘{}’ — the corpus says ‘{}’ ({path})", fig.text, cf.written);
        out.push(Finding::new(Code::Contradiction, fig.span.clone(), msg).with_suggestion(cf.written.clone()).with_sources([src]));
    }
}

/// What sets a sentence's polarity, in the clauses that share a claim word
/// with the other sentence (a "not" in another clause does not count).
#[derive(Default)]
struct Polarity {
    /// Denial verbs ("denies") and affirmation verbs ("confirmed").
    denials: Vec<std::ops::Range<usize>>,
    affirmations: Vec<std::ops::Range<usize>>,
    /// "not", "never", "n't", "without" …
    negations: Vec<std::ops::Range<usize>>,
}

fn polarity_of(masked: &str, tokens: &[Token], other: &[String]) -> Polarity {
    let mut clauses: Vec<Vec<&Token>> = vec![Vec::new()];
    for t in tokens {
        let w = t.text(masked).to_lowercase();
        if matches!(w.as_str(), "," | ";" | ":" | "—" | "but" | "although" | "while" | "however" | "whereas") {
            clauses.push(Vec::new());
        }
        if let Some(c) = clauses.last_mut() {
            c.push(t);
        }
    }
    let mut p = Polarity::default();
    for clause in clauses {
        let words: Vec<(String, std::ops::Range<usize>)> = clause
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| (crate::model::lexicon::normalise(t.text(masked)), t.span.clone()))
            .collect();
        if !words.iter().any(|(w, _)| other.contains(&stem(w))) {
            continue;
        }
        for (w, span) in &words {
            if is_denial(w) {
                p.denials.push(span.clone());
            } else if is_affirmation(w) {
                p.affirmations.push(span.clone());
            } else if is_negator(w) || w.ends_with("n't") {
                p.negations.push(span.clone());
            }
        }
    }
    p
}

/// The span in the draft where it says the opposite of the corpus, if it does.
fn opposite(d: &Polarity, c: &Polarity) -> Option<std::ops::Range<usize>> {
    // "confirmed" against "denies", and the other way round.
    if !d.affirmations.is_empty() && !c.denials.is_empty() && d.denials.is_empty() && c.affirmations.is_empty() {
        return d.affirmations.first().cloned();
    }
    if !d.denials.is_empty() && !c.affirmations.is_empty() && d.affirmations.is_empty() && c.denials.is_empty() {
        return d.denials.first().cloned();
    }
    None
}

fn polarity(corpus: &dyn CorpusQuery, draft: &Doc, si: usize, out: &mut Vec<Finding>) {
    let s = &draft.sentences[si];
    if s.claim.len() < 3 {
        return;
    }
    let Some((cs, _)) = corpus.statements_about(&s.claim, SAME_SENTENCE).into_iter().next() else { return };
    let Some(st) = corpus.statement(cs) else { return };
    let d = polarity_of(&draft.prose.masked, &s.tokens, &st.claim);
    let c = polarity_of(&st.text, &tokenize(&st.text, 0..st.text.len()), &s.claim);
    // Negations are compared only between near-identical claims
    // ("Russia is not alone" / "Russia is alone"): elsewhere their scope
    // is too uncertain to call.
    let near = corpus.similarity(&s.claim, &st.claim) >= 0.85 && corpus.similarity(&st.claim, &s.claim) >= 0.85;
    let span = match opposite(&d, &c) {
        Some(span) => span,
        None if near && d.negations.len() % 2 != c.negations.len() % 2 => d.negations.first().cloned().unwrap_or(s.range.clone()),
        None => return,
    };
    let src = corpus.sentence_source(cs);
    let msg = format!(
        "‘{}’ — the corpus says the opposite: “{}”",
        &draft.text[span.clone()],
        src.quote.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    out.push(Finding::new(Code::Contradiction, span, msg).with_sources([src]));
}
