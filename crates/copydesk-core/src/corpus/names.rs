//! Names as entities, learned from the corpus text: every spelling the
//! articles write as a name, with the evidence of how it is used — first
//! names written before it, titles ("Mr", "Sir"), the articles it appears
//! in, whether it stands after "in"/"from" (a place) or before "Bank",
//! "Party" (an organisation). Built in one pass over the mentions, with
//! candidate spellings filed under deletion-neighbourhood and
//! transliteration-skeleton keys, so nothing compares all pairs.
//!
//! Spellings are not clustered. A rare spelling is recorded as a variant of
//! a common one only with evidence for that pair: close spellings, the
//! common one at least [`DOMINANCE`] times as frequent, and the same first
//! names (or the style guide's word). There is no transitive merging.

use super::flat::KeyTable;
use super::tables::{Got, NameTables};
use super::{Article, StyleGuide};
use crate::model::Doc;
use crate::model::lexicon::{self as lx, is_english_word, is_stopword};
use crate::model::names::{
    alternation, alternation_applies, deletion_keys, derived, fold, is_variant, skeleton,
};
use crate::model::wordhash::WordMap;
use std::collections::HashMap;
use std::ops::Range;

/// A name entity: the id of its canonical spelling in [`NameModel::forms`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct EntityId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EntityKind {
    Person,
    /// Mostly written before another name: a first name.
    GivenName,
    Organisation,
    Place,
    /// A name whose kind the text does not settle.
    Name,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::GivenName => "first name",
            EntityKind::Organisation => "organisation",
            EntityKind::Place => "place",
            EntityKind::Name => "name",
        }
    }
}

/// How the corpus uses one spelling.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NameForm {
    pub form: String,
    /// Mentions that show it is a name: capitalised, not first in a
    /// sentence, not in a headline.
    pub count: u32,
    /// Every capitalised mention.
    pub mentions: u32,
    /// Articles it is mentioned in, sorted.
    pub articles: Vec<u32>,
    /// Mentions right after a title ("Mr", "Dr", "Sir").
    pub after_title: u32,
    /// The titles written before it, lower case, with counts.
    pub titles: Vec<(String, u32)>,
    /// Mentions written right before another name (as a first name).
    pub as_given: u32,
    /// First names written before it, with counts, most used first.
    pub given: Vec<(String, u32)>,
    /// Names written after it (when it is a first name), with counts.
    pub next: Vec<(String, u32)>,
    /// Mentions after "in", "from", "at" …
    pub place_ctx: u32,
    /// Mentions followed by an organisation word ("Bank", "Party").
    pub org_ctx: u32,
    /// Mentions in articles where a first name is written before it at
    /// least once: later surname-only mentions belong to that person.
    pub tied: u32,
    pub kind: EntityKind,
    /// The common spelling this one is a rare variant of, with the evidence.
    pub variant_of: Option<(u32, String)>,
    /// Where it is written: `(article, name span, sentence span)`, up to two articles.
    pub examples: Vec<(u32, Range<usize>, Range<usize>)>,
    /// The transliteration alternations ([`alternation`]) the archive
    /// itself practises that could apply to this spelling: another
    /// spelling of it made so is the archive's house style, not a slip.
    pub house: Vec<String>,
}

impl NameForm {
    fn new(form: &str) -> NameForm {
        NameForm {
            form: form.to_string(),
            count: 0,
            mentions: 0,
            articles: Vec::new(),
            after_title: 0,
            titles: Vec::new(),
            as_given: 0,
            given: Vec::new(),
            next: Vec::new(),
            place_ctx: 0,
            org_ctx: 0,
            tied: 0,
            kind: EntityKind::Name,
            variant_of: None,
            examples: Vec::new(),
            house: Vec::new(),
        }
    }

    /// Whether `first` (or a spelling of it) is a first name the corpus writes before this name.
    pub fn has_given(&self, first: &str) -> bool {
        has_given(&self.given, first)
    }

    /// The number of mentions that carry a first name.
    pub fn given_total(&self) -> u32 {
        self.given.iter().map(|g| g.1).sum()
    }
}

/// Without first names to go by, a rare spelling is a variant of a common
/// one only if the common one is at least this many times as frequent:
/// two real names (Clark 5 / Clarke 40) are both well attested; a slip is not.
pub const DOMINANCE: u32 = 5;

