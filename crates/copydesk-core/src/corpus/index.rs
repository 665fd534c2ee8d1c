//! The in-memory index over the corpus, built once at load time: word
//! weights, every figure with its sentence, quotations, roles, the places
//! where the corpus disagrees with itself, and the postings that answer the
//! [`super::query::CorpusQuery`] questions without walking the corpus.

use super::Article;
use super::names::{EntityId, NameModel};
use crate::model::doc::quote_words;
use crate::model::figures::{Figure, FigureKind};
use crate::model::roles::{self, Role};
use crate::model::wordhash::WordMap;
use super::flat::{Arr, Lists};
use std::collections::HashMap;

/// A figure in the corpus, with where it is.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StoredFigure {
    pub doc: usize,
    pub figure: Figure,
    /// [`noun_group`] of the noun counted, settled once.
    noun_group: Option<usize>,
    /// The figure as written in its article (kept here so that asking for a
    /// figure never reads the article's whole analysis).
    pub written: String,
}

/// A quotation in the corpus.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StoredQuote {
    pub doc: usize,
    pub quote: usize,
    /// Canonical name of the speaker, when known.
    pub speaker: Option<String>,
}

/// A sentence's words as interned ids, for fast weighted overlap.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    /// Sorted, unique ids of the words the corpus knows, and their weights.
    ids: Vec<u32>,
    weights: Vec<f32>,
    /// Sum of the weights of all the words, known or not.
    total: f32,
}

impl Bag {
    pub fn view(&self) -> BagRef<'_> {
        BagRef { ids: &self.ids, weights: &self.weights, total: self.total }
    }
}

/// A [`Bag`] borrowed: a draft's, or a corpus sentence's from [`Bags`].
#[derive(Debug, Clone, Copy)]
pub struct BagRef<'a> {
    ids: &'a [u32],
    weights: &'a [f32],
    total: f32,
}

/// Every corpus sentence's bag, in one table (read in place from a
/// persisted index, see [`super::flat`]).
#[derive(Debug, Default, serde::Serialize)]
struct Bags {
    ends: Arr<u32>,
    ids: Arr<u32>,
    weights: Arr<f32>,
    totals: Arr<f32>,
}

impl Bags {
    fn get(&self, g: usize) -> BagRef<'_> {
        match super::flat::cut(&self.ends, g) {
            Some(r) => BagRef { ids: &self.ids[r.clone()], weights: &self.weights[r], total: self.totals[g] },
            None => BagRef { ids: &[], weights: &[], total: 0.0 },
        }
    }
}

impl From<Vec<Bag>> for Bags {
    fn from(v: Vec<Bag>) -> Bags {
        let (mut ends, mut ids, mut weights, mut totals) = (Vec::with_capacity(v.len()), Vec::new(), Vec::new(), Vec::with_capacity(v.len()));
        for b in v {
            ids.extend(b.ids);
            weights.extend(b.weights);
            ends.push(ids.len() as u32);
            totals.push(b.total);
        }
        Bags { ends: ends.into(), ids: ids.into(), weights: weights.into(), totals: totals.into() }
    }
}

impl<'de> serde::Deserialize<'de> for Bags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            ends: Arr<u32>,
            ids: Arr<u32>,
            weights: Arr<f32>,
            totals: Arr<f32>,
        }
        let Raw { ends, ids, weights, totals } = Raw::deserialize(d)?;
        if !super::flat::valid_ends(&ends, ids.len()) || weights.len() != ids.len() || totals.len() != ends.len() {
            return Err(serde::de::Error::custom("bag ends do not match their words"));
        }
        Ok(Bags { ends, ids, weights, totals })
    }
}

