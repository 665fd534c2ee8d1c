//! Polarity: affirmed or denied, rose or fell, guilty or not.
//!
//! A draft sentence is compared with the corpus statements about the same
//! claim (found through [`CorpusQuery::statements_about`]). In each, the
//! words with an opposite ("rose" / "fell", "won" / "lost", "confirmed" /
//! "denied") are cues; a cue is negated when "not", "never", "no", "n't",
//! "without" or "failed to" stands just before it. Two cues contradict when
//! they are of one kind, say opposite things, and are about the same thing:
//! the word nearest before each (its subject) or after it (its object) is
//! among the other's. A rise about "operating profit" never meets a fall
//! about "sales".

use crate::corpus::query::{CorpusQuery, SentenceId, Statement};
use crate::finding::{Code, Finding};
use crate::model::Doc;
use crate::model::lexicon::{self as lx, Opposition, is_affirmation, is_denial, is_negator, stem};
use crate::text::tokens::{Kind, Token, tokenize};
use std::ops::Range;

/// Polarity is compared only between sentences that state the same claim:
/// the corpus sentence covers this much of the draft's claim weight. Lower
/// than for a whole-sentence match because each cue must also be about the
/// same subject and object, and a moved price or a figure must be
/// anchored (fit on generated sets: 0.75 missed retold sentences with a
/// clause added, 0.6 added no false alarm on published copy).
const SAME_SENTENCE: f32 = 0.6;

/// Negations with no opposite word ("Russia is not alone") are compared
/// only between near-identical claims, each covering this much of the
/// other: elsewhere their scope is too uncertain to call.
const NEAR_IDENTICAL: f32 = 0.85;

/// Corpus statements about the claim compared with the draft, best first:
/// the best one may say something else about the same words (another
/// article retelling it); more would compare loosely related sentences.
const STATEMENT_CANDIDATES: usize = 3;

/// How far before a cue a negation reaches, in words: "would not have
/// backed", "pleaded not guilty", "no longer backs".
const NEGATION_REACH: usize = 3;

/// Content words before a cue read as its subject ("Sir John Stevens last
/// month opposed"), nearest first: enough for a name and its title, not so
/// many that another clause's words join in.
const SUBJECT_REACH: usize = 6;

/// Content words after a cue read as its object ("won the costume design
/// Oscar"), nearest first.
const OBJECT_REACH: usize = 4;

/// How far after a movement its figure may stand, in tokens: "rose by
/// 1.7%", "increased its generating capacity by 12.6%".
const FIGURE_REACH: usize = 6;

/// Words after which a new clause starts, with its own subject.
fn breaks_clause(w: &str) -> bool {
    matches!(
        w,
        ";" | ":" | "—" | "but" | "although" | "though" | "while" | "whereas" | "however"
    )
}

/// A word with an opposite, in its sentence.
#[derive(Debug, Clone)]
struct Cue {
    kind: Opposition,
    pole: bool,
    /// "not", "never", "n't", "failed to" … just before it.
    negated: bool,
    span: Range<usize>,
    /// Content stems before it in its clause, nearest first.
    subject: Vec<String>,
    /// Content stems after it in its clause, nearest first.
    object: Vec<String>,
    /// A comparative before its noun ("higher taxes"): a state, not a
    /// movement over time.
    attributive: bool,
    /// Said as a prospect or a wish ("will win", "would back", "is tipped
    /// to win"), not as a fact.
    modal: bool,
    /// The figure it moves by or to ("rose by 1.7%"), as written.
    figure: Option<String>,
}

/// The words of a sentence as the cues read them.
struct Words {
    /// Normalised text of every token (punctuation as written).
    text: Vec<String>,
    /// Content stems, where a token is one that can be a subject or object.
    content: Vec<Option<String>>,
    spans: Vec<Range<usize>>,
}

fn words_of(src: &str, tokens: &[Token]) -> Words {
    let mut w = Words {
        text: Vec::new(),
        content: Vec::new(),
        spans: Vec::new(),
    };
    for t in tokens {
        let written = t.text(src);
        let n = lx::normalise(written);
        let content = (t.kind == Kind::Word && is_content(&n, written)).then(|| stem(&n));
        w.text.push(n);
        w.content.push(content);
        w.spans.push(t.span.clone());
    }
    w
}

/// A word that can say what a cue is about: not a function word, a cue, a
/// negation, a time, an adverb or (in lower case) a verb form.
fn is_content(w: &str, written: &str) -> bool {
    let capital = written.starts_with(char::is_uppercase);
    !(lx::is_stopword(w)
        || w.len() < 2
        || !lx::opposition_poles(w).is_empty()
        || lx::negates(w)
        || lx::is_attribution(w)
        || lx::is_time_word(w)
        || lx::is_order_word(w)
        || lx::number_word(w).is_some()
        || (!capital && is_inflected(w)))
}

