//! One suite of search tests, run against every form the model is read
//! through: the in-memory model (built from the texts), the index file
//! (written, then reopened memory-mapped) and PostgreSQL (pushed, then read
//! row by row). A small inline archive in; the candidates each search must
//! give out, the same from all three. The PostgreSQL run is skipped, saying
//! so loudly, where no server can be started (`initdb` absent).

use copydesk::corpus::{CorpusQuery, StyleGuide};
use copydesk::index::{Verify, open_with};
use copydesk::model::figures::ANY_FIGURE;
use copydesk::{ArticleText, Code, Corpus, Doc, Format, Options};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

include!("support/pg_server.rs");
include!("support/not_run.rs");

/// A harbour story told by three articles: people named in full and by
/// surname, titles, attributed figures, a quotation with its speaker.
const ARCHIVE: [(&str, &str); 3] = [
    (
        "harbour.txt",
        "Harbour fees to rise by 12%\n\n\
         The port authority said on Tuesday that harbour fees would rise by 12% from 1 March.\n\n\
         Chief executive Marta Olsberg said the increase would pay for a new breakwater costing £40m.\n\n\
         \"We cannot keep the harbour open without it,\" Ms Olsberg told reporters.\n\n\
         About 300 fishing boats use the harbour each year, according to the council.\n",
    ),
    (
        "council.txt",
        "Council backs breakwater plan\n\n\
         The town council voted 9 to 4 on Wednesday to back the port authority's breakwater plan.\n\n\
         Council leader Tomas Renwick said the £40m scheme was \"the harbour's last chance\".\n\n\
         Mr Renwick denied that the vote had been rushed.\n\n\
         Marta Olsberg, the port authority's chief executive, welcomed the decision.\n",
    ),
    (
        "fishermen.txt",
        "Fishermen protest over fees\n\n\
         Fishermen protested outside the port offices on Friday against a 12% rise in harbour fees.\n\n\
         Their association said 80 boats would leave the harbour within two years.\n\n\
         \"We cannot keep fishing here if the fees rise again,\" said Ailsa Brennan, who chairs the association.\n\n\
         Marta Olsberg said the authority had not decided on further rises.\n",
    ),
];

