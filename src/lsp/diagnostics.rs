//! One analysis of one document version, and findings as LSP diagnostics.
//! The findings are exactly `copydesk::check` with the workspace's options,
//! so the editor shows what `copydesk check` prints.

use super::corpus::LoadedCorpus;
use super::position::Conv;
use crate::config::Config;
use crate::finding::{Finding, Severity, Source};
use crate::model::Doc;
use crate::text::{Encoding, Format};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
};

pub const SOURCE: &str = "copydesk";

/// The effective settings and corpus for documents under one root.
pub struct Workspace {
    pub root: Option<PathBuf>,
    pub config: Config,
    pub corpus: Arc<LoadedCorpus>,
    pub debounce: Duration,
}

pub struct Analysis {
    pub version: i32,
    /// The settings/corpus generation it was made with.
    pub generation: u64,
    pub ws: Arc<Workspace>,
    pub enc: Encoding,
    /// The draft and its findings; the next version's analysis starts from it.
    pub checked: crate::Analysis,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a diagnostic carries for its quick fixes (the `data` field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixData {
    pub code: String,
    /// The flagged text, to tell a stale diagnostic from a current one.
    pub text: String,
    /// Replacement texts for the range.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// ", according to …" texts to insert at the end of the sentence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributions: Vec<String>,
}

impl Analysis {
    /// Check one version of a document, starting from the analysis of an
    /// earlier version when there is one (see [`crate::analysis`]).
    pub fn run(
        ws: Arc<Workspace>,
        generation: u64,
        text: &str,
        format: Format,
        version: i32,
        enc: Encoding,
        prev: Option<&Analysis>,
    ) -> Analysis {
        let (corpus, opts) = (&ws.corpus.corpus, &ws.config.options);
        let checked = match prev {
            Some(p) => p.checked.update(corpus, text, format, opts),
            None => crate::Analysis::new(corpus, text, format, opts),
        };
        let mut a = Analysis {
            version,
            generation,
            ws,
            enc,
            checked,
            diagnostics: Vec::new(),
        };
        a.diagnostics = a.checked.findings.iter().map(|f| a.diagnostic(f)).collect();
        a
    }

    pub fn doc(&self) -> &Doc {
        &self.checked.doc
    }

    pub fn findings(&self) -> &[Finding] {
        &self.checked.findings
    }

    pub fn conv(&self) -> Conv<'_> {
        Conv::new(&self.doc().text, &self.doc().lines, self.enc)
    }

    pub fn corpus(&self) -> &crate::Corpus {
        &self.ws.corpus.corpus
    }

    /// Where a corpus source is, as an LSP location.
    pub fn location(&self, s: &Source) -> Option<Location> {
        let uri = self.ws.corpus.uris.get(s.article.0 as usize)?.clone()?;
        let art = self.corpus().docs.get(s.article.0 as usize)?.doc();
        let range = Conv::new(&art.text, &art.lines, self.enc).range(s.span.clone());
        Some(Location { uri, range })
    }

    pub fn diagnostic(&self, f: &Finding) -> Diagnostic {
        let related: Vec<DiagnosticRelatedInformation> = f
            .sources
            .iter()
            .filter_map(|s| {
                // The client shows the location (file and line) beside the words.
                Some(DiagnosticRelatedInformation {
                    location: self.location(s)?,
                    message: format!("“{}”", s.quote.trim()),
                })
            })
            .collect();
        let (attributions, suggestions): (Vec<String>, Vec<String>) = f
            .suggestions
            .iter()
            .cloned()
            .partition(|s| is_attribution(s));
        let mut attributions = attributions;
        if let Some((_, text)) = &f.insert {
            if !attributions.contains(text) {
                attributions.push(text.clone());
            }
        }
        let data = FixData {
            code: f.code.to_string(),
            text: self.doc().text[f.span.clone()].to_string(),
            suggestions,
            attributions,
        };
        Diagnostic {
            range: self.conv().range(f.span.clone()),
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.code.to_string())),
            source: Some(SOURCE.into()),
            message: f.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            data: serde_json::to_value(data).ok(),
            ..Default::default()
        }
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn is_attribution(s: &str) -> bool {
    s.trim_start().starts_with(", according to")
}