/// Two corpus sentences whose figures disagree are about the same thing
/// when one shares at least this much of the other's weighted words.
const SAME_THING: f32 = 0.35;
/// The lowest share of a draft sentence's weighted words at which a corpus
/// figure is worth scoring: the lowest threshold in use is 0.3 (support),
/// and agreeing nouns add 0.1.
const FIGURE_MIN_SHARE: f32 = 0.2;

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Index {
    vocab: WordMap<String, u32>,
    /// Weight (inverse document frequency) by word id.
    idf: Vec<f32>,
    max_idf: f32,
    /// Content and claim bags of every corpus sentence, by global sentence number.
    content: Bags,
    claims: Bags,
    /// Global number of each article's first sentence.
    first_sentence: Vec<u32>,
    /// Global sentence number → (article, sentence).
    pub sentence_at: Vec<(u32, u32)>,
    /// Content word id → global numbers of the sentences that have it.
    content_postings: Lists,
    /// Claim word id → global numbers of the sentences that have it.
    claim_postings: Lists,
    pub figures: Vec<StoredFigure>,
    /// Global sentence number → its figures (a range of `figures`).
    sentence_figures: Vec<(u32, u32)>,
    /// A figure's written value ([`value_key`]) → the figures that have it.
    value_postings: HashMap<String, Vec<u32>>,
    pub quotes: Vec<StoredQuote>,
    /// Quotation words as ids (parallel to `quotes`), and the id of each word.
    pub quote_ids: Lists,
    /// The same ids sorted and without repeats (for quick overlap counts).
    pub quote_sets: Lists,
    quote_vocab: WordMap<String, u32>,
    /// Quotation word id → quotations that use it.
    quote_postings: Lists,
    /// Every sentence's words (as written, normalised) as ids, and word id → sentences.
    sentence_words: Lists,
    word_vocab: WordMap<String, u32>,
    word_postings: Lists,
    /// Roles the corpus gives people: (entity, article, role), and postings.
    pub roles: Vec<(EntityId, usize, Role)>,
    pub roles_by_entity: HashMap<EntityId, Vec<usize>>,
    pub roles_by_org: HashMap<String, Vec<usize>>,
    pub roles_by_title: HashMap<String, Vec<usize>>,
}

/// The most postings one candidate search walks (see
/// [`Index::candidates_outside`]). In the BBC archive (2,225 articles) 99%
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

/// How a figure's value is written, for the value postings: its kind and
/// exact value; none for dates, vague ranges and small counts (any story
/// has "three").
fn value_key(f: &Figure) -> Option<String> {
    if f.vague || matches!(f.kind, crate::model::figures::FigureKind::Date { .. }) || f.value.abs() < 100.0 && matches!(f.kind, crate::model::figures::FigureKind::Count) {
        return None;
    }
    Some(format!("{:?}\u{1}{}", f.kind, f.value))
}

/// Nouns that count the same things (for matching figures, not for facts).
pub fn same_noun(a: &str, b: &str) -> bool {
    a == b || noun_group(a).is_some_and(|g| noun_group(b) == Some(g))
}

/// Nouns counted that name the same kind of thing: the group's number.
fn noun_group(w: &str) -> Option<usize> {
    const GROUPS: &[&[&str]] = &[
        &["prisoner", "inmate", "convict", "applicant"],
        &["soldier", "troop", "serviceman", "servicemen", "reservist", "conscript", "recruit", "fighter"],
        &["man", "men", "people", "person", "individual"],
        &["organization", "organisation", "entity", "entitie", "group", "battalion"],
    ];
    GROUPS.iter().position(|g| g.contains(&w))
}

