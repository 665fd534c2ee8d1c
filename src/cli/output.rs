//! Rendering findings and corpus reports as text or JSON.

use crate::corpus::{Corpus, CorpusQuery};
use crate::finding::Finding;
use crate::model::Doc;
use crate::text::Encoding;
use serde_json::{Value, json};
use std::fmt::Write;

type Report = (String, Doc, Vec<Finding>);

/// JSON as in the evaluation FORMAT.md: 1-based lines, columns in chars, end exclusive.
pub fn json(corpus: &Corpus, reports: &[Report]) -> String {
    let mut arr = Vec::new();
    for (path, doc, findings) in reports {
        for f in findings {
            let s = doc.lines.position(&doc.text, f.span.start, Encoding::Utf32);
            let e = doc.lines.position(&doc.text, f.span.end, Encoding::Utf32);
            let sources: Vec<Value> = f
                .sources
                .iter()
                .map(|s| json!({"path": corpus.article_path(s.article), "line": s.line, "quote": s.quote}))
                .collect();
            arr.push(json!({
                "path": path,
                "code": f.code.as_str(),
                "severity": f.severity.as_str(),
                "message": f.message,
                "line": s.line + 1,
                "column": s.col + 1,
                "end_line": e.line + 1,
                "end_column": e.col + 1,
                "suggestions": f.suggestions,
                "sources": sources,
            }));
        }
    }
    serde_json::to_string_pretty(&Value::Array(arr)).unwrap_or_else(|_| "[]".into())
}

