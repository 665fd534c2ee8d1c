//! What a check reports: a [`Finding`] with an exact byte range in the draft,
//! a [`Code`], a [`Severity`], a message, suggestions and corpus [`Source`]s.
//!
//! Findings carry byte offsets only; front ends turn them into line/column
//! positions in whatever encoding they speak (see [`crate::text::LineIndex`]).

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// The kind of problem a finding reports. The first four are scored by the
/// evaluation; the others are low-severity hints.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Code {
    NameSpelling,
    UnattributedFigure,
    Contradiction,
    Misquote,
    /// A quotation that the corpus does not contain at all (hint).
    UnknownQuote,
    /// The draft states something on which the corpus disagrees with itself (hint).
    CorpusConflict,
}

impl Code {
    pub const ALL: [Code; 6] = [
        Code::NameSpelling,
        Code::UnattributedFigure,
        Code::Contradiction,
        Code::Misquote,
        Code::UnknownQuote,
        Code::CorpusConflict,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::NameSpelling => "name-spelling",
            Code::UnattributedFigure => "unattributed-figure",
            Code::Contradiction => "contradiction",
            Code::Misquote => "misquote",
            Code::UnknownQuote => "unknown-quote",
            Code::CorpusConflict => "corpus-conflict",
        }
    }

    /// The severity a finding of this code gets unless configured otherwise
    /// (declared in the check registry, [`crate::checks::CHECKS`]).
    pub fn default_severity(self) -> Severity {
        crate::checks::code_info(self).severity
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown check code `{s}`"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Ok(Severity::Error),
            "warning" | "warn" => Ok(Severity::Warning),
            "information" | "info" => Ok(Severity::Information),
            "hint" => Ok(Severity::Hint),
            _ => Err(format!(
                "unknown severity `{s}` (use error, warning, information or hint)"
            )),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in the corpus that backs a finding or a hover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The article (ask the corpus for its path and file).
    pub article: crate::corpus::ArticleId,
    /// Byte range of the evidence (usually the sentence) in that article.
    pub span: Range<usize>,
    /// 1-based line of `span.start` in the article.
    pub line: usize,
    /// The words of the source, as written in the article.
    pub quote: String,
}

/// One problem found in a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// Byte range in the draft text.
    pub span: Range<usize>,
    pub message: String,
    /// Replacement texts for `span`, best first.
    pub suggestions: Vec<String>,
    pub sources: Vec<Source>,
    /// An insertion that fixes the problem another way: `(byte offset, text)`,
    /// e.g. ", according to Gulagu.net" before a sentence's full stop.
    pub insert: Option<(usize, String)>,
}

impl Finding {
    pub fn new(code: Code, span: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            span,
            message: message.into(),
            suggestions: Vec::new(),
            sources: Vec::new(),
            insert: None,
        }
    }

    pub fn with_suggestion(mut self, s: impl Into<String>) -> Self {
        self.suggestions.push(s.into());
        self
    }

    pub fn with_sources(mut self, sources: impl IntoIterator<Item = Source>) -> Self {
        self.sources.extend(sources);
        self
    }
}