/// A spelling written in at least this many articles is a house style of
/// its own (one paper's Zelensky beside the other's Zelenskiy), never a
/// rare variant: a slip is one reporter's, in one or two stories.
pub const HOUSE_STYLE_ARTICLES: usize = 4;
/// Two spellings of one name both written at least this often, in as
/// many articles, are both the archive's (Sergei and Sergey).
const ESTABLISHED: u32 = 2;
/// The archive practises an alternation (Sergei/Sergey, Yuri/Yuriy) when
/// this many names are written both ways: one pair may be two names.
const ALTERNATION_PAIRS: usize = 2;

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct NameModel {
    pub forms: Vec<NameForm>,
    by_form: WordMap<String, u32>,
    /// Glued copies ("Peskovin") → the name they hold.
    glued: WordMap<String, u32>,
    /// Deletion-neighbourhood key → spellings ([`deletion_keys`]).
    near: KeyTable,
    /// Transliteration skeleton → spellings ([`skeleton`]).
    skeletons: KeyTable,
    /// Spelling → its recorded variants (the forms whose `variant_of` it is).
    variants: HashMap<u32, Vec<u32>>,
    /// How often each word is written in lower case (evidence it is not a name).
    lower: WordMap<String, u32>,
    /// Known names of two words or more ("Bank of England" is not one:
    /// the phrase is broken by "of"), with counts.
    pub phrases: Vec<(String, u32)>,
    pub articles: usize,
}

/// Names of several words seen at least this often are looked up in drafts as a whole.
const PHRASE_MIN: u32 = 2;

impl NameModel {
    /// The names model of `docs`: every spelling written as a name, with
    /// the evidence of its use (one pass over the mentions), its kind, its
    /// lookup keys, and the variants the evidence supports.
    pub fn build(docs: &[Article], style: &StyleGuide) -> NameModel {
        let reading = Reading::new(docs, style);
        let mut tally = Tally::new(reading.lower.clone(), docs.len());
        for (di, a) in docs.iter().enumerate() {
            tally.add_article(&reading, di as u32, a.doc());
        }
        let mut model = tally.finish();
        model.assign_kinds();
        model.add_lookup_keys();
        model.decide_variants(style);
        model
    }

    /// Each spelling's kind: a given name where it is mostly written as
    /// someone's first name (and rarely after "in"/"from"); else from its
    /// own evidence and the first names written before it.
    fn assign_kinds(&mut self) {
        for e in &mut self.forms {
            if e.as_given * 2 > e.mentions.max(1) && e.place_ctx * 3 < e.mentions.max(1) {
                e.kind = EntityKind::GivenName;
            }
        }
        let kinds: Vec<EntityKind> = {
            let is_given = |g: &str| {
                self.lookup(g)
                    .is_some_and(|i| self.forms[i as usize].kind == EntityKind::GivenName)
            };
            self.forms.iter().map(|e| kind_of(e, &is_given)).collect()
        };
        for (e, k) in self.forms.iter_mut().zip(kinds) {
            e.kind = k;
        }
    }

    /// Lookup keys (as tables read in place once persisted), and each
    /// established spelling's house alternations.
    fn add_lookup_keys(&mut self) {
        let (mut near, mut skeletons): (HashMap<String, Vec<u32>>, HashMap<String, Vec<u32>>) =
            Default::default();
        for (i, e) in self.forms.iter().enumerate() {
            if e.form.chars().count() >= 4 {
                for k in deletion_keys(&e.form) {
                    near.entry(k).or_default().push(i as u32);
                }
                skeletons
                    .entry(skeleton(&e.form))
                    .or_default()
                    .push(i as u32);
            }
        }
        let practised = practised_alternations(&self.forms, &skeletons);
        for e in &mut self.forms {
            if e.count >= ESTABLISHED {
                e.house = practised
                    .iter()
                    .filter(|a| alternation_applies(a, &e.form))
                    .cloned()
                    .collect();
            }
        }
        self.near = near.into();
        self.skeletons = skeletons.into();
    }

    /// Each spelling's variant decision ([`Self::variant_decision`]), and
    /// the variants of each spelling.
    fn decide_variants(&mut self, style: &StyleGuide) {
        for r in 0..self.forms.len() {
            self.forms[r].variant_of = self.variant_decision(r, style);
        }
        for (i, f) in self.forms.iter().enumerate() {
            if let Some((of, _)) = &f.variant_of {
                self.variants.entry(*of).or_default().push(i as u32);
            }
        }
    }

