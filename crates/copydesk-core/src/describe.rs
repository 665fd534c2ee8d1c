//! Hover and go-to-definition content: what the corpus says about the name,
//! figure or quotation under a position in a draft. Pure, like the checks.

use crate::corpus::query::CorpusQuery;
use crate::finding::{Code, Finding, Source};
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

/// Makes a link that opens a source (a `file:` URI with its line).
pub type Link<'a> = &'a dyn Fn(&Source) -> Option<String>;

/// How a hover card is made.
#[derive(Default)]
pub struct CardOptions<'a> {
    /// Explain every name, figure and quotation, not only flagged ones.
    pub explain_all: bool,
    /// A link that opens a source (a `file:` URI with its line), if the
    /// front end has one.
    pub link: Option<Link<'a>>,
}

/// The finding under `offset`, the narrowest if several.
pub fn finding_at(findings: &[Finding], offset: usize) -> Option<&Finding> {
    findings
        .iter()
        .filter(|f| f.span.start <= offset && offset <= f.span.end)
        .min_by_key(|f| (f.span.end - f.span.start, offset == f.span.end))
}

/// Information about the draft at byte `offset`, flagged or not: the
/// finding there, else the corpus's view of the name, quotation or figure
/// (go-to-definition takes its first source).
pub fn describe(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    findings: &[Finding],
    offset: usize,
) -> Option<Info> {
    let opts = CardOptions {
        explain_all: true,
        link: None,
    };
    card(corpus, draft, findings, offset, &opts)
}

/// The hover card for byte `offset`: for a finding, what is wrong (not its
/// message, which the editor shows beside it), the one best source quote
/// (copies of one article merged), its headline and date, a link that
/// opens it, and how many other sources say so; elsewhere nothing, unless
/// `opts.explain_all`.
pub fn card(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    findings: &[Finding],
    offset: usize,
    opts: &CardOptions,
) -> Option<Info> {
    if let Some(f) = finding_at(findings, offset) {
        return Some(finding_card(corpus, draft, f, opts));
    }
    if !opts.explain_all {
        return None;
    }
    name_info(corpus, draft, offset, opts)
        .or_else(|| quote_info(corpus, draft, offset, opts))
        .or_else(|| figure_info(corpus, draft, offset, opts))
}

/// What kind of problem a finding is, in a copy editor's words.
fn what_is_wrong(code: Code) -> &'static str {
    match code {
        Code::NameSpelling => "Name spelling",
        Code::UnattributedFigure => "Figure without a source",
        Code::Contradiction => "Contradicts the archive",
        Code::Misquote => "Misquote",
        Code::UnknownQuote => "Quote not in the archive",
        Code::CorpusConflict => "Sources disagree",
    }
}

fn finding_card(corpus: &dyn CorpusQuery, draft: &Doc, f: &Finding, opts: &CardOptions) -> Info {
    let mut md = format!("**{}**\n", what_is_wrong(f.code));
    let sources = merged(&f.sources);
    if f.code == Code::Misquote {
        if let Some(who) = misquote_speaker(corpus, draft, f) {
            let _ = write!(md, "\nSaid by {who}\n");
        }
    }
    if f.code == Code::NameSpelling {
        if let Some(role) = role_of_name(corpus, f) {
            let _ = write!(md, "\n{role}\n");
        }
    }
    if let Some((_, who)) = &f.insert {
        let _ = write!(
            md,
            "\nThe archive gives a source: {}\n",
            who.trim().trim_start_matches(',').trim()
        );
    }
    if let Some(best) = sources.first() {
        source_block(&mut md, corpus, best, opts);
    }
    others(&mut md, sources.len().saturating_sub(1));
    Info {
        span: f.span.clone(),
        markdown: md,
        sources: f.sources.clone(),
    }
}

/// Sources with copies of one text (an article filed twice) left out.
fn merged(sources: &[Source]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for s in sources {
        let key = normal(&s.quote);
        if !out.iter().any(|o| normal(&o.quote) == key) {
            out.push(s.clone());
        }
    }
    out
}

