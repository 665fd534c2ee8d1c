//! The searches over the index's tables, wherever they are kept (the
//! in-memory [`Index`], the memory-mapped file, PostgreSQL): each is
//! written once, generic over [`IndexTables`].

use super::rules::{disagree, noun_group, value_key};
use super::{Bag, BagRef, Index, StoredFigure};
use crate::corpus::tables::{BagKind, IndexTables, List, Need};
use crate::model::figures::Figure;

/// Two corpus sentences whose figures disagree are about the same thing
/// when one shares at least this much of the other's weighted words.
pub(super) const SAME_THING: f32 = 0.35;
/// The lowest share of a draft sentence's weighted words at which a corpus
/// figure is worth scoring: the lowest threshold in use is 0.3 (support),
/// and agreeing nouns add 0.1.
const FIGURE_MIN_SHARE: f32 = 0.2;

/// The most postings one candidate search walks (see
/// [`candidates_outside`]). In the BBC archive (2,225 articles) 99%
/// of searches find fewer sentences than this (the longest 3,200, reached
/// rarest words first), and the corpus conflicts and every evaluation
/// result are the same with the cap as without; it bounds a corpus of
/// near-identical sentences.
const MAX_WALK: usize = 2_000;

/// A corpus sentence states a draft claim only if at least this share of
/// its own claim is the draft's: a long sentence that merely contains the
/// claim's words is mostly about something else.
const OWN_SHARE: f32 = 0.3;

/// The most quotations one draft quotation is aligned with: those sharing
/// the most of its words. An archive that repeats a statement in story
/// after story (wire copy; 100,000 generated articles) has dozens of
/// identical ones, and aligning each costs time and finds nothing new. On
/// the BBC archive every evaluation result is the same with this cap and
/// [`MAX_QUOTE_WALK`] as without.
const MAX_QUOTES: usize = 32;
/// The most quotation postings one search walks, rarest words first: a
/// quotation's rarest words are in a few quotations each, unless the
/// archive quotes every statement dozens of times, which this bounds
/// (100,000 generated articles: misquote went from 140 ms to 3 ms a draft).
const MAX_QUOTE_WALK: usize = 512;

/// A value stated by at most this many corpus figures is rare enough that
/// sharing it is evidence of the same figure: a price (£135, 19,800 yen) or
/// a precise count, not a round number many stories use.
const RARE_VALUE: usize = 3;
/// What a shared rare value adds to a candidate's score: with it, a
/// paraphrase sharing a twentieth of the weighted words passes the checks' 0.2 bar.
const RARE_VALUE_BONUS: f32 = 0.15;

/// The bag of a list of words (content or claim stems).
pub fn bag<T: IndexTables + ?Sized>(t: &T, words: &[String]) -> Bag {
    let (found, unknown) = t.weights(words);
    let mut ids = Vec::with_capacity(words.len());
    let mut total = 0.0;
    for f in found {
        match f {
            Some((id, w)) => {
                ids.push((id, w));
                total += w;
            }
            None => total += unknown,
        }
    }
    ids.sort_unstable_by_key(|x: &(u32, f32)| x.0);
    ids.dedup_by_key(|x| x.0);
    Bag {
        ids: ids.iter().map(|x| x.0).collect(),
        weights: ids.iter().map(|x| x.1).collect(),
        total,
    }
}

/// Figures of other articles that disagree with figure `i` about the
/// same thing, found when asked from the postings of its sentence's
/// distinctive words ([`candidates_outside`]): never all pairs, and
/// nothing at build time.
pub fn conflicts_of<T: IndexTables + ?Sized>(t: &T, i: u32) -> Vec<u32> {
    let Some(a) = t.figure(i) else {
        return Vec::new();
    };
    if !a.figure.kind.is_statistic() || a.figure.noun.is_none() {
        return Vec::new();
    }
    let ga = global_sentence(t, &a);
    // Another article's sentences only: an article does not disagree with itself here.
    let own = t.sentences_of(a.doc);
    let sentences = candidates_outside(
        t,
        t.bag(BagKind::Content, ga).view(),
        List::Content,
        SAME_THING,
        own,
    );
    t.prefetch(Need::Figures, &sentences);
    let mut out = Vec::new();
    for g in sentences {
        out.extend(t.sentence_figures(g).filter(|&j| disagree(t, i, j)));
    }
    out
}

