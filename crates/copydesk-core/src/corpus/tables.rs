//! Where the corpus model's tables are kept, as two interfaces: the
//! names model's ([`NameTables`]) and the index's ([`IndexTables`]).
//!
//! The searches that answer [`super::CorpusQuery`] (`super::index`'s
//! candidate walks, figure scoring, claim cover, quotation overlap) read
//! the tables only through these, so one implementation of each search
//! serves every place a model is kept: in memory or read in place from a
//! persisted index ([`super::NameModel`], [`super::index::Index`]), or in
//! a database that answers each call from indexed tables (the binary's
//! PostgreSQL archive). Every method reads a few rows: a name's row, the
//! posting list of one word, the rows of the sentences a search names.
//! A database answers one query per call, so the searches announce the
//! rows they will read next ([`IndexTables::prefetch`]) and it fetches
//! them in one round trip.

use super::index::{Bag, BagRef, StoredFigure, StoredQuote};
use super::names::{EntityId, NameForm};
use crate::model::roles::Role;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// A row borrowed from tables in memory, or shared out of a database's cache.
#[derive(Debug)]
pub enum Got<'a, T: ?Sized> {
    Ref(&'a T),
    Shared(Arc<T>),
}

impl<T: ?Sized> Deref for Got<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Got::Ref(r) => r,
            Got::Shared(a) => a,
        }
    }
}

/// A sentence's bag, borrowed or shared.
#[derive(Debug)]
pub enum BagOf<'a> {
    Ref(BagRef<'a>),
    Shared(Arc<Bag>),
}

impl BagOf<'_> {
    pub fn view(&self) -> BagRef<'_> {
        match self {
            BagOf::Ref(r) => *r,
            BagOf::Shared(b) => b.view(),
        }
    }
}

/// The posting lists of the index: word id → the sentences (or quotations) that have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// Content word → sentences.
    Content,
    /// Claim word → sentences.
    Claim,
    /// Quotation word → quotations.
    Quote,
    /// A word as written → sentences (for word sequences).
    Word,
}

/// What a search reads of the sentences it announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Their figures, and the content bags of those that state any.
    Figures,
    /// Their claim bags.
    Claims,
    /// Their words as written.
    Words,
}

/// Which of a sentence's two bags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BagKind {
    Content,
    Claim,
}

