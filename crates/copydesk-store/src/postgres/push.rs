//! `copydesk index push`: the analysed corpus written into the tables, in
//! one transaction that replaces the archive pushed before.

use super::*;
use copydesk_core::corpus::index::{Export, Index};
use copydesk_core::corpus::names::NameModel;

/// What `copydesk index push` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PushReport {
    pub articles: usize,
    pub names: usize,
    pub sentences: usize,
    /// Bytes of the articles' analyses.
    pub analyses: u64,
    /// Archives of other releases left for their readers (see
    /// [`KEPT_OTHERS`]), and those dropped, or not, with why.
    pub kept: Vec<String>,
    pub dropped: Vec<String>,
}

/// After a push: keep the newest archive of another release (its readers
/// upgrade one at a time) and drop older ones, each in a transaction of its
/// own; one that cannot be dropped (a view another tool made on it) is
/// left, and said so. Which release pushed is told by each archive's name
/// and version rows, never guessed.
fn prune(client: &mut postgres::Client, shown: &str) -> (Vec<String>, Vec<String>) {
    let Ok(others) = other_archives(client) else {
        return (Vec::new(), Vec::new());
    };
    let describe = |s: &Stored| {
        let v = |x: Option<i64>| x.map_or("unknown".to_string(), |v| v.to_string());
        format!(
            "{} (table layout {}, model version {})",
            s.schema,
            v(s.layout),
            v(s.model)
        )
    };
    let kept = others.iter().take(KEPT_OTHERS).map(describe).collect();
    let dropped = others
        .iter()
        .skip(KEPT_OTHERS)
        .map(|s| {
            match client.batch_execute(&format!("BEGIN; {} COMMIT;", drop_archive(&s.schema))) {
                Ok(()) => describe(s),
                Err(e) => {
                    let _ = client.batch_execute("ROLLBACK");
                    format!("{} not dropped ({shown}: {})", describe(s), why(&e))
                }
            }
        })
        .collect();
    (kept, dropped)
}

/// A binary COPY into `table` of rows of `types`.
pub(super) fn copy_rows<'a>(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    columns: &str,
    types: &[Type],
    rows: impl Iterator<Item = Result<Vec<Box<dyn ToSql + Sync + 'a>>, String>>,
) -> Result<(), String> {
    let fail = |e: postgres::Error| format!("cannot write {table}: {}", why(&e));
    let sink = tx
        .copy_in(&format!(
            "COPY {table} ({columns}) FROM STDIN (FORMAT binary)"
        ))
        .map_err(fail)?;
    let mut w = postgres::binary_copy::BinaryCopyInWriter::new(sink, types);
    for row in rows {
        let row = row?;
        let refs: Vec<&(dyn ToSql + Sync)> = row
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect();
        w.write(&refs).map_err(fail)?;
    }
    w.finish().map_err(fail)?;
    Ok(())
}

