//! Rendering findings and corpus reports as text or JSON.

use crate::corpus::Corpus;
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
                .map(|s| json!({"path": corpus.docs[s.doc].path, "line": s.line, "quote": s.quote}))
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

/// Compiler-style: `draft.md:5:68: warning[name-spelling]: message`, the
/// line with a caret under the span, and the source quote.
pub fn human(corpus: &Corpus, reports: &[Report]) -> String {
    let mut out = String::new();
    let mut total = 0;
    for (path, doc, findings) in reports {
        for f in findings {
            total += 1;
            let s = doc.lines.position(&doc.text, f.span.start, Encoding::Utf32);
            let e = doc.lines.position(&doc.text, f.span.end, Encoding::Utf32);
            let _ = writeln!(out, "{path}:{}:{}: {}[{}]: {}", s.line + 1, s.col + 1, f.severity, f.code, f.message);
            let line = doc.lines.line_range(&doc.text, s.line);
            let width = if e.line == s.line { (e.col - s.col).max(1) } else { 1 };
            let (line_text, col, width) = excerpt(&doc.text, line, f.span.start, s.col, width);
            let _ = writeln!(out, "  | {line_text}");
            let _ = writeln!(out, "  | {}{}", " ".repeat(col), "^".repeat(width));
            if let Some(sug) = f.suggestions.first() {
                let _ = writeln!(out, "  = suggestion: {sug}");
            }
            for src in f.sources.iter().take(2) {
                let _ = writeln!(out, "  = source: {}:{}: {}", corpus.docs[src.doc].path, src.line, ellipsize(&src.quote, 200));
            }
        }
    }
    let files = reports.len();
    if total == 0 {
        let _ = writeln!(out, "copydesk: {files} file(s) checked, no problems found");
    } else {
        let _ = writeln!(out, "copydesk: {files} file(s) checked, {total} problem(s) found");
    }
    out
}

/// The line to show under a finding: all of it, or for a very long line
/// (a draft that is one line) only `CONTEXT` bytes either side of the
/// finding, with "…" where cut, so the output stays proportional to the
/// draft. Returns the text and the caret's column and width in chars.
fn excerpt(text: &str, line: std::ops::Range<usize>, start: usize, col: usize, width: usize) -> (String, usize, usize) {
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
    let span_end = text[start..line.end].char_indices().nth(width).map_or(line.end, |(i, _)| start + i);
    let b = floor((span_end + CONTEXT).min(line.end));
    let (pre, post) = (if a > line.start { "…" } else { "" }, if b < line.end { "…" } else { "" });
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

pub fn corpus_report(corpus: &Corpus, names: bool, figures: bool, quotes: bool, conflicts: bool) -> String {
    let mut out = String::new();
    let loc = |doc: usize, off: usize| {
        let d = &corpus.docs[doc];
        format!("{}:{}", d.path, d.doc.lines.line_of(off) + 1)
    };
    if names {
        let _ = writeln!(out, "# names: canonical (mentions, articles) ← variants");
        let mut entries: Vec<_> = corpus.names.entries.iter().collect();
        entries.sort_by(|a, b| b.count().cmp(&a.count()).then(a.canonical.cmp(&b.canonical)));
        for e in entries {
            let variants: Vec<String> = e.forms.iter().filter(|f| f.0 != e.canonical).map(|f| format!("{} ×{}", f.0, f.1)).collect();
            let _ = write!(out, "{} ({}, {})", e.canonical, e.count(), e.articles);
            if !variants.is_empty() {
                let _ = write!(out, " ← {}", variants.join(", "));
            }
            if e.ambiguous {
                let _ = write!(out, "  [tie: settle it in names.toml]");
            }
            if !e.first_names.is_empty() {
                let _ = write!(out, "  first names: {}", e.first_names.join(", "));
            }
            out.push('\n');
        }
    }
    if figures {
        let _ = writeln!(out, "# figures: location  text  [kind, interval, noun]");
        for f in &corpus.index.figures {
            let g = &f.figure;
            let _ = writeln!(out, "{}  {}  [{:?}, {}..{}, {}]", loc(f.doc, g.span.start), g.text, g.kind, g.lo, g.hi, g.noun.as_deref().unwrap_or("-"));
        }
    }
    if quotes {
        let _ = writeln!(out, "# quotes: location  speaker  “words”");
        for q in &corpus.index.quotes {
            let quote = corpus.index.quote(&corpus.docs, q);
            let d = &corpus.docs[q.doc].doc;
            let _ = writeln!(out, "{}  {}  “{}”", loc(q.doc, quote.inner.start), q.speaker.as_deref().unwrap_or("?"), ellipsize(&d.text[quote.inner.clone()], 160));
        }
    }
    if conflicts {
        let _ = writeln!(out, "# conflicts: figures on which the corpus disagrees with itself");
        for &(a, b) in &corpus.index.conflicts {
            let (fa, fb) = (&corpus.index.figures[a], &corpus.index.figures[b]);
            let _ = writeln!(out, "{}  “{}”  vs  {}  “{}”", loc(fa.doc, fa.figure.span.start), fa.figure.text, loc(fb.doc, fb.figure.span.start), fb.figure.text);
        }
    }
    out
}
