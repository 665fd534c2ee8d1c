//! The corpus answers [`CorpusQuery`] from its model's tables (`NameTables`, `IndexTables`: in memory, or in a database), and remembers the answers a re-check asks again.

use super::index::{self, Index};
use super::names::EntityId;
use super::query::*;
use super::tables::RoleKey;
use super::{Article, Corpus};
use crate::finding::Source;
use crate::model::figures::Figure;
use crate::model::roles::Role;
use std::ops::Range;
use std::path::PathBuf;

/// How many `figures_for` (and `statements_about`) answers the corpus remembers before starting afresh.
const FIGURE_MEMO: usize = 20_000;

impl Corpus {
    fn spelling_of(&self, id: u32) -> Option<Spelling> {
        let names = self.names();
        let f = names.form(id)?;
        Some(Spelling {
            form: f.form.clone(),
            entity: names.entity_of(id),
            count: f.count,
            mentions: f.mentions,
            articles: f.articles.len() as u32,
            kind: f.kind,
            given: f.given.clone(),
            as_given: f.as_given,
            titles: f.titles.clone(),
            next: f.next.clone(),
            variant: f.variant_of.as_ref().map(|v| v.1.clone()),
            preferred: self.style.prefers(&f.form),
            house: f.house.clone(),
        })
    }

    fn role_fact(&self, (e, di, r): (EntityId, usize, Role)) -> RoleFact {
        let d = self.docs.get(di).map(Article::doc);
        let canonical = |w: &str| self.names().canonical(w).unwrap_or_else(|| w.to_string());
        RoleFact {
            entity: e,
            title: r.title.clone(),
            titles: r.titles.clone(),
            orgs: r.orgs.iter().map(|o| canonical(o)).collect(),
            // An analysis that could not be fetched reads as empty: no panic.
            text: d
                .and_then(|d| d.text.get(r.span.clone()))
                .unwrap_or_default()
                .to_string(),
            post: r.post,
            former: r.former,
            given: r.given,
            source: self.sentence_source(SentenceId {
                article: ArticleId(di as u32),
                index: d
                    .and_then(|d| d.mentions.get(r.person))
                    .map_or(0, |m| m.sentence as u32),
            }),
        }
    }

    fn roles(&self, key: RoleKey<'_>) -> Vec<RoleFact> {
        self.tables()
            .roles(key)
            .into_iter()
            .map(|r| self.role_fact(r))
            .collect()
    }

    /// The role phrases filed under `key`, counted by person and phrase
    /// (remembered: a re-check asks the same again).
    fn phrase_facts(&self, key: &str) -> Vec<PhraseFact> {
        let memo = || self.phrase_memo.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = memo().get(key) {
            return hit.clone();
        }
        let left_out = self.tables().answers_left_out();
        let mut out: Vec<PhraseFact> = Vec::new();
        for (entity, di, r) in self.tables().roles(RoleKey::Title(key)) {
            let given = r.given.clone().unwrap_or_default();
            let phrase: Vec<String> = r.phrase.iter().map(|w| w.to_lowercase()).collect();
            match out
                .iter_mut()
                .find(|f| f.entity == entity && f.given == given && f.phrase == phrase)
            {
                Some(f) => f.count += 1,
                None => out.push(PhraseFact {
                    entity,
                    given,
                    phrase,
                    count: 1,
                    at: SentenceId {
                        article: ArticleId(di as u32),
                        index: r.sentence as u32,
                    },
                }),
            }
        }
        out.sort_by_key(|a| std::cmp::Reverse(a.count));
        if !self.whole_since(left_out) {
            return out;
        }
        let mut m = memo();
        if m.len() >= FIGURE_MEMO {
            m.clear();
        }
        m.insert(key.to_string(), out.clone());
        out
    }