/// The global sentence number of a figure.
pub(super) fn global_sentence<T: IndexTables + ?Sized>(t: &T, f: &StoredFigure) -> u32 {
    t.sentences_of(f.doc).start + f.figure.sentence as u32
}

/// Sentences that may share at least `min_share` of `bag`'s weight:
/// those with one of its rarest words, taken until the words left out
/// weigh less than `min_share` (a sentence without any of them cannot
/// reach it). Only the shortest posting lists are walked.
fn candidates<T: IndexTables + ?Sized>(t: &T, bag: BagRef, list: List, min_share: f32) -> Vec<u32> {
    candidates_outside(t, bag, list, min_share, 0..0)
}

/// The words (`(postings, weight, id)`, rarest first) whose postings the
/// walk of [`candidates_outside`] reads: the same stopping rules, with
/// the postings counted before any are left out (so never fewer).
fn walked(words: &[(usize, f32, u32)], known: f32, need: f32) -> Vec<u32> {
    let (mut left, mut postings) = (known, 0);
    words
        .iter()
        .take_while(|&&(n, w, _)| {
            let go = left >= need && postings < MAX_WALK;
            left -= w;
            postings += n;
            go
        })
        .map(|w| w.2)
        .collect()
}

/// [`candidates`], leaving out the sentences numbered `skip` (an
/// article's own), and walking at most [`MAX_WALK`] postings: in a
/// corpus of near-identical sentences (a template, a feed repeated) the
/// rarest words are still common, and past that many a sentence's
/// candidates are no longer telling which is the same thing.
fn candidates_outside<T: IndexTables + ?Sized>(
    t: &T,
    bag: BagRef,
    list: List,
    min_share: f32,
    skip: std::ops::Range<u32>,
) -> Vec<u32> {
    let known: f32 = bag.weights.iter().sum();
    let need = min_share * bag.total;
    if known < need || bag.ids.is_empty() {
        return Vec::new();
    }
    let lens = t.list_lens(list, bag.ids);
    let mut words: Vec<(usize, f32, u32)> = bag
        .ids
        .iter()
        .zip(bag.weights)
        .zip(lens)
        .map(|((&id, &w), n)| (n, w, id))
        .collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    t.prefetch_lists(list, &walked(&words, known, need));
    let mut out: Vec<u32> = Vec::new();
    let mut left = known;
    for (_, w, id) in words {
        if left < need || out.len() >= MAX_WALK {
            break;
        }
        let postings = t.list(list, id);
        // Postings are in sentence order: an article's sentences are one run.
        let (a, b) = (
            postings.partition_point(|&g| g < skip.start),
            postings.partition_point(|&g| g < skip.end),
        );
        out.extend(&postings[..a]);
        out.extend(&postings[b..]);
        left -= w;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Corpus figures that may be about the same thing as `fig`, given the
/// bag of its sentence's content words, with a score (0..=1), best first.
pub fn figure_candidates<T: IndexTables + ?Sized>(
    t: &T,
    content: &Bag,
    fig: &Figure,
) -> Vec<(u32, f32)> {
    let group = fig.noun.as_deref().and_then(noun_group);
    // Sentences that share the draft sentence's words, and those that
    // state one of its rare values ([`RARE_VALUE`]).
    let content = content.view();
    let mut sentences: Vec<u32> = candidates(t, content, List::Content, FIGURE_MIN_SHARE);
    let key = value_key(fig);
    let rare = key.as_deref().and_then(|k| t.value_figures(k, RARE_VALUE));
    if let Some(list) = &rare {
        sentences.extend(
            list.iter()
                .filter_map(|&i| t.figure(i))
                .map(|f| global_sentence(t, &f)),
        );
        sentences.sort_unstable();
        sentences.dedup();
    }
    t.prefetch(Need::Figures, &sentences);
    let mut out = Vec::new();
    for g in sentences {
        for i in t.sentence_figures(g) {
            let Some(cf) = t.figure(i) else { continue };
            if !cf.figure.comparable(fig) {
                continue;
            }
            // The noun counted decides between figures of one sentence.
            let noun_bonus = match (&cf.figure.noun, &fig.noun) {
                (Some(a), Some(b)) if a == b || (group.is_some() && cf.noun_group == group) => 0.1,
                (Some(_), Some(_)) => continue,
                (None, None) => 0.0,
                _ => -0.15,
            };
            // The same rare value written the same way is itself evidence
            // that the two figures are one.
            let value_bonus = if rare.is_some() && value_key(&cf.figure) == key {
                RARE_VALUE_BONUS
            } else {
                0.0
            };
            let (sim, shared) = Index::overlap(content, t.bag(BagKind::Content, g).view());
            // One shared word ("died") is not enough to say two sentences
            // are about the same thing, however short the draft's is.
            let s = if shared < 2 { sim.min(0.3) } else { sim };
            out.push((i, s + noun_bonus + value_bonus));
        }
    }
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The figures of a sentence (article `doc`, sentence `si`), as figure numbers.
pub fn figures_in<T: IndexTables + ?Sized>(t: &T, doc: usize, si: usize) -> std::ops::Range<u32> {
    let own = t.sentences_of(doc);
    if si >= own.len() {
        return 0..0;
    }
    t.sentence_figures(own.start + si as u32)
}

/// Corpus sentences whose claim covers `claim`: `(global sentence,
/// score)`, where the score is how much of `claim` the sentence has (at
/// least `min`), and the sentence is not mostly about something else
/// ([`covers`]).
pub fn similar_claims<T: IndexTables + ?Sized>(t: &T, claim: &Bag, min: f32) -> Vec<(u32, f32)> {
    if claim.total == 0.0 {
        return Vec::new();
    }
    let claim = claim.view();
    let sentences = candidates(t, claim, List::Claim, min);
    t.prefetch(Need::Claims, &sentences);
    let mut out: Vec<(u32, f32)> = sentences
        .into_iter()
        .filter_map(|g| Some((g, covers(t.bag(BagKind::Claim, g).view(), claim, min)?)))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Whether some sentence of article `doc` covers `claim` as
/// [`similar_claims`] would find it ([`covers`]): one article's
/// sentences, no postings.
pub fn covered_in_article<T: IndexTables + ?Sized>(
    t: &T,
    claim: &Bag,
    doc: usize,
    min: f32,
) -> bool {
    let claim = claim.view();
    if claim.total == 0.0 {
        return false;
    }
    let own = t.sentences_of(doc);
    t.prefetch(Need::Claims, &own.clone().collect::<Vec<_>>());
    own.into_iter()
        .any(|g| covers(t.bag(BagKind::Claim, g).view(), claim, min).is_some())
}

/// How much of `claim` a corpus sentence's claim covers, if at least
/// `min` and the sentence is not mostly about something else
/// ([`OWN_SHARE`] of its own claim shared).
fn covers(sentence: BagRef, claim: BagRef, min: f32) -> Option<f32> {
    let forward = Index::similarity(claim, sentence);
    (forward >= min && Index::similarity(sentence, claim) >= OWN_SHARE).then_some(forward)
}

/// Quotations that share at least half of the distinct words of
/// `words`. Such a quotation has one of any `n - need + 1` of the words,
/// so only the rarest words' posting lists are walked.
pub fn quotes_sharing<T: IndexTables + ?Sized>(t: &T, words: &[&str]) -> Vec<u32> {
    let mut uniq: Vec<u32> = t
        .word_ids(List::Quote, words)
        .into_iter()
        .map(|id| id.unwrap_or(u32::MAX))
        .collect();
    uniq.sort_unstable();
    uniq.dedup();
    let distinct = uniq.len();
    uniq.retain(|&id| id != u32::MAX);
    let need = distinct.div_ceil(2).max(1);
    if uniq.len() < need {
        return Vec::new();
    }
    let mut rare: Vec<(usize, u32)> = t
        .list_lens(List::Quote, &uniq)
        .into_iter()
        .zip(uniq.iter().copied())
        .collect();
    rare.sort_unstable_by_key(|r| r.0);
    // Rarest first, and at most [`MAX_QUOTE_WALK`] postings (past that
    // many the words are common to every story; the rarest have been read).
    let walk = &rare[..uniq.len() - need + 1];
    let mut postings = 0;
    let ahead: Vec<u32> = walk
        .iter()
        .take_while(|&&(n, _)| {
            let go = postings < MAX_QUOTE_WALK;
            postings += n;
            go
        })
        .map(|r| r.1)
        .collect();
    t.prefetch_lists(List::Quote, &ahead);
    let mut cands: Vec<u32> = Vec::new();
    for &(_, id) in walk {
        let list = t.list(List::Quote, id);
        cands.extend_from_slice(&list[..list.len().min(MAX_QUOTE_WALK - cands.len())]);
        if cands.len() >= MAX_QUOTE_WALK {
            break;
        }
    }
    cands.sort_unstable();
    cands.dedup();
    t.prefetch_quotes(&cands);
    let mut found: Vec<(u32, usize)> = cands
        .into_iter()
        .map(|q| (q, shared(&uniq, &t.quote_set(q), need)))
        .filter(|&(_, n)| n >= need)
        .collect();
    // The quotations sharing the most words, when there are many (the
    // same statement quoted in story after story).
    if found.len() > MAX_QUOTES {
        found.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(MAX_QUOTES);
        found.sort_unstable();
    }
    found.into_iter().map(|(q, _)| q).collect()
}

/// Whether `words` appear in this order in some corpus sentence.
pub fn contains_words<T: IndexTables + ?Sized>(t: &T, words: &[&str]) -> bool {
    let Some(ids) = t
        .word_ids(List::Word, words)
        .into_iter()
        .collect::<Option<Vec<u32>>>()
    else {
        return false;
    };
    let lens = t.list_lens(List::Word, &ids);
    let Some((_, &rarest)) = lens.iter().zip(&ids).min_by_key(|x| *x.0) else {
        return false;
    };
    let list = t.list(List::Word, rarest);
    t.prefetch(Need::Words, &list);
    list.iter().any(|&g| {
        // The first word compared alone before the rest: a slice
        // comparison at every position costs a `memcmp` call each.
        t.sentence_words(g)
            .windows(ids.len())
            .any(|w| w[0] == ids[0] && w == ids.as_slice())
    })
}

/// Number of distinct ids two sorted lists share, if at least `need`
/// (else some smaller number: the walk stops when what is left of either
/// list could not make up the difference).
fn shared(a: &[u32], b: &[u32], need: usize) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if n + (a.len() - i).min(b.len() - j) < need {
            return n;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    //! The searches over a small inline corpus, read through the same
    //! [`IndexTables`] a persisted index or a database gives.

    use super::*;
    use crate::corpus::inline_corpus as inline;
    use crate::model::Doc;
    use crate::text::prose::Format;

    /// The article a figure found by a search belongs to.
    fn figure_doc(t: &dyn IndexTables, i: u32) -> usize {
        t.figure(i).expect("a figure the search found").doc
    }

    /// The article a quotation found by a search belongs to.
    fn quote_doc(t: &dyn IndexTables, q: u32) -> usize {
        t.quote(q).expect("a quotation the search found").doc
    }

    /// Every figure of article `doc`, by number.
    fn figures_of(t: &dyn IndexTables, doc: usize) -> Vec<u32> {
        t.sentences_of(doc)
            .flat_map(|g| t.sentence_figures(g))
            .collect()
    }

    /// A draft of one sentence, analysed as a draft is.
    fn draft(text: &str) -> Doc {
        Doc::parse(text, Format::Plain)
    }

    #[test]
    fn figure_candidates_find_the_sentence_sharing_the_rare_words() {
        let c = inline(&[
            "The Quillstone reservoir burst and flooded 230 homes in Marrowby on Tuesday.",
            "The rowing club bought 230 new oars for its summer regatta.",
        ]);
        let t = c.tables();
        let d = draft("The Quillstone reservoir burst and flooded 240 homes in Marrowby.");
        let fig = d
            .figures
            .iter()
            .find(|f| f.value == 240.0)
            .expect("240 homes");
        let found = figure_candidates(t, &bag(t, &d.sentences[0].content), fig);
        assert!(!found.is_empty(), "the flood sentence is a candidate");
        let best = t.figure(found[0].0).unwrap();
        assert_eq!((best.doc, best.figure.value), (0, 230.0));
        assert!(
            found.iter().all(|&(i, _)| figure_doc(t, i) == 0),
            "the regatta's oars share no rare word: {found:?}"
        );
    }

    #[test]
    fn figure_candidates_find_nothing_for_an_unrelated_sentence() {
        let c = inline(&["The Quillstone reservoir burst and flooded 230 homes in Marrowby."]);
        let t = c.tables();
        let d = draft("The orchestra played 240 concerts across Veldmark last year.");
        let fig = d
            .figures
            .iter()
            .find(|f| f.value == 240.0)
            .expect("240 concerts");
        assert!(figure_candidates(t, &bag(t, &d.sentences[0].content), fig).is_empty());
    }

    #[test]
    fn conflicts_of_finds_another_articles_different_count_of_the_same_thing() {
        let c = inline(&[
            "The storm destroyed 230 homes in Marrowby on Tuesday, officials said.",
            "The storm destroyed 410 homes in Marrowby on Tuesday, officials said.",
            "The rowing club bought 410 new oars for its summer regatta.",
        ]);
        let t = c.tables();
        let homes = |doc: usize| {
            figures_of(t, doc)
                .into_iter()
                .find(|&i| t.figure(i).unwrap().figure.value >= 230.0)
                .expect("a count of homes")
        };
        let found = conflicts_of(t, homes(0));
        assert_eq!(found, vec![homes(1)]);
    }

    #[test]
    fn conflicts_of_is_silent_when_the_articles_agree() {
        let c = inline(&[
            "The storm destroyed 230 homes in Marrowby on Tuesday, officials said.",
            "The storm destroyed 230 homes in Marrowby on Tuesday, the council said.",
        ]);
        let t = c.tables();
        let all: Vec<u32> = (0..2)
            .flat_map(|doc| figures_of(t, doc))
            .flat_map(|i| conflicts_of(t, i))
            .collect();
        assert!(all.is_empty(), "{all:?}");
    }

    #[test]
    fn similar_claims_and_covered_in_article_find_the_article_stating_the_claim() {
        let c = inline(&[
            "The Quillstone council approved a new bridge over the Marrow river.",
            "The rowing club bought new oars for its summer regatta.",
        ]);
        let t = c.tables();
        let d = draft("The Quillstone council approved a new bridge over the Marrow river.");
        let claim = bag(t, &d.sentences[0].claim);
        let found = similar_claims(t, &claim, 0.5);
        assert!(!found.is_empty());
        for (g, score) in &found {
            assert_eq!(t.sentence_at(*g).map(|s| s.0), Some(0), "{found:?}");
            assert!(*score >= 0.5);
        }
        assert!(covered_in_article(t, &claim, 0, 0.5));
        assert!(!covered_in_article(t, &claim, 1, 0.5));
    }

    #[test]
    fn quotes_sharing_finds_the_quotation_and_not_another() {
        let c = inline(&[
            "\"We will rebuild every bridge in Marrowby before the winter,\" the mayor said.",
            "\"The harvest was the best we have had in a decade,\" the farmer said.",
        ]);
        let t = c.tables();
        let d = draft("\"We will rebuild each bridge in Marrowby before winter,\" she said.");
        let words: Vec<&str> = d.quotes[0].words.iter().map(|w| w.0.as_str()).collect();
        let found = quotes_sharing(t, &words);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(quote_doc(t, found[0]), 0);
        assert!(quotes_sharing(t, &["orchestra", "played", "symphony"]).is_empty());
    }

    #[test]
    fn contains_words_only_in_this_order() {
        let c = inline(&["The mayor promised to rebuild every bridge before the winter."]);
        let t = c.tables();
        assert!(contains_words(t, &["rebuild", "every", "bridge"]));
        assert!(!contains_words(t, &["bridge", "every", "rebuild"]));
        assert!(!contains_words(t, &["rebuild", "every", "tunnel"]));
    }
}
