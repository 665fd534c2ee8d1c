//! Indexes over the corpus, built once at load time:
//! - [`NameIndex`]: names with their variant spellings clustered under one
//!   canonical form, first names, mention counts;
//! - [`Index`]: word weights, every figure with its sentence, quotations,
//!   and the places where the corpus disagrees with itself.

use super::{Article, StyleGuide};
use crate::model::figures::{Figure, FigureKind};
use crate::model::lexicon::{is_english_word, is_stopword};
use crate::model::wordhash::{WordMap, WordSet};
use crate::model::names::{self, fold, is_variant, skeleton};
use crate::model::roles::{self, Role};
use crate::model::doc::quote_words;
use crate::model::{Doc, Quote};
use std::collections::{HashMap, HashSet};

/// One name and its spellings.
#[derive(Debug, Clone)]
pub struct NameEntry {
    pub canonical: String,
    /// Spellings with mention counts, most used first.
    pub forms: Vec<(String, usize)>,
    /// Two spellings tie and the style guide does not settle it.
    pub ambiguous: bool,
    /// First names written before it ("Alexei" for Tabalov).
    pub first_names: Vec<String>,
    /// (article, mention index) of every mention.
    pub mentions: Vec<(usize, usize)>,
    /// How many articles mention it.
    pub articles: usize,
    /// Mostly written before another name: a first name, checked against
    /// its surname rather than on its own.
    pub given: bool,
}

impl NameEntry {
    pub fn count(&self) -> usize {
        self.forms.iter().map(|f| f.1).sum()
    }
}

#[derive(Debug, Default)]
pub struct NameIndex {
    pub entries: Vec<NameEntry>,
    by_form: WordMap<String, usize>,
    /// Skeleton of every form, parallel to `entries[e].forms`.
    skeletons: Vec<Vec<String>>,
    /// Words the corpus writes in lower case: evidence a word is not a name.
    pub lower_vocab: WordSet<String>,
    /// Answers of [`NameIndex::closest`] so far (a pure function of the
    /// index, asked again for the same words on every re-check of a draft).
    closest_memo: std::sync::Mutex<ClosestMemo>,
}

/// Form → what [`NameIndex::closest`] answered for it.
type ClosestMemo = HashMap<String, Option<(usize, String)>>;

/// How many answers [`NameIndex::closest`] remembers before starting afresh.
const CLOSEST_MEMO: usize = 10_000;

