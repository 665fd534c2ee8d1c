//! Polarity: affirmed or denied, rose or fell, guilty or not.

use crate::corpus::query::CorpusQuery;
use crate::finding::{Code, Finding};
use crate::model::Doc;
use crate::model::lexicon::{is_affirmation, is_denial, is_negator, stem};
use crate::text::tokens::{Kind, Token, tokenize};

/// Polarity is compared only between near-identical sentences.
const SAME_SENTENCE: f32 = 0.75;

/// What sets a sentence's polarity, in the clauses that share a claim word
/// with the other sentence (a "not" in another clause does not count).
#[derive(Default)]
struct Polarity {
    /// Denial verbs ("denies") and affirmation verbs ("confirmed").
    denials: Vec<std::ops::Range<usize>>,
    affirmations: Vec<std::ops::Range<usize>>,
    /// "not", "never", "n't", "without" …
    negations: Vec<std::ops::Range<usize>>,
    /// Words with an opposite ("acquitted" / "convicted"): group, pole, span.
    poles: Vec<(u8, bool, std::ops::Range<usize>)>,
}

fn polarity_of(masked: &str, tokens: &[Token], other: &[String]) -> Polarity {
    let mut clauses: Vec<Vec<&Token>> = vec![Vec::new()];
    for t in tokens {
        let w = t.text(masked).to_lowercase();
        if matches!(
            w.as_str(),
            "," | ";" | ":" | "—" | "but" | "although" | "while" | "however" | "whereas"
        ) {
            clauses.push(Vec::new());
        }
        if let Some(c) = clauses.last_mut() {
            c.push(t);
        }
    }
    let mut p = Polarity::default();
    let mut about = false;
    for clause in clauses {
        let words: Vec<(String, std::ops::Range<usize>)> = clause
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| {
                (
                    crate::model::lexicon::normalise(t.text(masked)),
                    t.span.clone(),
                )
            })
            .collect();
        // A clause about the same claim; one with no content words of its
        // own ("…, Richard Rutkowski, was also convicted") continues the last.
        let content = words.iter().any(|(w, _)| {
            !crate::model::lexicon::is_stopword(w)
                && crate::model::lexicon::polarity_pole(w).is_none()
                && !is_negator(w)
        });
        if content {
            about = words.iter().any(|(w, _)| other.contains(&stem(w)));
        }
        if !about {
            continue;
        }
        for (w, span) in &words {
            if is_denial(w) {
                p.denials.push(span.clone());
            } else if is_affirmation(w) {
                p.affirmations.push(span.clone());
            } else if is_negator(w) || w.ends_with("n't") {
                p.negations.push(span.clone());
            } else if let Some((g, pole)) = crate::model::lexicon::polarity_pole(w) {
                p.poles.push((g, pole, span.clone()));
            }
        }
    }
    p
}

/// The span in the draft where it says the opposite of the corpus, if it does.
fn opposite(d: &Polarity, c: &Polarity) -> Option<std::ops::Range<usize>> {
    // "confirmed" against "denies", and the other way round.
    if !d.affirmations.is_empty()
        && !c.denials.is_empty()
        && d.denials.is_empty()
        && c.affirmations.is_empty()
    {
        return d.affirmations.first().cloned();
    }
    if !d.denials.is_empty()
        && !c.affirmations.is_empty()
        && d.affirmations.is_empty()
        && c.denials.is_empty()
    {
        return d.denials.first().cloned();
    }
    // "was convicted" against "was acquitted", "cut" against "raised": one
    // pole in the draft, only the other in the corpus, of one group.
    let has = |p: &Polarity, g: u8, pole: bool| p.poles.iter().any(|x| x.0 == g && x.1 == pole);
    d.poles
        .iter()
        .find(|(g, pole, _)| has(c, *g, !*pole) && !has(c, *g, *pole) && !has(d, *g, !*pole))
        .map(|x| x.2.clone())
}

pub(super) fn polarity(corpus: &dyn CorpusQuery, draft: &Doc, si: usize, out: &mut Vec<Finding>) {
    let s = &draft.sentences[si];
    if s.claim.len() < 3 {
        return;
    }
    // The whole sentence; then, where a sentence joins a claim to more
    // ("X opposed the return of the four, saying…"), the sentence up to the
    // end of each clause that holds a polarity word.
    let masked = &draft.prose.masked;
    let mut parts: Vec<(Vec<String>, usize)> = vec![(s.claim.clone(), s.tokens.len())];
    let words: Vec<Option<String>> = s
        .tokens
        .iter()
        .map(|t| (t.kind == Kind::Word).then(|| crate::model::lexicon::normalise(t.text(masked))))
        .collect();
    let stems: Vec<Option<String>> = words.iter().map(|w| w.as_deref().map(stem)).collect();
    for (ti, w) in words.iter().enumerate() {
        let Some(w) = w else { continue };
        if crate::model::lexicon::polarity_pole(w).is_none() && !is_denial(w) && !is_affirmation(w)
        {
            continue;
        }
        let end = (ti..s.tokens.len())
            .find(|&k| matches!(s.tokens[k].text(masked), "," | ";" | ":" | "—"))
            .unwrap_or(s.tokens.len());
        let claim: Vec<String> = s
            .claim
            .iter()
            .filter(|c| stems[..end].iter().any(|x| x.as_ref() == Some(*c)))
            .cloned()
            .collect();
        // A part of a sentence is one claim only when it names who: a
        // distinctive name ("Michael Ancram opposed…"), not "house prices fell".
        let until = s.tokens.get(end).map_or(s.range.end, |t| t.span.start);
        let named = draft
            .mentions
            .iter()
            .filter(|m| m.sentence == si && m.span.end <= until)
            .any(|m| {
                corpus
                    .spelling(&m.form)
                    .is_some_and(|sp| crate::checks::distinctive(corpus, &sp))
            });
        if named
            && claim.len() >= 3
            && claim.len() < s.claim.len()
            && !parts.iter().any(|p| p.0 == claim)
        {
            parts.push((claim, end));
        }
    }
    for (claim, end) in parts {
        let Some((cs, _)) = corpus
            .statements_about(&claim, SAME_SENTENCE)
            .into_iter()
            .next()
        else {
            continue;
        };
        let Some(st) = corpus.statement(cs) else {
            continue;
        };
        let d = polarity_of(masked, &s.tokens[..end], &st.claim);
        let c = polarity_of(&st.text, &tokenize(&st.text, 0..st.text.len()), &claim);
        // Negations are compared only between near-identical claims
        // ("Russia is not alone" / "Russia is alone"): elsewhere their scope
        // is too uncertain to call.
        let near = corpus.similarity(&claim, &st.claim) >= 0.85
            && corpus.similarity(&st.claim, &claim) >= 0.85;
        let span = match opposite(&d, &c) {
            Some(span) => span,
            None if near && d.negations.len() % 2 != c.negations.len() % 2 => {
                d.negations.first().cloned().unwrap_or(s.range.clone())
            }
            None => continue,
        };
        report(corpus, draft, cs, span, out);
        return;
    }
}

fn report(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    cs: crate::corpus::query::SentenceId,
    span: std::ops::Range<usize>,
    out: &mut Vec<Finding>,
) {
    let src = corpus.sentence_source(cs);
    let msg = format!(
        "‘{}’ — the corpus says the opposite: “{}”",
        &draft.text[span.clone()],
        src.quote.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    out.push(Finding::new(Code::Contradiction, span, msg).with_sources([src]));
}
