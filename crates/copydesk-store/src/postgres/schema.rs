//! The archive's tables: their layout and its version, the locks and the
//! channel a push and its readers share, and why an archive of another
//! version is refused.

/// The layout of the tables below ([`TABLES`], [`INDEXES`]). Raise it by
/// one whenever they change (the tests in `postgres/mod.rs` hold a snapshot
/// of their text to it); what their rows hold is versioned by
/// [`copydesk_core::MODEL_VERSION`]. Layout 5 keeps each release's archive
/// in a schema of its own ([`schema_name`]).
pub const SCHEMA_VERSION: i32 = 5;

/// The schema this build's archive lives in, named by both versions
/// (`copydesk_v5_m5`). Releases whose versions differ keep their archives
/// side by side in one database, so a newsroom upgrades one reporter at a
/// time: a push of the new release leaves the old release's archive, and
/// its readers, alone ([`KEPT_OTHERS`]).
pub fn schema_name() -> String {
    format!("{PREFIX}{SCHEMA_VERSION}_m{}", copydesk_core::MODEL_VERSION)
}

const PREFIX: &str = "copydesk_v";

/// Where layouts before 5 kept the one archive a database could hold.
const LEGACY_SCHEMA: &str = "copydesk";

/// How many archives of other versions a push keeps beside its own: the
/// newest one, for the clients of the release before (or after) it during
/// an upgrade. Older ones have no reader left that a newsroom still runs.
pub(super) const KEPT_OTHERS: usize = 1;

/// An archive in the database: its schema and versions (a legacy archive
/// whose version rows cannot be read has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stored {
    pub(super) schema: String,
    pub(super) layout: Option<i64>,
    pub(super) model: Option<i64>,
}

impl Stored {
    /// Ordered by layout, then model version (unknown is oldest).
    fn key(&self) -> (i64, i64) {
        (self.layout.unwrap_or(-1), self.model.unwrap_or(-1))
    }
}

/// Every copydesk archive in the database but this build's, newest first.
pub(super) fn other_archives(
    client: &mut impl postgres::GenericClient,
) -> Result<Vec<Stored>, postgres::Error> {
    let ours = schema_name();
    let names: Vec<String> = client
        .query(
            "SELECT nspname::text FROM pg_namespace WHERE nspname = $1 OR nspname ~ '^copydesk_v[0-9]+_m[0-9]+$'",
            &[&LEGACY_SCHEMA],
        )?
        .into_iter()
        .map(|r| r.get(0))
        .filter(|n: &String| *n != ours)
        .collect();
    let mut out = Vec::new();
    for schema in names {
        out.push(match versions_in_name(&schema) {
            Some((layout, model)) => Stored {
                schema,
                layout: Some(layout),
                model: Some(model),
            },
            None => legacy(client, schema)?,
        });
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.key()));
    Ok(out)
}

/// (layout, model) from a name `copydesk_v5_m5`.
fn versions_in_name(schema: &str) -> Option<(i64, i64)> {
    let (layout, model) = schema.strip_prefix(PREFIX)?.split_once("_m")?;
    Some((layout.parse().ok()?, model.parse().ok()?))
}

/// The archive of a layout before 5, in schema `copydesk`: its versions
/// read from its rows where they can be.
fn legacy(
    client: &mut impl postgres::GenericClient,
    schema: String,
) -> Result<Stored, postgres::Error> {
    let mut exists = |t: &str| -> Result<bool, postgres::Error> {
        let table = format!("{LEGACY_SCHEMA}.{t}");
        Ok(client
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&table])?
            .get(0))
    };
    let (with_version, with_meta) = (exists("schema_version")?, exists("meta")?);
    let layout = match with_version {
        true => client
            .query_opt("SELECT version FROM copydesk.schema_version", &[])?
            .map(|r| i64::from(r.get::<_, i32>(0))),
        false => None,
    };
    let model = match with_meta {
        true => client
            .query_opt("SELECT model FROM copydesk.meta", &[])?
            .and_then(|r| r.get::<_, String>(0).parse().ok()),
        false => None,
    };
    Ok(Stored {
        schema,
        layout,
        model,
    })
}