/// An adverb or verb form in lower case ("already", "pleaded", "wooing").
fn is_inflected(w: &str) -> bool {
    let n = w.len();
    (n > 4 && (w.ends_with("ly") || w.ends_with("ed"))) || (n > 5 && w.ends_with("ing"))
}

/// Whether token `i` is a figure ("3.75", "12.6").
fn is_figure(tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| t.kind == Kind::Number)
}

fn cues(src: &str, tokens: &[Token]) -> Vec<Cue> {
    let w = words_of(src, tokens);
    let mut out = Vec::new();
    for (i, word) in w.text.iter().enumerate() {
        if tokens[i].kind != Kind::Word {
            continue;
        }
        for &(kind, pole) in lx::opposition_poles(word) {
            // "up 3.75p", "down 2%": a direction only before a figure.
            if kind == Opposition::Direction && !is_figure(tokens, i + 1) {
                continue;
            }
            out.push(Cue {
                kind,
                pole,
                negated: negated(&w, i),
                span: w.spans[i].clone(),
                subject: reach(&w, i, false, SUBJECT_REACH),
                object: reach(&w, i, true, OBJECT_REACH),
                attributive: matches!(word.as_str(), "higher" | "lower")
                    && w.content.get(i + 1).is_some_and(Option::is_some),
                modal: before_in_clause(&w, i).any(lx::is_modal),
                figure: (i + 1..w.text.len())
                    .take(FIGURE_REACH)
                    .take_while(|&j| !breaks_clause(&w.text[j]) && w.text[j] != ",")
                    .find(|&j| is_figure(tokens, j))
                    .map(|j| w.text[j].replace(',', "")),
            });
        }
    }
    out
}

/// The [`NEGATION_REACH`] words before token `i` in its clause, nearest first.
fn before_in_clause(w: &Words, i: usize) -> impl Iterator<Item = &str> {
    w.text[..i]
        .iter()
        .rev()
        .map(String::as_str)
        .take_while(|x| !breaks_clause(x) && *x != ",")
        .take(NEGATION_REACH)
}

/// A negation within [`NEGATION_REACH`] words before token `i`, in its clause.
fn negated(w: &Words, i: usize) -> bool {
    let mut after = "";
    for x in before_in_clause(w, i) {
        if lx::negates(x) || (lx::negates_infinitive(x) && after == "to") {
            return true;
        }
        after = x;
    }
    false
}

/// Content stems from token `i` forward or back, up to the clause's end or
/// another cue, at most `max`, nearest first.
fn reach(w: &Words, i: usize, forward: bool, max: usize) -> Vec<String> {
    let idx: Box<dyn Iterator<Item = usize>> = if forward {
        Box::new(i + 1..w.text.len())
    } else {
        Box::new((0..i).rev())
    };
    let mut out: Vec<String> = Vec::new();
    for j in idx {
        let x = w.text[j].as_str();
        if breaks_clause(x) || !lx::opposition_poles(x).is_empty() {
            break;
        }
        if let Some(c) = &w.content[j]
            && !out.contains(c)
        {
            out.push(c.clone());
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

/// Whether the two cues are about the same thing: where both name a
/// subject (or an object), the nearest word of one is among the other's.
/// Where neither pair can be compared, only near-identical sentences count.
fn same_thing(d: &Cue, c: &Cue, near: bool) -> bool {
    let agree = |a: &[String], b: &[String]| -> Option<bool> {
        if a.is_empty() || b.is_empty() {
            return None;
        }
        Some(b.contains(&a[0]) || a.contains(&b[0]))
    };
    // One names a subject, the other none ("It raised…"): it cannot be told
    // whose claim that is.
    let one_sided = d.subject.is_empty() != c.subject.is_empty();
    // A prospect is not compared with a fact; a movement by another
    // figure is another measurement.
    if d.modal != c.modal || (d.figure.is_some() && c.figure.is_some() && d.figure != c.figure) {
        return false;
    }
    match (agree(&d.subject, &c.subject), agree(&d.object, &c.object)) {
        (Some(false), _) | (_, Some(false)) => false,
        _ if one_sided => near,
        (None, None) => near,
        _ => true,
    }
}

/// Whether the cues say opposite things: opposite poles, neither negated
/// ("rose" / "fell"), or one pole negated on one side only ("not guilty"
/// / "guilty"). "did not rise" against "fell" is no contradiction.
fn opposite(d: &Cue, c: &Cue) -> bool {
    d.kind == c.kind
        && if d.pole == c.pole {
            d.negated != c.negated
        } else {
            !d.negated && !c.negated
        }
}

fn agrees(d: &Cue, c: &Cue) -> bool {
    d.kind == c.kind && d.pole == c.pole && d.negated == c.negated
}

/// The figures a sentence states (not years, not days of a month), as
/// written without commas.
fn figures(src: &str, tokens: &[Token]) -> Vec<String> {
    let month_at = |i: Option<usize>| {
        i.and_then(|i| tokens.get(i))
            .is_some_and(|t| lx::month(t.text(src)).is_some())
    };
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.kind == Kind::Number && !month_at(i.checked_sub(1)) && !month_at(Some(i + 1))
        })
        .map(|(_, t)| t.text(src).replace(',', ""))
        .filter(|n| !n.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y)))
        .collect()
}

