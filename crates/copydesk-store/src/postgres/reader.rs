//! Reading an archive: its head at open, then `NameTables`/`IndexTables`
//! answered row by row (`PgTables`) and each article's analysis fetched
//! when a query first reaches it (`PgDocs`).

use super::*;

/// What is kept of a sentence for figure searches: its figures, and its
/// content bag when it states any (or was asked for alone).
pub(super) type FigureRow = (std::ops::Range<u32>, Option<Arc<Bag>>);

/// The names model and index of an archive in PostgreSQL, answered row by
/// row with indexed queries (see [`copydesk_core::corpus::tables`]).
pub(super) struct PgTables {
    pub(super) db: Db,
    /// Each article's first sentence and sentence count (read at open).
    pub(super) articles: Vec<(u32, u32)>,
    pub(super) max_idf: f32,
    /// How often each kind of figure is attributed (read at open).
    pub(super) figure_sources: HashMap<String, [u32; 2]>,
    pub(super) weights: Cache<String, Option<(u32, f32)>>,
    pub(super) word_ids: Cache<(List, String), Option<u32>>,
    pub(super) lens: Cache<(List, u32), usize>,
    pub(super) lists: Cache<(List, u32), Arc<[u32]>>,
    pub(super) figure_rows: Cache<u32, FigureRow>,
    pub(super) claims: Cache<u32, Arc<Bag>>,
    pub(super) words: Cache<u32, Arc<[u32]>>,
    pub(super) figures: Cache<u32, Arc<StoredFigure>>,
    pub(super) quotes: Cache<u32, (Arc<StoredQuote>, Arc<[u32]>)>,
    pub(super) names: Cache<u32, Arc<NameForm>>,
    pub(super) lookups: Cache<String, Option<u32>>,
    /// The answers a re-check asks again at every edit, kept like rows:
    /// the spellings within an edit of a form, an entity's variants, how
    /// often a word is written in lower case.
    pub(super) neighbours: Cache<String, Arc<[u32]>>,
    pub(super) variants: Cache<u32, Arc<[u32]>>,
    pub(super) lower_counts: Cache<String, u32>,
    /// Roles by person, organisation or title, as [`RoleKey`] names them.
    pub(super) roles: Cache<String, Arc<[HeldRole]>>,
}

/// A role as [`IndexTables::roles`] gives it: the person, the article, the role.
type HeldRole = (EntityId, usize, Role);

impl std::fmt::Debug for PgTables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgTables({} articles)", self.articles.len())
    }
}

pub(super) fn decoded<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

impl PgTables {
    /// The rows `sql` gives with `keys` as its one parameter (`= ANY($1)`),
    /// or `None` past the deadline.
    fn rows_for<K>(&self, sql: &'static str, keys: &[K]) -> Option<Vec<postgres::Row>>
    where
        K: Clone + Send + Sync + 'static,
        Vec<K>: postgres::types::ToSql + Sync,
    {
        let asked = keys.to_vec();
        self.db.ask(move |c| c.query(sql, &[&asked]))
    }

    /// Fetch the rows `ids` of a table of `(id, body)` (`sql`) into `cache`.
    pub(super) fn bodies<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        sql: &'static str,
        ids: Vec<i32>,
        cache: &Cache<u32, Arc<T>>,
    ) {
        if ids.is_empty() {
            return;
        }
        let Some(rows) = self.rows_for(sql, &ids) else {
            return;
        };
        for r in rows {
            if let Some(v) = decoded::<T>(r.get(1)) {
                cache.put(r.get::<_, i32>(0) as u32, Arc::new(v));
            }
        }
    }

    pub(super) fn name_rows(&self, ids: Vec<i32>) {
        self.bodies(
            "SELECT id, body FROM names WHERE id = ANY($1)",
            ids,
            &self.names,
        );
    }

    /// [`NameTables::lookup`] of each of `forms` (none held), with the
    /// rows of the spellings found.
    fn lookups_read(&self, forms: Vec<String>) {
        let Some(rows) = self.rows_for(
            "SELECT form, id, 0 AS o FROM names WHERE form = ANY($1) UNION ALL SELECT form, id, 1 AS o FROM glued WHERE form = ANY($1)",
            &forms,
        ) else {
            return;
        };
        // A name itself before a glued copy of it, as `lookup` takes them.
        let mut found: HashMap<String, (i32, i32)> = HashMap::new();
        for r in &rows {
            let (form, id, o) = (
                r.get::<_, String>(0),
                r.get::<_, i32>(1),
                r.get::<_, i32>(2),
            );
            let e = found.entry(form).or_insert((o, id));
            *e = (*e).min((o, id));
        }
        let ids: Vec<i32> = found.values().map(|v| v.1).collect();
        for f in forms {
            let id = found.get(&f).map(|v| v.1 as u32);
            self.lookups.put(f, id);
        }
        let ids: Vec<u32> = ids.iter().map(|&i| i as u32).collect();
        self.name_rows(PgTables::uncached(&self.names, &ids));
        // Their entities' variants, which describing a spelling reads.
        let entities: Vec<u32> = ids.iter().map(|&id| self.entity_of(id).0).collect();
        self.variants_read(PgTables::uncached(&self.variants, &entities));
    }

