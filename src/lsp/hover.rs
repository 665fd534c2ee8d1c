//! Hover, go-to-definition and name completion.

use super::diagnostics::Analysis;
use crate::Corpus;
use crate::describe::{CardOptions, card, describe};
use crate::finding::{Finding, Source};
use crate::text::Encoding;
use crate::text::lines::count_units;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, Position, Range, TextEdit,
};

/// The finding under `offset`, the narrowest if several.
pub fn finding_at(findings: &[Finding], offset: usize) -> Option<&Finding> {
    copydesk_core::describe::finding_at(findings, offset)
}

/// The hover card (see [`copydesk_core::describe::card`]): on a finding, or
/// anywhere when the workspace asks to explain every name; its source
/// links open the archive's article at the line.
pub fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let link = |s: &Source| {
        let l = a.location(s)?;
        Some(format!("{}#L{}", l.uri.as_str(), l.range.start.line + 1))
    };
    let opts = CardOptions {
        explain_all: a.ws.explain_all,
        link: Some(&link),
    };
    let info = card(a.corpus(), a.doc(), a.findings(), offset, &opts)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: info.markdown + &archive_note(a),
        }),
        range: Some(a.conv().range(info.span)),
    })
}

/// What a hover says when the archive is not all there: a database that
/// did not answer during this check, or one not opened yet (a fallback
/// stands in for it).
fn archive_note(a: &Analysis) -> String {
    let loaded = &a.ws.corpus;
    if let Some(url) = &loaded.waiting_for {
        let instead = super::diagnostics::stand_in(&a.ws);
        let state = if loaded.refused() {
            "does not answer"
        } else {
            "has not answered yet"
        };
        return format!(
            "\n\n_The archive at {} {state}: checked against {instead} until it does._",
            crate::postgres::masked(url)
        );
    }
    if let Some(what) = loaded.interim {
        return format!("\n\n_Checked against {what} while the archive is indexed._");
    }
    if a.partial {
        return "\n\n_The archive did not answer in time: checked against part of it; findings may be missing._".into();
    }
    String::new()
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