/// The figures (years included) and time words a sentence states.
fn time_and_figures(src: &str, tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .filter(|t| t.kind != Kind::Punct)
        .map(|t| t.text(src))
        .filter(|w| {
            w.starts_with(|c: char| c.is_ascii_digit())
                || (w.starts_with(char::is_uppercase)
                    && (lx::month(w).is_some() || lx::is_weekday(w)))
        })
        .map(|w| lx::normalise(w).replace(',', ""))
        .collect()
}

fn shares_time_or_figure(draft_anchors: &[String], src: &str, tokens: &[Token]) -> bool {
    time_and_figures(src, tokens)
        .iter()
        .any(|a| draft_anchors.contains(a))
}

/// What the corpus statement says of the draft's cues. Sentences that
/// both state figures and share none are about other measurements ("rose
/// to 120 mln" / "fell to 122 mln": another company, another year).
fn verdict<'a>(
    draft_cues: &'a [Cue],
    draft_figures: &[String],
    draft_anchors: &[String],
    st: &Statement,
    near: bool,
) -> Verdict<'a> {
    let tokens = tokenize(&st.text, 0..st.text.len());
    let theirs = figures(&st.text, &tokens);
    if !draft_figures.is_empty()
        && !theirs.is_empty()
        && !draft_figures.iter().any(|f| theirs.contains(f))
    {
        return Verdict::Silent;
    }
    // A price or a total moves one way one day and the other the next
    // ("corn and wheat were lower"): a movement is compared only where the
    // sentences share a figure or a time, or are near-identical.
    let anchored = near || shares_time_or_figure(draft_anchors, &st.text, &tokens);
    let corpus_cues = cues(&st.text, &tokens);
    let about = |d: &Cue| -> Vec<&Cue> {
        if !anchored
            && !d.attributive
            && matches!(d.kind, Opposition::Movement | Opposition::Direction)
        {
            return Vec::new();
        }
        corpus_cues
            .iter()
            .filter(|c| c.kind == d.kind && same_thing(d, c, near))
            .collect()
    };
    // A cue the statement both contradicts and repeats is no call.
    let agreed = |d: &Cue| about(d).iter().any(|c| agrees(d, c));
    // Nor is a corpus cue the draft both contradicts and repeats
    // ("higher taxes under Labour or lower taxes with the Conservatives").
    let repeated = |c: &Cue| {
        draft_cues
            .iter()
            .any(|o| agrees(o, c) && same_thing(o, c, near))
    };
    if let Some(d) = draft_cues
        .iter()
        .find(|d| !agreed(d) && about(d).iter().any(|c| opposite(d, c) && !repeated(c)))
    {
        return Verdict::Contradicts(d);
    }
    if draft_cues.iter().any(agreed) {
        return Verdict::Agrees;
    }
    Verdict::Silent
}

/// The words of the names the draft sentence mentions before `until`,
/// lower case.
fn draft_name_words(draft: &Doc, si: usize, until: usize) -> Vec<String> {
    draft.mentions[draft.sentences[si].mentions.clone()]
        .iter()
        .filter(|m| m.sentence == si && m.span.end <= until && !m.initial)
        .flat_map(|m| m.form.split_whitespace().map(lx::normalise))
        .collect()
}