    /// [`NameTables::variants`] of each of `ids` (none held).
    fn variants_read(&self, ids: Vec<i32>) {
        if ids.is_empty() {
            return;
        }
        let Some(rows) = self.rows_for(
            "SELECT variant_of, id FROM names WHERE variant_of = ANY($1) ORDER BY id",
            &ids,
        ) else {
            return;
        };
        let mut found: HashMap<i32, Vec<u32>> = HashMap::new();
        for r in &rows {
            found
                .entry(r.get::<_, i32>(0))
                .or_default()
                .push(r.get::<_, i32>(1) as u32);
        }
        for id in ids {
            let list = found.remove(&id).unwrap_or_default();
            self.variants.put(id as u32, list.into());
        }
    }

    /// [`NameTables::lower_count`] of each of `words` (folded, none held).
    fn lower_counts_read(&self, words: Vec<String>) {
        let Some(rows) = self.rows_for(
            "SELECT word, count FROM lower_words WHERE word = ANY($1)",
            &words,
        ) else {
            return;
        };
        let found: HashMap<String, u32> = rows
            .iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, i32>(1) as u32))
            .collect();
        for w in words {
            let n = found.get(&w).copied().unwrap_or(0);
            self.lower_counts.put(w, n);
        }
    }

    pub(super) fn figure_rows_of(&self, ids: Vec<i32>) {
        self.bodies(
            "SELECT id, body FROM figures WHERE id = ANY($1)",
            ids,
            &self.figures,
        );
    }

    /// A sentence's figures and content bag; the bag fetched if `content` and not yet held.
    pub(super) fn figure_row(&self, g: u32, content: bool) -> FigureRow {
        let held = self.figure_rows.get(&g);
        if let Some(row) = held.as_ref().filter(|r| !content || r.1.is_some()) {
            return row.clone();
        }
        let i = g as i32;
        let rows = self.db.ask(move |c| {
            c.query(
                "SELECT fig_start, fig_end, ids, weights, total FROM contents WHERE g = $1",
                &[&i],
            )
        });
        let Some(r) = rows.as_ref().and_then(|r| r.first()) else {
            return (0..0, None);
        };
        let row: FigureRow = (
            (r.get::<_, i32>(0) as u32)..(r.get::<_, i32>(1) as u32),
            Some(Arc::new(Bag::new(
                nums(r.get(2)).to_vec(),
                r.get(3),
                r.get(4),
            ))),
        );
        self.figure_rows.put(g, row.clone());
        row
    }

    pub(super) fn uncached<V: Clone>(cache: &Cache<u32, V>, sentences: &[u32]) -> Vec<i32> {
        cache
            .missing(sentences)
            .into_iter()
            .map(|&g| g as i32)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    pub(super) fn vocabulary_query(list: List) -> &'static str {
        match list {
            List::Quote => {
                "SELECT word, id, cardinality(quotes) FROM quote_words WHERE word = ANY($1)"
            }
            List::Word => {
                "SELECT word, id, cardinality(sentences) FROM sentence_words WHERE word = ANY($1)"
            }
            List::Content | List::Claim => {
                "SELECT word, id, cardinality(content) FROM words WHERE word = ANY($1)"
            }
        }
    }
}

impl NameTables for PgTables {
    fn prefetch_forms(&self, forms: &[&str]) {
        let asked: Vec<String> = forms.iter().map(|f| f.to_string()).collect();
        let mut unknown: Vec<String> = self.lookups.missing(&asked).into_iter().cloned().collect();
        unknown.sort_unstable();
        unknown.dedup();
        if !unknown.is_empty() {
            self.lookups_read(unknown);
        }
        let folded: Vec<String> = forms.iter().map(|f| fold(f)).collect();
        let mut words: Vec<String> = self
            .lower_counts
            .missing(&folded)
            .into_iter()
            .cloned()
            .collect();
        words.sort_unstable();
        words.dedup();
        if !words.is_empty() {
            self.lower_counts_read(words);
        }
    }

    fn lookup(&self, form: &str) -> Option<u32> {
        if let Some(hit) = self.lookups.get(&form.to_string()) {
            return hit;
        }
        let f = form.to_string();
        let found = self.db.ask(move |c| {
            c.query("SELECT id, 0 AS o FROM names WHERE form = $1 UNION ALL SELECT id, 1 AS o FROM glued WHERE form = $1 ORDER BY o LIMIT 1", &[&f])
        })?;
        let id = found.first().map(|r| r.get::<_, i32>(0) as u32);
        self.lookups.put(form.to_string(), id);
        id
    }

