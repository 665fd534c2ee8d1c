//! The stored analysis is versioned by hand ([`copydesk_core::MODEL_VERSION`]),
//! not by a hash of the sources: this test is the safety net that keeps the
//! version honest. It encodes a small fixture corpus as the index file and a
//! PostgreSQL push store it (each article's `Doc`, and the derived names
//! model and postings) and compares a hash of the bytes with the one
//! recorded for the current version.
//!
//! When it fails, the analysis now stores something else for the same text.
//! Raise `MODEL_VERSION` in `crates/copydesk-core/src/lib.rs` by one and
//! record the new hashes in [`SNAPSHOT`] (the failure prints them), in the
//! same commit: every index file is then rebuilt and every PostgreSQL
//! archive must be pushed again (`copydesk index push`), instead of being
//! read as if its encoding were this build's.
//!
//! It is a net, not a proof: it sees only what this fixture exercises. A
//! change to the analysis that this fixture's articles do not show (a rule
//! for a kind of sentence they do not have) passes it silently and still
//! needs `MODEL_VERSION` raised by hand.

use copydesk_core::corpus::{ArticleText, StyleGuide, flat};
use copydesk_core::model::wordhash::fnv1a;
use copydesk_core::{Corpus, MODEL_VERSION};

/// The hashes recorded for a model version: of the fixture's encoding, and
/// of the word list the analysis reads (`data/english-words.txt`).
struct Snapshot {
    model_version: u32,
    fixture: u64,
    word_list: u64,
}

/// Recorded with the version that produced them.
const SNAPSHOT: Snapshot = Snapshot {
    model_version: 6,
    fixture: 0x32e37be3be439195,
    word_list: 0x15c4b4e72eb619ea,
};

/// Three short articles with what the analysis stores: people named in
/// full and by surname, titles and organisations, attributed and bare
/// figures, dates, a quotation with its speaker, a denial.
const FIXTURE: [(&str, &str); 3] = [
    (
        "fixture/harbour.txt",
        "Harbour fees to rise by 12%\n\n\
         The port authority said on Tuesday that harbour fees would rise by 12% from 1 March.\n\n\
         Chief executive Marta Olsberg said the increase would pay for a new breakwater costing £40m.\n\n\
         \"We cannot keep the harbour open without it,\" Ms Olsberg told reporters.\n\n\
         About 300 fishing boats use the harbour each year, according to the council.\n\n\
         27 Jul 2022 18.08 The authority first set out the plan in a live blog.",
    ),
    (
        "fixture/council.txt",
        "Council backs breakwater plan\n\n\
         The town council voted 9 to 4 on Wednesday to back the port authority's breakwater plan.\n\n\
         Council leader Tomas Renwick said the £40m scheme was \"the harbour's last chance\".\n\n\
         Mr Renwick denied that the vote had been rushed.\n\n\
         Marta Olsberg, the port authority's chief executive, welcomed the decision.\n\n\
         Work starts in mid-March, after the council's 2021 survey and its May and July votes.",
    ),
    (
        "fixture/fishermen.md",
        "# Fishermen protest over fees\n\n\
         Fishermen protested outside the port offices on Friday against a 12% rise in harbour fees.\n\n\
         Their association said 80 boats would leave the harbour within two years.\n\n\
         \"We cannot keep fishing here if the fees rise again,\" said Ailsa Brennan, who chairs the association.\n\n\
         Marta Olsberg said the authority had not decided on further rises.",
    ),
];

fn fixture() -> Corpus {
    let texts = FIXTURE
        .iter()
        .map(|(path, text)| ArticleText {
            path: (*path).to_string(),
            file: None,
            text: (*text).to_string(),
        })
        .collect();
    Corpus::build(texts, StyleGuide::default())
}

/// FNV-1a over each article's encoded analysis, the encoded names model,
/// and the encoded index as a multiset of bytes: the index's vocabularies
/// are hash maps, encoded in an order that varies from one build of the
/// corpus to the next, so its bytes are counted, not read in order (a
/// change that only reorders the index is not seen; any other is, but for
/// a count-preserving coincidence).
fn fixture_hash(corpus: &Corpus) -> u64 {
    let mut bytes = Vec::new();
    for a in &corpus.docs {
        let doc = postcard::to_stdvec(a.doc()).expect("an analysis encodes");
        bytes.extend_from_slice(&(doc.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&doc);
    }
    let (names, index) = corpus.built().expect("a corpus built from texts");
    let names = flat::encode(names).expect("the names model encodes");
    bytes.extend_from_slice(&(names.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&names);
    let index = flat::encode(index).expect("the index encodes");
    let mut counts = [0u64; 256];
    for b in &index {
        counts[usize::from(*b)] += 1;
    }
    bytes.extend_from_slice(&(index.len() as u64).to_le_bytes());
    for c in counts {
        bytes.extend_from_slice(&c.to_le_bytes());
    }
    fnv1a(&bytes)
}

fn word_list_hash() -> u64 {
    fnv1a(include_bytes!("../data/english-words.txt"))
}

#[test]
fn the_fixture_encodes_the_same_each_time() {
    // A hash of an encoding that varies from run to run (a map's order)
    // would make the snapshot below fail at random.
    assert_eq!(fixture_hash(&fixture()), fixture_hash(&fixture()));
}

#[test]
fn stored_analysis_changes_only_with_model_version() {
    let (fixture, word_list) = (fixture_hash(&fixture()), word_list_hash());
    let recorded = format!(
        "Snapshot {{ model_version: {MODEL_VERSION}, fixture: {fixture:#018x}, word_list: {word_list:#018x} }}"
    );
    if SNAPSHOT.model_version != MODEL_VERSION {
        panic!(
            "MODEL_VERSION is {MODEL_VERSION} but SNAPSHOT in {} was recorded for {}: record the new version's hashes:\n    const SNAPSHOT: Snapshot = {recorded};",
            file!(),
            SNAPSHOT.model_version
        );
    }
    let what = match (SNAPSHOT.fixture == fixture, SNAPSHOT.word_list == word_list) {
        (true, true) => return,
        (false, true) => {
            "the fixture corpus's stored analysis (an article's Doc or the derived names and postings) changed"
        }
        (true, false) => "data/english-words.txt changed",
        (false, false) => "the fixture corpus's stored analysis and data/english-words.txt changed",
    };
    panic!(
        "{what} but MODEL_VERSION did not. If this change is meant (another branch's analysis \
         change lands here too), raise MODEL_VERSION in crates/copydesk-core/src/lib.rs to {} \
         and record, in {}:\n    const SNAPSHOT: Snapshot = {};\n\
         Old index files are then rebuilt and PostgreSQL archives must be pushed again \
         (`copydesk index push`). If it is not meant, the analysis changed by accident.",
        MODEL_VERSION + 1,
        file!(),
        recorded.replacen(
            &format!("model_version: {MODEL_VERSION}"),
            &format!("model_version: {}", MODEL_VERSION + 1),
            1
        )
    );
}