/// What roles are looked up by.
#[derive(Debug, Clone, Copy)]
pub enum RoleKey<'a> {
    Entity(EntityId),
    /// An organisation, as its canonical spelling.
    Org(&'a str),
    /// A normalised title.
    Title(&'a str),
}

/// The names model's tables.
pub trait NameTables: Send + Sync + std::fmt::Debug {
    /// The spelling `form` (or a glued copy of it, "Peskovin"), if the corpus writes it as a name.
    fn lookup(&self, form: &str) -> Option<u32>;
    /// [`NameTables::lookup`] and [`NameTables::lower_count`] will be asked
    /// of these forms next (a database answers them together).
    fn prefetch_forms(&self, _forms: &[&str]) {}
    fn form(&self, id: u32) -> Option<Got<'_, NameForm>>;
    /// Spellings filed under one of `form`'s keys (deletion neighbourhood,
    /// transliteration skeleton): unsorted, without repeats.
    fn neighbours(&self, form: &str) -> Vec<u32>;
    /// Spellings recorded as variants of `id`.
    fn variants(&self, id: u32) -> Vec<u32>;
    /// How often the corpus writes `word` in lower case.
    fn lower_count(&self, word: &str) -> u32;
    /// Up to `max` canonical spellings with a word starting with `prefix`
    /// (lower case), for completion.
    fn complete(&self, prefix: &str, max: usize) -> Vec<String>;

    /// The entity a spelling belongs to: itself, or the common spelling it is a variant of.
    fn entity_of(&self, id: u32) -> EntityId {
        EntityId(
            self.form(id)
                .and_then(|f| f.variant_of.as_ref().map(|v| v.0))
                .unwrap_or(id),
        )
    }
    /// The canonical spelling of the entity `form` names.
    fn canonical(&self, form: &str) -> Option<String> {
        let id = self.lookup(form)?;
        Some(self.form(self.entity_of(id).0)?.form.clone())
    }
    /// Whether two spellings are named in one article somewhere.
    fn cooccur(&self, a: u32, b: u32) -> bool {
        let (Some(x), Some(y)) = (self.form(a), self.form(b)) else {
            return false;
        };
        let (small, large) = if x.articles.len() <= y.articles.len() {
            (&x.articles, &y.articles)
        } else {
            (&y.articles, &x.articles)
        };
        small.iter().any(|d| large.binary_search(d).is_ok())
    }
}

/// The index's tables. Sentences are numbered corpus-wide ("global").
pub trait IndexTables: Send + Sync + std::fmt::Debug {
    /// Each word's id and weight in the content vocabulary (`None` if the
    /// corpus does not have it), and the weight of a word it does not have.
    fn weights(&self, words: &[String]) -> (Vec<Option<(u32, f32)>>, f32);
    /// The searches will ask [`IndexTables::weights`] of these words next
    /// (a database reads them in one round trip instead of one a sentence;
    /// tables in memory leave the iterator unread).
    fn prefetch_weights(&self, _words: &mut dyn Iterator<Item = &String>) {}
    /// Ids of words in the vocabulary of `list` ([`List::Quote`] or
    /// [`List::Word`]; the content vocabulary otherwise).
    fn word_ids(&self, list: List, words: &[&str]) -> Vec<Option<u32>>;
    /// How long posting lists are, without reading them.
    fn list_lens(&self, list: List, ids: &[u32]) -> Vec<usize>;
    fn list(&self, list: List, id: u32) -> Got<'_, [u32]>;
    /// The searches will read these posting lists next (a database reads
    /// them in one round trip instead of one each).
    fn prefetch_lists(&self, _list: List, _ids: &[u32]) {}
    /// The searches will read `need` of these sentences next.
    fn prefetch(&self, _need: Need, _sentences: &[u32]) {}
    /// How many answers these tables have left out so far (a database past
    /// its deadline: rows read as absent); a search made while this count
    /// changed is not remembered. Tables in memory never leave one out.
    fn answers_left_out(&self) -> u64 {
        0
    }
    /// The searches will read these quotations' rows next.
    fn prefetch_quotes(&self, _quotes: &[u32]) {}
    fn bag(&self, kind: BagKind, g: u32) -> BagOf<'_>;
    /// A sentence's words as written, as [`List::Word`] ids.
    fn sentence_words(&self, g: u32) -> Got<'_, [u32]>;
    /// Global sentence → (article, sentence in the article).
    fn sentence_at(&self, g: u32) -> Option<(u32, u32)>;
    /// The global numbers of an article's sentences.
    fn sentences_of(&self, doc: usize) -> Range<u32>;
    /// The figures a sentence states, as figure numbers.
    fn sentence_figures(&self, g: u32) -> Range<u32>;
    fn figure(&self, i: u32) -> Option<Got<'_, StoredFigure>>;
    /// How many of the archive's sentences carry a figure of the kind
    /// `key` ([`crate::model::Figure::source_key`]), and how many of those
    /// name a source: [sentences, attributed].
    fn figure_sources(&self, key: &str) -> Option<[u32; 2]>;
    /// The figures whose value is written `key`, if there are at most `max`.
    fn value_figures(&self, key: &str, max: usize) -> Option<Vec<u32>>;
    /// A quotation's distinct [`List::Quote`] word ids, sorted.
    fn quote_set(&self, q: u32) -> Got<'_, [u32]>;
    fn quote(&self, q: u32) -> Option<Got<'_, StoredQuote>>;
    /// Roles the corpus gives people: (entity, article, role).
    fn roles(&self, key: RoleKey<'_>) -> Vec<(EntityId, usize, Role)>;
}

/// Both: a whole corpus model kept somewhere other than memory.
pub trait Tables: NameTables + IndexTables {}
impl<T: NameTables + IndexTables> Tables for T {}
