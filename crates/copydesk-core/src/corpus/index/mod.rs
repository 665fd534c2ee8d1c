//! The in-memory index over the corpus, built once at load time: word
//! weights, every figure with its sentence, quotations, roles, the places
//! where the corpus disagrees with itself, and the postings that answer the
//! [`super::query::CorpusQuery`] questions without walking the corpus.

mod build;
mod rules;
mod search;

pub use build::figure_sources;
pub use rules::same_noun;
use rules::value_key;
pub use search::{
    bag, conflicts_of, contains_words, covered_in_article, figure_candidates, figures_in,
    quotes_sharing, similar_claims,
};

use super::flat::{Arr, KeyTable, Lists, Rows};
use super::names::EntityId;
use super::tables::{BagKind, BagOf, Got, IndexTables, List, RoleKey};
use crate::model::figures::Figure;
use crate::model::roles::Role;
use crate::model::wordhash::WordMap;
use std::collections::HashMap;

/// A figure in the corpus, with where it is.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StoredFigure {
    pub doc: usize,
    pub figure: Figure,
    /// [`noun_group`](rules::noun_group) of the noun counted, settled once.
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

impl Index {
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
