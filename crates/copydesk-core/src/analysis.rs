//! Re-checking a draft as it is edited. An [`Analysis`] is one version of a
//! draft checked against one corpus; [`Analysis::update`] checks the next
//! version and copies, for every sentence that did not change, its parse
//! ([`Doc::reparse`]) and its findings, and for every quotation with the
//! same words and speaker, its findings ([`checks::Parts`]). A keystroke
//! costs about one sentence plus the document-wide checks. The findings are
//! always those of [`checks::check`] on the same text; the tests below hold
//! it to that over random edits.

use crate::checks::{self, CHECKS, Options, Parts, Unit};
use crate::corpus::query::CorpusQuery;
use crate::finding::Finding;
use crate::model::Doc;
use crate::model::doc::Shift;
use crate::text::Format;
use std::collections::HashMap;

#[derive(Debug)]
pub struct Analysis {
    pub doc: Doc,
    pub findings: Vec<Finding>,
    /// The findings of each part.
    parts: Parts,
    /// [`CorpusQuery::id`] of the corpus it was checked against.
    corpus: u64,
}

impl Analysis {
    /// Check `text` from scratch.
    pub fn new(corpus: &dyn CorpusQuery, text: &str, format: Format, opts: &Options) -> Analysis {
        let doc = Doc::parse(text, format);
        let parts = Parts::new(corpus, &doc);
        Analysis::finish(corpus, doc, parts, opts)
    }

    /// Check `text`, a new version of this analysis's text, reusing what
    /// did not change. Sentence findings are reused only against the same corpus.
    pub fn update(
        &self,
        corpus: &dyn CorpusQuery,
        text: &str,
        format: Format,
        opts: &Options,
    ) -> Analysis {
        let (doc, reused) = Doc::reparse(text, format, &self.doc);
        if self.corpus != corpus.id() {
            let parts = Parts::new(corpus, &doc);
            return Analysis::finish(corpus, doc, parts, opts);
        }
        let mut prev_quotes: HashMap<QuoteKey, usize> =
            HashMap::with_capacity(self.doc.quotes.len());
        for pi in 0..self.doc.quotes.len() {
            prev_quotes.entry(quote_key(&self.doc, pi)).or_insert(pi);
        }
        let quotes: Vec<Option<usize>> = (0..doc.quotes.len())
            .map(|qi| prev_quotes.get(&quote_key(&doc, qi)).copied())
            .collect();
        // Where each part was in the previous version, and how its offsets move.
        let before = |unit: Unit, part: usize| -> Option<(usize, Shift)> {
            match unit {
                Unit::Sentence => reused[part].map(|pi| {
                    (
                        pi,
                        Shift::new(
                            self.doc.sentences[pi].range.start,
                            doc.sentences[part].range.start,
                        ),
                    )
                }),
                Unit::Quotation => quotes[part].map(|pi| {
                    (
                        pi,
                        Shift::new(
                            self.doc.quotes[pi].outer.start,
                            doc.quotes[part].outer.start,
                        ),
                    )
                }),
                Unit::Document => None,
            }
        };
        let parts = Parts::reusing(corpus, &doc, |ci, part| {
            let (pi, shift) = before(CHECKS[ci].unit, part)?;
            Some(
                self.parts
                    .by_check
                    .get(ci)?
                    .get(pi)?
                    .iter()
                    .map(|f| moved(f, shift))
                    .collect(),
            )
        });
        Analysis::finish(corpus, doc, parts, opts)
    }

    fn finish(corpus: &dyn CorpusQuery, doc: Doc, parts: Parts, opts: &Options) -> Analysis {
        let findings = checks::check_with(corpus, &doc, opts, &parts);
        Analysis {
            doc,
            findings,
            parts,
            corpus: corpus.id(),
        }
    }
}

/// What a quotation's findings depend on: its text (as written and as
/// masked, marks included) and who it is attributed to, and how.
type QuoteKey<'a> = (&'a str, &'a str, Option<&'a str>, bool);

fn quote_key(doc: &Doc, qi: usize) -> QuoteKey<'_> {
    let q = &doc.quotes[qi];
    (
        &doc.text[q.outer.clone()],
        &doc.prose.masked[q.outer.clone()],
        q.speaker.as_deref(),
        q.speaker_explicit,
    )
}

