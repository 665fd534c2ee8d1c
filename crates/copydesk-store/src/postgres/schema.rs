//! The archive's tables: their layout and its version, the locks and the
//! channel a push and its readers share, and why an archive of another
//! version is refused.

/// The layout of the tables below ([`TABLES`], [`INDEXES`]). Raise it by
/// one whenever they change (the tests in `postgres/mod.rs` hold a snapshot
/// of their text to it); what their rows hold is versioned by
/// [`copydesk_core::MODEL_VERSION`]. An archive of another layout is
/// refused, saying what to run.
pub const SCHEMA_VERSION: i32 = 4;

/// The advisory lock a push holds for its transaction ("copydesk" in ASCII).
pub(super) const PUSH_LOCK: i64 = 0x636f_7079_6465_736b;

/// The channel on which a push tells open readers that the archive changed.
pub(super) const CHANNEL: &str = "copydesk_push";

/// The tables, dropped and made again by each push. Only our own tables
/// are dropped, and without CASCADE: a view another tool made on them
/// stops the push with the server's message instead of disappearing.
pub(super) const TABLES: &str = "
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE SCHEMA IF NOT EXISTS copydesk;
    DROP TABLE IF EXISTS copydesk.schema_version, copydesk.meta, copydesk.articles, copydesk.derived, copydesk.names, copydesk.name_keys,
        copydesk.glued, copydesk.lower_words, copydesk.phrases, copydesk.words, copydesk.quote_words, copydesk.sentence_words,
        copydesk.sentences, copydesk.contents, copydesk.claims, copydesk.figures, copydesk.quotes, copydesk.roles, copydesk.figure_sources;
    CREATE TABLE copydesk.schema_version (version int NOT NULL);
    CREATE TABLE copydesk.meta (model text NOT NULL, generation text NOT NULL, prefer text[] NOT NULL, max_idf real NOT NULL);
    CREATE TABLE copydesk.articles (id int NOT NULL, path text NOT NULL, file text, doc bytea NOT NULL, crc int NOT NULL, first_sentence int NOT NULL, sentences int NOT NULL);
    CREATE TABLE copydesk.names (id int NOT NULL, form text NOT NULL, folded text NOT NULL, variant_of int, canonical boolean NOT NULL, count int NOT NULL, articles int NOT NULL, body bytea NOT NULL);
    CREATE TABLE copydesk.name_keys (key text NOT NULL, skeleton boolean NOT NULL, id int NOT NULL);
    CREATE TABLE copydesk.glued (form text NOT NULL, id int NOT NULL);
    CREATE TABLE copydesk.lower_words (word text NOT NULL, count int NOT NULL);
    CREATE TABLE copydesk.phrases (phrase text NOT NULL);
    CREATE TABLE copydesk.words (id int NOT NULL, word text NOT NULL, idf real NOT NULL, content int[] NOT NULL, claim int[] NOT NULL);
    CREATE TABLE copydesk.quote_words (id int NOT NULL, word text NOT NULL, quotes int[] NOT NULL);
    CREATE TABLE copydesk.sentence_words (id int NOT NULL, word text NOT NULL, sentences int[] NOT NULL);
    CREATE TABLE copydesk.contents (g int NOT NULL, fig_start int NOT NULL, fig_end int NOT NULL, ids int[] NOT NULL, weights real[] NOT NULL, total real NOT NULL);
    CREATE TABLE copydesk.claims (g int NOT NULL, ids int[] NOT NULL, weights real[] NOT NULL, total real NOT NULL);
    CREATE TABLE copydesk.sentences (g int NOT NULL, words int[] NOT NULL);
    CREATE TABLE copydesk.figures (id int NOT NULL, g int NOT NULL, value_key text, body bytea NOT NULL);
    CREATE TABLE copydesk.quotes (id int NOT NULL, words int[] NOT NULL, body bytea NOT NULL);
    CREATE TABLE copydesk.roles (id int NOT NULL, entity int NOT NULL, article int NOT NULL, orgs text[] NOT NULL, titles text[] NOT NULL, body bytea NOT NULL);
    CREATE TABLE copydesk.figure_sources (key text NOT NULL, sentences int NOT NULL, attributed int NOT NULL);";

/// The indexes the queries below use, made after the rows are in (one sort each).
pub(super) const INDEXES: &str = "
    ALTER TABLE copydesk.articles ADD PRIMARY KEY (id);
    ALTER TABLE copydesk.names ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.names (form);
    CREATE INDEX names_form_trgm ON copydesk.names USING gin (form gin_trgm_ops);
    CREATE INDEX names_folded_trgm ON copydesk.names USING gin (folded gin_trgm_ops) WHERE canonical;
    CREATE INDEX ON copydesk.names (variant_of) WHERE variant_of IS NOT NULL;
    CREATE INDEX ON copydesk.name_keys (key);
    ALTER TABLE copydesk.glued ADD PRIMARY KEY (form);
    ALTER TABLE copydesk.lower_words ADD PRIMARY KEY (word);
    ALTER TABLE copydesk.words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.words (word);
    ALTER TABLE copydesk.quote_words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.quote_words (word);
    ALTER TABLE copydesk.sentence_words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON copydesk.sentence_words (word);
    ALTER TABLE copydesk.sentences ADD PRIMARY KEY (g);
    ALTER TABLE copydesk.contents ADD PRIMARY KEY (g);
    CREATE INDEX contents_with_figures ON copydesk.contents (g) WHERE fig_end > fig_start;
    ALTER TABLE copydesk.claims ADD PRIMARY KEY (g);
    ALTER TABLE copydesk.figures ADD PRIMARY KEY (id);
    CREATE INDEX ON copydesk.figures (g);
    CREATE INDEX ON copydesk.figures (value_key) WHERE value_key IS NOT NULL;
    ALTER TABLE copydesk.quotes ADD PRIMARY KEY (id);
    ALTER TABLE copydesk.roles ADD PRIMARY KEY (id);
    CREATE INDEX ON copydesk.roles (entity);
    CREATE INDEX ON copydesk.roles USING gin (orgs);
    CREATE INDEX ON copydesk.roles USING gin (titles);
";

/// Run after the push commits (VACUUM cannot run in a transaction): the
/// rows' visibility settled once, so the first readers do not pay for it,
/// and statistics for the planner.
pub(super) const SETTLE: &str = "VACUUM (ANALYZE) copydesk.articles, copydesk.names, copydesk.name_keys, copydesk.words, copydesk.quote_words,
    copydesk.sentence_words, copydesk.sentences, copydesk.contents, copydesk.claims, copydesk.figures, copydesk.quotes, copydesk.roles";

/// Why an archive of another version (`what`: "table layout" or "model
/// version"; `found`, none where it has none) is refused, and exactly what
/// to run: an older one is pushed again with this build; a newer one needs
/// this copydesk upgraded (pushing it again with this build would refuse it
/// to the newer clients).
pub(super) fn other_version(shown: &str, what: &str, found: Option<i64>, ours: i64) -> String {
    let v = found.map_or("none".to_string(), |v| v.to_string());
    let push = format!("copydesk index push --postgres {shown} --corpus DIR");
    if found.is_some_and(|v| v > ours) {
        format!(
            "{shown}: the archive was pushed by a newer copydesk ({what} {v}; this build reads {what} {ours}): upgrade copydesk, or push it again with this build (`{push}`)"
        )
    } else {
        format!(
            "{shown}: the archive was pushed by an older copydesk ({what} {v}; this build reads {what} {ours}): push it again with this build: `{push}`"
        )
    }
}
