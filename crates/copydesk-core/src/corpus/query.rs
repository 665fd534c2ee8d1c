//! The questions the checks and hover ask a corpus, as one interface.
//!
//! Every answer is owned and small, and every call is answered from
//! postings (the spellings near a form, the figures and statements that
//! share a draft sentence's words, the quotations that share its words),
//! never by walking the whole corpus — so the same interface can stand in
//! front of the in-memory model ([`crate::Corpus`]), a persisted index or a
//! database.

use super::names::{EntityId, EntityKind};
use crate::finding::Source;
use crate::model::figures::Figure;
use std::ops::Range;
use std::path::PathBuf;

/// An article of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u32);

/// A sentence of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SentenceId {
    pub article: ArticleId,
    pub index: u32,
}

/// A figure stated in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigureId(pub u32);

/// A quotation in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuoteId(pub u32);

/// How the corpus writes one spelling of a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Spelling {
    pub form: String,
    /// The entity it names: itself, or the common spelling it is a rare variant of.
    pub entity: EntityId,
    /// Mentions that show it is a name (not first in a sentence, not in a headline).
    pub count: u32,
    /// Every capitalised mention, sentence starts and headlines included.
    pub mentions: u32,
    /// Articles that mention it.
    pub articles: u32,
    pub kind: EntityKind,
    /// First names written before it, most used first.
    pub given: Vec<(String, u32)>,
    /// How often it is itself written as a first name, before another name.
    pub as_given: u32,
    /// The titles written before it ("mr", "lord"), lower case, with counts.
    pub titles: Vec<(String, u32)>,
    /// Names written after it when it is a first name, most used first.
    pub next: Vec<(String, u32)>,
    /// Why it counts as a variant of its entity's canonical spelling, if it is one.
    pub variant: Option<String>,
    /// The style guide (`names.toml`) prefers this spelling.
    pub preferred: bool,
    /// Transliteration alternations the archive practises that apply to
    /// it (see [`super::names::NameForm::house`]).
    pub house: Vec<String>,
}

impl Spelling {
    /// Whether `first` (or a spelling of it) is a first name the corpus writes before it.
    pub fn has_given(&self, first: &str) -> bool {
        super::names::has_given(&self.given, first)
    }

    /// `other` is this name written in a way the archive itself also
    /// writes names (Dmitri beside Dmitry where it writes Sergei and Sergey).
    pub fn house_style(&self, other: &str) -> bool {
        crate::model::names::alternation(&self.form, other).is_some_and(|a| self.house.contains(&a))
    }
}

/// A name entity: its canonical spelling and the rare variants recorded for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: EntityId,
    pub canonical: String,
    pub kind: EntityKind,
    pub count: u32,
    pub articles: u32,
    /// Variant spellings with their counts and the evidence for each.
    pub variants: Vec<(String, u32, String)>,
    pub given: Vec<(String, u32)>,
}

/// A role the corpus gives a person: "Countryside Alliance chairman John Jackson".
#[derive(Debug, Clone, PartialEq)]
pub struct RoleFact {
    pub entity: EntityId,
    /// Normalised title ("head", "spokesman") and every title in the phrase.
    pub title: String,
    pub titles: Vec<String>,
    /// Organisation words, as canonical spellings.
    pub orgs: Vec<String>,
    /// The role as written.
    pub text: String,
    /// The specific post, if named, and whether once held ("former").
    pub post: Option<String>,
    pub former: bool,
    /// The first name the article gives the person.
    pub given: Option<String>,
    /// The sentence that states it.
    pub source: Source,
}

/// A role phrase the corpus writes against one person's full name
/// ("Tory leader Michael Howard"), with how often it does.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseFact {
    pub entity: EntityId,
    /// The first name written with the surname.
    pub given: String,
    /// The phrase's words, lower case.
    pub phrase: Vec<String>,
    /// How many times the corpus writes it with this full name.
    pub count: u32,
    /// The first sentence that does.
    pub at: SentenceId,
}

/// A figure the corpus states, with its sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusFigure {
    pub id: FigureId,
    pub sentence: SentenceId,
    pub figure: Figure,
    /// The figure as written in the article.
    pub written: String,
}

/// How often the archive's sentences carrying one kind of figure (the
/// same noun counted or unit measured) name a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRate {
    /// Sentences (not headlines) with such a figure.
    pub sentences: u32,
    /// Those that name a source.
    pub attributed: u32,
}

impl SourceRate {
    /// The share of them that name a source.
    pub fn rate(&self) -> f32 {
        self.attributed as f32 / self.sentences.max(1) as f32
    }
}

/// A corpus sentence as a statement: its text and the words of its claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub id: SentenceId,
    pub text: String,
    /// Claim stems (see [`crate::model::Sentence::claim`]).
    pub claim: Vec<String>,
    /// Content stems (see [`crate::model::Sentence::content`]).
    pub content: Vec<String>,
    /// It names a source ("said", "according to") outside quotation marks.
    pub attributed: bool,
    /// A headline, not a statement in the article's text.
    pub heading: bool,
}

/// A quotation in the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Quotation {
    pub id: QuoteId,
    pub article: ArticleId,
    /// Normalised words with their spans in the article.
    pub words: Vec<(String, Range<usize>)>,
    /// The text between the marks, in the article.
    pub inner: Range<usize>,
    /// Canonical name of the speaker, when known.
    pub speaker: Option<String>,
}

