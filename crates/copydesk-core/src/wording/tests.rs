//! What a writer reads, one draft per code against the built-in archive:
//! the message, the fix titles and the hover card, as snapshots (update
//! with `UPDATE_EXPECT=1 cargo test -p copydesk-core wording` and
//! review the diff). Every message leads with the fact in newsroom words,
//! under [`wording::HEAD_MAX`] characters before its evidence, and never
//! says "corpus" or names a file.

use crate::corpus::{CorpusQuery, seed_corpus};
use crate::describe::{CardOptions, card};
use crate::{Doc, Finding, Format, Options, Source, check, wording};
use expect_test::{Expect, expect};

/// The fixes' titles, as the editor lists them.
fn fix_titles(draft: &str, f: &Finding) -> Vec<String> {
    let old = &draft[f.span.clone()];
    let mut out: Vec<String> = f
        .suggestions
        .iter()
        .map(|s| wording::fix_title(old, s, wording::fix_reason(f.code)))
        .collect();
    if let Some((_, text)) = &f.insert {
        out.push(wording::add_source_title(text));
    }
    out
}

/// Each finding of `draft`: its code, severity, words, message, fixes and card.
fn render(draft: &str) -> String {
    render_in(seed_corpus(), draft)
}

fn render_in(corpus: &crate::Corpus, draft: &str) -> String {
    let d = Doc::parse(draft, Format::Markdown);
    let findings = check(corpus, &d, &Options::default());
    let link = |s: &Source| {
        Some(format!(
            "file:///archive/{}#L{}",
            corpus.article_path(s.article),
            s.line
        ))
    };
    let opts = CardOptions {
        explain_all: false,
        link: Some(&link),
    };
    let mut out = String::new();
    for f in &findings {
        let head = wording::head(&f.message);
        assert!(head.chars().count() < wording::HEAD_MAX, "{head}");
        assert!(
            !f.message.to_lowercase().contains("corpus"),
            "{}",
            f.message
        );
        assert!(!f.message.contains(".txt"), "{}", f.message);
        out.push_str(&format!(
            "{} ({}) on ‘{}’\nmessage: {}\n",
            f.code,
            f.severity,
            &draft[f.span.clone()],
            f.message
        ));
        for t in fix_titles(draft, f) {
            out.push_str(&format!("fix: {t}\n"));
        }
        let c = card(corpus, &d, &findings, f.span.start, &opts).expect("a card");
        assert!(!c.markdown.contains(&f.message), "{}", c.markdown);
        out.push_str("card:\n");
        for l in c.markdown.lines() {
            out.push_str(&format!("  | {l}\n"));
        }
    }
    out
}

fn snap(draft: &str, want: Expect) {
    want.assert_eq(&render(draft));
}