impl Index {
    pub fn build(docs: &[Article], names: &NameModel) -> Index {
        let mut df: HashMap<&str, usize> = HashMap::new();
        let mut n = 0usize;
        for a in docs {
            for s in &a.doc().sentences {
                n += 1;
                for w in &s.content {
                    *df.entry(w.as_str()).or_default() += 1;
                }
            }
        }
        let n = n.max(1) as f32;
        let mut vocab = WordMap::default();
        let mut idf = Vec::new();
        let mut words: Vec<(&str, usize)> = df.into_iter().collect();
        words.sort();
        for (w, d) in words {
            vocab.insert(w.to_string(), idf.len() as u32);
            idf.push((n / d as f32).ln() + 1.0);
        }
        let max_idf = n.ln() + 1.0;
        let mut idx = Index { vocab, idf, max_idf, ..Default::default() };
        // Built as lists of lists, then laid out flat (see `super::flat`).
        let mut content_postings: Vec<Vec<u32>> = vec![Vec::new(); idx.idf.len()];
        let mut claim_postings: Vec<Vec<u32>> = vec![Vec::new(); idx.idf.len()];
        let (mut word_postings, mut sentence_words, mut quote_postings, mut quote_ids, mut quote_sets): (Vec<Vec<u32>>, Vec<Vec<u32>>, Vec<Vec<u32>>, Vec<Vec<u32>>, Vec<Vec<u32>>) = Default::default();
        let (mut content_bags, mut claim_bags) = (Vec::new(), Vec::new());
        let canonical = |form: &str| names.canonical(form).map(str::to_string);
        for (di, a) in docs.iter().enumerate() {
            idx.first_sentence.push(idx.sentence_at.len() as u32);
            let first_figure = idx.figures.len();
            for (si, s) in a.doc().sentences.iter().enumerate() {
                let g = idx.sentence_at.len() as u32;
                idx.sentence_at.push((di as u32, si as u32));
                let content = idx.bag(&s.content);
                let claim = idx.bag(&s.claim);
                for &id in &content.ids {
                    content_postings[id as usize].push(g);
                }
                for &id in &claim.ids {
                    claim_postings[id as usize].push(g);
                }
                content_bags.push(content);
                claim_bags.push(claim);
                let mut ids = Vec::new();
                for (w, _) in quote_words(&a.doc().prose.masked, s.range.clone()) {
                    let next = idx.word_vocab.len() as u32;
                    let id = *idx.word_vocab.entry(w).or_insert(next);
                    if id as usize == word_postings.len() {
                        word_postings.push(Vec::new());
                    }
                    if word_postings[id as usize].last() != Some(&g) {
                        word_postings[id as usize].push(g);
                    }
                    ids.push(id);
                }
                sentence_words.push(ids);
            }
            for f in &a.doc().figures {
                let noun_group = f.noun.as_deref().and_then(noun_group);
                if let Some(key) = value_key(f) {
                    idx.value_postings.entry(key).or_default().push(idx.figures.len() as u32);
                }
                let written = a.doc().text.get(f.span.clone()).unwrap_or_default().to_string();
                idx.figures.push(StoredFigure { doc: di, figure: f.clone(), noun_group, written });
            }
            // Figures come in sentence order: each sentence's are one range.
            let mut k = first_figure;
            for si in 0..a.doc().sentences.len() {
                let start = k;
                while k < idx.figures.len() && idx.figures[k].figure.sentence == si {
                    k += 1;
                }
                idx.sentence_figures.push((start as u32, k as u32));
            }
            for r in roles::extract(a.doc()) {
                if let Some(id) = names.lookup(&a.doc().mentions[r.person].form) {
                    let i = idx.roles.len();
                    let e = names.entity_of(id);
                    idx.roles_by_entity.entry(e).or_default().push(i);
                    for o in &r.orgs {
                        let key = canonical(o).unwrap_or_else(|| o.clone());
                        let v = idx.roles_by_org.entry(key).or_default();
                        if v.last() != Some(&i) {
                            v.push(i);
                        }
                    }
                    for t in &r.titles {
                        idx.roles_by_title.entry(t.clone()).or_default().push(i);
                    }
                    idx.roles.push((e, di, r));
                }
            }
            for (qi, q) in a.doc().quotes.iter().enumerate() {
                let speaker = q.speaker.as_ref().map(|s| canonical(s).unwrap_or_else(|| s.clone()));
                let qn = idx.quotes.len() as u32;
                idx.quotes.push(StoredQuote { doc: di, quote: qi, speaker });
                let mut ids = Vec::with_capacity(q.words.len());
                for (w, _) in &q.words {
                    let next = idx.quote_vocab.len() as u32;
                    let id = *idx.quote_vocab.entry(w.clone()).or_insert(next);
                    if id as usize == quote_postings.len() {
                        quote_postings.push(Vec::new());
                    }
                    if quote_postings[id as usize].last() != Some(&qn) {
                        quote_postings[id as usize].push(qn);
                    }
                    ids.push(id);
                }
                let mut set = ids.clone();
                set.sort_unstable();
                set.dedup();
                quote_sets.push(set);
                quote_ids.push(ids);
            }
        }
        idx.content = content_bags.into();
        idx.claims = claim_bags.into();
        idx.content_postings = content_postings.into();
        idx.claim_postings = claim_postings.into();
        idx.word_postings = word_postings.into();
        idx.sentence_words = sentence_words.into();
        idx.quote_postings = quote_postings.into();
        idx.quote_ids = quote_ids.into();
        idx.quote_sets = quote_sets.into();
        idx
    }