/// Everything the checks and hover ask of a corpus.
pub trait CorpusQuery: Sync {
    /// Unique to this corpus in this process: results made against one are
    /// never reused with another.
    fn id(&self) -> u64;
    fn article_count(&self) -> usize;
    /// How findings name the article (`corpus/004_….txt`).
    fn article_path(&self, a: ArticleId) -> String;
    /// The file on disk, when the article was loaded from one.
    fn article_file(&self, a: ArticleId) -> Option<PathBuf>;
    /// The article's text in `range` (empty if out of range).
    fn text(&self, a: ArticleId, range: Range<usize>) -> String;
    /// A [`Source`] pointing at `at` in article `a`, quoting `quote`.
    fn source(&self, a: ArticleId, at: Range<usize>, quote: Range<usize>) -> Source;
    /// The sentence `s` as a [`Source`].
    fn sentence_source(&self, s: SentenceId) -> Source;

    // Names.
    /// How the corpus writes `form`, if it writes it as a name.
    fn spelling(&self, form: &str) -> Option<Spelling>;
    /// The checks will ask about these names next ([`CorpusQuery::spelling`],
    /// [`CorpusQuery::lower_case_count`]): a database reads them at once.
    fn prefetch_names(&self, _forms: &[&str]) {}
    /// The searches will weigh these words next (the draft's content and
    /// claim words): a database reads their weights at once.
    fn prefetch_words(&self, _words: &mut dyn Iterator<Item = &String>) {}
    /// Spellings the corpus writes that are one edit from `form`, or equal
    /// to it under the transliteration skeleton.
    fn spelling_candidates(&self, form: &str) -> Vec<Spelling>;
    fn entity(&self, e: EntityId) -> Option<Entity>;
    /// The canonical spelling of the entity `form` names.
    fn canonical(&self, form: &str) -> Option<String> {
        self.spelling(form)
            .and_then(|s| self.entity(s.entity))
            .map(|e| e.canonical)
    }
    /// How many of `others` are named in an article together with `e`.
    fn shares_articles(&self, e: EntityId, others: &[EntityId]) -> usize;
    /// How often the corpus writes `word` in lower case (evidence it is a word, not a name).
    fn lower_case_count(&self, word: &str) -> u32;
    /// Known names of several words found in `text`, as byte ranges (one pass).
    fn known_names_in(&self, text: &str) -> Vec<Range<usize>>;
    /// Up to `max` places where the entity's canonical spelling is written.
    fn entity_sources(&self, e: EntityId, max: usize) -> Vec<Source>;
    /// The roles the corpus gives entity `e`.
    fn roles_of(&self, e: EntityId) -> Vec<RoleFact>;
    /// Roles naming organisation `org` (a canonical spelling).
    fn roles_with_org(&self, org: &str) -> Vec<RoleFact>;
    /// Roles with the normalised title `title`.
    fn roles_with_title(&self, title: &str) -> Vec<RoleFact>;
    /// The role phrases the corpus writes against entity `e`'s full names,
    /// one per first name and phrase, most written first.
    fn phrase_roles_of(&self, e: EntityId) -> Vec<PhraseFact>;
    /// Everyone the corpus writes a role phrase ending in `words` against
    /// (lower case), one per person and phrase, most written first.
    fn phrase_holders(&self, words: &[String]) -> Vec<PhraseFact>;

    // Statements and figures.
    /// Corpus figures that may be about the same thing as `fig`, stated in a
    /// sentence with the content words `content`: a score (0..=1) each, best first.
    fn figures_for(&self, content: &[String], fig: &Figure) -> Vec<(FigureId, f32)>;
    fn figure(&self, id: FigureId) -> Option<CorpusFigure>;
    /// The figures a corpus sentence states.
    fn sentence_figures(&self, s: SentenceId) -> Vec<FigureId>;
    /// How often the archive's reporters give a figure of the kind `key`
    /// a source ([`Figure::source_key`], or
    /// [`crate::model::figures::ANY_FIGURE`] for all of them together):
    /// none if it has no such figure.
    fn figure_sources(&self, key: &str) -> Option<SourceRate>;
    /// Corpus figures about the same thing that disagree with `id`.
    fn conflicts_of(&self, id: FigureId) -> Vec<FigureId>;
    /// Corpus sentences whose claim covers at least `min` of `claim`'s
    /// weight (and are not mostly about something else), best first.
    fn statements_about(&self, claim: &[String], min: f32) -> Vec<(SentenceId, f32)>;
    fn statement(&self, s: SentenceId) -> Option<Statement>;
    /// For each of `articles`, how many of `claims` some sentence of that
    /// article covers, as [`CorpusQuery::statements_about`] with `min`
    /// would find it (the articles' own sentences; no postings).
    fn claims_covered_by(
        &self,
        claims: &[&[String]],
        articles: &[ArticleId],
        min: f32,
    ) -> Vec<usize>;
    /// The name entities a corpus sentence mentions.
    fn sentence_entities(&self, s: SentenceId) -> Vec<EntityId>;
    /// How much of `a`'s weighted words `b` has, 0..=1.
    fn similarity(&self, a: &[String], b: &[String]) -> f32;

    // Quotations.
    /// Quotations that share at least half of `words`' distinct words.
    fn quotations_sharing(&self, words: &[&str]) -> Vec<QuoteId>;
    fn quotation(&self, id: QuoteId) -> Option<Quotation>;
    /// Whether the words appear in this order in some corpus sentence (a
    /// quotation whose marks were lost in a copy).
    fn contains_words(&self, words: &[&str]) -> bool;
}