/// Why this build cannot read the database's archives: `others` is what
/// [`other_archives`] found (none: no archive at all).
pub(super) fn not_ours(shown: &str, others: &[Stored]) -> String {
    let Some(newest) = others.first() else {
        return format!(
            "{shown}: holds no copydesk archive: push one with `copydesk index push --postgres URL --corpus DIR`"
        );
    };
    let ours_layout = i64::from(SCHEMA_VERSION);
    if newest.layout != Some(ours_layout) {
        other_version(shown, "table layout", newest.layout, ours_layout)
    } else {
        let ours = i64::from(copydesk_core::MODEL_VERSION);
        other_version(shown, "model version", newest.model, ours)
    }
}

/// Make this connection's unqualified table names this build's schema
/// (ahead of the connection's own search path, which still finds
/// `pg_trgm` wherever it is installed).
pub(super) fn use_schema(client: &mut impl postgres::GenericClient) -> Result<(), postgres::Error> {
    client
        .execute(
            "SELECT set_config('search_path', quote_ident($1) || ', ' || current_setting('search_path'), false)",
            &[&schema_name()],
        )
        .map(drop)
}

/// The tables of a layout-4 archive (and `derived`, of older ones), dropped
/// with it by name: never `CASCADE`, so a view another tool made on them
/// stops the drop instead of disappearing.
const TABLE_NAMES: &[&str] = &[
    "schema_version",
    "meta",
    "articles",
    "derived",
    "names",
    "name_keys",
    "glued",
    "lower_words",
    "phrases",
    "words",
    "quote_words",
    "sentence_words",
    "sentences",
    "contents",
    "claims",
    "figures",
    "quotes",
    "roles",
    "figure_sources",
];

/// Drop `schema`'s tables (qualified: an unqualified name could reach
/// another application's table) and the schema itself.
pub(super) fn drop_tables(schema: &str) -> String {
    let tables: Vec<String> = TABLE_NAMES
        .iter()
        .map(|t| format!("\"{schema}\".{t}"))
        .collect();
    format!("DROP TABLE IF EXISTS {};", tables.join(", "))
}

/// Drop the archive of another release: its tables, then the schema.
pub(super) fn drop_archive(schema: &str) -> String {
    format!(
        "{} DROP SCHEMA IF EXISTS \"{schema}\";",
        drop_tables(schema)
    )
}

/// The advisory lock a push holds for its transaction ("copydesk" in ASCII).
pub(super) const PUSH_LOCK: i64 = 0x636f_7079_6465_736b;

/// The channel on which a push tells open readers that this release's
/// archive changed: the schema's name (a push of another release's archive
/// is no news to them).
pub(super) fn channel() -> String {
    schema_name()
}

/// The tables, made again by each push in this build's schema, after
/// [`drop_tables`] (their names are unqualified: the connection's search
/// path starts at [`schema_name`], see [`use_schema`]).
pub(super) const TABLES: &str = "
    CREATE TABLE schema_version (version int NOT NULL);
    CREATE TABLE meta (model text NOT NULL, generation text NOT NULL, prefer text[] NOT NULL, max_idf real NOT NULL);
    CREATE TABLE articles (id int NOT NULL, path text NOT NULL, file text, doc bytea NOT NULL, crc int NOT NULL, first_sentence int NOT NULL, sentences int NOT NULL);
    CREATE TABLE names (id int NOT NULL, form text NOT NULL, folded text NOT NULL, variant_of int, canonical boolean NOT NULL, count int NOT NULL, articles int NOT NULL, body bytea NOT NULL);
    CREATE TABLE name_keys (key text NOT NULL, skeleton boolean NOT NULL, id int NOT NULL);
    CREATE TABLE glued (form text NOT NULL, id int NOT NULL);
    CREATE TABLE lower_words (word text NOT NULL, count int NOT NULL);
    CREATE TABLE phrases (phrase text NOT NULL);
    CREATE TABLE words (id int NOT NULL, word text NOT NULL, idf real NOT NULL, content int[] NOT NULL, claim int[] NOT NULL);
    CREATE TABLE quote_words (id int NOT NULL, word text NOT NULL, quotes int[] NOT NULL);
    CREATE TABLE sentence_words (id int NOT NULL, word text NOT NULL, sentences int[] NOT NULL);
    CREATE TABLE contents (g int NOT NULL, fig_start int NOT NULL, fig_end int NOT NULL, ids int[] NOT NULL, weights real[] NOT NULL, total real NOT NULL);
    CREATE TABLE claims (g int NOT NULL, ids int[] NOT NULL, weights real[] NOT NULL, total real NOT NULL);
    CREATE TABLE sentences (g int NOT NULL, words int[] NOT NULL);
    CREATE TABLE figures (id int NOT NULL, g int NOT NULL, value_key text, body bytea NOT NULL);
    CREATE TABLE quotes (id int NOT NULL, words int[] NOT NULL, body bytea NOT NULL);
    CREATE TABLE roles (id int NOT NULL, entity int NOT NULL, article int NOT NULL, orgs text[] NOT NULL, titles text[] NOT NULL, body bytea NOT NULL);
    CREATE TABLE figure_sources (key text NOT NULL, sentences int NOT NULL, attributed int NOT NULL);";