/// The corpus sentence names others than the draft, and none of its:
/// another company's, another person's claim. Names compare by their
/// words ("ChemLawn" / "Chemlawn", "Waste Management Inc").
fn names_others(corpus: &dyn CorpusQuery, named: &[String], cs: SentenceId) -> bool {
    if named.is_empty() {
        return false;
    }
    let theirs: Vec<String> = corpus
        .sentence_entities(cs)
        .into_iter()
        .filter_map(|e| corpus.entity(e))
        .flat_map(|e| {
            e.canonical
                .split_whitespace()
                .map(lx::normalise)
                .collect::<Vec<_>>()
        })
        .collect();
    !theirs.is_empty() && !theirs.iter().any(|w| named.contains(w))
}

/// What a corpus statement says of the draft's cues.
enum Verdict<'a> {
    /// It says the opposite of this cue.
    Contradicts(&'a Cue),
    /// It says what the draft says.
    Agrees,
    Silent,
}

/// The draft's claim without the words that carry its polarity, and the
/// parts of the sentence that make a claim of their own.
fn parts(corpus: &dyn CorpusQuery, draft: &Doc, si: usize) -> Vec<(Vec<String>, usize)> {
    let s = &draft.sentences[si];
    let masked = &draft.prose.masked;
    let words: Vec<Option<String>> = s
        .tokens
        .iter()
        .map(|t| (t.kind == Kind::Word).then(|| lx::normalise(t.text(masked))))
        .collect();
    let cue_stems: Vec<String> = words
        .iter()
        .flatten()
        .filter(|w| !lx::opposition_poles(w).is_empty())
        .map(|w| stem(w))
        .collect();
    let claim: Vec<String> = s
        .claim
        .iter()
        .filter(|c| !cue_stems.contains(c))
        .cloned()
        .collect();
    let stems: Vec<Option<String>> = words.iter().map(|w| w.as_deref().map(stem)).collect();
    // The whole sentence; then, where a sentence joins a claim to more
    // ("X opposed the return of the four, saying…"), the sentence up to the
    // end of each clause that holds a polarity word.
    let mut parts: Vec<(Vec<String>, usize)> = vec![(claim.clone(), s.tokens.len())];
    for (ti, w) in words.iter().enumerate() {
        let Some(w) = w else { continue };
        if lx::opposition_poles(w).is_empty() {
            continue;
        }
        let end = (ti..s.tokens.len())
            .find(|&k| {
                matches!(s.tokens[k].text(masked), "," | ";" | ":" | "—")
                    || words[k].as_deref() == Some("and")
            })
            .unwrap_or(s.tokens.len());
        let sub: Vec<String> = claim
            .iter()
            .filter(|c| stems[..end].iter().any(|x| x.as_ref() == Some(*c)))
            .cloned()
            .collect();
        // A part of a sentence is one claim only when it names who: a
        // distinctive name ("Michael Ancram opposed…"), not "house prices fell".
        let until = s.tokens.get(end).map_or(s.range.end, |t| t.span.start);
        let named = draft.mentions[s.mentions.clone()]
            .iter()
            .filter(|m| m.sentence == si && m.span.end <= until)
            .any(|m| {
                corpus
                    .spelling(&m.form)
                    .is_some_and(|sp| crate::checks::distinctive(corpus, &sp))
            });
        if named && sub.len() >= 3 && sub.len() < claim.len() && !parts.iter().any(|p| p.0 == sub) {
            parts.push((sub, end));
        }
    }
    parts
}