    fn form(&self, id: u32) -> Option<Got<'_, NameForm>> {
        if let Some(f) = self.names.get(&id) {
            return Some(Got::Shared(f));
        }
        self.name_rows(vec![id as i32]);
        self.names.get(&id).map(Got::Shared)
    }

    fn neighbours(&self, form: &str) -> Vec<u32> {
        if let Some(hit) = self.neighbours.get(&form.to_string()) {
            return hit.to_vec();
        }
        let keys = deletion_keys(form);
        let sk = skeleton(form);
        // The spellings, with their rows (the caller reads each).
        let Some(rows) = self.db.ask(move |c| {
            c.query(
                "SELECT n.id, n.body FROM names n WHERE n.id IN
                   (SELECT id FROM name_keys WHERE (key = ANY($1) AND NOT skeleton) OR (key = $2 AND skeleton))",
                &[&keys, &sk],
            )
        }) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for r in rows {
            let id = r.get::<_, i32>(0) as u32;
            if let Some(f) = decoded::<NameForm>(r.get(1)) {
                self.names.put(id, Arc::new(f));
            }
            out.push(id);
        }
        out.sort_unstable();
        out.dedup();
        self.neighbours.put(form.to_string(), out.as_slice().into());
        out
    }

    fn variants(&self, id: u32) -> Vec<u32> {
        if self.variants.get(&id).is_none() {
            self.variants_read(vec![id as i32]);
        }
        self.variants
            .get(&id)
            .map(|v| v.to_vec())
            .unwrap_or_default()
    }

    fn lower_count(&self, word: &str) -> u32 {
        let w = fold(word);
        if self.lower_counts.get(&w).is_none() {
            self.lower_counts_read(vec![w.clone()]);
        }
        self.lower_counts.get(&w).unwrap_or(0)
    }

    fn complete(&self, prefix: &str, max: usize) -> Vec<String> {
        // A word of the name starts so: the name starts so, or has it after
        // a space; `folded` is the form lower-cased as the names model does
        // it (not by the database's locale), found through its trigram index.
        let escaped = prefix
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let (first, later, limit) = (format!("{escaped}%"), format!("% {escaped}%"), max as i64);
        let rows = self.db.ask(move |c| {
            c.query("SELECT form FROM names WHERE canonical AND (folded LIKE $1 OR folded LIKE $2) ORDER BY form COLLATE \"C\" LIMIT $3", &[&first, &later, &limit])
        });
        rows.unwrap_or_default()
            .iter()
            .map(|r| r.get::<_, String>(0))
            .filter(|f| {
                f.split_whitespace()
                    .any(|w| w.to_lowercase().starts_with(prefix))
            })
            .collect()
    }
}

impl IndexTables for PgTables {
    fn prefetch_weights(&self, words: &mut dyn Iterator<Item = &String>) {
        // `weights` reads only the words not held, each once.
        self.weights(&words.cloned().collect::<Vec<_>>());
    }

