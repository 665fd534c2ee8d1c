//! The in-memory index over the corpus, built once at load time: word
//! weights, every figure with its sentence, quotations, roles, the places
//! where the corpus disagrees with itself, and the postings that answer the
//! [`super::query::CorpusQuery`] questions without walking the corpus.

use super::Article;
use super::flat::{Arr, KeyTable, Lists, Rows};
use super::names::{EntityId, NameModel};
use super::tables::{BagKind, BagOf, Got, IndexTables, List, Need, RoleKey};
use crate::model::doc::quote_words;
use crate::model::figures::{ANY_FIGURE, Figure, FigureKind};
use crate::model::roles::{self, Role};
use crate::model::wordhash::WordMap;
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
    /// A bag from sorted, unique word ids, their weights, and the weight of all the words.
    pub fn new(ids: Vec<u32>, weights: Vec<f32>, total: f32) -> Bag {
        Bag {
            ids,
            weights,
            total,
        }
    }

    pub fn view(&self) -> BagRef<'_> {
        BagRef {
            ids: &self.ids,
            weights: &self.weights,
            total: self.total,
        }
    }
}

/// A [`Bag`] borrowed: a draft's, or a corpus sentence's from [`Bags`].
#[derive(Debug, Clone, Copy)]
pub struct BagRef<'a> {
    ids: &'a [u32],
    weights: &'a [f32],
    total: f32,
}

impl<'a> BagRef<'a> {
    /// Its word ids, their weights, and the weight of all its words.
    pub fn parts(&self) -> (&'a [u32], &'a [f32], f32) {
        (self.ids, self.weights, self.total)
    }
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
            Some(r) => BagRef {
                ids: &self.ids[r.clone()],
                weights: &self.weights[r],
                total: self.totals[g],
            },
            None => BagRef {
                ids: &[],
                weights: &[],
                total: 0.0,
            },
        }
    }
}

impl From<Vec<Bag>> for Bags {
    fn from(v: Vec<Bag>) -> Bags {
        let (mut ends, mut ids, mut weights, mut totals) = (
            Vec::with_capacity(v.len()),
            Vec::new(),
            Vec::new(),
            Vec::with_capacity(v.len()),
        );
        for b in v {
            ids.extend(b.ids);
            weights.extend(b.weights);
            ends.push(ids.len() as u32);
            totals.push(b.total);
        }
        Bags {
            ends: ends.into(),
            ids: ids.into(),
            weights: weights.into(),
            totals: totals.into(),
        }
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
        let Raw {
            ends,
            ids,
            weights,
            totals,
        } = Raw::deserialize(d)?;
        if !super::flat::valid_ends(&ends, ids.len())
            || weights.len() != ids.len()
            || totals.len() != ends.len()
        {
            return Err(serde::de::Error::custom(
                "bag ends do not match their words",
            ));
        }
        Ok(Bags {
            ends,
            ids,
            weights,
            totals,
        })
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
    sentence_at: Arr<[u32; 2]>,
    /// Content word id → global numbers of the sentences that have it.
    content_postings: Lists,
    /// Claim word id → global numbers of the sentences that have it.
    claim_postings: Lists,
    /// Every figure, read in place and decoded when asked for.
    pub figures: Rows<StoredFigure>,
    /// Figures decoded lately ([`FIGURES_KEPT`]): a re-check asks for the same ones.
    #[serde(skip)]
    decoded: std::sync::Mutex<HashMap<u32, std::sync::Arc<StoredFigure>>>,
    /// Global sentence number → its figures (a range of `figures`).
    sentence_figures: Arr<[u32; 2]>,
    /// A figure's written value ([`value_key`]) → the figures that have it.
    value_postings: KeyTable,
    /// Every quotation's place and speaker, read in place.
    pub quotes: Rows<StoredQuote>,
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
    pub roles: Rows<(EntityId, usize, Role)>,
    pub roles_by_entity: HashMap<EntityId, Vec<usize>>,
    pub roles_by_org: HashMap<String, Vec<usize>>,
    pub roles_by_title: HashMap<String, Vec<usize>>,
    /// How often the archive's sentences carrying each kind of figure
    /// ([`Figure::source_key`]) name a source: (key, [sentences,
    /// attributed]), sorted by key.
    figure_sources: Vec<(String, [u32; 2])>,
}

/// How many decoded figures the index keeps: the figures a draft's
/// searches reach, a few thousand, for many re-checks (about 300 bytes
/// each: at most 15 MB, against 200 MB for all of a 100,000-article archive's).
const FIGURES_KEPT: usize = 50_000;

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
    if f.vague
        || matches!(f.kind, crate::model::figures::FigureKind::Date { .. })
        || f.value.abs() < 100.0 && matches!(f.kind, crate::model::figures::FigureKind::Count)
    {
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
        &[
            "soldier",
            "troop",
            "serviceman",
            "servicemen",
            "reservist",
            "conscript",
            "recruit",
            "fighter",
        ],
        &["man", "men", "people", "person", "individual"],
        &[
            "organization",
            "organisation",
            "entity",
            "entitie",
            "group",
            "battalion",
        ],
    ];
    GROUPS.iter().position(|g| g.contains(&w))
}