    /// Figures of other articles that disagree with figure `i` about the
    /// same thing, found when asked from the postings of its sentence's
    /// distinctive words ([`Index::candidates_outside`]): never all pairs,
    /// and nothing at build time.
    pub fn conflicts_of(&self, i: usize) -> Vec<usize> {
        let Some(a) = self.figures.get(i) else { return Vec::new() };
        if !a.figure.kind.is_statistic() || a.figure.noun.is_none() {
            return Vec::new();
        }
        let ga = self.global_sentence(i);
        // Another article's sentences only: an article does not disagree with itself here.
        let own = self.sentences_of(a.doc);
        let mut out = Vec::new();
        for g in self.candidates_outside(self.content.get(ga as usize), &self.content_postings, SAME_THING, own) {
            // A sentence number from the postings (read in place from a persisted
            // index, structure-checked only): never trusted as an index.
            let Some(&(s, e)) = self.sentence_figures.get(g as usize) else { continue };
            out.extend((s as usize..e as usize).filter(|&j| self.disagree(i, j)));
        }
        out
    }

    /// Every pair of figures on which the corpus disagrees with itself (for
    /// `copydesk corpus conflicts`): each figure's [`Index::conflicts_of`].
    pub fn all_conflicts(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = (0..self.figures.len()).flat_map(|i| self.conflicts_of(i).into_iter().map(move |j| (i.min(j), i.max(j)))).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Figures `i` and `j`, of different articles, count the same thing in
    /// sentences about the same thing (similar, or stating another figure
    /// alike: "… in 20 regions"), and disagree.
    fn disagree(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.figures[i], &self.figures[j]);
        if a.doc == b.doc || !a.figure.comparable(&b.figure) {
            return false;
        }
        let nouns_agree = match (&a.figure.noun, &b.figure.noun) {
            (Some(x), Some(y)) => same_noun(x, y),
            _ => false,
        };
        if !nouns_agree {
            return false;
        }
        let (ga, gb) = (self.global_sentence(i), self.global_sentence(j));
        let others = |g: u32, not: usize| {
            let (s, e) = self.sentence_figures[g as usize];
            (s as usize..e as usize).filter(move |&k| k != not).map(|k| &self.figures[k].figure)
        };
        let sibling = others(ga, i).any(|x| others(gb, j).any(|y| x.comparable(y) && x.compatible(y) && x.noun.is_some() && x.noun == y.noun));
        let (sa, sb) = (self.content.get(ga as usize), self.content.get(gb as usize));
        if !sibling && Index::similarity(sa, sb).max(Index::similarity(sb, sa)) < SAME_THING {
            return false;
        }
        !a.figure.compatible(&b.figure) || opposite_bounds(&a.figure, &b.figure)
    }

    /// The bag of a list of words (content or claim stems).
    pub fn bag(&self, words: &[String]) -> Bag {
        let mut ids = Vec::with_capacity(words.len());
        let mut total = 0.0;
        for w in words {
            match self.vocab.get(w) {
                Some(&id) => {
                    ids.push((id, self.idf[id as usize]));
                    total += self.idf[id as usize];
                }
                None => total += self.max_idf,
            }
        }
        ids.sort_unstable_by_key(|x: &(u32, f32)| x.0);
        ids.dedup_by_key(|x| x.0);
        Bag { ids: ids.iter().map(|x| x.0).collect(), weights: ids.iter().map(|x| x.1).collect(), total }
    }

    /// How much of `a`'s content (weighted by rarity) `b` shares, 0..=1.
    pub fn similarity(a: BagRef, b: BagRef) -> f32 {
        Index::overlap(a, b).0
    }