    fn weights(&self, words: &[String]) -> (Vec<Option<(u32, f32)>>, f32) {
        let missing: Vec<String> = self
            .weights
            .missing(words)
            .into_iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            if let Some(rows) = self.rows_for("SELECT word, id, idf, cardinality(content), cardinality(claim) FROM words WHERE word = ANY($1)", &missing) {
                let mut found = HashMap::new();
                for r in rows {
                    let id = r.get::<_, i32>(1) as u32;
                    self.lens.put((List::Content, id), r.get::<_, i32>(3) as usize);
                    self.lens.put((List::Claim, id), r.get::<_, i32>(4) as usize);
                    found.insert(r.get::<_, String>(0), (id, r.get::<_, f32>(2)));
                }
                for w in missing {
                    let v = found.get(&w).copied();
                    self.weights.put(w, v);
                }
            }
        }
        (
            words
                .iter()
                .map(|w| self.weights.get(w).flatten())
                .collect(),
            self.max_idf,
        )
    }

    fn word_ids(&self, list: List, words: &[&str]) -> Vec<Option<u32>> {
        let key = |w: &str| (list, w.to_string());
        let missing: Vec<String> = words
            .iter()
            .filter(|w| self.word_ids.get(&key(w)).is_none())
            .map(|w| w.to_string())
            .collect();
        if !missing.is_empty() {
            let sql = PgTables::vocabulary_query(list);
            if let Some(rows) = self.rows_for(sql, &missing) {
                let mut found = HashMap::new();
                for r in rows {
                    let id = r.get::<_, i32>(1) as u32;
                    self.lens.put((list, id), r.get::<_, i32>(2) as usize);
                    found.insert(r.get::<_, String>(0), id);
                }
                for w in missing {
                    self.word_ids.put(key(&w), found.get(&w).copied());
                }
            }
        }
        words
            .iter()
            .map(|w| self.word_ids.get(&key(w)).flatten())
            .collect()
    }

    fn list_lens(&self, list: List, ids: &[u32]) -> Vec<usize> {
        let keys: Vec<(List, u32)> = ids.iter().map(|&id| (list, id)).collect();
        let missing: Vec<i32> = self
            .lens
            .missing(&keys)
            .into_iter()
            .map(|k| k.1 as i32)
            .collect();
        if !missing.is_empty() {
            let sql = match list {
                List::Content => "SELECT id, cardinality(content) FROM words WHERE id = ANY($1)",
                List::Claim => "SELECT id, cardinality(claim) FROM words WHERE id = ANY($1)",
                List::Quote => "SELECT id, cardinality(quotes) FROM quote_words WHERE id = ANY($1)",
                List::Word => {
                    "SELECT id, cardinality(sentences) FROM sentence_words WHERE id = ANY($1)"
                }
            };
            for r in self
                .db
                .ask(move |c| c.query(sql, &[&missing]))
                .unwrap_or_default()
            {
                self.lens.put(
                    (list, r.get::<_, i32>(0) as u32),
                    r.get::<_, i32>(1) as usize,
                );
            }
        }
        keys.iter().map(|k| self.lens.get(k).unwrap_or(0)).collect()
    }

    fn list(&self, list: List, id: u32) -> Got<'_, [u32]> {
        if let Some(l) = self.lists.get(&(list, id)) {
            return Got::Shared(l);
        }
        let sql = match list {
            List::Content => "SELECT content FROM words WHERE id = $1",
            List::Claim => "SELECT claim FROM words WHERE id = $1",
            List::Quote => "SELECT quotes FROM quote_words WHERE id = $1",
            List::Word => "SELECT sentences FROM sentence_words WHERE id = $1",
        };
        let i = id as i32;
        // An answer left out is not remembered as an empty list.
        let Some(rows) = self.db.ask(move |c| c.query(sql, &[&i])) else {
            return Got::Shared(Arc::from([]));
        };
        let got: Arc<[u32]> = rows
            .first()
            .map_or_else(|| Arc::from([]), |r| nums(r.get(0)));
        self.lists.put((list, id), got.clone());
        Got::Shared(got)
    }

    fn answers_left_out(&self) -> u64 {
        self.db.health.tell.missed()
    }

    fn prefetch_lists(&self, list: List, ids: &[u32]) {
        let keys: Vec<(List, u32)> = ids.iter().map(|&id| (list, id)).collect();
        let missing: Vec<i32> = self
            .lists
            .missing(&keys)
            .into_iter()
            .map(|k| k.1 as i32)
            .collect();
        if missing.len() < 2 {
            return;
        }
        let sql = match list {
            List::Content => "SELECT id, content FROM words WHERE id = ANY($1)",
            List::Claim => "SELECT id, claim FROM words WHERE id = ANY($1)",
            List::Quote => "SELECT id, quotes FROM quote_words WHERE id = ANY($1)",
            List::Word => "SELECT id, sentences FROM sentence_words WHERE id = ANY($1)",
        };
        // Left out (past the deadline): each list is asked again when read.
        let Some(rows) = self.rows_for(sql, &missing) else {
            return;
        };
        let mut found: HashMap<i32, Arc<[u32]>> = rows
            .iter()
            .map(|r| (r.get::<_, i32>(0), nums(r.get(1))))
            .collect();
        for id in missing {
            let got = found.remove(&id).unwrap_or_else(|| Arc::from([]));
            self.lists.put((list, id as u32), got);
        }
    }

    fn prefetch(&self, need: Need, sentences: &[u32]) {
        let bag = |r: &postgres::Row, i: usize| {
            Arc::new(Bag::new(
                nums(r.get(i)).to_vec(),
                r.get(i + 1),
                r.get(i + 2),
            ))
        };
        match need {
            Need::Figures => {
                let missing = PgTables::uncached(&self.figure_rows, sentences);
                if missing.is_empty() {
                    return;
                }
                // Sentences that state no figure give no candidate: only those
                // that do are read (through the partial index), the others
                // are known to state none.
                let Some(rows) = self.rows_for(
                    "SELECT g, fig_start, fig_end, ids, weights, total FROM contents WHERE g = ANY($1) AND fig_end > fig_start",
                    &missing,
                ) else {
                    return;
                };
                for &g in &missing {
                    self.figure_rows.put(g as u32, (0..0, None));
                }
                let mut figures = Vec::new();
                for r in rows {
                    let (s, e) = (r.get::<_, i32>(1) as u32, r.get::<_, i32>(2) as u32);
                    let content = (e > s).then(|| bag(&r, 3));
                    figures.extend(
                        (s..e)
                            .filter(|i| self.figures.get(i).is_none())
                            .map(|i| i as i32),
                    );
                    self.figure_rows
                        .put(r.get::<_, i32>(0) as u32, (s..e, content));
                }
                self.figure_rows_of(figures);
            }
            Need::Claims => {
                let missing = PgTables::uncached(&self.claims, sentences);
                if missing.is_empty() {
                    return;
                }
                for r in self
                    .db
                    .ask(move |c| {
                        c.query(
                            "SELECT g, ids, weights, total FROM claims WHERE g = ANY($1)",
                            &[&missing],
                        )
                    })
                    .unwrap_or_default()
                {
                    self.claims.put(r.get::<_, i32>(0) as u32, bag(&r, 1));
                }
            }
            Need::Words => {
                let missing = PgTables::uncached(&self.words, sentences);
                if missing.is_empty() {
                    return;
                }
                for r in self
                    .db
                    .ask(move |c| {
                        c.query(
                            "SELECT g, words FROM sentences WHERE g = ANY($1)",
                            &[&missing],
                        )
                    })
                    .unwrap_or_default()
                {
                    self.words.put(r.get::<_, i32>(0) as u32, nums(r.get(1)));
                }
            }
        }
    }

    fn prefetch_quotes(&self, quotes: &[u32]) {
        let missing: Vec<i32> = self
            .quotes
            .missing(quotes)
            .into_iter()
            .map(|&q| q as i32)
            .collect();
        if missing.is_empty() {
            return;
        }
        for r in self
            .db
            .ask(move |c| {
                c.query(
                    "SELECT id, words, body FROM quotes WHERE id = ANY($1)",
                    &[&missing],
                )
            })
            .unwrap_or_default()
        {
            if let Some(q) = decoded::<StoredQuote>(r.get(2)) {
                self.quotes
                    .put(r.get::<_, i32>(0) as u32, (Arc::new(q), nums(r.get(1))));
            }
        }
    }

    fn bag(&self, kind: BagKind, g: u32) -> BagOf<'_> {
        let got = match kind {
            BagKind::Content => self.figure_row(g, true).1,
            BagKind::Claim => self.claims.get(&g).or_else(|| {
                self.prefetch(Need::Claims, &[g]);
                self.claims.get(&g)
            }),
        };
        BagOf::Shared(got.unwrap_or_else(|| Arc::new(Bag::default())))
    }

    fn sentence_words(&self, g: u32) -> Got<'_, [u32]> {
        let got = self.words.get(&g).or_else(|| {
            self.prefetch(Need::Words, &[g]);
            self.words.get(&g)
        });
        Got::Shared(got.unwrap_or_else(|| Arc::from([])))
    }

    fn sentence_at(&self, g: u32) -> Option<(u32, u32)> {
        // Articles are numbered in order, so their first sentences rise.
        let a = self
            .articles
            .partition_point(|&(first, _)| first <= g)
            .checked_sub(1)?;
        let (first, count) = self.articles[a];
        (g < first + count).then_some((a as u32, g - first))
    }

    fn sentences_of(&self, doc: usize) -> std::ops::Range<u32> {
        self.articles
            .get(doc)
            .map_or(0..0, |&(first, count)| first..first + count)
    }

    fn sentence_figures(&self, g: u32) -> std::ops::Range<u32> {
        self.figure_row(g, false).0
    }

    fn figure(&self, i: u32) -> Option<Got<'_, StoredFigure>> {
        if let Some(f) = self.figures.get(&i) {
            return Some(Got::Shared(f));
        }
        self.figure_rows_of(vec![i as i32]);
        self.figures.get(&i).map(Got::Shared)
    }

    fn figure_sources(&self, key: &str) -> Option<[u32; 2]> {
        self.figure_sources.get(key).copied()
    }

    fn value_figures(&self, key: &str, max: usize) -> Option<Vec<u32>> {
        let (k, limit) = (key.to_string(), max as i64 + 1);
        let rows = self.db.ask(move |c| {
            c.query(
                "SELECT id FROM figures WHERE value_key = $1 ORDER BY id LIMIT $2",
                &[&k, &limit],
            )
        })?;
        (!rows.is_empty() && rows.len() <= max)
            .then(|| rows.iter().map(|r| r.get::<_, i32>(0) as u32).collect())
    }

    fn quote_set(&self, q: u32) -> Got<'_, [u32]> {
        if self.quotes.get(&q).is_none() {
            self.prefetch_quotes(&[q]);
        }
        Got::Shared(self.quotes.get(&q).map_or_else(|| Arc::from([]), |x| x.1))
    }

    fn quote(&self, q: u32) -> Option<Got<'_, StoredQuote>> {
        if self.quotes.get(&q).is_none() {
            self.prefetch_quotes(&[q]);
        }
        self.quotes.get(&q).map(|x| Got::Shared(x.0))
    }

    fn roles(&self, key: RoleKey<'_>) -> Vec<(EntityId, usize, Role)> {
        let asked = match key {
            RoleKey::Entity(e) => format!("e{}", e.0),
            RoleKey::Org(o) => format!("o{o}"),
            RoleKey::Title(t) => format!("t{t}"),
        };
        if let Some(hit) = self.roles.get(&asked) {
            return hit.to_vec();
        }
        let Some(out) = self.roles_read(key) else {
            return Vec::new();
        };
        self.roles.put(asked, out.as_slice().into());
        out
    }
}