    /// The spelling that spelling `r` is a variant of, with why: the most
    /// frequent close spelling the style guide prefers, or that is written
    /// more often by the same bearer ([`same_bearer`]); never where `r` is
    /// an English word, a house style of its own, or another kind of name.
    fn variant_decision(&self, r: usize, style: &StyleGuide) -> Option<(u32, String)> {
        let rare = &self.forms[r];
        let mut best: Option<(u32, String)> = None;
        for d in self.neighbours(&rare.form) {
            let common = &self.forms[d as usize];
            if d as usize == r
                || !is_variant(&common.form, &rare.form)
                || derived(&common.form, &rare.form)
            {
                continue;
            }
            let why = if style.prefers(&common.form) && !style.prefers(&rare.form) {
                Some("the style guide prefers it".to_string())
            } else if is_english_word(&rare.form)
                || rare.articles.len() >= HOUSE_STYLE_ARTICLES
                || !compatible_kinds(rare.kind, common.kind)
                || common.count <= rare.count
            {
                None
            } else {
                same_bearer(rare, common)
            };
            if let Some(why) = why {
                if best
                    .as_ref()
                    .is_none_or(|b| self.forms[b.0 as usize].count < common.count)
                {
                    best = Some((d, why));
                }
            }
        }
        best
    }

    /// The spelling `form`, if the corpus writes it as a name (a glued
    /// copy such as "Peskovin" gives the name it holds).
    pub fn lookup(&self, form: &str) -> Option<u32> {
        self.by_form
            .get(form)
            .or_else(|| self.glued.get(form))
            .copied()
    }

    /// The canonical spelling of the entity `form` names, if the corpus knows it.
    pub fn canonical(&self, form: &str) -> Option<&str> {
        self.lookup(form)
            .map(|id| self.forms[self.entity_of(id).0 as usize].form.as_str())
    }

    pub fn form(&self, id: u32) -> &NameForm {
        &self.forms[id as usize]
    }

    /// The entity a spelling belongs to: itself, or the common spelling it is a variant of.
    pub fn entity_of(&self, id: u32) -> EntityId {
        EntityId(
            self.forms[id as usize]
                .variant_of
                .as_ref()
                .map_or(id, |v| v.0),
        )
    }

    /// Spellings filed under one of `form`'s keys: at most one edit away, or
    /// equal under the transliteration skeleton. Unsorted, without repeats.
    pub fn neighbours(&self, form: &str) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for k in deletion_keys(form) {
            if let Some(v) = self.near.get(&k) {
                out.extend(v);
            }
        }
        if let Some(v) = self.skeletons.get(&skeleton(form)) {
            out.extend(v);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How often the corpus writes `word` in lower case.
    pub fn lower_count(&self, word: &str) -> u32 {
        self.lower.get(&fold(word)).copied().unwrap_or(0)
    }

    /// Whether two spellings are named in one article somewhere.
    pub fn cooccur(&self, a: u32, b: u32) -> bool {
        let (x, y) = (
            &self.forms[a as usize].articles,
            &self.forms[b as usize].articles,
        );
        let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        small.iter().any(|d| large.binary_search(d).is_ok())
    }

    /// The lookup tables, for copying into a database: (deletion key,
    /// spellings), (transliteration skeleton, spellings), (glued copy,
    /// spelling), (word, how often written in lower case).
    #[allow(clippy::type_complexity)]
    pub fn lookup_tables(
        &self,
    ) -> (
        Vec<(&str, &[u32])>,
        Vec<(&str, &[u32])>,
        Vec<(&str, u32)>,
        Vec<(&str, u32)>,
    ) {
        let (near, skeletons) = (self.near.iter().collect(), self.skeletons.iter().collect());
        let glued = self.glued.iter().map(|(k, &v)| (k.as_str(), v)).collect();
        let lower = self.lower.iter().map(|(k, &v)| (k.as_str(), v)).collect();
        (near, skeletons, glued, lower)
    }

    /// Spellings that are variants of `id`.
    pub fn variants_of(&self, id: u32) -> impl Iterator<Item = &NameForm> {
        self.variants
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|&v| self.forms.get(v as usize))
    }
}

impl NameTables for NameModel {
    fn lookup(&self, form: &str) -> Option<u32> {
        NameModel::lookup(self, form)
    }

    fn form(&self, id: u32) -> Option<Got<'_, NameForm>> {
        self.forms.get(id as usize).map(Got::Ref)
    }

    fn neighbours(&self, form: &str) -> Vec<u32> {
        NameModel::neighbours(self, form)
    }

    fn variants(&self, id: u32) -> Vec<u32> {
        self.variants.get(&id).cloned().unwrap_or_default()
    }

    fn lower_count(&self, word: &str) -> u32 {
        NameModel::lower_count(self, word)
    }

    fn complete(&self, prefix: &str, max: usize) -> Vec<String> {
        let mut v: Vec<&str> = self
            .forms
            .iter()
            .filter(|f| {
                f.variant_of.is_none()
                    && f.count > 0
                    && f.form
                        .split_whitespace()
                        .any(|w| w.to_lowercase().starts_with(prefix))
            })
            .map(|f| f.form.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        v.into_iter().take(max).map(str::to_string).collect()
    }

    fn entity_of(&self, id: u32) -> EntityId {
        if (id as usize) < self.forms.len() {
            NameModel::entity_of(self, id)
        } else {
            EntityId(id)
        }
    }

    fn canonical(&self, form: &str) -> Option<String> {
        NameModel::canonical(self, form).map(str::to_string)
    }

    fn cooccur(&self, a: u32, b: u32) -> bool {
        (a as usize) < self.forms.len()
            && (b as usize) < self.forms.len()
            && NameModel::cooccur(self, a, b)
    }
}

