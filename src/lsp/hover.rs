//! Hover, go-to-definition and name completion.

use super::diagnostics::Analysis;
use crate::Corpus;
use crate::describe::describe;
use crate::finding::Finding;
use crate::text::Encoding;
use crate::text::lines::count_units;
use std::fmt::Write;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, Position, Range, TextEdit,
};

/// The finding under `offset`, the narrowest if several.
pub fn finding_at(findings: &[Finding], offset: usize) -> Option<&Finding> {
    findings
        .iter()
        .filter(|f| f.span.start <= offset && offset <= f.span.end)
        .min_by_key(|f| (f.span.end - f.span.start, offset == f.span.end))
}

pub fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let corpus = a.corpus();
    let (span, markdown) = match describe(corpus, a.doc(), a.findings(), offset) {
        Some(info) => {
            let mut md = info.markdown;
            // Always name the articles the hover rests on.
            for s in info.sources.iter().take(3) {
                let path = copydesk_core::corpus::CorpusQuery::article_path(corpus, s.article);
                if !md.contains(path.as_str()) {
                    let _ = write!(md, "\n\nSource: `{path}`, line {}", s.line);
                }
            }
            (info.span, md)
        }
        None => {
            let f = finding_at(a.findings(), offset)?;
            (f.span.clone(), finding_markdown(a, f))
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown + &archive_note(a),
        }),
        range: Some(a.conv().range(span)),
    })
}

/// What a hover says when the archive is not all there: a database that
/// did not answer during this check, or one not opened yet (a fallback
/// stands in for it).
fn archive_note(a: &Analysis) -> String {
    let loaded = &a.ws.corpus;
    if let Some(url) = &loaded.waiting_for {
        let instead = if a.ws.config.corpus.is_empty() {
            "the built-in corpus"
        } else {
            "the corpus folders"
        };
        return format!(
            "\n\n_The archive at {} does not answer: checked against {instead} until it does._",
            crate::postgres::masked(url)
        );
    }
    if a.partial {
        return "\n\n_The archive did not answer in time: checked against part of it; findings may be missing._".into();
    }
    String::new()
}

/// The corpus evidence for a finding (its message is the diagnostic's, which
/// editors show beside the hover already).
fn finding_markdown(a: &Analysis, f: &Finding) -> String {
    let mut md = format!("**copydesk · {}**", f.code);
    let sugg: Vec<String> = f
        .suggestions
        .iter()
        .map(|s| format!("`{}`", s.trim()))
        .collect();
    if !sugg.is_empty() {
        let _ = write!(md, "\n\nSuggested: {}", sugg.join(", "));
    }
    for s in f.sources.iter().take(3) {
        let Some(art) = a.corpus().docs.get(s.article.0 as usize) else {
            continue;
        };
        let quote: Vec<String> = s.quote.trim().lines().map(|l| format!("> {l}")).collect();
        let _ = write!(
            md,
            "\n\n{}\n\n— `{}`, line {}",
            quote.join("\n"),
            art.path,
            s.line
        );
    }
    md
}

/// The corpus place behind the name, figure or quotation at `offset`.
pub fn definition(a: &Analysis, offset: usize) -> Option<Location> {
    let source = describe(a.corpus(), a.doc(), a.findings(), offset)
        .and_then(|i| i.sources.into_iter().next())
        .or_else(|| finding_at(a.findings(), offset)?.sources.first().cloned())?;
    a.location(&source)
}

/// Corpus names for the capitalised word ending the text before the cursor
/// on its line (`line_before`), once it has two letters.
pub fn complete(
    corpus: &Corpus,
    line: u32,
    line_before: &str,
    enc: Encoding,
) -> Vec<CompletionItem> {
    let start = line_before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        .last()
        .map_or(line_before.len(), |(i, _)| i);
    let word = &line_before[start..];
    if !word.starts_with(char::is_uppercase)
        || word.chars().filter(|c| c.is_alphabetic()).count() < 2
    {
        return Vec::new();
    }
    let col = |s: &str| u32::try_from(count_units(s, enc)).unwrap_or(u32::MAX);
    let range = Range::new(
        Position::new(line, col(&line_before[..start])),
        Position::new(line, col(line_before)),
    );
    let lower = word.to_lowercase();
    let mut out = Vec::new();
    // The names with a word starting so, from the names model (one more
    // than shown: the word itself may be one).
    for name in corpus.complete_names(&lower, 101) {
        let name = name.as_str();
        // Match the name or any later word of it ("Tab" → "Alexei Tabalov").
        let Some(part) = name
            .split_whitespace()
            .find(|w| w.to_lowercase().starts_with(&lower))
        else {
            continue;
        };
        if name == word {
            continue;
        }
        out.push(CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::TEXT),
            detail: Some("copydesk corpus name".into()),
            filter_text: Some(part.to_string()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: name.to_string(),
            })),
            ..Default::default()
        });
        if out.len() >= 100 {
            break;
        }
    }
    out
}