impl PgTables {
    /// [`IndexTables::roles`] from the database; `None` when it did not answer.
    fn roles_read(&self, key: RoleKey<'_>) -> Option<Vec<(EntityId, usize, Role)>> {
        // A role phrase is filed by its words and its person's entity, apart
        // from the roles `roles_of` gives (as the in-memory index files it,
        // `Index::build`): its row is not one of the person's roles.
        let by_entity = matches!(key, RoleKey::Entity(_));
        let rows = match key {
            RoleKey::Entity(e) => {
                let e = e.0 as i32;
                self.db.ask(move |c| {
                    c.query(
                        "SELECT entity, article, body, 1 FROM roles WHERE entity = $1 ORDER BY id",
                        &[&e],
                    )
                })
            }
            RoleKey::Org(o) => {
                let o = vec![o.to_string()];
                self.db.ask(move |c| {
                    c.query(
                        "SELECT entity, article, body, 1 FROM roles WHERE orgs @> $1 ORDER BY id",
                        &[&o],
                    )
                })
            }
            // A role is filed under a title as often as it names it.
            RoleKey::Title(t) => {
                let (t, one) = (t.to_string(), vec![t.to_string()]);
                self.db.ask(move |c| {
                    c.query("SELECT entity, article, body, (SELECT count(*)::int FROM unnest(titles) x WHERE x = $1) FROM roles WHERE titles @> $2 ORDER BY id", &[&t, &one])
                })
            }
        };
        let mut out = Vec::new();
        for r in rows? {
            let Some(role) = decoded::<Role>(r.get(2)) else {
                continue;
            };
            if by_entity && !role.phrase.is_empty() {
                continue;
            }
            for _ in 0..r.get::<_, i32>(3) {
                out.push((
                    EntityId(r.get::<_, i32>(0) as u32),
                    r.get::<_, i32>(1) as usize,
                    role.clone(),
                ));
            }
        }
        Some(out)
    }
}