/// A finding about a sentence that moved.
fn moved(f: &Finding, shift: Shift) -> Finding {
    Finding {
        span: shift.range(&f.span),
        insert: f
            .insert
            .as_ref()
            .map(|(at, text)| (shift.offset(*at), text.clone())),
        ..f.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    fn corpus() -> &'static crate::Corpus {
        crate::corpus::seed_corpus()
    }

    /// The dev drafts, as the evaluation test reads them.
    fn drafts() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/eval");
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("tests/eval")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")))
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }

    /// A small deterministic random generator (xorshift), so a failure can be replayed.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn boundary(t: &str, mut i: usize) -> usize {
        i = i.min(t.len());
        while !t.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// Edits a writer makes: type or delete a word, change a figure, a name,
    /// a quotation mark, split or join paragraphs, paste a sentence from elsewhere.
    fn edit(rng: &mut Rng, t: &str, pool: &[&str]) -> String {
        let at = boundary(t, rng.below(t.len() + 1));
        let len = boundary(&t[at..], rng.below(40));
        let insert = match rng.below(8) {
            0 => "",
            1 => " really",
            2 => "\n\n",
            3 => "“",
            4 => " 4,500 ",
            5 => " Tabarov said",
            6 => ". ",
            _ => pool[rng.below(pool.len())],
        };
        let mut out = String::with_capacity(t.len() + insert.len());
        out.push_str(&t[..at]);
        out.push_str(insert);
        out.push_str(&t[at + len..]);
        out
    }

    #[test]
    fn updates_equal_checking_from_scratch() {
        let corpus = corpus();
        let drafts = drafts();
        assert!(drafts.len() >= 5, "dev drafts missing");
        let sentences: Vec<String> = drafts
            .iter()
            .flat_map(|(_, t)| {
                let d = Doc::parse(t, Format::Markdown);
                d.sentences
                    .iter()
                    .map(|s| format!(" {}", &t[s.range.clone()]))
                    .collect::<Vec<_>>()
            })
            .collect();
        let pool: Vec<&str> = sentences.iter().map(String::as_str).collect();
        let opts = Options::default();
        let mut rng = Rng(0x9e3779b97f4a7c15);
        let (mut contradictions, mut misquotes) = (false, false);
        for (name, text) in &drafts {
            let mut text = text.clone();
            let mut a = Analysis::new(corpus, &text, Format::Markdown, &opts);
            for step in 0..25 {
                text = edit(&mut rng, &text, &pool);
                let next = a.update(corpus, &text, Format::Markdown, &opts);
                let fresh = crate::check(corpus, &Doc::parse(&text, Format::Markdown), &opts);
                assert_eq!(
                    format!("{:?}", next.findings),
                    format!("{fresh:?}"),
                    "{name}, edit {step}: incremental findings differ from a full check of:\n{text}"
                );
                let full = Doc::parse(&text, Format::Markdown);
                let (d, f) = (&next.doc, &full);
                let same = format!("{:?}", d.sentences) == format!("{:?}", f.sentences)
                    && format!("{:?}", d.mentions) == format!("{:?}", f.mentions)
                    && format!("{:?}", d.figures) == format!("{:?}", f.figures)
                    && format!("{:?}", d.quotes) == format!("{:?}", f.quotes)
                    && d.lower_vocab == f.lower_vocab;
                assert!(
                    same,
                    "{name}, edit {step}: the reparsed Doc differs from a fresh parse of:\n{text}"
                );
                contradictions |= next.findings.iter().any(|f| f.code == Code::Contradiction);
                misquotes |= next.findings.iter().any(|f| f.code == Code::Misquote);
                a = next;
            }
        }
        assert!(
            contradictions && misquotes,
            "the edits never produced a contradiction and a misquote to carry over"
        );
    }

    #[test]
    fn another_corpus_is_not_trusted() {
        // A dev-draft sentence the corpus contradicts (it has about 150 men).
        let text = "In mid-July, the Free Buryatia Foundation reported that about 250 men had terminated their contracts with the Defense Ministry and returned home from Ukraine.";
        let empty = crate::Corpus::from_texts(&[], None);
        let a = Analysis::new(&empty, text, Format::Plain, &Options::default());
        assert!(a.findings.is_empty());
        let b = a.update(corpus(), text, Format::Plain, &Options::default());
        let fresh = crate::check(
            corpus(),
            &Doc::parse(text, Format::Plain),
            &Options::default(),
        );
        assert!(fresh.iter().any(|f| f.code == Code::Contradiction));
        assert_eq!(format!("{:?}", b.findings), format!("{fresh:?}"));
    }
}