/// Sources show the name as the archive writes it in full ("Richard
/// Harlow", not "Mr Harlow"): a mention with its first name takes the
/// place of an example without one, this article's first, and examples
/// with the full name come first.
fn prefer_full_name(e: &mut NameForm, article: u32, full: Range<usize>, sentence: Range<usize>) {
    let bare = |x: &(u32, Range<usize>, Range<usize>)| x.1.len() == e.form.len();
    let slot = e
        .examples
        .iter()
        .position(|x| x.0 == article)
        .or_else(|| e.examples.iter().position(bare));
    let Some(i) = slot else { return };
    if bare(&e.examples[i]) {
        e.examples[i] = (article, full, sentence);
        e.examples.sort_by_key(|x| bare(x));
    }
}

/// What the archive's text says about its capitalised words, read before
/// the names are counted ([`NameModel::build`]).
struct Reading<'a> {
    style: &'a StyleGuide,
    /// How often each word is written in lower case (evidence it is not a name).
    lower: WordMap<String, u32>,
    /// How often each spelling is written capitalised where grammar does
    /// not ask for it (not first in a sentence, not in a headline):
    /// evidence it is a name.
    evidence: WordMap<String, u32>,
}

impl<'a> Reading<'a> {
    fn new(docs: &[Article], style: &'a StyleGuide) -> Self {
        let mut lower: WordMap<String, u32> = WordMap::default();
        let mut evidence: WordMap<String, u32> = WordMap::default();
        for a in docs {
            let d = a.doc();
            for (w, c) in &d.lower_vocab {
                *lower.entry(w.to_lowercase()).or_default() += *c as u32;
            }
            for m in d.mentions.iter().filter(|m| !m.initial && !m.heading) {
                *evidence.entry(m.form.clone()).or_default() += 1;
            }
        }
        Reading {
            style,
            lower,
            evidence,
        }
    }

    fn evidence(&self, f: &str) -> u32 {
        self.evidence.get(f).copied().unwrap_or(0)
    }

    /// Whether the archive writes `f` as a name: capitalised where grammar
    /// does not ask for it (or the style guide's word) more often than in
    /// lower case.
    fn is_name(&self, f: &str) -> bool {
        let ev = self.evidence(f);
        (ev > 0 || self.style.prefers(f))
            && !lx::never_a_name(f)
            && self.lower.get(&lx::normalise(f)).copied().unwrap_or(0) < ev.max(1)
    }

    /// A capitalised word before a name that is a first name though it is
    /// never a name elsewhere: not an English word, never written in lower case.
    fn first_name_ok(&self, g: &str) -> bool {
        !lx::never_a_name(g)
            && !is_english_word(g)
            && self.lower.get(&lx::normalise(g)).copied().unwrap_or(0) == 0
    }

    /// Where a glued word splits into a name and a word ("Peskovin" =
    /// "Peskov" + "in", "Shoiguhe" = "Shoigu" + "he"), unless it is a name
    /// of its own.
    fn glue_split(&self, f: &str) -> Option<usize> {
        if self.is_name(f) && !f.chars().skip(1).any(char::is_uppercase) && self.evidence(f) > 1 {
            return None;
        }
        for (cut, _) in f.char_indices().rev() {
            if cut < 3 {
                break;
            }
            let (p, s) = f.split_at(cut);
            if s.chars().count() >= 2
                && s.chars().all(|c| c.is_lowercase())
                && (self.lower.contains_key(s) || is_stopword(s))
                && (self.style.prefers(p) || (self.evidence.contains_key(p) && self.is_name(p)))
            {
                return Some(cut);
            }
        }
        None
    }

    /// The name a mention written `f` gives (a glued copy's name), if the
    /// archive writes it as a name.
    fn name<'f>(&self, f: &'f str) -> Option<&'f str> {
        let f = match self.glue_split(f) {
            Some(cut) => &f[..cut],
            None => f,
        };
        self.is_name(f).then_some(f)
    }
}

