//! Hover and go-to-definition content: what the corpus says about the name,
//! figure or quotation under a position in a draft. Pure, like the checks.

use crate::corpus::Corpus;
use crate::finding::{Finding, Source};
use crate::model::Doc;
use crate::model::doc::Speaker;
use std::fmt::Write;
use std::ops::Range;

/// What to show for a place in a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// The draft span the information is about.
    pub span: Range<usize>,
    /// Markdown for a hover.
    pub markdown: String,
    /// Corpus places backing it, best first (go-to-definition uses the first).
    pub sources: Vec<Source>,
}

/// Information about the draft at byte `offset`, given the draft's findings.
/// A finding under the cursor comes first (why, and the evidence); then the
/// corpus's view of the name, figure or quotation there.
pub fn describe(corpus: &Corpus, draft: &Doc, findings: &[Finding], offset: usize) -> Option<Info> {
    let mut parts: Vec<Info> = Vec::new();
    if let Some(f) = findings
        .iter()
        .filter(|f| f.span.start <= offset && offset <= f.span.end)
        .min_by_key(|f| f.span.len())
    {
        let mut md = format!("**copydesk · {}**\n\n{}\n", f.code, f.message);
        if let Some(s) = f.suggestions.first() {
            let _ = write!(md, "\nSuggested: **{s}**\n");
        }
        for s in f.sources.iter().take(2) {
            quote_block(&mut md, corpus, s);
        }
        parts.push(Info { span: f.span.clone(), markdown: md, sources: f.sources.clone() });
    }
    if let Some(i) = name_info(corpus, draft, offset).or_else(|| quote_info(corpus, draft, offset)).or_else(|| figure_info(corpus, draft, offset)) {
        parts.push(i);
    }
    let mut it = parts.into_iter();
    let mut first = it.next()?;
    for more in it {
        first.markdown.push_str("\n---\n\n");
        first.markdown.push_str(&more.markdown);
        first.sources.extend(more.sources);
    }
    Some(first)
}

fn quote_block(md: &mut String, corpus: &Corpus, s: &Source) {
    let quote: String = s.quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = if quote.chars().count() > 300 { format!("{}…", quote.chars().take(300).collect::<String>()) } else { quote };
    let _ = write!(md, "\n> {quote}\n\n— `{}`, line {}\n", corpus.docs[s.doc].path, s.line);
}

fn name_info(corpus: &Corpus, draft: &Doc, offset: usize) -> Option<Info> {
    let m = draft.mentions.iter().find(|m| m.span.start <= offset && offset <= m.span.end)?;
    let names = &corpus.names;
    let e = names.entry_of(&m.form).or_else(|| names.closest(&m.form).map(|x| x.0))?;
    let entry = &names.entries[e];
    let mut md = format!(
        "**{}** — {} mention{} in {} article{} of the corpus",
        entry.canonical,
        entry.count(),
        if entry.count() == 1 { "" } else { "s" },
        entry.articles,
        if entry.articles == 1 { "" } else { "s" }
    );
    let others: Vec<String> = entry.forms.iter().filter(|f| f.0 != entry.canonical).map(|f| format!("{} ×{}", f.0, f.1)).collect();
    if !others.is_empty() {
        let _ = write!(md, "; also spelled {}", others.join(", "));
    }
    md.push('\n');
    let mut roles: Vec<String> = Vec::new();
    for (re, d, r) in &corpus.index.roles {
        if *re == e {
            let t = corpus.docs[*d].doc.text[r.span.clone()].to_string();
            if !roles.contains(&t) {
                roles.push(t);
            }
        }
    }
    if !roles.is_empty() {
        let _ = write!(md, "\nRole: {}\n", roles.join("; "));
    }
    let mut sources = Vec::new();
    for &(d, mi) in &entry.mentions {
        let cm = &corpus.docs[d].doc.mentions[mi];
        if sources.iter().any(|s: &Source| s.doc == d) {
            continue;
        }
        sources.push(corpus.source(d, cm.span.clone(), corpus.docs[d].doc.sentences[cm.sentence].range.clone()));
    }
    if let Some(s) = sources.first() {
        quote_block(&mut md, corpus, s);
    }
    Some(Info { span: m.span.clone(), markdown: md, sources })
}