/// The indexes the queries below use, made after the rows are in (one sort each).
pub(super) const INDEXES: &str = "
    ALTER TABLE articles ADD PRIMARY KEY (id);
    ALTER TABLE names ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON names (form);
    CREATE INDEX names_form_trgm ON names USING gin (form gin_trgm_ops);
    CREATE INDEX names_folded_trgm ON names USING gin (folded gin_trgm_ops) WHERE canonical;
    CREATE INDEX ON names (variant_of) WHERE variant_of IS NOT NULL;
    CREATE INDEX ON name_keys (key);
    ALTER TABLE glued ADD PRIMARY KEY (form);
    ALTER TABLE lower_words ADD PRIMARY KEY (word);
    ALTER TABLE words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON words (word);
    ALTER TABLE quote_words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON quote_words (word);
    ALTER TABLE sentence_words ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX ON sentence_words (word);
    ALTER TABLE sentences ADD PRIMARY KEY (g);
    ALTER TABLE contents ADD PRIMARY KEY (g);
    CREATE INDEX contents_with_figures ON contents (g) WHERE fig_end > fig_start;
    ALTER TABLE claims ADD PRIMARY KEY (g);
    ALTER TABLE figures ADD PRIMARY KEY (id);
    CREATE INDEX ON figures (g);
    CREATE INDEX ON figures (value_key) WHERE value_key IS NOT NULL;
    ALTER TABLE quotes ADD PRIMARY KEY (id);
    ALTER TABLE roles ADD PRIMARY KEY (id);
    CREATE INDEX ON roles (entity);
    CREATE INDEX ON roles USING gin (orgs);
    CREATE INDEX ON roles USING gin (titles);
";

/// Run after the push commits (VACUUM cannot run in a transaction): the
/// rows' visibility settled once, so the first readers do not pay for it,
/// and statistics for the planner.
pub(super) const SETTLE: &str = "VACUUM (ANALYZE) articles, names, name_keys, words, quote_words,
    sentence_words, sentences, contents, claims, figures, quotes, roles";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_is_named_by_both_versions() {
        let ours = schema_name();
        assert_eq!(
            versions_in_name(&ours),
            Some((
                i64::from(SCHEMA_VERSION),
                i64::from(copydesk_core::MODEL_VERSION)
            ))
        );
        assert_eq!(versions_in_name("copydesk"), None);
        assert_eq!(versions_in_name("copydesk_vx_m2"), None);
    }

    #[test]
    fn the_newest_other_archive_says_what_to_run() {
        let stored = |schema: &str, layout, model| Stored {
            schema: schema.into(),
            layout,
            model,
        };
        let model = i64::from(copydesk_core::MODEL_VERSION);
        let layout = i64::from(SCHEMA_VERSION);
        assert!(not_ours("db", &[]).contains("holds no copydesk archive"));
        let older = not_ours("db", &[stored("x", Some(layout), Some(model - 1))]);
        assert!(
            older.contains("older copydesk") && older.contains("model version"),
            "{older}"
        );
        let legacy = not_ours("db", &[stored("copydesk", Some(4), None)]);
        assert!(
            legacy.contains("older copydesk") && legacy.contains("table layout 4"),
            "{legacy}"
        );
        let newer = not_ours("db", &[stored("y", Some(layout), Some(model + 1))]);
        assert!(
            newer.contains("newer copydesk") && newer.contains("upgrade copydesk"),
            "{newer}"
        );
    }

    #[test]
    fn dropping_another_archive_names_each_table_with_its_schema() {
        let sql = drop_archive("copydesk");
        assert!(
            sql.contains("\"copydesk\".articles")
                && sql.contains("DROP SCHEMA IF EXISTS \"copydesk\";")
        );
        assert!(!sql.contains("CASCADE"));
    }
}