/// For each kind of figure ([`Figure::source_key`]), how many of the
/// archive's sentences carry one, and how many of those name a source (the
/// sentence is attributed, or the figure is inside a quotation whose
/// speaker is named). Headlines state nothing and are left out. Sorted by key.
pub fn figure_sources(docs: &[Article]) -> Vec<(String, [u32; 2])> {
    let mut counts: HashMap<String, [u32; 2]> = HashMap::new();
    let mut count = |key: String, attributed: bool| {
        let c = counts.entry(key).or_default();
        c[0] += 1;
        c[1] += u32::from(attributed);
    };
    for a in docs {
        let d = a.doc();
        // Figures come in sentence order: each sentence's kinds are
        // gathered, then counted once each.
        for run in d.figures.chunk_by(|x, y| x.sentence == y.sentence) {
            let Some(s) = d.sentences.get(run[0].sentence).filter(|s| !s.heading) else {
                continue;
            };
            let mut kinds: Vec<(String, bool)> = Vec::new();
            for f in run {
                let Some(key) = f.source_key() else {
                    continue;
                };
                let attributed = s.attributed || in_named_quote(d, f);
                match kinds.iter_mut().find(|k| k.0 == key) {
                    Some(k) => k.1 |= attributed,
                    None => kinds.push((key, attributed)),
                }
            }
            if kinds.is_empty() {
                continue;
            }
            let any = kinds.iter().any(|k| k.1);
            for (key, attributed) in kinds {
                count(key, attributed);
            }
            count(ANY_FIGURE.to_string(), any);
        }
    }
    let mut out: Vec<(String, [u32; 2])> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

/// The figure is inside a quotation whose speaker is named (quotations
/// are in text order).
fn in_named_quote(d: &crate::model::Doc, f: &Figure) -> bool {
    let i = d.quotes.partition_point(|q| q.outer.start <= f.span.start);
    i > 0 && f.span.end <= d.quotes[i - 1].outer.end && d.quotes[i - 1].speaker.is_some()
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
        let mut idx = Index {
            vocab,
            idf,
            max_idf,
            figure_sources: figure_sources(docs),
            ..Default::default()
        };
        // Built as lists of lists, then laid out flat (see `super::flat`).
        let mut content_postings: Vec<Vec<u32>> = vec![Vec::new(); idx.idf.len()];
        let mut claim_postings: Vec<Vec<u32>> = vec![Vec::new(); idx.idf.len()];
        let (
            mut word_postings,
            mut sentence_words,
            mut quote_postings,
            mut quote_ids,
            mut quote_sets,
        ): (
            Vec<Vec<u32>>,
            Vec<Vec<u32>>,
            Vec<Vec<u32>>,
            Vec<Vec<u32>>,
            Vec<Vec<u32>>,
        ) = Default::default();
        let (mut content_bags, mut claim_bags) = (Vec::new(), Vec::new());
        let mut figures: Vec<StoredFigure> = Vec::new();
        let (mut sentence_at, mut sentence_figures, mut quotes): (
            Vec<[u32; 2]>,
            Vec<[u32; 2]>,
            Vec<StoredQuote>,
        ) = Default::default();
        let mut roles: Vec<(EntityId, usize, Role)> = Vec::new();
        let mut value_postings: HashMap<String, Vec<u32>> = HashMap::new();
        let canonical = |form: &str| names.canonical(form).map(str::to_string);
        for (di, a) in docs.iter().enumerate() {
            idx.first_sentence.push(sentence_at.len() as u32);
            let first_figure = figures.len();
            for (si, s) in a.doc().sentences.iter().enumerate() {
                let g = sentence_at.len() as u32;
                sentence_at.push([di as u32, si as u32]);
                let content = bag(&idx, &s.content);
                let claim = bag(&idx, &s.claim);
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
                    value_postings
                        .entry(key)
                        .or_default()
                        .push(figures.len() as u32);
                }
                let written = a
                    .doc()
                    .text
                    .get(f.span.clone())
                    .unwrap_or_default()
                    .to_string();
                figures.push(StoredFigure {
                    doc: di,
                    figure: f.clone(),
                    noun_group,
                    written,
                });
            }
            // Figures come in sentence order: each sentence's are one range.
            let mut k = first_figure;
            for si in 0..a.doc().sentences.len() {
                let start = k;
                while k < figures.len() && figures[k].figure.sentence == si {
                    k += 1;
                }
                sentence_figures.push([start as u32, k as u32]);
            }
            for mut r in roles::extract(a.doc())
                .into_iter()
                .chain(roles::phrases(a.doc()))
            {
                if let Some(id) = names.lookup(&a.doc().mentions[r.person].form) {
                    let i = roles.len();
                    let e = names.entity_of(id);
                    // A role phrase is filed by its words and its person's
                    // entity ([`roles::phrase_of`]), apart from the roles
                    // `roles_of` gives.
                    if r.phrase.is_empty() {
                        idx.roles_by_entity.entry(e).or_default().push(i);
                    } else {
                        r.titles.push(roles::phrase_of(e.0));
                    }
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
                    roles.push((e, di, r));
                }
            }
            for (qi, q) in a.doc().quotes.iter().enumerate() {
                let speaker = q
                    .speaker
                    .as_ref()
                    .map(|s| canonical(s).unwrap_or_else(|| s.clone()));
                let qn = quotes.len() as u32;
                quotes.push(StoredQuote {
                    doc: di,
                    quote: qi,
                    speaker,
                });
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
        // Encoding a figure cannot fail (no maps with non-string keys, no
        // sequences of unknown length): none is lost.
        idx.figures = Rows::encode(&figures).unwrap_or_default();
        idx.quotes = Rows::encode(&quotes).unwrap_or_default();
        idx.roles = Rows::encode(&roles).unwrap_or_default();
        idx.value_postings = value_postings.into();
        idx.sentence_at = sentence_at.into();
        idx.sentence_figures = sentence_figures.into();
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

    /// Every pair of figures on which the corpus disagrees with itself (for
    /// `copydesk corpus conflicts`): each figure's [`conflicts_of`].
    pub fn all_conflicts(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = (0..self.figures.len())
            .flat_map(|i| {
                conflicts_of(self, i as u32)
                    .into_iter()
                    .map(move |j| (i.min(j as usize), i.max(j as usize)))
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
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

    fn postings(&self, list: List) -> &Lists {
        match list {
            List::Content => &self.content_postings,
            List::Claim => &self.claim_postings,
            List::Quote => &self.quote_postings,
            List::Word => &self.word_postings,
        }
    }

    /// Every kind of figure with how often the archive attributes it (see
    /// [`figure_sources`]), sorted by key.
    pub fn figure_source_rows(&self) -> &[(String, [u32; 2])] {
        &self.figure_sources
    }

    /// The index's tables, row by row, as [`IndexTables`] gives them (for
    /// copying them into a database).
    pub fn export(&self) -> Export<'_> {
        Export { index: self }
    }
}

/// A key roles are filed under, and the roles (by number).
pub type RoleKeyRow<'a> = (&'a str, &'a [usize]);

/// The in-memory index's tables as rows (see [`Index::export`]).
#[derive(Debug, Clone, Copy)]
pub struct Export<'a> {
    index: &'a Index,
}

impl<'a> Export<'a> {
    /// The content vocabulary: (word, id, weight).
    pub fn words(&self) -> impl Iterator<Item = (&'a str, u32, f32)> + 'a {
        let idx = self.index;
        idx.vocab
            .iter()
            .map(move |(w, &id)| (w.as_str(), id, idx.idf[id as usize]))
    }
    /// The vocabulary of [`List::Quote`] or [`List::Word`]: (word, id).
    pub fn vocabulary(&self, list: List) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        let v = if list == List::Quote {
            &self.index.quote_vocab
        } else {
            &self.index.word_vocab
        };
        v.iter().map(|(w, &id)| (w.as_str(), id))
    }
    /// How many posting lists `list` has (one per word id).
    pub fn lists(&self, list: List) -> usize {
        self.index.postings(list).len()
    }
    pub fn max_idf(&self) -> f32 {
        self.index.max_idf
    }
    pub fn sentences(&self) -> usize {
        self.index.sentence_at.len()
    }
    pub fn quotes(&self) -> usize {
        self.index.quotes.len()
    }
    /// The organisation keys and the title keys roles are filed under, each with its roles.
    pub fn role_keys(&self) -> (Vec<RoleKeyRow<'a>>, Vec<RoleKeyRow<'a>>) {
        let by = |m: &'a HashMap<String, Vec<usize>>| {
            m.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect()
        };
        (by(&self.index.roles_by_org), by(&self.index.roles_by_title))
    }
    /// A figure's value key ([`value_key`]).
    pub fn value_key(&self, i: usize) -> Option<String> {
        value_key(&self.index.figures.get(i)?.figure)
    }
}

impl IndexTables for Index {
    fn weights(&self, words: &[String]) -> (Vec<Option<(u32, f32)>>, f32) {
        (
            words
                .iter()
                .map(|w| self.vocab.get(w).map(|&id| (id, self.idf[id as usize])))
                .collect(),
            self.max_idf,
        )
    }

    fn word_ids(&self, list: List, words: &[&str]) -> Vec<Option<u32>> {
        let vocab = match list {
            List::Quote => &self.quote_vocab,
            List::Word => &self.word_vocab,
            List::Content | List::Claim => &self.vocab,
        };
        words.iter().map(|w| vocab.get(*w).copied()).collect()
    }

    fn list_lens(&self, list: List, ids: &[u32]) -> Vec<usize> {
        let postings = self.postings(list);
        ids.iter()
            .map(|&id| postings.get(id as usize).len())
            .collect()
    }

    fn list(&self, list: List, id: u32) -> Got<'_, [u32]> {
        Got::Ref(self.postings(list).get(id as usize))
    }

    fn bag(&self, kind: BagKind, g: u32) -> BagOf<'_> {
        BagOf::Ref(match kind {
            BagKind::Content => self.content.get(g as usize),
            BagKind::Claim => self.claims.get(g as usize),
        })
    }

    fn sentence_words(&self, g: u32) -> Got<'_, [u32]> {
        Got::Ref(self.sentence_words.get(g as usize))
    }

    fn sentence_at(&self, g: u32) -> Option<(u32, u32)> {
        self.sentence_at.get(g as usize).map(|&[a, s]| (a, s))
    }

    fn sentences_of(&self, doc: usize) -> std::ops::Range<u32> {
        let n = self.sentence_at.len() as u32;
        self.first_sentence.get(doc).copied().unwrap_or(n)
            ..self.first_sentence.get(doc + 1).copied().unwrap_or(n)
    }

    fn sentence_figures(&self, g: u32) -> std::ops::Range<u32> {
        self.sentence_figures
            .get(g as usize)
            .map_or(0..0, |&[s, e]| s..e)
    }

    fn figure(&self, i: u32) -> Option<Got<'_, StoredFigure>> {
        let held = || self.decoded.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = held().get(&i) {
            return Some(Got::Shared(f.clone()));
        }
        let f = std::sync::Arc::new(self.figures.get(i as usize)?);
        let mut m = held();
        if m.len() >= FIGURES_KEPT {
            m.clear();
        }
        m.insert(i, f.clone());
        Some(Got::Shared(f))
    }

    fn figure_sources(&self, key: &str) -> Option<[u32; 2]> {
        self.figure_sources
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.figure_sources[i].1)
    }

    fn value_figures(&self, key: &str, max: usize) -> Option<Vec<u32>> {
        self.value_postings
            .get(key)
            .filter(|v| v.len() <= max)
            .map(<[u32]>::to_vec)
    }

    fn quote_set(&self, q: u32) -> Got<'_, [u32]> {
        Got::Ref(self.quote_sets.get(q as usize))
    }

    fn quote(&self, q: u32) -> Option<Got<'_, StoredQuote>> {
        self.quotes
            .get(q as usize)
            .map(|q| Got::Shared(std::sync::Arc::new(q)))
    }

    fn roles(&self, key: RoleKey<'_>) -> Vec<(EntityId, usize, Role)> {
        let ids = match key {
            RoleKey::Entity(e) => self.roles_by_entity.get(&e),
            RoleKey::Org(o) => self.roles_by_org.get(o),
            RoleKey::Title(t) => self.roles_by_title.get(t),
        };
        ids.map_or(Vec::new(), |v| {
            v.iter().filter_map(|&i| self.roles.get(i)).collect()
        })
    }
}