fn normal(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn others(md: &mut String, n: usize) {
    if n > 0 {
        let _ = write!(
            md,
            "\n{n} other source{} in the archive\n",
            if n == 1 { "" } else { "s" }
        );
    }
}

/// The archive's speaker of the quotation a misquote finding rests on.
fn misquote_speaker(corpus: &dyn CorpusQuery, draft: &Doc, f: &Finding) -> Option<String> {
    let src = f.sources.first()?;
    let q = draft
        .quotes
        .iter()
        .find(|q| q.outer.start <= f.span.start && f.span.end <= q.outer.end)?;
    let words: Vec<&str> = q.words.iter().map(|w| w.0.as_str()).collect();
    let cq = corpus
        .quotations_sharing(&words)
        .into_iter()
        .filter_map(|id| corpus.quotation(id))
        .find(|cq| cq.article == src.article && cq.inner == src.span)?;
    crate::checks::misquote::archive_speaker(corpus, &cq)
}

/// "Alexei Tabalov: lawyer", for a name finding's card: who the archive's
/// spelling names.
fn role_of_name(corpus: &dyn CorpusQuery, f: &Finding) -> Option<String> {
    let want = f.suggestions.first()?;
    let sp = corpus.spelling(want)?;
    let e = corpus.entity(sp.entity)?;
    let role = corpus.roles_of(sp.entity).into_iter().next()?;
    Some(format!("{}: {}", e.canonical, role.text))
}

/// The article's headline: its first line, as the archive writes it.
pub fn headline(corpus: &dyn CorpusQuery, a: crate::corpus::ArticleId) -> Option<String> {
    let st = corpus.statement(crate::corpus::SentenceId {
        article: a,
        index: 0,
    })?;
    let line = st.text.lines().map(str::trim).find(|l| !l.is_empty())?;
    /// A headline longer than this is cut with "…".
    const HEADLINE_MAX: usize = 90;
    let one: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let short = if one.chars().count() > HEADLINE_MAX {
        let cut: String = one.chars().take(HEADLINE_MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        one
    };
    Some(short.trim_end_matches('.').to_string())
}

/// The article's own date, from its dateline, where it gives one ("19 March").
pub fn story_date(corpus: &dyn CorpusQuery, a: crate::corpus::ArticleId) -> Option<String> {
    /// A dateline is in an article's first few sentences.
    const DATELINE_SENTENCES: u32 = 4;
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (m, d) = (0..DATELINE_SENTENCES)
        .filter_map(|index| corpus.statement(crate::corpus::SentenceId { article: a, index }))
        .find_map(|st| crate::model::figures::story_date(&st.text))?;
    let month = MONTHS.get(usize::from(m).checked_sub(1)?)?;
    Some(format!("{d} {month}"))
}

/// The source's words as a block quote, then its article: headline (a
/// link that opens it, when there is one), date.
fn source_block(md: &mut String, corpus: &dyn CorpusQuery, s: &Source, opts: &CardOptions) {
    let quote: String = s.quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = if quote.chars().count() > 300 {
        format!("{}…", quote.chars().take(300).collect::<String>())
    } else {
        quote
    };
    let _ = write!(md, "\n> {quote}\n\n");
    let title = headline(corpus, s.article).unwrap_or_else(|| "Source article".into());
    let title = title.replace(['[', ']'], "");
    match opts.link.and_then(|l| l(s)) {
        Some(uri) => {
            let _ = write!(md, "— [{title}]({uri})");
        }
        None => {
            let _ = write!(md, "— *{title}*");
        }
    }
    if let Some(d) = story_date(corpus, s.article) {
        let _ = write!(md, ", {d}");
    }
    md.push('\n');
}

fn plural(n: u32, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

fn name_info(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    offset: usize,
    opts: &CardOptions,
) -> Option<Info> {
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
        "**{}** — {}, {} in {} of the archive",
        e.canonical,
        e.kind.as_str(),
        plural(e.count, "mention"),
        plural(e.articles, "article")
    );
    if !e.variants.is_empty() {
        let v: Vec<String> = e
            .variants
            .iter()
            .map(|v| format!("{} ×{}", v.0, v.1))
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
    let sources = merged(&corpus.entity_sources(sp.entity, 2));
    if let Some(s) = sources.first() {
        source_block(&mut md, corpus, s, opts);
    }
    Some(Info {
        span: m.span.clone(),
        markdown: md,
        sources,
    })
}

/// A corpus figure is shown as what the archive says about a draft's
/// figure only when it scores at least this in [`CorpusQuery::figures_for`].
const FIGURE_SCORE: f32 = 0.35;

fn figure_info(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    offset: usize,
    opts: &CardOptions,
) -> Option<Info> {
    let fig = draft
        .figures
        .iter()
        .find(|f| f.span.start <= offset && offset <= f.span.end)?;
    let cands = corpus.figures_for(&draft.sentences[fig.sentence].content, fig);
    let mut sources = Vec::new();
    for &(i, score) in &cands {
        if score < FIGURE_SCORE {
            break;
        }
        let Some(cf) = corpus.figure(i) else { continue };
        let sentence = corpus.sentence_source(cf.sentence);
        sources.push(corpus.source(
            cf.sentence.article,
            cf.figure.span.clone(),
            sentence.span.clone(),
        ));
    }
    let sources = merged(&sources);
    let best = sources.first()?;
    let mut md = String::from("**What the archive says**\n");
    source_block(&mut md, corpus, best, opts);
    others(&mut md, sources.len() - 1);
    Some(Info {
        span: fig.span.clone(),
        markdown: md,
        sources,
    })
}

fn quote_info(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    offset: usize,
    opts: &CardOptions,
) -> Option<Info> {
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
    let mut md = String::from("**Source quotation**\n");
    if let Some(who) = crate::checks::misquote::archive_speaker(corpus, &cq) {
        let _ = write!(md, "\nSaid by {who}\n");
    }
    source_block(&mut md, corpus, &src, opts);
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

    fn link(s: &Source) -> Option<String> {
        let corpus = crate::corpus::seed_corpus();
        Some(format!(
            "file:///archive/{}#L{}",
            corpus.article_path(s.article),
            s.line
        ))
    }

    fn explain_all() -> CardOptions<'static> {
        CardOptions {
            explain_all: true,
            link: Some(&link),
        }
    }

    #[test]
    fn hover_on_name_figure_and_quote_links_the_article() {
        let corpus = crate::corpus::seed_corpus();
        let t = "Alexei Tabalov spoke. The Free Buryatia Foundation said about 150 men had terminated their contracts. \"I'm getting messages every day,\" Garmazhapova said.";
        let d = Doc::parse(t, Format::Plain);
        let f = crate::check(corpus, &d, &Default::default());
        let at = |w: &str| t.find(w).unwrap();
        let o = explain_all();
        let name = card(corpus, &d, &f, at("Tabalov") + 2, &o).unwrap();
        assert!(name.markdown.contains("**Tabalov**"), "{}", name.markdown);
        assert!(
            name.markdown.contains("](file:///archive/corpus/00"),
            "{}",
            name.markdown
        );
        assert!(name.markdown.contains("lawyer"), "{}", name.markdown);
        let fig = card(corpus, &d, &f, at("150"), &o).unwrap();
        assert!(fig.markdown.contains("150"), "{}", fig.markdown);
        assert!(!fig.sources.is_empty());
        let q = card(corpus, &d, &f, at("messages"), &o).unwrap();
        assert!(q.markdown.contains("Said by"), "{}", q.markdown);
        assert!(q.markdown.contains("Garmazhapova"), "{}", q.markdown);
        assert!(
            q.markdown
                .contains("(file:///archive/corpus/004_9ce411efaae7eb72.txt#L"),
            "{}",
            q.markdown
        );
        // Nothing a writer reads names a file but the link's target.
        for i in [&name, &fig, &q] {
            let shown = i.markdown.split("](").next().unwrap_or_default();
            assert!(!shown.contains(".txt"), "{}", i.markdown);
            assert!(!i.markdown.contains("corpus, "), "{}", i.markdown);
        }
    }

    #[test]
    fn hover_only_on_findings_unless_asked() {
        let corpus = crate::corpus::seed_corpus();
        let t = "Alexei Tabalov spoke.";
        let d = Doc::parse(t, Format::Plain);
        let f = crate::check(corpus, &d, &Default::default());
        assert!(f.is_empty(), "{f:?}");
        let o = CardOptions {
            explain_all: false,
            link: Some(&link),
        };
        assert_eq!(card(corpus, &d, &f, t.find("Tabalov").unwrap(), &o), None);
        assert!(card(corpus, &d, &f, t.find("Tabalov").unwrap(), &explain_all()).is_some());
    }

    #[test]
    fn hover_on_a_finding_explains_it() {
        let corpus = crate::corpus::seed_corpus();
        let t = "Alexei Tabarov said so.";
        let d = Doc::parse(t, Format::Plain);
        let f = crate::check(corpus, &d, &Default::default());
        let o = CardOptions {
            explain_all: false,
            link: Some(&link),
        };
        let i = card(corpus, &d, &f, t.find("Tabarov").unwrap(), &o).unwrap();
        assert!(i.markdown.contains("Name spelling"), "{}", i.markdown);
        assert!(i.markdown.contains("Tabalov"));
        // The evidence the diagnostic lacks: the source quote and a link to its article, the role.
        assert!(i.markdown.contains("> "), "{}", i.markdown);
        assert!(
            i.markdown.contains("(file:///archive/corpus/00"),
            "{}",
            i.markdown
        );
        assert!(i.markdown.contains("lawyer"), "{}", i.markdown);
        // One quote, not the same one again from a copy of the article.
        assert_eq!(i.markdown.matches("\n> ").count(), 1, "{}", i.markdown);
        // Not the diagnostic's message again: the editor shows it above the hover.
        assert!(
            !i.markdown.contains(f[0].message.as_str()),
            "{}",
            i.markdown
        );
        assert!(
            !i.markdown.contains(crate::wording::head(&f[0].message)),
            "{}",
            i.markdown
        );
        assert_eq!(
            i.span,
            t.find("Tabarov").unwrap()..t.find("Tabarov").unwrap() + 7
        );
    }

    #[test]
    fn duplicate_copies_of_an_article_are_one_source() {
        let s = |a: u32, q: &str| Source {
            article: crate::corpus::ArticleId(a),
            span: 0..q.len(),
            line: 1,
            quote: q.to_string(),
        };
        let m = merged(&[s(1, "Same  words."), s(2, "same words."), s(3, "Other.")]);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].article, crate::corpus::ArticleId(1));
    }
}
