//! Quick fixes: apply a suggestion, add an attribution, or switch the check
//! off for a line. Each is built from a diagnostic's `data` and checked
//! against the current text, so a stale diagnostic gets no edit.

use super::diagnostics::{Analysis, FixData, SOURCE};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

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
        for (i, s) in data.suggestions.iter().enumerate() {
            let title = format!("Replace with “{s}”");
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
                let title = format!("Add attribution “{}”", s.trim());
                let edit = TextEdit {
                    range: Range::new(pos, pos),
                    new_text: s.clone(),
                };
                out.push(action(title, t, &d, vec![edit], false));
            }
        }
        let (start, eol) = line_start(&a.doc().text, span.start);
        let indent: String = a.doc().text[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let p = a.conv().position(start);
        let edit = TextEdit {
            range: Range::new(p, p),
            new_text: format!(
                "{indent}<!-- copydesk-disable-next-line {} -->{eol}",
                data.code
            ),
        };
        out.push(action(
            format!("Disable {} for this line", data.code),
            t,
            &d,
            vec![edit],
            false,
        ));
    }
    out
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