/// The archive's articles' analyses, fetched when a query first reaches them.
pub(super) struct PgDocs {
    pub(super) db: Db,
    /// Each article's checksum as read at open.
    pub(super) crcs: Vec<i32>,
}

impl std::fmt::Debug for PgDocs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgDocs({} articles)", self.crcs.len())
    }
}

impl PgDocs {
    /// The stored analysis, if its bytes match their checksum and the
    /// archive's at open: a wrong finding is worse than a missing one.
    fn decoded(&self, key: usize, bytes: &[u8], crc: i32) -> Option<Doc> {
        (crc == *self.crcs.get(key)? && crc_i32(bytes) == crc)
            .then(|| postcard::from_bytes(bytes).ok())
            .flatten()
    }
}

impl DocSource for PgDocs {
    fn load_many(&self, keys: &[usize]) -> Vec<(usize, Doc)> {
        let ids: Vec<i32> = keys.iter().filter_map(|&k| i32::try_from(k).ok()).collect();
        if ids.len() < 2 {
            return Vec::new();
        }
        let Some(rows) = self.db.ask(move |c| {
            c.query(
                "SELECT id, doc, crc FROM articles WHERE id = ANY($1)",
                &[&ids],
            )
        }) else {
            return Vec::new();
        };
        rows.iter()
            .filter_map(|r| {
                let key = r.get::<_, i32>(0) as usize;
                let bytes: Vec<u8> = r.get(1);
                Some((key, self.decoded(key, &bytes, r.get(2))?))
            })
            .collect()
    }

    fn load(&self, key: usize) -> Option<Doc> {
        let id = i32::try_from(key).ok()?;
        let rows = self
            .db
            .ask(move |c| c.query("SELECT doc, crc FROM articles WHERE id = $1", &[&id]))?;
        let row = rows.first()?;
        let (bytes, crc): (Vec<u8>, i32) = (row.get(0), row.get(1));
        self.decoded(key, &bytes, crc)
    }
}

/// What is read when the archive is opened: no more than a line per article
/// (and one per kind of figure).
pub(super) struct Head {
    pub(super) generation: String,
    pub(super) prefer: Vec<String>,
    pub(super) max_idf: f32,
    /// (path, file, crc, first sentence, sentences) by id.
    pub(super) articles: Vec<(String, Option<String>, i32, u32, u32)>,
    pub(super) phrases: Vec<String>,
    /// How often each kind of figure is attributed: key → [sentences, attributed].
    pub(super) figure_sources: HashMap<String, [u32; 2]>,
}