impl NameIndex {
    pub fn build(docs: &[Article], style: &StyleGuide) -> NameIndex {
        let mut lower_counts: HashMap<String, usize> = HashMap::new();
        for a in docs {
            for (w, c) in &a.doc.lower_vocab {
                *lower_counts.entry(w.to_lowercase()).or_default() += c;
            }
        }
        let lower_vocab: WordSet<String> = lower_counts.keys().cloned().collect();
        // Which forms are names: written capitalised somewhere other than the
        // start of a sentence or a headline, more often than in lower case.
        let mut evidence: HashMap<&str, usize> = HashMap::new();
        let mut as_first: HashMap<&str, usize> = HashMap::new();
        for a in docs {
            for m in &a.doc.mentions {
                if !m.initial && !m.heading {
                    *evidence.entry(m.form.as_str()).or_default() += 1;
                }
                if let Some(p) = m.prev {
                    *as_first.entry(a.doc.mentions[p].form.as_str()).or_default() += 1;
                }
            }
        }
        let is_common = |form: &str| {
            let l = crate::model::lexicon::normalise(form);
            let lower = lower_counts.get(&l).copied().unwrap_or(0);
            is_stopword(&l) || lower >= evidence.get(form).copied().unwrap_or(0).max(1)
        };
        let is_name = |f: &str| (evidence.contains_key(f) || style.prefers(f)) && !is_common(f);
        // Undo glued words: "Peskovin" = "Peskov" + "in", "Shoiguhe" = "Shoigu" + "he".
        let glue_split = |f: &str| -> Option<usize> {
            for (cut, _) in f.char_indices().rev() {
                if cut < 3 {
                    break;
                }
                let (p, s) = f.split_at(cut);
                if s.chars().count() >= 2
                    && s.chars().all(|c| c.is_lowercase())
                    && (lower_vocab.contains(s) || is_stopword(s))
                    && (style.prefers(p) || (evidence.contains_key(p) && !is_common(p)))
                {
                    return Some(cut);
                }
            }
            None
        };
        // form → (count, mentions)
        let mut forms: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut glued: HashMap<String, String> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for (di, a) in docs.iter().enumerate() {
            for (mi, m) in a.doc.mentions.iter().enumerate() {
                let form = match glue_split(&m.form) {
                    Some(cut) if !is_name(&m.form) || style.prefers(&m.form[..cut]) || evidence.contains_key(&m.form[..cut]) => {
                        m.form[..cut].to_string()
                    }
                    _ => m.form.clone(),
                };
                if !is_name(&form) {
                    continue;
                }
                if !forms.contains_key(&form) {
                    order.push(form.clone());
                }
                if form != m.form {
                    glued.insert(m.form.clone(), form.clone());
                }
                forms.entry(form).or_default().push((di, mi));
            }
        }
        // Cluster variant spellings (union-find).
        let n = order.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let skels: Vec<String> = order.iter().map(|f| skeleton(f)).collect();
        // Given names are checked against their surname, never clustered:
        // Vladimir (Putin) and Volodymyr (Zelensky) are different people.
        let given: Vec<bool> = order
            .iter()
            .map(|f| as_first.get(f.as_str()).copied().unwrap_or(0) * 2 > forms[f].len())
            .collect();
        let english: Vec<bool> = order.iter().map(|f| is_english_word(f)).collect();
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (&order[i], &order[j]);
                if given[i] || given[j] || (english[i] && english[j]) {
                    continue;
                }
                let close = skels[i] == skels[j]
                    || (a.len().abs_diff(b.len()) <= 2
                        && skels[i].get(..1) == skels[j].get(..1)
                        && strsim::levenshtein(&skels[i], &skels[j]) <= 3);
                if close && is_variant(a, b) {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    parent[ri] = rj;
                }
            }
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut group_list: Vec<Vec<usize>> = groups.into_values().collect();
        group_list.sort_by_key(|g| g.iter().min().copied());
        let mut idx = NameIndex { lower_vocab: lower_vocab.clone(), ..Default::default() };
        for g in group_list {
            let mut fs: Vec<(String, usize)> = g.iter().map(|&i| (order[i].clone(), forms[&order[i]].len())).collect();
            fs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let preferred = fs.iter().find(|f| style.prefers(&f.0)).map(|f| f.0.clone());
            let tie = fs.len() > 1 && fs[0].1 == fs[1].1;
            let canonical = preferred.clone().unwrap_or_else(|| fs[0].0.clone());
            let mut mentions: Vec<(usize, usize)> = g.iter().flat_map(|&i| forms[&order[i]].iter().copied()).collect();
            mentions.sort();
            let mut first_names: Vec<String> = Vec::new();
            for &(d, m) in &mentions {
                if let Some(p) = docs[d].doc.mentions[m].prev {
                    let f = &docs[d].doc.mentions[p].form;
                    if !first_names.contains(f) && !is_common(f) {
                        first_names.push(f.clone());
                    }
                }
            }
            let articles = mentions.iter().map(|m| m.0).collect::<HashSet<_>>().len();
            let e = idx.entries.len();
            for (f, _) in &fs {
                idx.by_form.insert(f.clone(), e);
            }
            idx.skeletons.push(fs.iter().map(|f| skeleton(&f.0)).collect());
            let given = g.iter().any(|&i| given[i]);
            for (raw, f) in &glued {
                if fs.iter().any(|x| &x.0 == f) {
                    idx.by_form.insert(raw.clone(), e);
                }
            }
            idx.entries.push(NameEntry { canonical, forms: fs, ambiguous: tie && preferred.is_none(), first_names, mentions, articles, given });
        }
        idx
    }

    /// The entry a spelling belongs to, exactly as written.
    pub fn entry_of(&self, form: &str) -> Option<usize> {
        self.by_form.get(form).copied()
    }

    /// The corpus name `form` most plausibly misspells: `(entry, corpus form)`.
    pub fn closest(&self, form: &str) -> Option<(usize, String)> {
        if let Some(answer) = self.memo().get(form) {
            return answer.clone();
        }
        let answer = self.closest_uncached(form);
        let mut memo = self.memo();
        if memo.len() >= CLOSEST_MEMO {
            memo.clear();
        }
        memo.insert(form.to_string(), answer.clone());
        answer
    }

    fn memo(&self) -> std::sync::MutexGuard<'_, ClosestMemo> {
        // A poisoned lock only means another thread panicked mid-insert: the map is still sound.
        self.closest_memo.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn closest_uncached(&self, form: &str) -> Option<(usize, String)> {
        let sk = skeleton(form);
        let mut best: Option<(usize, usize, usize, String)> = None; // (distance, -count, entry, form)
        let first = sk.chars().next()?;
        for (e, entry) in self.entries.iter().enumerate() {
            for ((f, count), fsk) in entry.forms.iter().zip(&self.skeletons[e]) {
                if fsk.chars().next() != Some(first) || f.len().abs_diff(form.len()) > 3 {
                    continue;
                }
                // Cheap bound before the full test.
                if *fsk != sk && strsim::levenshtein(fsk, &sk) > 3 {
                    continue;
                }
                if !is_variant(f, form) {
                    continue;
                }
                let d = if *fsk == sk { 0 } else { names::distance(f, form) };
                let key = (d, usize::MAX - count, e, f.clone());
                if best.as_ref().is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                    best = Some(key);
                }
            }
        }
        best.map(|b| (b.2, b.3))
    }

    /// Whether the corpus writes this word in lower case (so it is not a name).
    pub fn is_common_word(&self, w: &str) -> bool {
        let l = fold(w);
        self.lower_vocab.contains(&l) || is_stopword(&l)
    }

    pub fn canonical_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.entries.iter().map(|e| e.canonical.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The canonical spelling for a form, if the corpus knows it.
    pub fn canonical(&self, form: &str) -> Option<&str> {
        self.entry_of(form).map(|e| self.entries[e].canonical.as_str())
    }
}

