//! Hover and go-to-definition content: what the corpus says about the name,
//! figure or quotation under a position in a draft. Pure, like the checks.

use crate::corpus::query::CorpusQuery;
use crate::finding::{Finding, Source};
use crate::model::Doc;
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
/// A finding under the cursor comes first (its code, the suggestion and the
/// evidence; not its message, which editors already show from the
/// diagnostic right above the hover); then the corpus's view of the name,
/// figure or quotation there: other spellings, first names, role, source.
pub fn describe(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    findings: &[Finding],
    offset: usize,
) -> Option<Info> {
    let mut parts: Vec<Info> = Vec::new();
    if let Some(f) = findings
        .iter()
        .filter(|f| f.span.start <= offset && offset <= f.span.end)
        .min_by_key(|f| f.span.len())
    {
        let mut md = format!("**copydesk · {}**\n", f.code);
        if let Some(s) = f.suggestions.first() {
            let _ = write!(md, "\nSuggested: **{s}**\n");
        }
        for s in f.sources.iter().take(2) {
            quote_block(&mut md, corpus, s);
        }
        parts.push(Info {
            span: f.span.clone(),
            markdown: md,
            sources: f.sources.clone(),
        });
    }
    if let Some(i) = name_info(corpus, draft, offset)
        .or_else(|| quote_info(corpus, draft, offset))
        .or_else(|| figure_info(corpus, draft, offset))
    {
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

fn quote_block(md: &mut String, corpus: &dyn CorpusQuery, s: &Source) {
    let quote: String = s.quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = if quote.chars().count() > 300 {
        format!("{}…", quote.chars().take(300).collect::<String>())
    } else {
        quote
    };
    let _ = write!(
        md,
        "\n> {quote}\n\n— `{}`, line {}\n",
        corpus.article_path(s.article),
        s.line
    );
}

fn plural(n: u32, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

fn name_info(corpus: &dyn CorpusQuery, draft: &Doc, offset: usize) -> Option<Info> {
    let m = draft
        .mentions
        .iter()
        .find(|m| m.span.start <= offset && offset <= m.span.end)?;
    let sp = corpus.spelling(&m.form).or_else(|| {
        corpus
            .spelling_candidates(&m.form)
            .into_iter()
            .filter(|c| crate::model::names::is_variant(&c.form, &m.form))
            .max_by_key(|c| c.count)
    })?;
    let e = corpus.entity(sp.entity)?;
    let mut md = format!(
        "**{}** — {}, {} in {} of the corpus",
        e.canonical,
        e.kind.as_str(),
        plural(e.count, "mention"),
        plural(e.articles, "article")
    );
    if !e.variants.is_empty() {
        let v: Vec<String> = e
            .variants
            .iter()
            .map(|v| format!("{} ×{} ({})", v.0, v.1, v.2))
            .collect();
        let _ = write!(md, "; also spelled {}", v.join(", "));
    }
    md.push('\n');
    if !e.given.is_empty() {
        let g: Vec<String> = e
            .given
            .iter()
            .take(4)
            .map(|g| format!("{} ×{}", g.0, g.1))
            .collect();
        let _ = write!(md, "\nFirst names: {}\n", g.join(", "));
    }
    let mut roles: Vec<String> = Vec::new();
    for r in corpus.roles_of(sp.entity) {
        if !roles.contains(&r.text) {
            roles.push(r.text);
        }
    }
    if !roles.is_empty() {
        let _ = write!(md, "\nRole: {}\n", roles.join("; "));
    }
    let sources = corpus.entity_sources(sp.entity, 2);
    if let Some(s) = sources.first() {
        quote_block(&mut md, corpus, s);
    }
    Some(Info {
        span: m.span.clone(),
        markdown: md,
        sources,
    })
}

fn figure_info(corpus: &dyn CorpusQuery, draft: &Doc, offset: usize) -> Option<Info> {
    let fig = draft
        .figures
        .iter()
        .find(|f| f.span.start <= offset && offset <= f.span.end)?;
    let cands = corpus.figures_for(&draft.sentences[fig.sentence].content, fig);
    let mut md = String::from("**What the corpus says**\n");
    let mut sources = Vec::new();
    for &(i, score) in cands.iter().take(2) {
        if score < 0.35 {
            break;
        }
        let Some(cf) = corpus.figure(i) else { continue };
        let sentence = corpus.sentence_source(cf.sentence);
        let src = corpus.source(
            cf.sentence.article,
            cf.figure.span.clone(),
            sentence.span.clone(),
        );
        quote_block(&mut md, corpus, &src);
        if let Some(who) = Doc::parse(&sentence.quote, crate::text::Format::Plain).speaker_name(0) {
            let _ = writeln!(md, "\nAttributed to {who}");
        }
        sources.push(src);
    }
    if sources.is_empty() {
        return None;
    }
    Some(Info {
        span: fig.span.clone(),
        markdown: md,
        sources,
    })
}

fn quote_info(corpus: &dyn CorpusQuery, draft: &Doc, offset: usize) -> Option<Info> {
    let q = draft
        .quotes
        .iter()
        .find(|q| q.outer.start <= offset && offset <= q.outer.end)?;
    let words: Vec<&str> = q.words.iter().map(|w| w.0.as_str()).collect();
    if words.len() < 2 {
        return None;
    }
    let (cq, cost) = corpus
        .quotations_sharing(&words)
        .into_iter()
        .filter_map(|id| corpus.quotation(id))
        .map(|cq| {
            let cw: Vec<&str> = cq.words.iter().map(|w| w.0.as_str()).collect();
            let cost = crate::checks::misquote::align(&words, &cw).0;
            (cq, cost)
        })
        .min_by_key(|x| (x.1, x.0.id))?;
    if cost * 2 > words.len() {
        return None;
    }
    let src = corpus.source(cq.article, cq.inner.clone(), cq.inner.clone());
    let mut md = format!(
        "**Source quotation** — {}\n",
        cq.speaker.as_deref().unwrap_or("speaker not named")
    );
    quote_block(&mut md, corpus, &src);
    Some(Info {
        span: q.inner.clone(),
        markdown: md,
        sources: vec![src],
    })
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
        let f = crate::check(corpus, &d, &Default::default());
        let name = describe(corpus, &d, &f, t.find("Tabalov").unwrap() + 2).unwrap();
        assert!(name.markdown.contains("**Tabalov**"), "{}", name.markdown);
        assert!(name.markdown.contains("corpus/00"), "{}", name.markdown);
        assert!(name.markdown.contains("lawyer"), "{}", name.markdown);
        let fig = describe(corpus, &d, &f, t.find("150").unwrap()).unwrap();
        assert!(fig.markdown.contains("150"), "{}", fig.markdown);
        assert!(!fig.sources.is_empty());
        let q = describe(corpus, &d, &f, t.find("messages").unwrap()).unwrap();
        assert!(q.markdown.contains("Garmazhapova"), "{}", q.markdown);
        assert!(
            q.markdown.contains("corpus/004_9ce411efaae7eb72.txt"),
            "{}",
            q.markdown
        );
    }

    #[test]
    fn hover_on_a_finding_explains_it() {
        let corpus = crate::corpus::seed_corpus();
        let t = "Alexei Tabarov said so.";
        let d = Doc::parse(t, Format::Plain);
        let f = crate::check(corpus, &d, &Default::default());
        let i = describe(corpus, &d, &f, t.find("Tabarov").unwrap()).unwrap();
        assert!(i.markdown.contains("name-spelling"), "{}", i.markdown);
        assert!(i.markdown.contains("Tabalov"));
        // The evidence the diagnostic lacks: the source quote and its article, the role.
        assert!(i.markdown.contains("> "), "{}", i.markdown);
        assert!(i.markdown.contains("corpus/00"), "{}", i.markdown);
        assert!(i.markdown.contains("lawyer"), "{}", i.markdown);
        // Not the diagnostic's message again: the editor shows it above the hover.
        assert!(
            !i.markdown.contains(f[0].message.as_str()),
            "{}",
            i.markdown
        );
        assert_eq!(
            i.span,
            t.find("Tabarov").unwrap()..t.find("Tabarov").unwrap() + 7
        );
    }
}