macro_rules! row {
    ($($x:expr),* $(,)?) => { Ok(vec![$(Box::new($x) as Box<dyn ToSql + Sync + '_>),*]) };
}

/// Write `corpus` (opened from its folders' index, with their style
/// guide) into the database at `url`, replacing what a previous push left,
/// in one transaction: the articles' analyses, and the names model and
/// index as tables with the indexes the queries need.
pub fn push(url: &str, corpus: &Corpus) -> Result<PushReport, String> {
    let shown = masked(url);
    let fail = |what: &str, e: postgres::Error| format!("{shown}: {what}: {}", why(&e));
    let Some((names, index)) = corpus.built() else {
        return Err(format!(
            "{shown}: only a corpus read from folders can be pushed"
        ));
    };
    let t: &dyn IndexTables = index;
    // An analysis still in the index file is copied as stored (checked
    // against its CRC), never decoded: pushing 100,000 articles would
    // otherwise hold every analysis in memory.
    let docs: Vec<&Article> = corpus.docs.iter().collect();
    let blobs = parallel_map(docs, |a| {
        a.stored().map_or_else(|| postcard::to_stdvec(a.doc()), Ok)
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| format!("cannot encode an analysis: {e}"))?;
    let rows = index.export();
    let report = PushReport {
        articles: blobs.len(),
        names: names.forms.len(),
        sentences: rows.sentences(),
        analyses: blobs.iter().map(|b| b.len() as u64).sum(),
        ..PushReport::default()
    };
    let mut client = connect(url)?;
    let mut tx = client
        .transaction()
        .map_err(|e| fail("cannot start a transaction", e))?;
    replace_tables(&mut tx, corpus, &rows).map_err(|(what, e)| fail(what, e))?;
    let with_url = |e: String| format!("{shown}: {e}");

    copy_articles(&mut tx, corpus, t, &blobs).map_err(with_url)?;
    copy_names(&mut tx, names).map_err(with_url)?;
    copy_postings(&mut tx, t, &rows).map_err(with_url)?;
    copy_sentences(&mut tx, t, &rows).map_err(with_url)?;
    copy_facts(&mut tx, t, index, &rows).map_err(with_url)?;

    tx.batch_execute(INDEXES)
        .map_err(|e| fail("cannot index the tables", e))?;
    // Readers that opened the old archive hear of the new one when it commits.
    tx.batch_execute(&format!("NOTIFY {}", channel()))
        .map_err(|e| fail("cannot notify readers", e))?;
    tx.commit().map_err(|e| fail("cannot commit the push", e))?;
    client
        .batch_execute(SETTLE)
        .map_err(|e| fail("pushed, but cannot vacuum the tables", e))?;
    let (kept, dropped) = prune(&mut client, &shown);
    Ok(PushReport {
        kept,
        dropped,
        ..report
    })
}

/// Articles: each analysis as stored, and where its sentences are numbered.
fn copy_articles(
    tx: &mut postgres::Transaction<'_>,
    corpus: &Corpus,
    t: &dyn IndexTables,
    blobs: &[Vec<u8>],
) -> Result<(), String> {
    // Articles: the analysis, and where its sentences are numbered.
    let articles = corpus
        .docs
        .iter()
        .zip(blobs)
        .enumerate()
        .map(|(i, (a, blob))| {
            let own = t.sentences_of(i);
            let file = a.file.as_ref().map(|f| f.display().to_string());
            row![
                i as i32,
                a.path.as_str(),
                file,
                blob.as_slice(),
                crc_i32(blob),
                own.start as i32,
                own.len() as i32
            ]
        });
    copy_rows(
        tx,
        "articles",
        "id, path, file, doc, crc, first_sentence, sentences",
        &[
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::BYTEA,
            Type::INT4,
            Type::INT4,
            Type::INT4,
        ],
        articles,
    )?;

    Ok(())
}

/// The names model: each spelling with its evidence, and the lookup keys.
fn copy_names(tx: &mut postgres::Transaction<'_>, names: &NameModel) -> Result<(), String> {
    // The names model: each spelling with its evidence, and the lookup keys.
    let forms = names.forms.iter().enumerate().map(|(i, f)| {
        let variant_of = f.variant_of.as_ref().map(|v| v.0 as i32);
        row![
            i as i32,
            f.form.clone(),
            f.form.to_lowercase(),
            variant_of,
            f.variant_of.is_none() && f.count > 0,
            f.count as i32,
            f.articles.len() as i32,
            body(f)?
        ]
    });
    copy_rows(
        tx,
        "names",
        "id, form, folded, variant_of, canonical, count, articles, body",
        &[
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::INT4,
            Type::BOOL,
            Type::INT4,
            Type::INT4,
            Type::BYTEA,
        ],
        forms,
    )?;
    let (near, skeletons, glued, lower) = names.lookup_tables();
    let keys = near
        .iter()
        .map(|k| (k, false))
        .chain(skeletons.iter().map(|k| (k, true)))
        .flat_map(|((key, ids), skeleton)| {
            ids.iter()
                .map(move |&id| row![key.to_string(), skeleton, id as i32])
        });
    copy_rows(
        tx,
        "name_keys",
        "key, skeleton, id",
        &[Type::TEXT, Type::BOOL, Type::INT4],
        keys,
    )?;
    copy_rows(
        tx,
        "glued",
        "form, id",
        &[Type::TEXT, Type::INT4],
        glued.iter().map(|(f, id)| row![f.to_string(), *id as i32]),
    )?;
    copy_rows(
        tx,
        "lower_words",
        "word, count",
        &[Type::TEXT, Type::INT4],
        lower.iter().map(|(w, c)| row![w.to_string(), *c as i32]),
    )?;
    copy_rows(
        tx,
        "phrases",
        "phrase",
        &[Type::TEXT],
        names.phrases.iter().map(|p| row![p.0.clone()]),
    )?;

    Ok(())
}

/// The index's vocabularies with their posting lists (inverted postings).
fn copy_postings(
    tx: &mut postgres::Transaction<'_>,
    t: &dyn IndexTables,
    rows: &Export<'_>,
) -> Result<(), String> {
    // The index: vocabularies with their posting lists (inverted postings).
    let words = rows.words().map(|(w, id, idf)| {
        row![
            id as i32,
            w.to_string(),
            idf,
            ints(&t.list(List::Content, id)),
            ints(&t.list(List::Claim, id))
        ]
    });
    copy_rows(
        tx,
        "words",
        "id, word, idf, content, claim",
        &[
            Type::INT4,
            Type::TEXT,
            Type::FLOAT4,
            Type::INT4_ARRAY,
            Type::INT4_ARRAY,
        ],
        words,
    )?;
    for (list, table, column) in [
        (List::Quote, "quote_words", "quotes"),
        (List::Word, "sentence_words", "sentences"),
    ] {
        let words = rows
            .vocabulary(list)
            .map(|(w, id)| row![id as i32, w.to_string(), ints(&t.list(list, id))]);
        copy_rows(
            tx,
            table,
            &format!("id, word, {column}"),
            &[Type::INT4, Type::TEXT, Type::INT4_ARRAY],
            words,
        )?;
    }
    Ok(())
}

/// Sentences, in three narrow tables (each search reads one): their
/// figures and weighted content words, their weighted claim words, and
/// their words as written.
fn copy_sentences(
    tx: &mut postgres::Transaction<'_>,
    t: &dyn IndexTables,
    rows: &Export<'_>,
) -> Result<(), String> {
    let n = rows.sentences() as u32;
    let contents = (0..n).map(|g| {
        let c = t.bag(BagKind::Content, g);
        let (ids, w, total) = c.view().parts();
        let figs = t.sentence_figures(g);
        row![
            g as i32,
            figs.start as i32,
            figs.end as i32,
            ints(ids),
            w.to_vec(),
            total
        ]
    });
    let bag_types = [Type::INT4_ARRAY, Type::FLOAT4_ARRAY, Type::FLOAT4];
    copy_rows(
        tx,
        "contents",
        "g, fig_start, fig_end, ids, weights, total",
        &[&[Type::INT4, Type::INT4, Type::INT4][..], &bag_types].concat(),
        contents,
    )?;
    let claims = (0..n).map(|g| {
        let c = t.bag(BagKind::Claim, g);
        let (ids, w, total) = c.view().parts();
        row![g as i32, ints(ids), w.to_vec(), total]
    });
    copy_rows(
        tx,
        "claims",
        "g, ids, weights, total",
        &[&[Type::INT4][..], &bag_types].concat(),
        claims,
    )?;
    copy_rows(
        tx,
        "sentences",
        "g, words",
        &[Type::INT4, Type::INT4_ARRAY],
        (0..n).map(|g| row![g as i32, ints(&t.sentence_words(g))]),
    )?;
    Ok(())
}

/// The facts the checks compare: figures (and how often each kind is
/// sourced), quotations, and roles with the organisation and title keys
/// each is filed under.
fn copy_facts(
    tx: &mut postgres::Transaction<'_>,
    t: &dyn IndexTables,
    index: &Index,
    rows: &Export<'_>,
) -> Result<(), String> {
    let figures = index.figures.iter().map(|(i, f)| {
        let g = t.sentences_of(f.doc).start + f.figure.sentence as u32;
        row![i as i32, g as i32, rows.value_key(i), body(&f)?]
    });
    copy_rows(
        tx,
        "figures",
        "id, g, value_key, body",
        &[Type::INT4, Type::INT4, Type::TEXT, Type::BYTEA],
        figures,
    )?;
    copy_rows(
        tx,
        "figure_sources",
        "key, sentences, attributed",
        &[Type::TEXT, Type::INT4, Type::INT4],
        index
            .figure_source_rows()
            .iter()
            .map(|(k, [n, a])| row![k.clone(), *n as i32, *a as i32]),
    )?;
    let quotes = (0..rows.quotes() as u32).map(|q| {
        let stored = t.quote(q).ok_or("a quotation is missing from the index")?;
        row![q as i32, ints(&t.quote_set(q)), body(&*stored)?]
    });
    copy_rows(
        tx,
        "quotes",
        "id, words, body",
        &[Type::INT4, Type::INT4_ARRAY, Type::BYTEA],
        quotes,
    )?;
    // Roles, with the organisation and title keys each is filed under.
    let (orgs, titles) = rows.role_keys();
    let mut keys: Vec<(Vec<String>, Vec<String>)> = vec![Default::default(); index.roles.len()];
    for (k, ids) in orgs {
        for &i in ids {
            if let Some(r) = keys.get_mut(i) {
                r.0.push(k.to_string());
            }
        }
    }
    for (k, ids) in titles {
        for &i in ids {
            if let Some(r) = keys.get_mut(i) {
                r.1.push(k.to_string());
            }
        }
    }
    let roles = index.roles.iter().map(|(i, (e, doc, role))| {
        let (orgs, titles) = keys.get(i).cloned().unwrap_or_default();
        row![i as i32, e.0 as i32, doc as i32, orgs, titles, body(&role)?]
    });
    copy_rows(
        tx,
        "roles",
        "id, entity, article, orgs, titles, body",
        &[
            Type::INT4,
            Type::INT4,
            Type::INT4,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::BYTEA,
        ],
        roles,
    )?;

    Ok(())
}

/// In the push's transaction, once no other push holds the lock: this
/// release's tables made afresh, with the versions and the archive's
/// header (a new generation, never reused). `Err` says what failed.
fn replace_tables(
    tx: &mut postgres::Transaction<'_>,
    corpus: &Corpus,
    rows: &Export<'_>,
) -> Result<(), (&'static str, postgres::Error)> {
    let generation = format!(
        "{}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
        std::process::id()
    );

    // One push at a time: a second waits for the first to commit, then
    // replaces its archive (two at once would both create the extension
    // and schema, and one fail on the catalog's `duplicate key`).
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PUSH_LOCK])
        .map_err(|e| ("cannot take the push lock", e))?;
    // The extension where the connection's own search path puts it (this
    // build's schema is put first only after), then this build's tables.
    let schema = schema_name();
    tx.batch_execute(&format!(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE SCHEMA IF NOT EXISTS \"{schema}\"; {}",
        drop_tables(&schema)
    ))
    .map_err(|e| ("cannot create the tables", e))?;
    use_schema(tx).map_err(|e| ("cannot set up the connection", e))?;
    tx.batch_execute(TABLES)
        .map_err(|e| ("cannot create the tables", e))?;
    tx.execute("INSERT INTO schema_version VALUES ($1)", &[&SCHEMA_VERSION])
        .map_err(|e| ("cannot write the schema version", e))?;
    tx.execute(
        "INSERT INTO meta VALUES ($1, $2, $3, $4)",
        &[
            &copydesk_core::MODEL_VERSION.to_string(),
            &generation,
            &corpus.style.prefer,
            &rows.max_idf(),
        ],
    )
    .map_err(|e| ("cannot write the archive's header", e))?;
    Ok(())
}