/// A figure in the corpus, with where it is.
#[derive(Debug, Clone)]
pub struct CorpusFigure {
    pub doc: usize,
    pub figure: Figure,
    /// [`noun_group`] of the noun counted, settled once.
    noun_group: Option<usize>,
}

/// A quotation in the corpus.
#[derive(Debug, Clone)]
pub struct CorpusQuote {
    pub doc: usize,
    pub quote: usize,
    /// Canonical name of the speaker, when known.
    pub speaker: Option<String>,
}

/// A sentence's words as interned ids, for fast weighted overlap.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    /// Sorted, unique ids of the words the corpus knows, with their weights.
    ids: Vec<(u32, f32)>,
    /// Sum of the weights of all the words, known or not.
    total: f32,
}

#[derive(Debug, Default)]
pub struct Index {
    vocab: WordMap<String, u32>,
    /// Weight (inverse document frequency) by word id.
    idf: Vec<f32>,
    max_idf: f32,
    /// Content and claim bags of every corpus sentence: [article][sentence].
    content: Vec<Vec<Bag>>,
    claims: Vec<Vec<Bag>>,
    pub figures: Vec<CorpusFigure>,
    pub quotes: Vec<CorpusQuote>,
    /// Pairs of figures (indexes into `figures`) on which the corpus disagrees with itself.
    pub conflicts: Vec<(usize, usize)>,
    /// Roles the corpus gives people: (name entry, article, role).
    pub roles: Vec<(usize, usize, Role)>,
    /// Claim word id → global numbers of the sentences that have it.
    claim_postings: HashMap<u32, Vec<u32>>,
    /// Global sentence number → (article, sentence).
    sentence_at: Vec<(usize, usize)>,
    /// Normalised words of every sentence, per article.
    pub sentence_words: Vec<Vec<Vec<String>>>,
    /// Quotation words as ids (parallel to `quotes`), and the id of each word.
    pub quote_ids: Vec<Vec<u32>>,
    /// The same ids sorted and without repeats (for quick overlap counts).
    pub quote_sets: Vec<Vec<u32>>,
    quote_vocab: WordMap<String, u32>,
}

