//! Quick fixes, titled in plain words: apply a suggestion ("Change ‘could’
//! to ‘would’ (as in the source)"), add the source the archive names, or
//! ignore the finding here: in the workspace's ignore list (never in the
//! text), or, as an explicit choice in a Markdown draft only, with a hidden
//! comment. Each is built from a diagnostic's `data` and checked against
//! the current text, so a stale diagnostic gets no edit.

use super::diagnostics::{Analysis, FixData, Ignored, SOURCE};
use crate::Format;
use crate::wording;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

/// The command that adds a finding to the workspace's ignore list:
/// arguments the document's URI and the [`Ignored`] entry's fields.
pub const IGNORE_COMMAND: &str = "copydesk.ignore";

pub struct Target<'a> {
    pub uri: &'a Uri,
    /// Set when the client takes `documentChanges`: edits then carry the version.
    pub version: Option<i32>,
}

/// Actions for `diagnostics` (from the request's context), or, when the
/// client sent none of ours, for the current findings overlapping `range`.
pub fn code_actions(
    a: &Analysis,
    t: &Target,
    range: Range,
    diagnostics: &[Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let ours: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.source.as_deref() == Some(SOURCE))
        .cloned()
        .collect();
    let diags = if ours.is_empty() {
        let want = a.conv().span(range);
        a.findings()
            .iter()
            .filter(|f| f.span.start <= want.end && want.start <= f.span.end)
            .map(|f| a.diagnostic(f))
            .collect()
    } else {
        ours
    };
    let mut out = Vec::new();
    for d in diags {
        let Some(data) = d
            .data
            .clone()
            .and_then(|v| serde_json::from_value::<FixData>(v).ok())
        else {
            continue;
        };
        let span = a.conv().span(d.range);
        if a.doc().text.get(span.clone()) != Some(data.text.as_str()) {
            continue; // the text changed since the diagnostic was made
        }
        let reason = data
            .code
            .parse::<crate::Code>()
            .ok()
            .and_then(wording::fix_reason);
        for (i, s) in data.suggestions.iter().enumerate() {
            let title = wording::fix_title(&data.text, s, reason);
            out.push(action(
                title,
                t,
                &d,
                vec![TextEdit {
                    range: d.range,
                    new_text: s.clone(),
                }],
                i == 0,
            ));
        }
        if !data.attributions.is_empty() {
            let at = sentence_end(a, span.start).max(span.end);
            let pos = a.conv().position(at);
            for s in &data.attributions {
                let title = wording::add_source_title(s);
                let edit = TextEdit {
                    range: Range::new(pos, pos),
                    new_text: s.clone(),
                };
                out.push(action(title, t, &d, vec![edit], false));
            }
        }
        if let Some(f) = a
            .findings()
            .iter()
            .find(|f| f.span == span && f.code.as_str() == data.code)
        {
            if a.ws.root.is_some() {
                out.push(ignore_here(t, &d, &Ignored::of(a.doc(), f)));
            }
        }
        // A hidden comment only in Markdown, where it is never published;
        // in plain text it would be part of the copy.
        if a.doc().format == Format::Markdown {
            out.push(comment_action(a, t, &d, span.start, &data.code));
        }
    }
    out
}

/// "Ignore here": the server adds the finding to the workspace's ignore
/// list (`.copydesk/ignore`), leaving the draft's text alone.
fn ignore_here(t: &Target, d: &Diagnostic, entry: &Ignored) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: wording::IGNORE_HERE.into(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        command: Some(Command {
            title: wording::IGNORE_HERE.into(),
            command: IGNORE_COMMAND.into(),
            arguments: Some(vec![
                serde_json::json!(t.uri.as_str()),
                serde_json::json!(entry.code),
                serde_json::json!(entry.text),
                serde_json::json!(entry.sentence),
            ]),
        }),
        ..Default::default()
    })
}

/// A Markdown comment before the paragraph that switches the check off
/// for its next line.
fn comment_action(
    a: &Analysis,
    t: &Target,
    d: &Diagnostic,
    at: usize,
    code: &str,
) -> CodeActionOrCommand {
    let (start, eol) = line_start(&a.doc().text, at);
    let indent: String = a.doc().text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let p = a.conv().position(start);
    let edit = TextEdit {
        range: Range::new(p, p),
        new_text: format!("{indent}<!-- copydesk-disable-next-line {code} -->{eol}"),
    };
    action(wording::IGNORE_WITH_COMMENT.into(), t, d, vec![edit], false)
}

fn action(
    title: String,
    t: &Target,
    d: &Diagnostic,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    let edit = match t.version {
        Some(v) => WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: t.uri.clone(),
                    version: Some(v),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..Default::default()
        },
        None => WorkspaceEdit {
            changes: Some(HashMap::from([(t.uri.clone(), edits)])),
            ..Default::default()
        },
    };
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// Where ", according to …" goes: before the sentence's final punctuation.
fn sentence_end(a: &Analysis, at: usize) -> usize {
    let Some(s) = a.doc().sentence_at(at).map(|i| &a.doc().sentences[i]) else {
        return at;
    };
    let text = &a.doc().text[s.range.clone()];
    let body = text.trim_end();
    let body = body
        .strip_suffix(['.', '!', '?', '…', ':', ';'])
        .unwrap_or(body);
    s.range.start + body.trim_end().len()
}

/// Start of the line holding `at`, and the line ending the text uses there.
fn line_start(text: &str, at: usize) -> (usize, &'static str) {
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let rest = &text[start..];
    let eol = match rest.find(['\n', '\r']) {
        Some(i) if rest[i..].starts_with("\r\n") => "\r\n",
        Some(i) if rest[i..].starts_with('\r') => "\r",
        Some(_) => "\n",
        None if text.contains("\r\n") => "\r\n",
        None => "\n",
    };
    (start, eol)
}