/// A capitalised word that may be a first name although it is also a word
/// (Tony, Mark, Bill).
fn first_name_ok_word(g: &str) -> bool {
    !lx::never_a_name(g) && !lx::is_organisation_head(g)
}

/// The counts of one pass over the archive's mentions, with the first
/// names and following names of each spelling and the names of several words.
struct Tally {
    model: NameModel,
    given: Vec<HashMap<String, u32>>,
    next: Vec<HashMap<String, u32>>,
    phrases: HashMap<String, u32>,
}

impl Tally {
    fn new(lower: WordMap<String, u32>, articles: usize) -> Self {
        Tally {
            model: NameModel {
                lower,
                articles,
                ..Default::default()
            },
            given: Vec::new(),
            next: Vec::new(),
            phrases: HashMap::new(),
        }
    }

    /// The spelling's id, a new one the first time.
    fn id_of(&mut self, f: &str) -> u32 {
        if let Some(&i) = self.model.by_form.get(f) {
            return i;
        }
        let i = self.model.forms.len() as u32;
        self.model.forms.push(NameForm::new(f));
        self.model.by_form.insert(f.to_string(), i);
        self.given.push(HashMap::new());
        self.next.push(HashMap::new());
        i
    }

    /// Count the names of article `di`.
    fn add_article(&mut self, r: &Reading, di: u32, d: &Doc) {
        // Per spelling in this article: mentions, and whether one has a first name.
        let mut here: HashMap<usize, (u32, bool)> = HashMap::new();
        for (mi, m) in d.mentions.iter().enumerate() {
            let Some(f) = r.name(&m.form) else { continue };
            let id = self.id_of(f) as usize;
            if f != m.form && !self.model.by_form.contains_key(&m.form) {
                // A glued copy ("Peskovin") is looked up as its name.
                self.model.glued.insert(m.form.clone(), id as u32);
            }
            let h = here.entry(id).or_default();
            h.0 += 1;
            h.1 |= m
                .prev
                .is_some_and(|p| !lx::is_title_word(&d.mentions[p].form));
            let before = d.prose.masked[..m.span.start].trim_end_matches(' ');
            let word_before = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            self.count_mention(id, di, d, mi, f, word_before);
            // The word before, as written: "Lord" is an ordinary word, so no mention.
            let title = m
                .prev
                .map(|p| d.mentions[p].form.as_str())
                .filter(|t| lx::is_title_word(t))
                .or_else(|| lx::is_title_word(word_before).then_some(word_before));
            match title {
                Some(t) => self.count_title(id, t),
                None => self.add_first_name(r, id, di, d, mi, f),
            }
            self.add_phrase(d, mi);
        }
        for (id, (n, with_first)) in here {
            if with_first {
                self.model.forms[id].tied += n;
            }
        }
    }

    /// Count mention `mi` (spelling `f`, id `id`) of article `di`: its
    /// mentions, articles and examples, and whether it stands after a place
    /// preposition (`word_before`) or before an organisation word.
    fn count_mention(
        &mut self,
        id: usize,
        di: u32,
        d: &Doc,
        mi: usize,
        f: &str,
        word_before: &str,
    ) {
        let m = &d.mentions[mi];
        let e = &mut self.model.forms[id];
        e.mentions += 1;
        if !m.initial && !m.heading {
            e.count += 1;
        }
        if e.articles.last() != Some(&di) {
            e.articles.push(di);
            if e.examples.len() < 2 {
                let sentence = d.sentences[m.sentence].range.clone();
                e.examples
                    .push((di, m.span.start..m.span.start + f.len(), sentence));
            }
        }
        if lx::is_place_preposition(word_before) {
            e.place_ctx += 1;
        }
        if d.mentions
            .get(mi + 1)
            .is_some_and(|n| n.prev == Some(mi) && lx::is_organisation_head(&n.form))
        {
            e.org_ctx += 1;
        }
    }

    fn count_title(&mut self, id: usize, title: &str) {
        let e = &mut self.model.forms[id];
        e.after_title += 1;
        let t = title.trim_end_matches('.').to_lowercase();
        match e.titles.iter_mut().find(|x| x.0 == t) {
            Some(x) => x.1 += 1,
            None => e.titles.push((t, 1)),
        }
    }