    /// `similarity`, and how many words the two share.
    pub fn overlap(a: BagRef, b: BagRef) -> (f32, usize) {
        if a.total == 0.0 {
            return (0.0, 0);
        }
        let (mut i, mut j, mut n) = (0, 0, 0);
        let mut w = 0.0;
        while i < a.ids.len() && j < b.ids.len() {
            match a.ids[i].cmp(&b.ids[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    w += a.weights[i];
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (w / a.total, n)
    }

    /// Global number of sentence `si` of article `doc`.
    pub fn global(&self, doc: usize, si: usize) -> usize {
        self.first_sentence[doc] as usize + si
    }

    /// Sentences that may share at least `min_share` of `bag`'s weight:
    /// those with one of its rarest words, taken until the words left out
    /// weigh less than `min_share` (a sentence without any of them cannot
    /// reach it). Only the shortest posting lists are walked.
    fn candidates(&self, bag: BagRef, postings: &Lists, min_share: f32) -> Vec<u32> {
        self.candidates_outside(bag, postings, min_share, 0..0)
    }

    /// [`Index::candidates`], leaving out the sentences numbered `skip` (an
    /// article's own), and walking at most [`MAX_WALK`] postings: in a
    /// corpus of near-identical sentences (a template, a feed repeated) the
    /// rarest words are still common, and past that many a sentence's
    /// candidates are no longer telling which is the same thing.
    fn candidates_outside(&self, bag: BagRef, postings: &Lists, min_share: f32, skip: std::ops::Range<u32>) -> Vec<u32> {
        let known: f32 = bag.weights.iter().sum();
        let need = min_share * bag.total;
        if known < need || bag.ids.is_empty() {
            return Vec::new();
        }
        let mut words: Vec<(usize, f32, u32)> = bag.ids.iter().zip(bag.weights).map(|(&id, &w)| (postings.get(id as usize).len(), w, id)).collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let mut out: Vec<u32> = Vec::new();
        let mut left = known;
        for (_, w, id) in words {
            if left < need || out.len() >= MAX_WALK {
                break;
            }
            let list = postings.get(id as usize);
            // Postings are in sentence order: an article's sentences are one run.
            let (a, b) = (list.partition_point(|&g| g < skip.start), list.partition_point(|&g| g < skip.end));
            out.extend(&list[..a]);
            out.extend(&list[b..]);
            left -= w;
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Corpus figures that may be about the same thing as `fig`, given the
    /// bag of its sentence's content words, with a score (0..=1), best first.
    pub fn figure_candidates(&self, content: &Bag, fig: &Figure) -> Vec<(usize, f32)> {
        let group = fig.noun.as_deref().and_then(noun_group);
        // Sentences that share the draft sentence's words, and those that
        // state one of its rare values ([`RARE_VALUE`]).
        let content = content.view();
        let mut sentences: Vec<u32> = self.candidates(content, &self.content_postings, FIGURE_MIN_SHARE);
        let rare = |f: &Figure| value_key(f).and_then(|k| self.value_postings.get(&k)).filter(|v| v.len() <= RARE_VALUE);
        if let Some(list) = rare(fig) {
            sentences.extend(list.iter().map(|&i| self.global_sentence(i as usize)));
            sentences.sort_unstable();
            sentences.dedup();
        }
        let mut out = Vec::new();
        for g in sentences {
            let Some(&(s, e)) = self.sentence_figures.get(g as usize) else { continue };
            for i in s as usize..e as usize {
                let cf = &self.figures[i];
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
                let value_bonus = if rare(fig).is_some() && value_key(&cf.figure) == value_key(fig) { RARE_VALUE_BONUS } else { 0.0 };
                let (sim, shared) = Index::overlap(content, self.content.get(g as usize));
                // One shared word ("died") is not enough to say two sentences
                // are about the same thing, however short the draft's is.
                let s = if shared < 2 { sim.min(0.3) } else { sim };
                out.push((i, s + noun_bonus + value_bonus));
            }
        }
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The figures of a sentence (article `doc`, sentence `si`), as indexes into `figures`.
    pub fn figures_in(&self, doc: usize, si: usize) -> std::ops::Range<usize> {
        let g = self.global(doc, si);
        self.sentence_figures.get(g).map_or(0..0, |&(s, e)| s as usize..e as usize)
    }

    /// The global sentence number of a figure.
    fn global_sentence(&self, i: usize) -> u32 {
        let f = &self.figures[i];
        self.global(f.doc, f.figure.sentence) as u32
    }

    /// Corpus sentences whose claim covers `claim`: `(global sentence,
    /// score)`, where the score is how much of `claim` the sentence has (at
    /// least `min`), and the sentence is not mostly about something else
    /// ([`Index::covers`]).
    pub fn similar_claims(&self, claim: &Bag, min: f32) -> Vec<(usize, f32)> {
        if claim.total == 0.0 {
            return Vec::new();
        }
        let claim = claim.view();
        let mut out: Vec<(usize, f32)> = self
            .candidates(claim, &self.claim_postings, min)
            .into_iter()
            .filter_map(|g| Some((g as usize, Index::covers(self.claims.get(g as usize), claim, min)?)))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// How many of `claims` some sentence of article `doc` covers as
    /// [`Index::similar_claims`] would find it ([`Index::covers`]): one
    /// article's sentences, no postings.
    pub fn covered_by_article(&self, claims: &[Bag], doc: usize, min: f32) -> usize {
        if doc >= self.first_sentence.len() {
            return 0;
        }
        let own = self.sentences_of(doc);
        claims.iter().map(Bag::view).filter(|c| c.total > 0.0 && own.clone().any(|g| Index::covers(self.claims.get(g as usize), *c, min).is_some())).count()
    }

    /// How much of `claim` a corpus sentence's claim covers, if at least
    /// `min` and the sentence is not mostly about something else
    /// ([`OWN_SHARE`] of its own claim shared).
    fn covers(sentence: BagRef, claim: BagRef, min: f32) -> Option<f32> {
        let forward = Index::similarity(claim, sentence);
        (forward >= min && Index::similarity(sentence, claim) >= OWN_SHARE).then_some(forward)
    }

    /// The global numbers of article `doc`'s sentences.
    fn sentences_of(&self, doc: usize) -> std::ops::Range<u32> {
        let start = self.first_sentence.get(doc).copied().unwrap_or(self.sentence_at.len() as u32);
        start..self.first_sentence.get(doc + 1).copied().unwrap_or(self.sentence_at.len() as u32)
    }

    /// The claim bag of a corpus sentence (global number).
    pub fn claim_bag(&self, g: usize) -> BagRef<'_> {
        self.claims.get(g)
    }

    /// Ids of quotation words; words no corpus quotation uses get `u32::MAX`.
    pub fn quote_word_ids(&self, words: &[&str]) -> Vec<u32> {
        words.iter().map(|w| self.quote_vocab.get(*w).copied().unwrap_or(u32::MAX)).collect()
    }

    /// Quotations that share at least half of the distinct words of
    /// `words`. Such a quotation has one of any `n - need + 1` of the words,
    /// so only the rarest words' posting lists are walked.
    pub fn quotes_sharing(&self, words: &[&str]) -> Vec<usize> {
        let mut uniq = self.quote_word_ids(words);
        uniq.sort_unstable();
        uniq.dedup();
        let distinct = uniq.len();
        uniq.retain(|&id| id != u32::MAX);
        let need = distinct.div_ceil(2).max(1);
        if uniq.len() < need {
            return Vec::new();
        }
        let mut rare = uniq.clone();
        rare.sort_unstable_by_key(|&id| self.quote_postings.get(id as usize).len());
        // Rarest first, and at most [`MAX_QUOTE_WALK`] postings (past that
        // many the words are common to every story; the rarest have been read).
        let mut cands: Vec<u32> = Vec::new();
        for &id in &rare[..uniq.len() - need + 1] {
            let list = self.quote_postings.get(id as usize);
            cands.extend_from_slice(&list[..list.len().min(MAX_QUOTE_WALK - cands.len())]);
            if cands.len() >= MAX_QUOTE_WALK {
                break;
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut found: Vec<(usize, usize)> = cands.into_iter().map(|q| (q as usize, shared(&uniq, self.quote_sets.get(q as usize)))).filter(|&(_, n)| n >= need).collect();
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
    pub fn contains_words(&self, words: &[&str]) -> bool {
        let Some(ids) = words.iter().map(|w| self.word_vocab.get(*w).copied()).collect::<Option<Vec<u32>>>() else { return false };
        let Some(&rarest) = ids.iter().min_by_key(|id| self.word_postings.get(**id as usize).len()) else { return false };
        self.word_postings.get(rarest as usize).iter().any(|&g| self.sentence_words.get(g as usize).windows(ids.len()).any(|w| w == ids.as_slice()))
    }

}

/// Number of distinct ids two sorted lists share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
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

/// "at least 40" against "at most 40": the sources bound it from opposite sides.
fn opposite_bounds(a: &Figure, b: &Figure) -> bool {
    let lower = |f: &Figure| matches!(f.qualifier, Some("at least" | "more than"));
    let upper = |f: &Figure| matches!(f.qualifier, Some("up to" | "at most" | "fewer than"));
    matches!(a.kind, FigureKind::Count | FigureKind::Money(_) | FigureKind::Percent)
        && ((lower(a) && upper(b)) || (upper(a) && lower(b)))
}
