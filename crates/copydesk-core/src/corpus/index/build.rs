//! Building the in-memory [`Index`] from the analysed articles.

use super::rules::{noun_group, value_key};
use super::search::bag;
use super::{Index, StoredFigure, StoredQuote};
use crate::corpus::Article;
use crate::corpus::flat::Rows;
use crate::corpus::names::{EntityId, NameModel};
use crate::model::doc::quote_words;
use crate::model::figures::{ANY_FIGURE, Figure};
use crate::model::roles::{self, Role};
use crate::model::wordhash::WordMap;
use std::collections::HashMap;

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
        let (vocab, idf, max_idf) = vocabulary(docs);
        let mut idx = Index {
            vocab,
            idf,
            max_idf,
            figure_sources: figure_sources(docs),
            ..Default::default()
        };
        let mut b = Builder::new(idx.idf.len());
        for (di, a) in docs.iter().enumerate() {
            idx.first_sentence.push(b.sentence_at.len() as u32);
            b.add_sentences(&mut idx, di, a);
            b.add_figures(di, a);
            b.add_roles(&mut idx, names, di, a);
            b.add_quotes(&mut idx, names, di, a);
        }
        b.finish(idx)
    }
}

/// The content words' vocabulary, each word's inverse document frequency
/// over sentences, and the largest it can be.
fn vocabulary(docs: &[Article]) -> (WordMap<String, u32>, Vec<f32>, f32) {
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
    (vocab, idf, n.ln() + 1.0)
}

/// The index's tables while they are filled, article by article: lists of
/// lists, laid out flat at the end (see `super::flat`).
#[derive(Default)]
struct Builder {
    content_postings: Vec<Vec<u32>>,
    claim_postings: Vec<Vec<u32>>,
    word_postings: Vec<Vec<u32>>,
    sentence_words: Vec<Vec<u32>>,
    quote_postings: Vec<Vec<u32>>,
    quote_ids: Vec<Vec<u32>>,
    quote_sets: Vec<Vec<u32>>,
    content_bags: Vec<super::Bag>,
    claim_bags: Vec<super::Bag>,
    figures: Vec<StoredFigure>,
    sentence_at: Vec<[u32; 2]>,
    sentence_figures: Vec<[u32; 2]>,
    quotes: Vec<StoredQuote>,
    roles: Vec<(EntityId, usize, Role)>,
    value_postings: HashMap<String, Vec<u32>>,
}

impl Builder {
    fn new(words: usize) -> Builder {
        Builder {
            content_postings: vec![Vec::new(); words],
            claim_postings: vec![Vec::new(); words],
            ..Default::default()
        }
    }

    /// Article `di`'s sentences: their weighted bags and postings, and
    /// their words as written (for quotations and their postings).
    fn add_sentences(&mut self, idx: &mut Index, di: usize, a: &Article) {
        for (si, s) in a.doc().sentences.iter().enumerate() {
            let g = self.sentence_at.len() as u32;
            self.sentence_at.push([di as u32, si as u32]);
            let content = bag(idx, &s.content);
            let claim = bag(idx, &s.claim);
            for &id in &content.ids {
                self.content_postings[id as usize].push(g);
            }
            for &id in &claim.ids {
                self.claim_postings[id as usize].push(g);
            }
            self.content_bags.push(content);
            self.claim_bags.push(claim);
            let mut ids = Vec::new();
            for (w, _) in quote_words(&a.doc().prose.masked, s.range.clone()) {
                let next = idx.word_vocab.len() as u32;
                let id = *idx.word_vocab.entry(w).or_insert(next);
                if id as usize == self.word_postings.len() {
                    self.word_postings.push(Vec::new());
                }
                if self.word_postings[id as usize].last() != Some(&g) {
                    self.word_postings[id as usize].push(g);
                }
                ids.push(id);
            }
            self.sentence_words.push(ids);
        }
    }

    /// Article `di`'s figures, filed by value, and each sentence's range of them.
    fn add_figures(&mut self, di: usize, a: &Article) {
        let first_figure = self.figures.len();
        for f in &a.doc().figures {
            let noun_group = f.noun.as_deref().and_then(noun_group);
            if let Some(key) = value_key(f) {
                self.value_postings
                    .entry(key)
                    .or_default()
                    .push(self.figures.len() as u32);
            }
            let written = a
                .doc()
                .text
                .get(f.span.clone())
                .unwrap_or_default()
                .to_string();
            self.figures.push(StoredFigure {
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
            while k < self.figures.len() && self.figures[k].figure.sentence == si {
                k += 1;
            }
            self.sentence_figures.push([start as u32, k as u32]);
        }
    }

    /// Article `di`'s roles, filed by entity, organisation and title.
    fn add_roles(&mut self, idx: &mut Index, names: &NameModel, di: usize, a: &Article) {
        let canonical = |form: &str| names.canonical(form).map(str::to_string);
        for mut r in roles::extract(a.doc())
            .into_iter()
            .chain(roles::phrases(a.doc()))
        {
            let Some(id) = names.lookup(&a.doc().mentions[r.person].form) else {
                continue;
            };
            let i = self.roles.len();
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
            self.roles.push((e, di, r));
        }
    }

    /// Article `di`'s quotations: their speakers, words and postings.
    fn add_quotes(&mut self, idx: &mut Index, names: &NameModel, di: usize, a: &Article) {
        let canonical = |form: &str| names.canonical(form).map(str::to_string);
        for (qi, q) in a.doc().quotes.iter().enumerate() {
            let speaker = q
                .speaker
                .as_ref()
                .map(|s| canonical(s).unwrap_or_else(|| s.clone()));
            let qn = self.quotes.len() as u32;
            self.quotes.push(StoredQuote {
                doc: di,
                quote: qi,
                speaker,
            });
            let mut ids = Vec::with_capacity(q.words.len());
            for (w, _) in &q.words {
                let next = idx.quote_vocab.len() as u32;
                let id = *idx.quote_vocab.entry(w.clone()).or_insert(next);
                if id as usize == self.quote_postings.len() {
                    self.quote_postings.push(Vec::new());
                }
                if self.quote_postings[id as usize].last() != Some(&qn) {
                    self.quote_postings[id as usize].push(qn);
                }
                ids.push(id);
            }
            let mut set = ids.clone();
            set.sort_unstable();
            set.dedup();
            self.quote_sets.push(set);
            self.quote_ids.push(ids);
        }
    }

    /// The tables laid out flat in `idx`.
    fn finish(self, mut idx: Index) -> Index {
        // Encoding a figure cannot fail (no maps with non-string keys, no
        // sequences of unknown length): none is lost.
        idx.figures = Rows::encode(&self.figures).unwrap_or_default();
        idx.quotes = Rows::encode(&self.quotes).unwrap_or_default();
        idx.roles = Rows::encode(&self.roles).unwrap_or_default();
        idx.value_postings = self.value_postings.into();
        idx.sentence_at = self.sentence_at.into();
        idx.sentence_figures = self.sentence_figures.into();
        idx.content = self.content_bags.into();
        idx.claims = self.claim_bags.into();
        idx.content_postings = self.content_postings.into();
        idx.claim_postings = self.claim_postings.into();
        idx.word_postings = self.word_postings.into();
        idx.sentence_words = self.sentence_words.into();
        idx.quote_postings = self.quote_postings.into();
        idx.quote_ids = self.quote_ids.into();
        idx.quote_sets = self.quote_sets.into();
        idx
    }
}