fn figure_info(corpus: &Corpus, draft: &Doc, offset: usize) -> Option<Info> {
    let fig = draft.figures.iter().find(|f| f.span.start <= offset && offset <= f.span.end)?;
    let idx = &corpus.index;
    let cands = idx.figure_candidates(draft, fig);
    let mut md = String::from("**What the corpus says**\n");
    let mut sources = Vec::new();
    for &(i, score) in cands.iter().take(2) {
        if score < 0.35 {
            break;
        }
        let cf = &idx.figures[i];
        let d = &corpus.docs[cf.doc].doc;
        let src = corpus.source(cf.doc, cf.figure.span.clone(), d.sentences[cf.figure.sentence].range.clone());
        quote_block(&mut md, corpus, &src);
        if let Some(Speaker::Name(m)) = &d.sentences[cf.figure.sentence].speaker {
            let f = &d.mentions[*m].form;
            let _ = writeln!(md, "\nAttributed to {}", corpus.names.canonical(f).unwrap_or(f));
        }
        sources.push(src);
    }
    if sources.is_empty() {
        return None;
    }
    Some(Info { span: fig.span.clone(), markdown: md, sources })
}

fn quote_info(corpus: &Corpus, draft: &Doc, offset: usize) -> Option<Info> {
    let q = draft.quotes.iter().find(|q| q.outer.start <= offset && offset <= q.outer.end)?;
    let words: Vec<&str> = q.words.iter().map(|w| w.0.as_str()).collect();
    if words.len() < 2 {
        return None;
    }
    let ids = corpus.index.quote_word_ids(&words);
    let (qi, cost) = corpus
        .index
        .quote_ids
        .iter()
        .enumerate()
        .map(|(i, cw)| (i, crate::checks::misquote::align(&ids, cw).0))
        .min_by_key(|x| x.1)?;
    if cost * 2 > words.len() {
        return None;
    }
    let cq = &corpus.index.quotes[qi];
    let cquote = corpus.index.quote(&corpus.docs, cq);
    let src = corpus.source(cq.doc, cquote.inner.clone(), cquote.inner.clone());
    let mut md = format!("**Source quotation** — {}\n", cq.speaker.as_deref().unwrap_or("speaker not named"));
    quote_block(&mut md, corpus, &src);
    Some(Info { span: q.inner.clone(), markdown: md, sources: vec![src] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Format;

    #[test]
    fn hover_on_name_figure_and_quote_names_the_article() {
        let corpus = crate::corpus::seed_corpus();
        let t = "Alexei Tabalov spoke. The Free Buryatia Foundation said about 150 men had terminated their contracts. \"I'm getting messages every day,\" Garmazhapova said.";
        let d = Doc::parse(t, Format::Plain);
        let f = crate::check(&corpus, &d, &Default::default());
        let name = describe(&corpus, &d, &f, t.find("Tabalov").unwrap() + 2).unwrap();
        assert!(name.markdown.contains("**Tabalov**"), "{}", name.markdown);
        assert!(name.markdown.contains("corpus/00"), "{}", name.markdown);
        assert!(name.markdown.contains("lawyer"), "{}", name.markdown);
        let fig = describe(&corpus, &d, &f, t.find("150").unwrap()).unwrap();
        assert!(fig.markdown.contains("150"), "{}", fig.markdown);
        assert!(!fig.sources.is_empty());
        let q = describe(&corpus, &d, &f, t.find("messages").unwrap()).unwrap();
        assert!(q.markdown.contains("Garmazhapova"), "{}", q.markdown);
        assert!(q.markdown.contains("corpus/004_9ce411efaae7eb72.txt"), "{}", q.markdown);
    }

    #[test]
    fn hover_on_a_finding_explains_it() {
        let corpus = crate::corpus::seed_corpus();
        let t = "Alexei Tabarov said so.";
        let d = Doc::parse(t, Format::Plain);
        let f = crate::check(&corpus, &d, &Default::default());
        let i = describe(&corpus, &d, &f, t.find("Tabarov").unwrap()).unwrap();
        assert!(i.markdown.contains("name-spelling"), "{}", i.markdown);
        assert!(i.markdown.contains("Tabalov"));
        assert_eq!(i.span, t.find("Tabarov").unwrap()..t.find("Tabarov").unwrap() + 7);
    }
}