/// Compiler-style positions, newsroom words:
/// `draft.md:5:68: warning: Misspelled? The archive writes … [name-spelling]`,
/// the line with a caret under the span, the fix in plain words, and the
/// source's words with its article's headline (never a file path).
pub fn human(corpus: &Corpus, reports: &[Report]) -> String {
    let mut out = String::new();
    let mut total = 0;
    for (path, doc, findings) in reports {
        for f in findings {
            total += 1;
            let s = doc.lines.position(&doc.text, f.span.start, Encoding::Utf32);
            let e = doc.lines.position(&doc.text, f.span.end, Encoding::Utf32);
            let _ = writeln!(
                out,
                "{path}:{}:{}: {}: {} [{}]",
                s.line + 1,
                s.col + 1,
                f.severity,
                f.message,
                f.code
            );
            let line = doc.lines.line_range(&doc.text, s.line);
            let width = if e.line == s.line {
                (e.col - s.col).max(1)
            } else {
                1
            };
            let (line_text, col, width) = excerpt(&doc.text, line, f.span.start, s.col, width);
            let _ = writeln!(out, "  | {line_text}");
            let _ = writeln!(out, "  | {}{}", " ".repeat(col), "^".repeat(width));
            let old = doc.text.get(f.span.clone()).unwrap_or_default();
            if let Some(sug) = f.suggestions.first() {
                let title = crate::wording::fix_title(old, sug, crate::wording::fix_reason(f.code));
                let _ = writeln!(out, "  = fix: {title}");
            }
            if let Some((_, text)) = &f.insert {
                let _ = writeln!(out, "  = fix: {}", crate::wording::add_source_title(text));
            }
            if let Some(src) = f.sources.first() {
                let headline = crate::describe::headline(corpus, src.article)
                    .map(|h| format!(" — {h}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  = source: {}{headline}", ellipsize(&src.quote, 200));
            }
        }
    }
    let files = reports.len();
    if total == 0 {
        let _ = writeln!(out, "copydesk: {files} file(s) checked, no problems found");
    } else {
        let _ = writeln!(
            out,
            "copydesk: {files} file(s) checked, {total} problem(s) found"
        );
    }
    out
}

/// The line to show under a finding: all of it, or for a very long line
/// (a draft that is one line) only `CONTEXT` bytes either side of the
/// finding, with "…" where cut, so the output stays proportional to the
/// draft. Returns the text and the caret's column and width in chars.
fn excerpt(
    text: &str,
    line: std::ops::Range<usize>,
    start: usize,
    col: usize,
    width: usize,
) -> (String, usize, usize) {
    const CONTEXT: usize = 200;
    if line.len() <= 4 * CONTEXT {
        return (text[line].to_string(), col, width);
    }
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(start.clamp(line.start, line.end));
    let a = floor(start.saturating_sub(CONTEXT).max(line.start));
    // The span (at most CONTEXT chars of it), then CONTEXT bytes more.
    let width = width.min(CONTEXT);
    let span_end = text[start..line.end]
        .char_indices()
        .nth(width)
        .map_or(line.end, |(i, _)| start + i);
    let b = floor((span_end + CONTEXT).min(line.end));
    let (pre, post) = (
        if a > line.start { "…" } else { "" },
        if b < line.end { "…" } else { "" },
    );
    let col = pre.chars().count() + text[a..start].chars().count();
    (format!("{pre}{}{post}", &text[a..b]), col, width)
}

fn ellipsize(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

pub fn corpus_report(
    corpus: &Corpus,
    names: bool,
    figures: bool,
    quotes: bool,
    conflicts: bool,
) -> String {
    let mut out = String::new();
    // `copydesk corpus` reads folders (their index), never a database.
    let Some((model, index)) = corpus.built() else {
        return "copydesk corpus: the corpus's model is kept in a database; list it from the folders it was pushed from\n".into();
    };
    let loc = |doc: usize, off: usize| {
        let d = &corpus.docs[doc];
        format!("{}:{}", d.path, d.doc().lines.line_of(off) + 1)
    };
    if names {
        names_report(model, &mut out);
    }
    if figures {
        let _ = writeln!(out, "# figures: location  text  [kind, interval, noun]");
        for (_, f) in index.figures.iter() {
            let g = &f.figure;
            let _ = writeln!(
                out,
                "{}  {}  [{:?}, {}..{}, {}]",
                loc(f.doc, g.span.start),
                g.text,
                g.kind,
                g.lo,
                g.hi,
                g.noun.as_deref().unwrap_or("-")
            );
        }
    }
    if figures {
        let _ = writeln!(
            out,
            "# figure sources: kind of figure  sentences  attributed  share"
        );
        for (key, [n, a]) in index.figure_source_rows() {
            let share = *a as f32 / (*n).max(1) as f32;
            let _ = writeln!(out, "{key}  {n}  {a}  {share:.2}");
        }
    }
    if quotes {
        let _ = writeln!(out, "# quotes: location  speaker  “words”");
        for (_, q) in index.quotes.iter() {
            let d = corpus.docs[q.doc].doc();
            let quote = &d.quotes[q.quote];
            let _ = writeln!(
                out,
                "{}  {}  “{}”",
                loc(q.doc, quote.inner.start),
                q.speaker.as_deref().unwrap_or("?"),
                ellipsize(d.text.get(quote.inner.clone()).unwrap_or_default(), 160)
            );
        }
    }
    if conflicts {
        let _ = writeln!(
            out,
            "# conflicts: figures on which the corpus disagrees with itself"
        );
        for (a, b) in index.all_conflicts() {
            let (Some(fa), Some(fb)) = (index.figures.get(a), index.figures.get(b)) else {
                continue;
            };
            let _ = writeln!(
                out,
                "{}  “{}”  vs  {}  “{}”",
                loc(fa.doc, fa.figure.span.start),
                fa.figure.text,
                loc(fb.doc, fb.figure.span.start),
                fb.figure.text
            );
        }
    }
    out
}

/// The archive's names: people, organisations, places and other names,
/// each with its mentions and articles, first names, and the rare variant
/// spellings recorded for it with the evidence for each.
fn names_report(n: &crate::corpus::NameModel, out: &mut String) {
    use crate::corpus::EntityKind;
    let groups = [
        (EntityKind::Person, "people"),
        (EntityKind::Organisation, "organisations"),
        (EntityKind::Place, "places"),
        (EntityKind::Name, "other names"),
        (EntityKind::GivenName, "first names"),
    ];
    let _ = writeln!(
        out,
        "# names: spelling (mentions, articles)  first names  ← variant ×mentions: evidence"
    );
    let _ = writeln!(
        out,
        "# names mentioned once are left out; `mentions` counts capitalised uses outside sentence starts and headlines"
    );
    for (kind, title) in groups {
        let mut forms: Vec<(u32, &crate::corpus::names::NameForm)> = n
            .forms
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == kind && f.variant_of.is_none() && f.count >= 2)
            .map(|(i, f)| (i as u32, f))
            .collect();
        forms.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.1.form.cmp(&b.1.form)));
        let _ = writeln!(out, "\n## {title} ({})", forms.len());
        for (id, f) in forms {
            let _ = write!(out, "{} ({}, {})", f.form, f.count, f.articles.len());
            // First names that are first names (not "Manchester" before "United").
            let given: Vec<&(String, u32)> = f
                .given
                .iter()
                .filter(|g| {
                    n.lookup(&g.0)
                        .is_some_and(|i| n.form(i).kind == EntityKind::GivenName)
                })
                .collect();
            if !given.is_empty() {
                let g: Vec<String> = given
                    .iter()
                    .take(5)
                    .map(|g| format!("{} ×{}", g.0, g.1))
                    .collect();
                let _ = write!(out, "  first names: {}", g.join(", "));
            }
            if !f.house.is_empty() {
                let _ = write!(out, "  house alternations: {}", f.house.join(" "));
            }
            for v in n.variants_of(id) {
                let why = v.variant_of.as_ref().map_or("", |x| x.1.as_str());
                let _ = write!(out, "  ← {} ×{}: {why}", v.form, v.count.max(v.mentions));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "\n## names of several words ({})", n.phrases.len());
    for (p, c) in &n.phrases {
        let _ = writeln!(out, "{p} ({c})");
    }
}
