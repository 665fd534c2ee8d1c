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
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

pub const SOURCE: &str = "copydesk";

/// Added to each finding of a check the archive left answers out of.
pub const PARTIAL_MARK: &str = " [checked against part of the archive: it did not answer]";

/// Added to each finding of a check against a corpus that answers only
/// while the archive's folders are indexed (`what`: which one).
pub fn interim_mark(what: &str) -> String {
    format!(" [checked against {what} while the archive is indexed]")
}

/// Added to each finding of a check against the corpus that stands in for
/// an archive (`url`, masked) not opened yet: `instead` names it.
pub fn standing_in_mark(instead: &str, url: &str) -> String {
    format!(" [checked against {instead} until the archive at {url} answers]")
}

/// What stands in for the archive while it has not answered: the
/// workspace's corpus folders, or the built-in articles without any.
pub fn stand_in(ws: &Workspace) -> &'static str {
    if ws.config.corpus.is_empty() {
        "the built-in sample articles"
    } else {
        "the archive folders"
    }
}

/// The code of that note (not a check's: it says nothing of the draft).
pub const PARTIAL_CODE: &str = "archive-unavailable";

/// The note at the top of a document checked against part of the archive.
pub const PARTIAL_NOTE: &str = "copydesk: the archive did not answer in time, so this draft was checked against part of it and findings may be missing";

/// The effective settings and corpus for documents under one root.
pub struct Workspace {
    pub root: Option<PathBuf>,
    pub config: Config,
    pub corpus: Arc<LoadedCorpus>,
    pub debounce: Duration,
    /// Hover explains every name, figure and quotation, not only findings.
    pub explain_all: bool,
    /// Findings the writer chose to ignore (the root's `.copydesk/ignore`).
    pub ignored: Vec<Ignored>,
    /// The archive's own files: never checked or marked as drafts.
    archive: HashSet<String>,
    archive_dirs: Vec<PathBuf>,
}

/// Where a workspace keeps the findings its writers chose to ignore: in
/// the workspace, never in the text of a draft.
pub const IGNORE_FILE: &str = ".copydesk/ignore";

/// One ignored finding: its code, the flagged words and the sentence they
/// are in (whitespace collapsed), so it stays ignored wherever the sentence
/// moves and comes back if the sentence is rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub code: String,
    pub text: String,
    pub sentence: String,
}

impl Ignored {
    /// The ignore file's line for it: three tab-separated fields.
    pub fn line(&self) -> String {
        let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        format!(
            "{}\t{}\t{}\n",
            clean(&self.code),
            clean(&self.text),
            clean(&self.sentence)
        )
    }

    /// Entries of an ignore file; lines that are not entries (comments,
    /// blanks, anything malformed) are skipped.
    pub fn parse(text: &str) -> Vec<Ignored> {
        text.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split('\t');
                let (code, text, sentence) = (it.next()?, it.next()?, it.next()?);
                Some(Ignored {
                    code: code.trim().to_string(),
                    text: text.trim().to_string(),
                    sentence: sentence.trim().to_string(),
                })
            })
            .filter(|i| !i.code.is_empty() && !i.text.is_empty())
            .collect()
    }

    /// The entry that ignores finding `f` of `doc`.
    pub fn of(doc: &Doc, f: &Finding) -> Ignored {
        let sentence = doc
            .sentence_at(f.span.start)
            .and_then(|i| doc.text.get(doc.sentences[i].range.clone()))
            .unwrap_or_default();
        let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        Ignored {
            code: f.code.to_string(),
            text: clean(doc.text.get(f.span.clone()).unwrap_or_default()),
            sentence: clean(sentence),
        }
    }
}

impl Workspace {
    pub fn new(
        root: Option<PathBuf>,
        config: Config,
        corpus: Arc<LoadedCorpus>,
        debounce: Duration,
        explain_all: bool,
    ) -> Workspace {
        let ignored = root
            .as_ref()
            .and_then(|r| std::fs::read_to_string(r.join(IGNORE_FILE)).ok())
            .map(|t| Ignored::parse(&t))
            .unwrap_or_default();
        let archive = corpus
            .uris
            .iter()
            .flatten()
            .map(|u| u.as_str().to_string())
            .collect();
        let mut archive_dirs = config.corpus.clone();
        archive_dirs.extend(config.corpus.iter().filter_map(|d| d.canonicalize().ok()));
        Workspace {
            root,
            config,
            corpus,
            debounce,
            explain_all,
            ignored,
            archive,
            archive_dirs,
        }
    }

    /// Whether the document at `uri` is one of the archive's own articles
    /// (an article it loaded, or any file in a corpus folder).
    pub fn is_archive(&self, uri: &Uri) -> bool {
        if self.archive.contains(uri.as_str()) {
            return true;
        }
        if uri.scheme().as_str() != "file" {
            return false;
        }
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return false;
        };
        self.archive_dirs.iter().any(|d| path.starts_with(d))
            || path
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .is_some_and(|p| self.archive_dirs.iter().any(|d| p.starts_with(d)))
    }
}