pub(super) fn polarity(corpus: &dyn CorpusQuery, draft: &Doc, si: usize, out: &mut Vec<Finding>) {
    let s = &draft.sentences[si];
    // Headlines are telegraphic ("RESERVES RISE DESPITE HIGHER OUTPUT").
    if s.claim.len() < 3 || s.heading {
        return;
    }
    let masked = &draft.prose.masked;
    let all_cues = cues(masked, &s.tokens);
    let draft_figures = figures(masked, &s.tokens);
    let anchors = time_and_figures(masked, &s.tokens);
    for (claim, end) in parts(corpus, draft, si) {
        if claim.len() < 3 {
            continue;
        }
        let until = s.tokens.get(end).map_or(s.range.end, |t| t.span.start);
        let draft_cues: Vec<Cue> = all_cues
            .iter()
            .filter(|c| c.span.end <= until)
            .cloned()
            .collect();
        let found = corpus.statements_about(&claim, SAME_SENTENCE);
        let named = draft_name_words(draft, si, until);
        // The closest statements first: the first that speaks to the
        // draft's cues decides, unless one as close says the other thing.
        let mut call: Option<(f32, SentenceId, &Cue)> = None;
        for (cs, score) in found.into_iter().take(STATEMENT_CANDIDATES) {
            if call.as_ref().is_some_and(|c| score < c.0) {
                break;
            }
            let Some(st) = corpus.statement(cs) else {
                continue;
            };
            if st.heading || names_others(corpus, &named, cs) {
                continue;
            }
            let near = corpus.similarity(&claim, &st.claim) >= NEAR_IDENTICAL
                && corpus.similarity(&st.claim, &claim) >= NEAR_IDENTICAL;
            let v = verdict(&draft_cues, &draft_figures, &anchors, &st, near);
            if let Some((_, _, d)) = &call {
                // As close a statement that says what the draft says: the
                // corpus disagrees with itself (a price one day, the next).
                if matches!(
                    verdict(
                        std::slice::from_ref(*d),
                        &draft_figures,
                        &anchors,
                        &st,
                        near
                    ),
                    Verdict::Agrees
                ) {
                    call = None;
                    break;
                }
                continue;
            }
            match v {
                Verdict::Contradicts(d) => {
                    call = Some((score, cs, d));
                    continue;
                }
                Verdict::Agrees => break,
                Verdict::Silent => {}
            }
            if near && draft_cues.is_empty() {
                let d = negations(masked, &s.tokens[..end], &st.claim);
                let c = negations(&st.text, &tokenize(&st.text, 0..st.text.len()), &claim);
                if d.len() % 2 != c.len() % 2 {
                    let span = d.first().cloned().unwrap_or(s.range.clone());
                    report(corpus, draft, cs, span, None, out);
                    return;
                }
            }
        }
        if let Some((_, cs, d)) = call {
            report(corpus, draft, cs, d.span.clone(), Some(d), out);
            return;
        }
    }
}

/// The negations ("not", "never", "n't", "without" …) in the clauses that
/// share a claim word with the other sentence (a "not" in another clause
/// does not count).
fn negations(masked: &str, tokens: &[Token], other: &[String]) -> Vec<Range<usize>> {
    let mut clauses: Vec<Vec<&Token>> = vec![Vec::new()];
    for t in tokens {
        let w = t.text(masked).to_lowercase();
        if w == "," || breaks_clause(&w) {
            clauses.push(Vec::new());
        }
        if let Some(c) = clauses.last_mut() {
            c.push(t);
        }
    }
    let mut out = Vec::new();
    let mut about = false;
    for clause in clauses {
        let words: Vec<(String, Range<usize>)> = clause
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| (lx::normalise(t.text(masked)), t.span.clone()))
            .collect();
        // A clause about the same claim; one with no content words of its
        // own ("…, Richard Rutkowski, was also convicted") continues the last.
        let content = words.iter().any(|(w, _)| {
            !lx::is_stopword(w)
                && lx::opposition_poles(w).is_empty()
                && !is_negator(w)
                && !is_denial(w)
                && !is_affirmation(w)
        });
        if content {
            about = words.iter().any(|(w, _)| other.contains(&stem(w)));
        }
        if about {
            // Only a negation of something the other sentence says (one of
            // the next few words): "did not suggest this" is no answer to a
            // sentence without "suggest".
            for (k, (w, span)) in words.iter().enumerate() {
                let governs = words[k + 1..]
                    .iter()
                    .map(|(x, _)| x)
                    .filter(|x| !lx::is_stopword(x) && !is_negator(x))
                    .take(NEGATION_REACH)
                    .any(|x| other.contains(&stem(x)));
                if (is_negator(w) || w.ends_with("n't")) && governs {
                    out.push(span.clone());
                }
            }
        }
    }
    out
}

fn report(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    cs: SentenceId,
    span: Range<usize>,
    cue: Option<&Cue>,
    out: &mut Vec<Finding>,
) {
    let src = corpus.sentence_source(cs);
    let theirs = cue.and_then(|d| opposite_word(d, &src.quote));
    let msg = crate::wording::opposite(theirs.as_deref(), &src.quote);
    let f = Finding::new(Code::Contradiction, span.clone(), msg).with_sources([src]);
    // The archive's own word for a plain one ("cut" for "raised"), as a fix.
    let plain = cue.is_some_and(|d| !d.negated && draft.text[span].split_whitespace().count() == 1);
    out.push(match theirs.filter(|_| plain) {
        Some(w) => f.with_suggestion(w),
        None => f,
    });
}

/// The word in the archive's sentence `text` that says the opposite of the
/// draft's cue `d` without a negation ("raised" for "cut"), as written.
fn opposite_word(d: &Cue, text: &str) -> Option<String> {
    let tokens = tokenize(text, 0..text.len());
    cues(text, &tokens)
        .into_iter()
        .find(|c| c.kind == d.kind && c.pole != d.pole && !c.negated && opposite(d, c))
        .and_then(|c| text.get(c.span).map(str::to_string))
}