#[test]
fn name_spelling() {
    snap(
        "Alexei Tabarov said so.",
        expect![[r#"
        name-spelling (warning) on ‘Tabarov’
        message: Misspelled? The archive writes Tabalov (4 times in 1 article) — the archive records ‘Tabarov’ as a rare variant: the same first name (Alexei)
        fix: Change ‘Tabarov’ to ‘Tabalov’ (as the archive spells it)
        card:
          | **Name spelling**
          | 
          | Tabalov: Attorney
          | 
          | > “We’re seeing a huge outflow of people who want to leave the war zone — those who have been serving for a long time and those who have signed a contract just recently,” said Alexei Tabalov, a lawyer who runs the Conscript’s School legal aid group.
          | 
          | — [Russia Is Struggling to Replenish Its Troops in Ukraine](file:///archive/corpus/004_9ce411efaae7eb72.txt#L13)
    "#]],
    );
}

#[test]
fn unattributed_figure() {
    snap(
        "Another 60 prisoners signed contracts.",
        expect![[r#"
        unattributed-figure (information) on ‘60 prisoners’
        message: No source for this figure: who says 60 prisoners?
        card:
          | **Figure without a source**
          | 
          | > On Monday, it reported that another 60 prisoners from a different Nizhny Novgorod penal colony had agreed to sign military contracts.
          | 
          | — [Prisoners with combat experience across Russia are being recruited en masse to fight in U…](file:///archive/corpus/001_beb881981d3171ac.txt#L7)
    "#]],
    );
}

#[test]
fn contradiction_date() {
    snap(
        "On September 12, Putin announced a partial mobilization of 300,000 conscripts.",
        expect![[r#"
            contradiction (error) on ‘September 12’
            message: Archive has September 21, not September 12
            fix: Change ‘12’ to ‘21’ (as the archive has it)
            card:
              | **Contradicts the archive**
              | 
              | > On September 21, Putin announced a “partial mobilization” of 300,000 conscripts for the war against Ukraine.
              | 
              | — [Ukraine’s alarm: “Russia wants to create an army of 2 million soldiers”](file:///archive/corpus/003_cf6bd1128f7a18e8.txt#L17)
        "#]],
    );
}

#[test]
fn contradiction_polarity() {
    snap(
        "Prigozhin confirmed that he is connected to Wagner.",
        expect![[r#"
            contradiction (error) on ‘confirmed’
            message: Archive says the opposite: ‘denies’ — “Prigozhin actually denies that he is connected to Wagner.”
            fix: Change ‘confirmed’ to ‘denies’ (as the archive has it)
            card:
              | **Contradicts the archive**
              | 
              | > Prigozhin actually denies that he is connected to Wagner.
              | 
              | — [Russia Is Struggling to Replenish Its Troops in Ukraine](file:///archive/corpus/004_9ce411efaae7eb72.txt#L43)
        "#]],
    );
}

#[test]
fn contradiction_role() {
    snap(
        "Alexandra Garmazhapova, head of Gulagu.net, spoke.",
        expect![[r#"
            contradiction (error) on ‘head of Gulagu.net’
            message: Archive calls Garmazhapova ‘head of the Free Buryatia Foundation’
            fix: Change ‘Gulagu.net’ to ‘the Free Buryatia Foundation’ (as the archive has it)
            card:
              | **Contradicts the archive**
              | 
              | > Alexandra Garmazapova, head of the Free Buryatia Foundation, told his Associated Press that the soldiers and their relatives threatened that the commander would destroy the dismissal notice and prosecute "the vetoes." said he was complaining.
              | 
              | — [Great Britain](file:///archive/corpus/002_698e8626942318bc.txt#L52)
        "#]],
    );
}

#[test]
fn misquote_dropped_word() {
    snap(
        "\"We are at war,\" Peskov said.",
        expect![[r#"
        misquote (error) on ‘are at’
        message: Quote differs from the source: ‘not’ is missing
        fix: Add ‘not’ (as in the source)
        card:
          | **Misquote**
          | 
          | Said by Peskov
          | 
          | > We are not at war. Waging war is a completely different matter, this is the complete destruction of infrastructure, this is the complete destruction of the cities,
          | 
          | — [British intelligence said that Russia is accelerating a new program to recruit prisoners…](file:///archive/corpus/000_23fc8303178cc54b.txt#L30)
    "#]],
    );
}

#[test]
fn misquote_other_speaker() {
    snap(
        "\"I'm getting messages every day,\" said Alexei Tabalov.",
        expect![[r#"
            misquote (error) on ‘I'm getting messages every day,’
            message: Archive gives these words to Garmazhapova, not Tabalov
            card:
              | **Misquote**
              | 
              | Said by Garmazhapova
              | 
              | > I’m getting messages every day,
              | 
              | — [Russia Is Struggling to Replenish Its Troops in Ukraine](file:///archive/corpus/004_9ce411efaae7eb72.txt#L77)
        "#]],
    );
}

#[test]
fn unknown_quote() {
    snap(
        "\"Nobody here has ever seen a purple giraffe dancing,\" Peskov said.",
        expect![[r#"
            unknown-quote (hint) on ‘Nobody here has ever seen a purple giraffe dancing,’
            message: Quote not in the archive: check it against your notes
            card:
              | **Quote not in the archive**
        "#]],
    );
}

/// The sources disagreeing is rare in a small archive (the figures check
/// is silent where the archive gives a slot several values): its wording alone.
#[test]
fn corpus_conflict() {
    expect!["Sources disagree: 40 protesters or at least 60 protesters"].assert_eq(
        &wording::sources_disagree("40 protesters", "at least 60 protesters"),
    );
}

#[test]
fn misquote_changed_word() {
    snap(
        "\"Waging war is a totally different matter,\" Peskov said.",
        expect![[r#"
            misquote (error) on ‘totally’
            message: Quote differs from the source: ‘completely’, not ‘totally’
            fix: Change ‘totally’ to ‘completely’ (as in the source)
            card:
              | **Misquote**
              | 
              | Said by Peskov
              | 
              | > We are not at war. Waging war is a completely different matter, this is the complete destruction of infrastructure, this is the complete destruction of the cities,
              | 
              | — [British intelligence said that Russia is accelerating a new program to recruit prisoners…](file:///archive/corpus/000_23fc8303178cc54b.txt#L30)
        "#]],
    );
}

/// Every finding on the example drafts: a head that fits a Problems row,
/// newsroom words, no file names.
#[test]
fn every_message_on_the_example_drafts_fits_a_row() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/eval");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/eval") {
        let path = entry.expect("an entry").path();
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("md") => Format::Markdown,
            Some("txt") => Format::Plain,
            _ => continue,
        };
        let text = std::fs::read_to_string(&path).expect("a draft");
        let d = Doc::parse(&text, format);
        for f in check(seed_corpus(), &d, &Options::default()) {
            seen += 1;
            let head = wording::head(&f.message);
            assert!(head.chars().count() < wording::HEAD_MAX, "{head}");
            let lower = f.message.to_lowercase();
            assert!(!lower.contains("corpus"), "{}", f.message);
            assert!(!lower.contains(".txt"), "{}", f.message);
        }
    }
    assert!(seen > 10, "{seen} findings");
}