pub struct Analysis {
    pub version: i32,
    /// The settings/corpus generation it was made with.
    pub generation: u64,
    pub ws: Arc<Workspace>,
    pub enc: Encoding,
    /// The draft and its findings; the next version's analysis starts from it.
    pub checked: crate::Analysis,
    /// The findings shown: none for an archive article, none the writer ignored.
    pub shown: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// Made while the archive left answers out (a database past its
    /// deadline or lost): the findings are from part of it and say so.
    pub partial: bool,
    /// For a partial analysis, the last complete one it was made from: the
    /// next version starts from that, so findings missed now are not
    /// carried on once the archive answers.
    pub base: Option<Arc<Analysis>>,
    /// A partial analysis against an archive another push replaced: it
    /// must not be shown (its left-out answers read as absence, and the
    /// findings shown are another archive's). The server keeps what the
    /// editor shows until the new archive's check.
    pub withheld: bool,
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
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        ws: Arc<Workspace>,
        generation: u64,
        uri: &Uri,
        text: &str,
        format: Format,
        version: i32,
        enc: Encoding,
        prev: Option<&Analysis>,
    ) -> Analysis {
        let (corpus, opts) = (&ws.corpus.corpus, &ws.config.options);
        let missed = ws.corpus.health.answers_missed();
        let archive = ws.is_archive(uri);
        // An archive article is not a draft: nothing to check in it.
        let text = if archive { "" } else { text };
        let checked = match prev {
            Some(p) => p.checked.update(corpus, text, format, opts),
            None => crate::Analysis::new(corpus, text, format, opts),
        };
        let partial = ws.config.postgres.is_some()
            && ws.corpus.waiting_for.is_none()
            && ws.corpus.health.answers_missed() != missed;
        let ws_corpus = ws.corpus.clone();
        // An archive replaced under the check: what it left out reads as
        // absence (a name it no longer answers for looks misspelt), so no
        // finding of it is shown; the server opens the new one and checks again.
        let withheld = partial && ws_corpus.replaced();
        let mut a = Analysis {
            version,
            generation,
            ws,
            enc,
            checked,
            shown: Vec::new(),
            diagnostics: Vec::new(),
            partial,
            base: None,
            withheld,
        };
        if partial {
            // What the last complete check found in text not edited since
            // is kept: the archive's silence is no reason to drop it. (A
            // partial analysis is never built on, so this stays here.) Only
            // from a check against the same archive: never two mixed.
            if let Some(p) = prev.filter(|p| Arc::ptr_eq(&p.ws.corpus, &ws_corpus)) {
                let found = &a.checked.findings;
                let kept: Vec<Finding> = carried(p, &a.checked.doc.text)
                    .into_iter()
                    .filter(|f| !found.iter().any(|g| g.code == f.code && g.span == f.span))
                    .collect();
                a.checked.findings.extend(kept);
                a.checked
                    .findings
                    .sort_by_key(|f| (f.span.start, f.span.end));
            }
        }
        a.shown = if archive {
            Vec::new()
        } else {
            let ignored = &a.ws.ignored;
            a.checked
                .findings
                .iter()
                .filter(|f| {
                    ignored.is_empty() || !ignored.contains(&Ignored::of(&a.checked.doc, f))
                })
                .cloned()
                .collect()
        };
        a.diagnostics = a.shown.iter().map(|f| a.diagnostic(f)).collect();
        let mark = match (&a.ws.corpus.waiting_for, a.ws.corpus.interim) {
            (Some(url), _) => Some(standing_in_mark(
                stand_in(&a.ws),
                &crate::postgres::masked(url),
            )),
            (None, Some(what)) => Some(interim_mark(what)),
            (None, None) => None,
        };
        if let Some(mark) = mark {
            for d in &mut a.diagnostics {
                d.message.push_str(&mark);
            }
        }
        if partial {
            a.mark_partial();
        }
        a
    }

    /// Say on each finding, and in one note at the top, that the archive
    /// left answers out: findings may be missing.
    fn mark_partial(&mut self) {
        let url = self
            .ws
            .config
            .postgres
            .as_deref()
            .map(crate::postgres::masked)
            .unwrap_or_default();
        for d in &mut self.diagnostics {
            d.message.push_str(PARTIAL_MARK);
        }
        self.diagnostics.push(Diagnostic {
            range: Default::default(),
            severity: Some(DiagnosticSeverity::INFORMATION),
            code: Some(NumberOrString::String(PARTIAL_CODE.into())),
            source: Some(SOURCE.into()),
            message: format!("{PARTIAL_NOTE} ({url}); checking again when it answers"),
            ..Default::default()
        });
    }

    pub fn doc(&self) -> &Doc {
        &self.checked.doc
    }

    /// The findings shown to the writer.
    pub fn findings(&self) -> &[Finding] {
        &self.shown
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
                // The client shows the location (file and line) beside it:
                // the article's headline says which story it is. The source's
                // words are the hover card's, not repeated here.
                let message =
                    crate::describe::headline(self.corpus(), s.article).unwrap_or_else(|| {
                        format!(
                            "“{}”",
                            s.quote.split_whitespace().collect::<Vec<_>>().join(" ")
                        )
                    });
                Some(DiagnosticRelatedInformation {
                    location: self.location(s)?,
                    message,
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

/// The findings of `prev` whose text is outside what changed between its
/// text and `text` (the common start and end), moved to where they now are.
fn carried(prev: &Analysis, text: &str) -> Vec<Finding> {
    let old = prev.doc().text.as_str();
    let (a, b) = (old.as_bytes(), text.as_bytes());
    let (head, tail) = copydesk_core::text::common_ends(a, b);
    let moved = |f: &Finding| -> Option<Finding> {
        let span = if f.span.end <= head {
            f.span.clone()
        } else if f.span.start >= a.len() - tail {
            let shift = |x: usize| x + b.len() - a.len();
            shift(f.span.start)..shift(f.span.end)
        } else {
            return None;
        };
        // Only on character boundaries of the new text (a finding is never split).
        text.get(span.clone())?;
        let mut g = f.clone();
        g.insert = g.insert.take().and_then(|(at, t)| {
            let at = if at <= head {
                at
            } else if at >= a.len() - tail {
                at + b.len() - a.len()
            } else {
                return None;
            };
            text.is_char_boundary(at).then_some((at, t))
        });
        g.span = span;
        Some(g)
    };
    prev.findings().iter().filter_map(moved).collect()
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