/// Nouns that count the same things (for matching figures, not for facts).
fn same_noun(a: &str, b: &str) -> bool {
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
    pub fn build(docs: &[Article], names: &NameIndex) -> Index {
        let mut df: HashMap<&str, usize> = HashMap::new();
        let mut n = 0usize;
        for a in docs {
            for s in &a.doc.sentences {
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
        idx.content = docs.iter().map(|a| a.doc.sentences.iter().map(|s| idx.bag(&s.content)).collect()).collect();
        idx.claims = docs.iter().map(|a| a.doc.sentences.iter().map(|s| idx.bag(&s.claim)).collect()).collect();
        for (di, a) in docs.iter().enumerate() {
            for si in 0..a.doc.sentences.len() {
                let g = idx.sentence_at.len() as u32;
                idx.sentence_at.push((di, si));
                for &(id, _) in &idx.claims[di][si].ids {
                    idx.claim_postings.entry(id).or_default().push(g);
                }
            }
            idx.sentence_words.push(
                a.doc.sentences.iter().map(|s| quote_words(&a.doc.prose.masked, s.range.clone()).into_iter().map(|w| w.0).collect()).collect(),
            );
            for f in &a.doc.figures {
                let noun_group = f.noun.as_deref().and_then(noun_group);
                idx.figures.push(CorpusFigure { doc: di, figure: f.clone(), noun_group });
            }
            for r in roles::extract(&a.doc) {
                if let Some(e) = names.entry_of(&a.doc.mentions[r.person].form) {
                    idx.roles.push((e, di, r));
                }
            }
            for (qi, q) in a.doc.quotes.iter().enumerate() {
                let speaker = q.speaker.as_ref().map(|s| names.canonical(s).unwrap_or(s).to_string());
                idx.quotes.push(CorpusQuote { doc: di, quote: qi, speaker });
                let mut ids = Vec::with_capacity(q.words.len());
                for (w, _) in &q.words {
                    let next = idx.quote_vocab.len() as u32;
                    ids.push(*idx.quote_vocab.entry(w.clone()).or_insert(next));
                }
                let mut set = ids.clone();
                set.sort_unstable();
                set.dedup();
                idx.quote_sets.push(set);
                idx.quote_ids.push(ids);
            }
        }
        // The corpus against itself: figures about the same thing that disagree.
        for i in 0..idx.figures.len() {
            for j in i + 1..idx.figures.len() {
                let (a, b) = (&idx.figures[i], &idx.figures[j]);
                if a.doc == b.doc || !a.figure.comparable(&b.figure) || !a.figure.kind.is_statistic() {
                    continue;
                }
                let nouns_agree = match (&a.figure.noun, &b.figure.noun) {
                    (Some(x), Some(y)) => same_noun(x, y),
                    _ => false,
                };
                if !nouns_agree {
                    continue;
                }
                let sa = &idx.content[a.doc][a.figure.sentence];
                let sb = &idx.content[b.doc][b.figure.sentence];
                // About the same thing: similar sentences, or another figure
                // both state alike ("… in 20 regions").
                let sibling = docs[a.doc].doc.figures.iter().filter(|x| x.sentence == a.figure.sentence && x.span != a.figure.span).any(|x| {
                    docs[b.doc].doc.figures.iter().filter(|y| y.sentence == b.figure.sentence && y.span != b.figure.span).any(|y| {
                        x.comparable(y) && x.compatible(y) && x.noun.is_some() && x.noun == y.noun
                    })
                });
                if !sibling && Index::similarity(sa, sb).max(Index::similarity(sb, sa)) < 0.35 {
                    continue;
                }
                if !a.figure.compatible(&b.figure) || opposite_bounds(&a.figure, &b.figure) {
                    idx.conflicts.push((i, j));
                }
            }
        }
        idx
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
        ids.sort_unstable_by_key(|x| x.0);
        ids.dedup_by_key(|x| x.0);
        Bag { ids, total }
    }

    /// How much of `a`'s content (weighted by rarity) `b` shares, 0..=1.
    pub fn similarity(a: &Bag, b: &Bag) -> f32 {
        Index::overlap(a, b).0
    }

    /// `similarity`, and how many words the two share.
    pub fn overlap(a: &Bag, b: &Bag) -> (f32, usize) {
        if a.total == 0.0 {
            return (0.0, 0);
        }
        let (mut i, mut j, mut n) = (0, 0, 0);
        let mut w = 0.0;
        while i < a.ids.len() && j < b.ids.len() {
            match a.ids[i].0.cmp(&b.ids[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    w += a.ids[i].1;
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (w / a.total, n)
    }

    /// The claim bag of corpus sentence `sentence` of article `doc`.
    pub fn claim_bag(&self, doc: usize, sentence: usize) -> &Bag {
        &self.claims[doc][sentence]
    }

    /// Corpus figures that may be about the same thing as `fig` in `draft`,
    /// with a score (0..=1), best first.
    pub fn figure_candidates(&self, draft: &Doc, fig: &Figure) -> Vec<(usize, f32)> {
        self.figure_candidates_in(&self.bag(&draft.sentences[fig.sentence].content), fig)
    }

    /// [`Index::figure_candidates`], given the bag of the figure's sentence.
    pub fn figure_candidates_in(&self, content: &Bag, fig: &Figure) -> Vec<(usize, f32)> {
        let group = fig.noun.as_deref().and_then(noun_group);
        let mut out = Vec::new();
        for (i, cf) in self.figures.iter().enumerate() {
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
            let cs = &self.content[cf.doc][cf.figure.sentence];
            let (sim, shared) = Index::overlap(content, cs);
            // One shared word ("died") is not enough to say two sentences
            // are about the same thing, however short the draft's is.
            let s = if shared < 2 { sim.min(0.3) } else { sim };
            out.push((i, s + noun_bonus));
        }
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// Corpus sentences whose claim covers `claim`: `(article, sentence,
    /// score)`, where the score is how much of `claim` the sentence has
    /// (at least `min`), and the sentence is not mostly about something else
    /// (at least 30% of its own claim is shared).
    pub fn similar_claims(&self, claim: &Bag, min: f32) -> Vec<(usize, usize, f32)> {
        if claim.total == 0.0 {
            return Vec::new();
        }
        // Dense accumulator over all corpus sentences, with the ones touched.
        let mut acc = vec![0f32; self.sentence_at.len()];
        let mut touched: Vec<u32> = Vec::new();
        for &(id, w) in &claim.ids {
            for &g in self.claim_postings.get(&id).map(Vec::as_slice).unwrap_or(&[]) {
                if acc[g as usize] == 0.0 {
                    touched.push(g);
                }
                acc[g as usize] += w;
            }
        }
        let mut out = Vec::new();
        for g in touched {
            let forward = acc[g as usize] / claim.total;
            if forward < min {
                continue;
            }
            let (d, s) = self.sentence_at[g as usize];
            if Index::similarity(&self.claims[d][s], claim) >= 0.3 {
                out.push((d, s, forward));
            }
        }
        out.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        out
    }

    /// Ids of quotation words; words no corpus quotation uses get `u32::MAX`.
    pub fn quote_word_ids(&self, words: &[&str]) -> Vec<u32> {
        words.iter().map(|w| self.quote_vocab.get(*w).copied().unwrap_or(u32::MAX)).collect()
    }

    /// Conflicts involving corpus figure `i`.
    pub fn conflicts_of(&self, i: usize) -> Vec<usize> {
        self.conflicts
            .iter()
            .filter_map(|&(a, b)| if a == i { Some(b) } else if b == i { Some(a) } else { None })
            .collect()
    }

    pub fn quote<'a>(&self, docs: &'a [Article], q: &CorpusQuote) -> &'a Quote {
        &docs[q.doc].doc.quotes[q.quote]
    }
}

/// "at least 40" against "at most 40": the sources bound it from opposite sides.
fn opposite_bounds(a: &Figure, b: &Figure) -> bool {
    let lower = |f: &Figure| matches!(f.qualifier, Some("at least" | "more than"));
    let upper = |f: &Figure| matches!(f.qualifier, Some("up to" | "at most" | "fewer than"));
    matches!(a.kind, FigureKind::Count | FigureKind::Money(_) | FigureKind::Percent)
        && ((lower(a) && upper(b)) || (upper(a) && lower(b)))
}