    /// The first name written right before mention `mi` (spelling `f`,
    /// id `id`), if any: counted as this name's first name and as the
    /// first name's following name.
    fn add_first_name(&mut self, r: &Reading, id: usize, di: u32, d: &Doc, mi: usize, f: &str) {
        let m = &d.mentions[mi];
        // "Tony Blair": a first name that is also a word ("tony") is
        // not linked in the Doc, but stands right before the name.
        let prev = m.prev.or_else(|| {
            let p = mi.checked_sub(1)?;
            let q = &d.mentions[p];
            (q.sentence == m.sentence
                && q.span.end + 1 == m.span.start
                && &d.text[q.span.end..m.span.start] == " "
                && first_name_ok_word(&q.form))
            .then_some(p)
        });
        let Some(p) = prev else { return };
        // A first name need not be a name elsewhere: "Alexandra
        // Garmazhapova" at the start of a paragraph still says who
        // Garmazhapova is.
        let written = d.mentions[p].form.as_str();
        let Some(g) = r
            .name(written)
            .or_else(|| r.first_name_ok(written).then_some(written))
        else {
            return;
        };
        let g = g.to_string();
        let gid = self.id_of(&g) as usize;
        *self.next[gid].entry(f.to_string()).or_default() += 1;
        // "Buryatia Foundation", "Deutsche Bank": the name before an
        // organisation word is part of its name, not a first name.
        if !lx::is_organisation_head(f) {
            self.model.forms[gid].as_given += 1;
            *self.given[id].entry(g).or_default() += 1;
            let full = d.mentions[p].span.start..m.span.start + f.len();
            let sentence = d.sentences[m.sentence].range.clone();
            prefer_full_name(&mut self.model.forms[id], di, full, sentence);
        }
    }

    /// The whole name of several words that mention `mi` starts, title
    /// words left out.
    fn add_phrase(&mut self, d: &Doc, mi: usize) {
        let m = &d.mentions[mi];
        let starts_phrase = m
            .prev
            .is_none_or(|p| lx::is_title_word(&d.mentions[p].form));
        if !starts_phrase || lx::is_title_word(&m.form) {
            return;
        }
        let mut last = mi;
        while d
            .mentions
            .get(last + 1)
            .is_some_and(|n| n.prev == Some(last))
        {
            last += 1;
        }
        if last > mi {
            let text = &d.text[m.span.start..d.mentions[last].span.end];
            if !text.contains(['\n', '\r']) && text.len() < 80 {
                *self.phrases.entry(text.to_string()).or_default() += 1;
            }
        }
    }

    /// The model with each spelling's first and following names, most
    /// frequent first, and the names of several words seen [`PHRASE_MIN`] times.
    fn finish(self) -> NameModel {
        let Tally {
            mut model,
            given,
            next,
            phrases,
        } = self;
        let by_count = |m: HashMap<String, u32>| {
            let mut v: Vec<(String, u32)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        };
        for (i, (g, n)) in given.into_iter().zip(next).enumerate() {
            model.forms[i].given = by_count(g);
            model.forms[i].next = by_count(n);
        }
        model.phrases = by_count(phrases)
            .into_iter()
            .filter(|p| p.1 >= PHRASE_MIN)
            .collect();
        model
    }
}

