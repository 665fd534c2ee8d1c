//! `misquote`: a quotation whose words differ from the corpus's (a word
//! changed, added or dropped, a "not" lost), or that the corpus puts in
//! someone else's mouth. Case, punctuation, typographic quotes, contractions
//! and a fragment quoted verbatim are not misquotes. A quotation the corpus
//! does not contain at all gets a low-severity `unknown-quote` hint.

use crate::corpus::EntityKind;
use crate::corpus::query::{CorpusQuery, Quotation, QuoteId};
use crate::finding::{Code, Finding};
use crate::model::Doc;

/// Quotations shorter than this are phrases ("muddle through"), not quotes.
const MIN_WORDS: usize = 3;
/// Fragments shorter than this are compared only with the same speaker's
/// quotations, and never said to be in someone else's mouth.
const SHORT_FRAGMENT: usize = 6;

/// Best placement of `needle` inside `hay`: (edits, start, end) — free gaps
/// at both ends of `hay`, one edit per word changed, added or dropped.
pub fn align<T: PartialEq>(needle: &[T], hay: &[T]) -> (usize, usize, usize) {
    let (n, m) = (needle.len(), hay.len());
    // (cost, start) of the best alignment of needle[..i] ending at hay[..j].
    let mut prev: Vec<(usize, usize)> = (0..=m).map(|j| (0, j)).collect();
    let mut cur: Vec<(usize, usize)> = vec![(0, 0); m + 1];
    for i in 1..=n {
        cur[0] = (i, 0);
        for j in 1..=m {
            let sub = (
                prev[j - 1].0 + usize::from(needle[i - 1] != hay[j - 1]),
                prev[j - 1].1,
            );
            let del = (prev[j].0 + 1, prev[j].1); // draft word not in source
            let ins = (cur[j - 1].0 + 1, cur[j - 1].1); // source word dropped
            cur[j] = sub.min(del).min(ins);
            if sub.0 == cur[j].0 {
                cur[j] = sub;
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (j, best) = prev
        .iter()
        .enumerate()
        .min_by_key(|(j, c)| (c.0, usize::MAX - *j))
        .map(|(j, c)| (j, *c))
        .unwrap_or((0, (n, 0)));
    (best.0, best.1, j)
}

struct Match {
    quote: Quotation,
    cost: usize,
    start: usize,
    end: usize,
}

/// The findings about quotation `qi`. They depend on its text and its
/// speaker alone (see [`super::quote_findings`]).
pub fn check_one(corpus: &dyn CorpusQuery, draft: &Doc, qi: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let q = &draft.quotes[qi];
    // "… partially solved … We are still far …": each part between
    // ellipses is compared on its own.
    for part in ellipsis_parts(draft, q) {
        check_quote(corpus, q, &part, &mut out);
    }
    out
}

/// The words of a quotation split at ellipses ("…", "...", "[…]").
fn ellipsis_parts(
    draft: &Doc,
    q: &crate::model::Quote,
) -> Vec<Vec<(String, std::ops::Range<usize>)>> {
    let mut parts = vec![Vec::new()];
    let mut last_end = q.inner.start;
    for w in &q.words {
        let gap = &draft.text[last_end.min(w.1.start)..w.1.start];
        if (gap.contains('…') || gap.contains("...")) && !parts.last().is_some_and(Vec::is_empty)
        {
            parts.push(Vec::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(w.clone());
        }
        last_end = w.1.end;
    }
    parts.retain(|p| !p.is_empty());
    parts
}

fn check_quote(
    corpus: &dyn CorpusQuery,
    q: &crate::model::Quote,
    part: &[(String, std::ops::Range<usize>)],
    out: &mut Vec<Finding>,
) {
    let words: Vec<&str> = part.iter().map(|w| w.0.as_str()).collect();
    if words.len() < MIN_WORDS {
        return;
    }
    let n = words.len();
    // Candidates share at least half the words: edits are at least the
    // words not shared, so a quotation sharing fewer cannot be this one.
    let mut matches: Vec<Match> = corpus
        .quotations_sharing(&words)
        .into_iter()
        .filter_map(|id: QuoteId| corpus.quotation(id))
        .map(|quote| {
            let cw: Vec<&str> = quote.words.iter().map(|w| w.0.as_str()).collect();
            let (cost, start, end) = align(&words, &cw);
            Match {
                quote,
                cost,
                start,
                end,
            }
        })
        .collect();
    matches.sort_by_key(|m| (m.cost, usize::MAX - (m.end - m.start), m.quote.id));
    let Some(best) = matches.first() else {
        if n >= 6 && !corpus.contains_words(&words) {
            out.push(unknown(q));
        }
        return;
    };
    if best.cost == 0 || corpus.contains_words(&words) {
        if let Some(f) = wrong_speaker(corpus, q, &matches) {
            out.push(f);
        }
        return;
    }
    let cquote = &best.quote;
    let allowed = (n / 4).max(1);
    // A short fragment one word off ("quite a long time" / "quite a long
    // way") matches many unrelated quotations: only the same speaker's count.
    let same_speaker = || {
        let draft = q.speaker.as_deref().and_then(|s| corpus.canonical(s));
        draft.is_some() && draft == cquote.speaker.as_deref().and_then(|s| corpus.canonical(s))
    };
    if best.cost <= allowed
        && n - best.cost.min(n) >= 3
        && n >= 4
        && (n >= SHORT_FRAGMENT || same_speaker())
    {
        let mut end = best.end;
        // The draft changed its last word: show the source to the end of its clause ("run away").
        if words.last().copied() != cquote.words.get(end - 1).map(|w| w.0.as_str()) {
            // Whether the source's clause ends after its first `k` words.
            let clause_ends = |k: usize| {
                k == cquote.words.len()
                    || corpus
                        .text(
                            cquote.article,
                            cquote.words[k - 1].1.end..cquote.words[k].1.start,
                        )
                        .contains([',', '.', ';', ':', '!', '?', '—'])
            };
            let mut k = end;
            while k < end + 3 && !clause_ends(k) {
                k += 1;
            }
            if clause_ends(k) {
                end = k;
            }
        }
        let (s, e) = (
            cquote.words[best.start].1.start,
            cquote.words[end - 1].1.end,
        );
        let theirs: Vec<&str> = cquote.words[best.start..end]
            .iter()
            .map(|w| w.0.as_str())
            .collect();
        let msg = describe_diff(&words, &theirs);
        let src = corpus.source(cquote.article, cquote.inner.clone(), cquote.inner.clone());
        // Only the changed words (not the marks, not the words both share).
        let (span, fix) = match changed(&words, &theirs) {
            Some(c) => {
                let (draft, source) = c.draft_and_source(part, &cquote.words[best.start..end]);
                (draft, corpus.text(cquote.article, source))
            }
            None => (
                part[0].1.start..part[part.len() - 1].1.end,
                corpus.text(cquote.article, s..e),
            ),
        };
        out.push(
            Finding::new(Code::Misquote, span, msg)
                .with_suggestion(fix)
                .with_sources([src]),
        );
    } else if n >= 6 && best.cost * 2 > n {
        out.push(unknown(q));
    }
}

fn unknown(q: &crate::model::Quote) -> Finding {
    Finding::new(
        Code::UnknownQuote,
        q.inner.clone(),
        crate::wording::UNKNOWN_QUOTE,
    )
}

/// The words of a quotation that differ from its source: the draft's
/// words `start..draft_end` and the source's `start..source_end`, after the
/// words both begin with and before the words both end with.
struct Changed {
    start: usize,
    draft_end: usize,
    source_end: usize,
}

/// A changed middle no longer than this many words is underlined and
/// replaced alone; a longer one is a rewrite, and the whole quotation is.
const CHANGED_MAX: usize = 4;

/// Where `draft` and `source` differ, when the difference is a short run of
/// words inside them (a word changed, added or dropped).
fn changed(draft: &[&str], source: &[&str]) -> Option<Changed> {
    let pre = draft.iter().zip(source).take_while(|(a, b)| a == b).count();
    let suf = draft[pre..]
        .iter()
        .rev()
        .zip(source[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let c = Changed {
        start: pre,
        draft_end: draft.len() - suf,
        source_end: source.len() - suf,
    };
    let width = (c.draft_end - c.start).max(c.source_end - c.start);
    // Some words in common to anchor the change (never the whole quotation).
    (width > 0 && width <= CHANGED_MAX && pre + suf > 0).then_some(c)
}

impl Changed {
    /// The byte range to replace in the draft and the source's byte range
    /// that replaces it. Words the draft dropped are written back with the
    /// words either side of the gap (or the one beside it at an end), so
    /// the range is never empty.
    fn draft_and_source(
        &self,
        draft: &[(String, std::ops::Range<usize>)],
        source: &[(String, std::ops::Range<usize>)],
    ) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (a, b, c) = (self.start, self.draft_end, self.source_end);
        if a < b && a < c {
            return (
                draft[a].1.start..draft[b - 1].1.end,
                source[a].1.start..source[c - 1].1.end,
            );
        }
        if a < b {
            // Words only the draft has: delete them and the gap after them
            // (or before them, at the end).
            return if b < draft.len() {
                (draft[a].1.start..draft[b].1.start, 0..0)
            } else {
                (draft[a - 1].1.end..draft[b - 1].1.end, 0..0)
            };
        }
        // Words only the source has: write them between the words both
        // share either side of the gap.
        if a > 0 && a < draft.len() {
            (
                draft[a - 1].1.start..draft[a].1.end,
                source[a - 1].1.start..source[c].1.end,
            )
        } else if a < draft.len() {
            (draft[a].1.clone(), source[a].1.start..source[c].1.end)
        } else {
            (
                draft[a - 1].1.clone(),
                source[a - 1].1.start..source[c - 1].1.end,
            )
        }
    }
}

/// Words that differ, for the message.
fn describe_diff(draft: &[&str], source: &[&str]) -> String {
    let added: Vec<&str> = draft
        .iter()
        .filter(|w| !source.contains(w))
        .copied()
        .collect();
    let dropped: Vec<&str> = source
        .iter()
        .filter(|w| !draft.contains(w))
        .copied()
        .collect();
    crate::wording::quote_differs(&added, &dropped)
}

/// Whether the archive writes `name` as a person's (a person, or a name it
/// gives first names): only a person is a speaker to name or compare.
fn is_person(corpus: &dyn CorpusQuery, name: &str) -> bool {
    corpus.spelling(name).is_some_and(|sp| {
        sp.kind == EntityKind::Person || (sp.kind == EntityKind::Name && !sp.given.is_empty())
    })
}

/// The archive's speaker of a quotation, as this check takes it: a person,
/// by their canonical name; `None` when the archive names no person.
pub fn archive_speaker(corpus: &dyn CorpusQuery, q: &Quotation) -> Option<String> {
    let s = q.speaker.as_deref()?;
    is_person(corpus, s).then(|| corpus.canonical(s).unwrap_or_else(|| s.to_string()))
}

/// Exact words, but the draft names a speaker the corpus never gives them to.
fn wrong_speaker(
    corpus: &dyn CorpusQuery,
    q: &crate::model::Quote,
    matches: &[Match],
) -> Option<Finding> {
    if !q.speaker_explicit {
        return None;
    }
    let said = q.speaker.as_deref()?;
    let canon = |s: &str| corpus.canonical(s);
    if crate::model::lexicon::is_english_word(said) {
        return None; // "the Group said": not a person we can check
    }
    let draft_speaker = canon(said)?;
    // Only people: "the Kremlin said" for its spokesman's words, "Xbox" for
    // its executive's, a place taken for a speaker — none is another mouth.
    let person = |s: &str| is_person(corpus, s);
    // A short fragment ("swept under the carpet") is anyone's words.
    if q.words.len() < SHORT_FRAGMENT || !person(said) {
        return None;
    }
    let exact: Vec<&Match> = matches.iter().filter(|m| m.cost == 0).collect();
    if exact.is_empty() {
        return None;
    }
    let mut speakers: Vec<String> = Vec::new();
    for m in &exact {
        let s = m.quote.speaker.as_deref()?;
        if !person(s) {
            return None;
        }
        let c = canon(s).unwrap_or_else(|| s.to_string());
        if !speakers.contains(&c) {
            speakers.push(c);
        }
    }
    // A near spelling of the corpus speaker is a name-spelling problem, not another mouth.
    if speakers
        .iter()
        .any(|s| *s == draft_speaker || crate::model::names::is_variant(s, said))
    {
        return None;
    }
    let cq = &exact[0].quote;
    let src = corpus.source(cq.article, cq.inner.clone(), cq.inner.clone());
    let msg = crate::wording::other_speaker(&speakers.join(" and "), said);
    Some(Finding::new(Code::Misquote, q.inner.clone(), msg).with_sources([src]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_finds_fragments_and_edits() {
        let hay = ["and", "we", "are", "not", "at", "war", "today"];
        assert_eq!(align(&["we", "are", "not", "at", "war"], &hay), (0, 1, 6));
        assert_eq!(align(&["we", "are", "at", "war"], &hay).0, 1);
        assert_eq!(align(&["we", "are", "never", "at", "war"], &hay).0, 1);
    }
}