    /// Whether no answer was left out since the count was `left_out` (see
    /// [`IndexTables::answers_left_out`]): only then is a search remembered.
    fn whole_since(&self, left_out: u64) -> bool {
        self.tables().answers_left_out() == left_out
    }

    fn memo(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Vec<(FigureId, f32)>>> {
        // A poisoned lock only means another thread panicked mid-insert: the map is still sound.
        self.figure_memo.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn doc(&self, a: ArticleId) -> Option<&crate::model::Doc> {
        self.docs.get(a.0 as usize).map(Article::doc)
    }
}

impl CorpusQuery for Corpus {
    fn id(&self) -> u64 {
        self.id
    }

    fn article_count(&self) -> usize {
        self.docs.len()
    }

    fn article_path(&self, a: ArticleId) -> String {
        self.docs
            .get(a.0 as usize)
            .map(|x| x.path.clone())
            .unwrap_or_default()
    }

    fn article_file(&self, a: ArticleId) -> Option<PathBuf> {
        self.docs.get(a.0 as usize)?.file.clone()
    }

    fn text(&self, a: ArticleId, range: Range<usize>) -> String {
        self.doc(a)
            .and_then(|d| d.text.get(range))
            .unwrap_or("")
            .to_string()
    }

    fn source(&self, a: ArticleId, at: Range<usize>, quote: Range<usize>) -> Source {
        let line = self
            .doc(a)
            .map_or(0, |d| d.lines.line_of(at.start.min(d.text.len())) + 1);
        Source {
            article: a,
            line,
            quote: self.text(a, quote),
            span: at,
        }
    }

    fn sentence_source(&self, s: SentenceId) -> Source {
        let r = self
            .doc(s.article)
            .and_then(|d| d.sentences.get(s.index as usize))
            .map_or(0..0, |x| x.range.clone());
        self.source(s.article, r.clone(), r)
    }

    fn prefetch_names(&self, forms: &[&str]) {
        self.names().prefetch_forms(forms);
    }

    fn prefetch_words(&self, words: &mut dyn Iterator<Item = &String>) {
        self.tables().prefetch_weights(words);
    }

    fn spelling(&self, form: &str) -> Option<Spelling> {
        self.names()
            .lookup(form)
            .and_then(|id| self.spelling_of(id))
    }

    fn spelling_candidates(&self, form: &str) -> Vec<Spelling> {
        self.names()
            .neighbours(form)
            .into_iter()
            .filter_map(|id| self.spelling_of(id))
            .filter(|s| s.form != form)
            .collect()
    }

    fn canonical(&self, form: &str) -> Option<String> {
        // The spelling alone, without building the whole entity.
        self.names().canonical(form)
    }

    fn entity(&self, e: EntityId) -> Option<Entity> {
        let names = self.names();
        let f = names.form(e.0)?;
        let variants = names
            .variants(e.0)
            .into_iter()
            .filter_map(|v| names.form(v))
            .map(|v| {
                (
                    v.form.clone(),
                    v.count,
                    v.variant_of
                        .as_ref()
                        .map(|x| x.1.clone())
                        .unwrap_or_default(),
                )
            })
            .collect();
        Some(Entity {
            id: e,
            canonical: f.form.clone(),
            kind: f.kind,
            count: f.count,
            articles: f.articles.len() as u32,
            variants,
            given: f.given.clone(),
        })
    }

    fn shares_articles(&self, e: EntityId, others: &[EntityId]) -> usize {
        others
            .iter()
            .filter(|o| **o != e && self.names().cooccur(e.0, o.0))
            .count()
    }

    fn lower_case_count(&self, word: &str) -> u32 {
        self.names().lower_count(word)
    }

    fn known_names_in(&self, text: &str) -> Vec<Range<usize>> {
        let Some(ac) = &self.phrases else {
            return Vec::new();
        };
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        ac.find_iter(text)
            .filter(|m| {
                !word(text[..m.start()].chars().next_back())
                    && !word(text[m.end()..].chars().next())
            })
            .map(|m| m.range())
            .collect()
    }

    fn entity_sources(&self, e: EntityId, max: usize) -> Vec<Source> {
        let Some(f) = self.names().form(e.0) else {
            return Vec::new();
        };
        f.examples
            .iter()
            .take(max)
            .map(|(a, at, sentence)| self.source(ArticleId(*a), at.clone(), sentence.clone()))
            .collect()
    }

    fn roles_of(&self, e: EntityId) -> Vec<RoleFact> {
        self.roles(RoleKey::Entity(e))
    }

    fn roles_with_org(&self, org: &str) -> Vec<RoleFact> {
        self.roles(RoleKey::Org(org))
    }

    fn roles_with_title(&self, title: &str) -> Vec<RoleFact> {
        self.roles(RoleKey::Title(title))
    }

    fn phrase_roles_of(&self, e: EntityId) -> Vec<PhraseFact> {
        self.phrase_facts(&crate::model::roles::phrase_of(e.0))
    }

    fn phrase_holders(&self, words: &[String]) -> Vec<PhraseFact> {
        self.phrase_facts(&crate::model::roles::phrase_key(words))
    }

    fn figures_for(&self, content: &[String], fig: &Figure) -> Vec<(FigureId, f32)> {
        // Asked again for the same sentence on every re-check of a draft: remembered.
        let key = format!(
            "{content:?}\u{1}{:?}\u{1}{}\u{1}{}\u{1}{}\u{1}{:?}\u{1}{:?}",
            fig.kind, fig.lo, fig.hi, fig.value, fig.noun, fig.total
        );
        if let Some(hit) = self.memo().get(&key) {
            return hit.clone();
        }
        let t = self.tables();
        let left_out = t.answers_left_out();
        let out: Vec<(FigureId, f32)> = index::figure_candidates(t, &index::bag(t, content), fig)
            .into_iter()
            .map(|(i, s)| (FigureId(i), s))
            .collect();
        if !self.whole_since(left_out) {
            return out;
        }
        let mut memo = self.memo();
        if memo.len() >= FIGURE_MEMO {
            memo.clear();
        }
        memo.insert(key, out.clone());
        out
    }

    fn figure_sources(&self, key: &str) -> Option<SourceRate> {
        let [sentences, attributed] = self.tables().figure_sources(key)?;
        Some(SourceRate {
            sentences,
            attributed,
        })
    }

    fn sentence_figures(&self, s: SentenceId) -> Vec<FigureId> {
        index::figures_in(self.tables(), s.article.0 as usize, s.index as usize)
            .map(FigureId)
            .collect()
    }

    fn figure(&self, id: FigureId) -> Option<CorpusFigure> {
        let f = self.tables().figure(id.0)?;
        let article = ArticleId(f.doc as u32);
        Some(CorpusFigure {
            id,
            sentence: SentenceId {
                article,
                index: f.figure.sentence as u32,
            },
            figure: f.figure.clone(),
            written: f.written.clone(),
        })
    }

    fn conflicts_of(&self, id: FigureId) -> Vec<FigureId> {
        index::conflicts_of(self.tables(), id.0)
            .into_iter()
            .map(FigureId)
            .collect()
    }

    fn statements_about(&self, claim: &[String], min: f32) -> Vec<(SentenceId, f32)> {
        // Asked again for the same sentence on every re-check of a draft: remembered.
        let key = format!("{claim:?}\u{1}{min}");
        let memo = || {
            self.statement_memo
                .lock()
                .unwrap_or_else(|e| e.into_inner())
        };
        if let Some(hit) = memo().get(&key) {
            return hit.clone();
        }
        let t = self.tables();
        let left_out = t.answers_left_out();
        let out: Vec<(SentenceId, f32)> = index::similar_claims(t, &index::bag(t, claim), min)
            .into_iter()
            .filter_map(|(g, s)| {
                let (a, i) = t.sentence_at(g)?;
                Some((
                    SentenceId {
                        article: ArticleId(a),
                        index: i,
                    },
                    s,
                ))
            })
            .collect();
        // The callers read these statements next, each from its article.
        super::prefetch_docs(&self.docs, out.iter().map(|(s, _)| s.article.0 as usize));
        if !self.whole_since(left_out) {
            return out;
        }
        let mut memo = memo();
        if memo.len() >= FIGURE_MEMO {
            memo.clear();
        }
        memo.insert(key, out.clone());
        out
    }

    fn claims_covered_by(
        &self,
        claims: &[&[String]],
        articles: &[ArticleId],
        min: f32,
    ) -> Vec<usize> {
        // Asked again on every re-check for the draft's unchanged
        // sentences: remembered by claim and article.
        let t = self.tables();
        let memo = || self.cover_memo.lock().unwrap_or_else(|e| e.into_inner());
        let mut counts = vec![0; articles.len()];
        for c in claims {
            let key = format!("{c:?}\u{1}{min}");
            let known: Vec<Option<bool>> = {
                let m = memo();
                let held = m.get(&key);
                articles
                    .iter()
                    .map(|a| held.and_then(|h| h.get(&a.0).copied()))
                    .collect()
            };
            let left_out = t.answers_left_out();
            let mut bag = None;
            let mut found = Vec::new();
            for ((a, k), n) in articles.iter().zip(known).zip(&mut counts) {
                let covered = k.unwrap_or_else(|| {
                    let v = index::covered_in_article(
                        t,
                        bag.get_or_insert_with(|| index::bag(t, c)),
                        a.0 as usize,
                        min,
                    );
                    found.push((a.0, v));
                    v
                });
                *n += usize::from(covered);
            }
            if !found.is_empty() && self.whole_since(left_out) {
                let mut m = memo();
                if m.len() >= FIGURE_MEMO {
                    m.clear();
                }
                m.entry(key).or_default().extend(found);
            }
        }
        counts
    }

    fn statement(&self, s: SentenceId) -> Option<Statement> {
        let sentence = self.doc(s.article)?.sentences.get(s.index as usize)?;
        Some(Statement {
            id: s,
            text: self.text(s.article, sentence.range.clone()),
            claim: sentence.claim.clone(),
            content: sentence.content.clone(),
            attributed: sentence.attributed,
            heading: sentence.heading,
        })
    }

    fn sentence_entities(&self, s: SentenceId) -> Vec<EntityId> {
        let Some(d) = self.doc(s.article) else {
            return Vec::new();
        };
        let Some(sentence) = d.sentences.get(s.index as usize) else {
            return Vec::new();
        };
        let mut out: Vec<EntityId> = d
            .mentions
            .get(sentence.mentions.clone())
            .unwrap_or_default()
            .iter()
            .filter_map(|m| self.names().lookup(&m.form))
            .map(|id| self.names().entity_of(id))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn similarity(&self, a: &[String], b: &[String]) -> f32 {
        let t = self.tables();
        Index::similarity(index::bag(t, a).view(), index::bag(t, b).view())
    }

    fn quotations_sharing(&self, words: &[&str]) -> Vec<QuoteId> {
        index::quotes_sharing(self.tables(), words)
            .into_iter()
            .map(QuoteId)
            .collect()
    }

    fn quotation(&self, id: QuoteId) -> Option<Quotation> {
        let q = self.tables().quote(id.0)?;
        let quote = self.docs.get(q.doc)?.doc().quotes.get(q.quote)?;
        Some(Quotation {
            id,
            article: ArticleId(q.doc as u32),
            words: quote.words.clone(),
            inner: quote.inner.clone(),
            speaker: q.speaker.clone(),
        })
    }

    fn contains_words(&self, words: &[&str]) -> bool {
        index::contains_words(self.tables(), words)
    }
}