/// The alternations ([`alternation`]) between two established spellings
/// of one name, under one transliteration skeleton, that at least
/// [`ALTERNATION_PAIRS`] names show: first names written both ways
/// (Sergei/Sergey), or surnames written both ways with the same first name
/// (Volodymyr Zelensky/Zelenskiy). Sorted.
fn practised_alternations(
    forms: &[NameForm],
    skeletons: &HashMap<String, Vec<u32>>,
) -> Vec<String> {
    let established =
        |f: &NameForm| f.count >= ESTABLISHED && f.articles.len() >= ESTABLISHED as usize;
    // The same person written both ways: a surname after both first
    // names (Sergei and Sergey Lavrov), or a first name before both surnames.
    let one_name = |a: &NameForm, b: &NameForm| {
        let shared = |x: &[(String, u32)], y: &[(String, u32)]| {
            x.iter()
                .any(|(w, _)| !is_english_word(w) && y.iter().any(|(v, _)| v == w))
        };
        shared(&a.next, &b.next) || shared(&a.given, &b.given)
    };
    let mut pairs: HashMap<String, usize> = HashMap::new();
    for ids in skeletons.values().filter(|v| v.len() >= 2) {
        for (i, &a) in ids.iter().enumerate() {
            for &b in &ids[i + 1..] {
                let (a, b) = (&forms[a as usize], &forms[b as usize]);
                if established(a) && established(b) && one_name(a, b) {
                    if let Some(alt) = alternation(&a.form, &b.form) {
                        *pairs.entry(alt).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut out: Vec<String> = pairs
        .into_iter()
        .filter(|p| p.1 >= ALTERNATION_PAIRS)
        .map(|p| p.0)
        .collect();
    out.sort_unstable();
    out
}

/// Whether `first` (or a spelling of it) is among the first names `given`.
pub fn has_given(given: &[(String, u32)], first: &str) -> bool {
    given
        .iter()
        .any(|(g, _)| g == first || is_variant(g, first) || skeleton(g) == skeleton(first))
}

/// The corpus's evidence that a rare spelling names the same bearer as a
/// more common one (which the caller has checked):
/// - the same first names: every first name written before the rare
///   spelling is one written before the common one (Alexei Tabarov /
///   Alexei Tabalov; not Des Browne / Gordon Brown), and most of the rare
///   spelling's mentions are in articles that give it a first name (Robert
///   Preston once does not make Preston, the town, a slip for Peston);
/// - a surname alone, seen once or twice in one article that names the
///   common spelling's bearer, and the same under the transliteration
///   skeleton (Prigogine / Prigozhin);
/// - for names no one carries as a surname: [`DOMINANCE`] times rarer, seen
///   at most twice and in one article (one reporter's: two stories writing
///   it alike name a place of its own), at
///   least [`SLIP_MIN_LEN`] letters, and a letter dropped,
///   added or two swapped (Hollwood, Bangaldesh), not changed: a changed
///   letter as often makes another real name (Yukon, Colombia, Virgil).
fn same_bearer(rare: &NameForm, common: &NameForm) -> Option<String> {
    if !rare.given.is_empty() {
        // The common spelling is that bearer's usual one: written with the
        // first name at least as often (one "Karl Larson" does not make
        // two of Karl Larsen a slip).
        let same = |g: &str, n: u32| {
            common
                .given
                .iter()
                .any(|(c, k)| (c == g || skeleton(c) == skeleton(g)) && *k >= n)
        };
        let all = rare.given.iter().all(|(g, n)| same(g, *n));
        let mostly = rare.tied * 2 >= rare.mentions.max(1);
        return (all && mostly).then(|| format!("the same first name ({})", rare.given[0].0));
    }
    // "Yevgeny Prigozhin … Prigogine denied": a surname alone, only ever in
    // articles that name the person in full with the common spelling.
    let same_articles = common.kind == EntityKind::Person
        && (1..=2).contains(&rare.count)
        && rare.articles.len() == 1
        && common.articles.binary_search(&rare.articles[0]).is_ok()
        && skeleton(&rare.form) == skeleton(&common.form);
    if same_articles {
        return Some(format!(
            "only in articles that name {} {}",
            common.given[0].0, common.form
        ));
    }
    let person = |f: &NameForm| f.kind == EntityKind::Person || f.kind == EntityKind::GivenName;
    (!person(rare)
        && !person(common)
        && common.given.is_empty()
        && rare.count <= 2
        && rare.articles.len() == 1
        && common.count >= DOMINANCE * rare.count.max(1)
        && rare.form.chars().count() >= SLIP_MIN_LEN
        && slip(&fold(&rare.form), &fold(&common.form)))
    .then(|| {
        format!(
            "a letter dropped, added or swapped, {}× rarer",
            ratio(common, rare)
        )
    })
}

/// Shorter names than this are too often another name one letter away.
pub const SLIP_MIN_LEN: usize = 6;

/// One letter dropped, added, or two neighbours swapped.
fn slip(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() < b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() == short.len() + 1 {
        return (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..]);
    }
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return diff.len() == 2
            && diff[1] == diff[0] + 1
            && a[diff[0]] == b[diff[1]]
            && a[diff[1]] == b[diff[0]];
    }
    false
}

fn ratio(common: &NameForm, rare: &NameForm) -> u32 {
    common.count / rare.count.max(1)
}

/// A person is not a place or an organisation (Richard Belmar is not Belmarsh prison).
fn compatible_kinds(a: EntityKind, b: EntityKind) -> bool {
    let person = |k| matches!(k, EntityKind::Person | EntityKind::GivenName);
    let thing = |k| matches!(k, EntityKind::Place | EntityKind::Organisation);
    !(person(a) && thing(b) || thing(a) && person(b))
}

/// The kind of name, from how the corpus writes it: mostly before another
/// name (a first name); after a person's honorific ("Mr", "Lady") or after
/// first names for a good share of its mentions (a person); after "in",
/// "from" (a place); before "Bank", "Party" (an organisation).
/// `given_names` says which first names are first names themselves.
fn kind_of(e: &NameForm, given_names: &dyn Fn(&str) -> bool) -> EntityKind {
    let n = e.mentions.max(1);
    let honorific: u32 = e
        .titles
        .iter()
        .filter(|t| is_honorific(&t.0))
        .map(|t| t.1)
        .sum();
    let firsts: u32 = e
        .given
        .iter()
        .filter(|g| given_names(&g.0))
        .map(|g| g.1)
        .sum();
    if e.place_ctx * 3 >= n && e.place_ctx > 0 {
        EntityKind::Place
    } else if e.as_given * 2 > n {
        EntityKind::GivenName
    } else if (honorific >= 1 && honorific * 10 >= n) || (firsts >= 2 && firsts * 5 >= n) {
        EntityKind::Person
    } else if e.org_ctx * 3 >= n && e.org_ctx > 0 {
        EntityKind::Organisation
    } else {
        EntityKind::Name
    }
}

/// Titles only a person bears ("Mr", "Lady", "Dr"), unlike words that also
/// name things ("King", "Prince" of a place, "General").
fn is_honorific(t: &str) -> bool {
    matches!(
        t,
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "mx"
            | "mister"
            | "dr"
            | "sir"
            | "dame"
            | "lady"
            | "lord"
            | "baroness"
            | "baron"
            | "prof"
            | "professor"
            | "rev"
            | "reverend"
            | "judge"
            | "justice"
            | "senator"
            | "sen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Corpus;

    fn model(texts: &[&str]) -> Corpus {
        // The tests write their own headline lines.
        let named: Vec<(String, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("a{i}.txt"), *t))
            .collect();
        let refs: Vec<(&str, &str)> = named.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        Corpus::from_texts(&refs, None)
    }

    #[test]
    fn names_starting_with_a_multibyte_capital_do_not_panic() {
        // Found by the `corpus` fuzz target: "Ⱥ" is two bytes, so a name's
        // second letter does not start at byte 1.
        let c = model(&[
            "\rB\0ȺBw",
            "Head\n\nThe ȺBwin and ȺBw met ȺBw. Later ȺBw spoke to Ĳsselmeer.",
        ]);
        assert!(c.names().lookup("ȺBw").is_some());
    }

    #[test]
    fn months_days_titles_and_demonyms_are_not_names() {
        let c = model(&[
            "Headline\n\nOn Sunday in March, Mr Brown met Thai and German officials. The Welsh side won.\n",
        ]);
        let n = c.built().unwrap().0;
        for w in ["Sunday", "March", "Mr", "Thai", "Welsh"] {
            assert!(n.lookup(w).is_none(), "{w} taken as a name");
        }
        assert_eq!(n.form(n.lookup("Brown").unwrap()).kind, EntityKind::Person);
    }

    #[test]
    fn first_names_titles_and_places_are_learned() {
        let c = model(&[
            "Budget row\n\nOliver Letwin said the plans failed. Mr Letwin spoke in Glasgow.\n",
            "Tax\n\nShadow chancellor Oliver Letwin was in Glasgow on Monday.\n",
        ]);
        let n = c.built().unwrap().0;
        let l = n.form(n.lookup("Letwin").unwrap());
        assert_eq!(l.given, vec![("Oliver".to_string(), 2)]);
        assert_eq!((l.after_title, l.kind), (1, EntityKind::Person));
        assert_eq!(
            n.form(n.lookup("Oliver").unwrap()).kind,
            EntityKind::GivenName
        );
        assert_eq!(n.form(n.lookup("Glasgow").unwrap()).kind, EntityKind::Place);
    }

    #[test]
    fn a_rare_spelling_with_the_same_first_name_is_a_variant_without_chains() {
        let mut texts = vec!["Row\n\nLater, David Davies spoke to David Davis.\n".to_string()];
        for _ in 0..6 {
            texts.push(
                "Row\n\nThe shadow home secretary, David Davis, said so. Mr Davis agreed.\n".into(),
            );
        }
        texts
            .push("Bank\n\nLater, Gavyn Davies and Quentin Davies spoke. Mr Davies left.\n".into());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let c = model(&refs);
        let n = c.built().unwrap().0;
        // Davies is borne by other people (Gavyn, Quentin): a name of its own.
        assert!(n.form(n.lookup("Davies").unwrap()).variant_of.is_none());
        assert!(n.form(n.lookup("Davis").unwrap()).variant_of.is_none());
    }

    #[test]
    fn neighbours_come_from_keys_not_all_pairs() {
        let c = model(&[
            "Case\n\nReid Weingarten questioned him. Mr Weingarten and Bruce Misamore left Houston.\n",
        ]);
        let n = c.built().unwrap().0;
        let forms = |f: &str| {
            n.neighbours(f)
                .into_iter()
                .map(|i| n.form(i).form.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(forms("Weingarden"), vec!["Weingarten"]);
        assert_eq!(forms("Missamore"), vec!["Misamore"]);
        assert!(forms("Houstonian").is_empty());
    }
}