pub(super) fn read_head(client: &mut postgres::Client, shown: &str) -> Result<Head, String> {
    let fail = |what: &str, e: postgres::Error| format!("{shown}: {what}: {}", why(&e));
    // Told of any push from here on; the head is read after, in one snapshot.
    client
        .batch_execute(&format!("LISTEN {}", channel()))
        .map_err(|e| fail("cannot read the archive", e))?;
    // Not while a push replaces the tables: its snapshot would see the new
    // tables empty (they are not MVCC-safe). The push's lock, shared, taken
    // before the snapshot, waits for its commit; the connection holds it
    // until the head is read (an error ends the connection, and the lock).
    client
        .execute("SELECT pg_advisory_lock_shared($1)", &[&PUSH_LOCK])
        .map_err(|e| fail("cannot read the archive", e))?;
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(|e| fail("cannot read the archive", e))?;
    let present: bool = tx
        .query_one(
            "SELECT to_regclass(quote_ident($1) || '.schema_version') IS NOT NULL",
            &[&schema_name()],
        )
        .map_err(|e| fail("cannot read the archive", e))?
        .get(0);
    if !present {
        let others = other_archives(&mut tx).map_err(|e| fail("cannot read the archive", e))?;
        return Err(not_ours(shown, &others));
    }
    let version: Option<i32> = tx
        .query_opt("SELECT version FROM schema_version", &[])
        .map_err(|e| fail("cannot read the archive", e))?
        .map(|r| r.get(0));
    if version != Some(SCHEMA_VERSION) {
        return Err(other_version(
            shown,
            "table layout",
            version.map(i64::from),
            i64::from(SCHEMA_VERSION),
        ));
    }
    let row = tx
        .query_opt("SELECT model, generation, prefer, max_idf FROM meta", &[])
        .map_err(|e| fail("cannot read the archive's header", e))?;
    let Some(row) = row else {
        return Err(format!("{shown}: the archive has no header: push it again"));
    };
    let model: String = row.get(0);
    let ours = i64::from(copydesk_core::MODEL_VERSION);
    if model.parse::<i64>().ok() != Some(ours) {
        // Before model versions, `model` held a hash of the sources: no
        // version, older.
        let found = model.parse::<i64>().ok();
        return Err(other_version(shown, "model version", found, ours));
    }
    let articles = tx
        .query(
            "SELECT id, path, file, crc, first_sentence, sentences FROM articles ORDER BY id",
            &[],
        )
        .map_err(|e| fail("cannot list the articles", e))?
        .into_iter()
        .map(|r| {
            (
                r.get::<_, i32>(0),
                (
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get::<_, i32>(4) as u32,
                    r.get::<_, i32>(5) as u32,
                ),
            )
        })
        .collect::<Vec<_>>();
    // The tables name articles by position: the ids must be exactly 0..n.
    if articles.iter().enumerate().any(|(i, a)| a.0 as usize != i) {
        return Err(format!(
            "{shown}: the archive's article ids have gaps: push it again"
        ));
    }
    let phrases = tx
        .query("SELECT phrase FROM phrases", &[])
        .map_err(|e| fail("cannot read the names", e))?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    let figure_sources = tx
        .query("SELECT key, sentences, attributed FROM figure_sources", &[])
        .map_err(|e| fail("cannot read the figures' sources", e))?
        .into_iter()
        .map(|r| {
            let count = |i: usize| r.get::<_, i32>(i).max(0) as u32;
            (r.get(0), [count(1), count(2)])
        })
        .collect();
    tx.commit()
        .map_err(|e| fail("cannot read the archive", e))?;
    client
        .execute("SELECT pg_advisory_unlock_shared($1)", &[&PUSH_LOCK])
        .map_err(|e| fail("cannot read the archive", e))?;
    Ok(Head {
        generation: row.get(1),
        prefer: row.get(2),
        max_idf: row.get(3),
        articles: articles.into_iter().map(|a| a.1).collect(),
        phrases,
        figure_sources,
    })
}

/// How far an opening connection has come, as its thread tells it.
pub(super) enum Progress {
    /// Connected and logged in.
    Connected,
    /// The archive's head, or why it cannot be read.
    Head(Result<Head, String>),
}

/// A connection being opened: its thread, still connecting or reading the
/// head when the last [`open_watched`] stopped waiting for it.
pub(super) struct Opening {
    pub(super) progress: mpsc::Receiver<Progress>,
    pub(super) connected: bool,
    pub(super) jobs: mpsc::Sender<Job>,
    pub(super) health: Arc<Health>,
    pub(super) stale: Arc<AtomicBool>,
    /// The opened corpus's end of the channel [`Health`] tells.
    pub(super) watch: Arc<Watch>,
}

/// Openings that ran past their deadline, by URL: the next [`open_watched`] of the
/// same URL waits on the same thread rather than start another (a server
/// that accepts and never answers holds each attempt's thread for ever).
pub(super) static OPENING: Mutex<Vec<(String, Opening)>> = Mutex::new(Vec::new());

/// Start the connection's thread for `url`: it connects, reads the head,
/// then answers jobs until every handle on the corpus is gone, and closes
/// the connection there (never inside an async runtime).
pub(super) fn start_opening(url: &str) -> Result<Opening, String> {
    let (tell, progress) = mpsc::channel::<Progress>();
    let (jobs, serve) = mpsc::channel::<Job>();
    let url_owned = url.to_string();
    let shown = masked(url);
    let stale = Arc::new(AtomicBool::new(false));
    let stale_flag = stale.clone();
    let watch = Watch::new();
    let health = Health::new(url, watch.tell());
    let health_conn = health.clone();
    std::thread::Builder::new()
        .name("copydesk-postgres".into())
        .spawn(move || {
            let mut client = match reader(&url_owned) {
                Ok(c) => c,
                Err(e) => {
                    let _ = tell.send(Progress::Head(Err(e)));
                    return;
                }
            };
            *lock(&health_conn.cancel) = Some(client.cancel_token());
            let _ = tell.send(Progress::Connected);
            let head = read_head(&mut client, &shown);
            let generation = head.as_ref().ok().map(|h| h.generation.clone());
            let _ = tell.send(Progress::Head(head));
            let Some(generation) = generation else { return };
            let mut conn = Conn {
                client,
                url: url_owned,
                statements: HashMap::new(),
                generation: Some(generation),
                stale: stale_flag,
                resting: None,
                health: health_conn,
                moved: false,
            };
            for job in serve {
                job(&mut conn);
            }
        })
        .map_err(|e| format!("{}: cannot start the database thread: {e}", masked(url)))?;
    Ok(Opening {
        progress,
        connected: false,
        jobs,
        health,
        stale,
        watch,
    })
}