// The searches, over the tables wherever they are kept.

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

/// Figures `i` and `j`, of different articles, count the same thing in
/// sentences about the same thing (similar, or stating another figure
/// alike: "… in 20 regions"), and disagree.
fn disagree<T: IndexTables + ?Sized>(t: &T, i: u32, j: u32) -> bool {
    let (Some(a), Some(b)) = (t.figure(i), t.figure(j)) else {
        return false;
    };
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
    let (ga, gb) = (global_sentence(t, &a), global_sentence(t, &b));
    let others = |g: u32, not: u32| {
        t.sentence_figures(g)
            .filter(|&k| k != not)
            .filter_map(|k| t.figure(k))
            .collect::<Vec<_>>()
    };
    let (oa, ob) = (others(ga, i), others(gb, j));
    let sibling = oa.iter().any(|x| {
        ob.iter().any(|y| {
            x.figure.comparable(&y.figure)
                && x.figure.compatible(&y.figure)
                && x.figure.noun.is_some()
                && x.figure.noun == y.figure.noun
        })
    });
    let (ba, bb) = (t.bag(BagKind::Content, ga), t.bag(BagKind::Content, gb));
    let (sa, sb) = (ba.view(), bb.view());
    if !sibling && Index::similarity(sa, sb).max(Index::similarity(sb, sa)) < SAME_THING {
        return false;
    }
    !a.figure.compatible(&b.figure) || opposite_bounds(&a.figure, &b.figure)
}

/// The global sentence number of a figure.
fn global_sentence<T: IndexTables + ?Sized>(t: &T, f: &StoredFigure) -> u32 {
    t.sentences_of(f.doc).start + f.figure.sentence as u32
}

/// Sentences that may share at least `min_share` of `bag`'s weight:
/// those with one of its rarest words, taken until the words left out
/// weigh less than `min_share` (a sentence without any of them cannot
/// reach it). Only the shortest posting lists are walked.
fn candidates<T: IndexTables + ?Sized>(t: &T, bag: BagRef, list: List, min_share: f32) -> Vec<u32> {
    candidates_outside(t, bag, list, min_share, 0..0)
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
    let mut cands: Vec<u32> = Vec::new();
    for &(_, id) in &rare[..uniq.len() - need + 1] {
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
        .map(|q| (q, shared(&uniq, &t.quote_set(q))))
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
        t.sentence_words(g)
            .windows(ids.len())
            .any(|w| w == ids.as_slice())
    })
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
    matches!(
        a.kind,
        FigureKind::Count | FigureKind::Money(_) | FigureKind::Percent
    ) && ((lower(a) && upper(b)) || (upper(a) && lower(b)))
}