/// A draft with one of each thing the checks find here.
const DRAFT: &str = "Chief executive Marta Olsburg said harbour fees would rise by 15% from 1 March.\n\n\
     \"We cannot keep the harbour running without it,\" Ms Olsberg told reporters.\n\n\
     About 300 fishing boats use the harbour each year.\n";

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "copydesk-conformance-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The archive as files in `dir`.
fn write_archive(dir: &Path) {
    for (name, text) in ARCHIVE {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// The archive built in memory from its texts, in the order the folder
/// lists them (by name), so ids agree with the other forms'.
fn in_memory() -> Corpus {
    let mut articles = ARCHIVE.to_vec();
    articles.sort();
    let texts = articles
        .iter()
        .map(|(name, text)| ArticleText {
            path: (*name).to_string(),
            file: None,
            text: (*text).to_string(),
        })
        .collect();
    Corpus::build(texts, StyleGuide::default())
}

/// The archive's index file, written from the folder and then reopened:
/// the second corpus reads its names and postings in place from the map.
fn from_index_file(dir: &Path) -> Corpus {
    let file = dir.join("index.cdx");
    let folder = dir.join("archive");
    // The archive was written just now. Let the file system's clock (a few
    // milliseconds a tick) pass its articles' times, so the index written
    // next is newer than each of them. An article no older than the index
    // is racily clean and analysed again at the next open
    // (tests/index.rs, an_article_no_older_than_the_index_is_read_again),
    // which the reopening below does not expect.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let (_, _, first) = open_with(std::slice::from_ref(&folder), Some(&file), Verify::All).unwrap();
    assert!(first.written, "{first:?}");
    let (c, w, again) = open_with(std::slice::from_ref(&folder), Some(&file), Verify::All).unwrap();
    assert!(
        again.derived_reused && !again.written && w.is_empty(),
        "{again:?} {w:?}"
    );
    c
}

/// The spelling of `form` the archive records, by form.
fn spelling_of(c: &dyn CorpusQuery, form: &str) -> Option<(String, u32)> {
    c.spelling(form).map(|s| (s.form, s.count))
}

/// The searches, asked as the checks ask them, with the answers expected
/// of every backend.
fn suite(backend: &str, c: &dyn CorpusQuery) {
    let at = |what: &str| format!("{backend}: {what}");
    assert_eq!(c.article_count(), 3, "{}", at("articles"));

    // Names: an exact spelling, and a near miss's candidates (deletion
    // and skeleton keys).
    assert_eq!(
        spelling_of(c, "Olsberg"),
        Some(("Olsberg".to_string(), 4)),
        "{}",
        at("spelling")
    );
    assert_eq!(
        spelling_of(c, "Olsburg"),
        None,
        "{}",
        at("unknown spelling")
    );
    let near: Vec<String> = c
        .spelling_candidates("Olsburg")
        .into_iter()
        .map(|s| s.form)
        .collect();
    assert!(
        near.contains(&"Olsberg".to_string()),
        "{}: {near:?}",
        at("candidates")
    );
    assert!(
        c.spelling_candidates("Zzyzx").is_empty(),
        "{}",
        at("no candidates")
    );
    // Known multi-word names found in a text, in one pass: Marta Olsberg,
    // written in full in all three articles (Tomas Renwick, once, is not one).
    let text = "Marta Olsberg met Tomas Renwick at the harbour.";
    let found: Vec<&str> = c
        .known_names_in(text)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(found, ["Marta Olsberg"], "{}", at("known names"));
    // Roles the archive gives a person: its two "chief executive" posts;
    // the role phrase written before the name is filed apart, as a phrase.
    let olsberg = c.spelling("Olsberg").unwrap().entity;
    let roles: Vec<(String, Option<String>)> = c
        .roles_of(olsberg)
        .into_iter()
        .map(|r| (r.title, r.post))
        .collect();
    let chief = ("head".to_string(), Some("chief executive".to_string()));
    assert_eq!(roles, [chief.clone(), chief], "{}", at("roles"));
    assert!(
        !c.phrase_roles_of(olsberg).is_empty(),
        "{}",
        at("role phrases")
    );

    // Figures: the archive's statement of the same figure, by its rarest words.
    let draft = Doc::parse(
        "The port authority said harbour fees would rise by 12% from 1 March.",
        Format::Plain,
    );
    let fig = draft
        .figures
        .iter()
        .find(|f| f.text.contains("12"))
        .unwrap();
    let cands = c.figures_for(&draft.sentences[fig.sentence].content, fig);
    let stated: Vec<String> = cands
        .iter()
        .filter_map(|&(id, _)| c.figure(id))
        .filter_map(|f| c.statement(f.sentence))
        .map(|s| s.text)
        .collect();
    assert!(
        stated
            .iter()
            .any(|t| t.contains("harbour fees would rise by 12%")),
        "{}: {stated:?}",
        at("figure candidates")
    );

    // What the archive's reporters source, per kind of figure (learned at
    // build): six sentences state figures, five name a source; the boats
    // and the money always, the per cents once in two; no tonnes at all.
    let rate = |key: &str| c.figure_sources(key).map(|r| (r.sentences, r.attributed));
    assert_eq!(
        rate(ANY_FIGURE),
        Some((6, 5)),
        "{}",
        at("all figures' sources")
    );
    assert_eq!(rate("count boat"), Some((2, 2)), "{}", at("boats' sources"));
    assert_eq!(rate("money"), Some((2, 2)), "{}", at("money's sources"));
    assert_eq!(
        rate("percent"),
        Some((2, 1)),
        "{}",
        at("per cents' sources")
    );
    assert_eq!(rate("tonne"), None, "{}", at("an absent kind's sources"));

    // Claims: the statements about the same thing.
    let claim = &draft.sentences[0].claim;
    let about: Vec<String> = c
        .statements_about(claim, 0.3)
        .into_iter()
        .filter_map(|(s, _)| c.statement(s))
        .map(|s| s.text)
        .collect();
    assert!(
        about
            .iter()
            .any(|t| t.contains("harbour fees would rise by 12%")),
        "{}: {about:?}",
        at("statements")
    );

    // Quotations sharing words, and their speaker.
    let quotes: Vec<(String, Option<String>)> = c
        .quotations_sharing(&["cannot", "keep", "harbour"])
        .into_iter()
        .filter_map(|q| c.quotation(q))
        .map(|q| {
            let words: Vec<&str> = q.words.iter().map(|w| w.0.as_str()).collect();
            (words.join(" "), q.speaker)
        })
        .collect();
    assert!(
        quotes
            .iter()
            .any(|(w, s)| w.contains("open") && s.as_deref().is_some_and(|s| s.contains("Olsberg"))),
        "{}: {quotes:?}",
        at("quotations")
    );

    // Words in the archive, and words not.
    assert!(
        c.contains_words(&["breakwater", "costing"]),
        "{}",
        at("words")
    );
    assert!(!c.contains_words(&["zeppelin"]), "{}", at("absent words"));
}

/// The draft's findings: (code, flagged text), sorted.
fn findings(c: &Corpus) -> Vec<(Code, String)> {
    let d = Doc::parse(DRAFT, Format::Plain);
    let mut v: Vec<(Code, String)> = copydesk::check(c, &d, &Options::default())
        .into_iter()
        .map(|f| (f.code, DRAFT[f.span].to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn the_searches_answer_alike_in_memory_and_from_the_index_file() {
    let memory = in_memory();
    let dir = scratch("index");
    std::fs::create_dir(dir.join("archive")).unwrap();
    write_archive(&dir.join("archive"));
    let mapped = from_index_file(&dir);
    suite("in memory", &memory);
    suite("index file", &mapped);
    let expected = findings(&memory);
    assert!(
        expected
            .iter()
            .any(|f| f.0 == Code::NameSpelling && f.1 == "Olsburg"),
        "{expected:?}"
    );
    assert_eq!(
        findings(&mapped),
        expected,
        "index file: the draft's findings"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_searches_answer_alike_from_postgresql() {
    let Some(pg) = Server::start("conformance") else {
        return;
    };
    let dir = scratch("pg");
    std::fs::create_dir(dir.join("archive")).unwrap();
    write_archive(&dir.join("archive"));
    let built = from_index_file(&dir);
    let url = pg.url("postgres");
    copydesk::postgres::push(&url, &built).unwrap();
    let (archive, warnings, _, _) = copydesk::postgres::open_watched(&url).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    suite("postgresql", &archive);
    assert_eq!(
        findings(&archive),
        findings(&in_memory()),
        "postgresql: the draft's findings"
    );
    std::fs::remove_dir_all(&dir).ok();
}