/// The head of the archive `o` opens: connected within
/// [`connect_deadline`], the head read within [`query_deadline`]. Past a
/// deadline the opening is kept for the next [`open_watched`] of `url`.
pub(super) fn wait_for_head(url: &str, mut o: Opening) -> Result<(Head, Opening), String> {
    loop {
        let (within, what) = if o.connected {
            (query_deadline(), "reading the archive")
        } else {
            (connect_deadline(), "to connecting and logging in")
        };
        match o.progress.recv_timeout(within) {
            Ok(Progress::Connected) => o.connected = true,
            Ok(Progress::Head(Ok(head))) => return Ok((head, o)),
            Ok(Progress::Head(Err(e))) => return Err(e),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                lock(&OPENING).push((url.to_string(), o));
                return Err(no_answer(url, what, within));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(format!(
                    "{}: the database connection ended unexpectedly",
                    masked(url)
                ));
            }
        }
    }
}

/// The corpus in the archive at `url`, warnings, a flag set once another
/// push replaced the archive (its answers are left out from then on: a
/// check made with the corpus after that is from part of an archive no
/// longer there), and the channel it reports trouble through. `Err` (one
/// line, naming the URL with its password masked) when the database cannot
/// be reached or holds no archive this build can read, or does not answer
/// within the deadlines ([`connect_deadline`] to connect and log in,
/// [`query_deadline`] to read the archive's head).
#[allow(clippy::type_complexity)]
pub fn open_watched(
    url: &str,
) -> Result<(Corpus, Vec<String>, Arc<AtomicBool>, Arc<Watch>), String> {
    let shown = masked(url);
    let earlier = {
        let mut opening = lock(&OPENING);
        opening
            .iter()
            .position(|(u, _)| u == url)
            .map(|i| opening.swap_remove(i).1)
    };
    let o = match earlier {
        Some(o) => o,
        None => start_opening(url)?,
    };
    let (head, o) = wait_for_head(url, o)?;
    let (jobs, health, stale, watch) = (o.jobs, o.health, o.stale, o.watch);
    let mut warnings = Vec::new();
    if head.articles.is_empty() {
        warnings.push(format!("{shown}: {}", loader::NO_ARTICLES));
    }
    let db = Db { jobs, health };
    let source: Arc<dyn DocSource> = Arc::new(PgDocs {
        db: db.clone(),
        crcs: head.articles.iter().map(|a| a.2).collect(),
    });
    let tables = PgTables {
        db,
        articles: head.articles.iter().map(|a| (a.3, a.4)).collect(),
        max_idf: head.max_idf,
        figure_sources: head.figure_sources,
        weights: Cache::new(ROWS_KEPT, &stale),
        word_ids: Cache::new(ROWS_KEPT, &stale),
        lens: Cache::new(ROWS_KEPT, &stale),
        lists: Cache::new(LISTS_KEPT, &stale),
        figure_rows: Cache::new(ROWS_KEPT, &stale),
        claims: Cache::new(ROWS_KEPT, &stale),
        words: Cache::new(ROWS_KEPT, &stale),
        figures: Cache::new(ROWS_KEPT, &stale),
        quotes: Cache::new(ROWS_KEPT, &stale),
        names: Cache::new(ROWS_KEPT, &stale),
        lookups: Cache::new(ROWS_KEPT, &stale),
        neighbours: Cache::new(LISTS_KEPT, &stale),
        variants: Cache::new(LISTS_KEPT, &stale),
        lower_counts: Cache::new(ROWS_KEPT, &stale),
        roles: Cache::new(LISTS_KEPT, &stale),
    };
    let docs = head
        .articles
        .into_iter()
        .enumerate()
        .map(|(i, (path, file, ..))| {
            // The pusher's file, where this machine sees it too (a shared
            // folder): go-to-definition opens it.
            let file = file.map(PathBuf::from).filter(|f| f.is_file());
            Article::lazy(path, file, source.clone(), i)
        })
        .collect();
    let style = StyleGuide {
        prefer: head.prefer,
    };
    Ok((
        Corpus::with_tables(docs, style, Box::new(tables), &head.phrases),
        warnings,
        stale,
        watch,
    ))
}
