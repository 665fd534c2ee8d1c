//! Opening a corpus: the one API `check`, `corpus`, `index` and the
//! language server use. A [`Spec`] (the built-in corpus, folders, or an
//! archive's URL with folders to fall back on) and a [`Policy`] (strict for
//! the command line, lenient for the server) in; an [`Opened`] corpus or a
//! typed [`OpenError`] out. Both fallback policies are written here, and
//! nowhere else.

use crate::{index, postgres};
use copydesk_core::Corpus;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The articles a binary has built in: `(file name, bytes)`.
pub type BuiltIn = &'static [(&'static str, &'static [u8])];

/// Which corpus to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    /// The corpus built into the binary.
    BuiltIn,
    /// Corpus folders, through their index file (see [`crate::index`]).
    Folders(Vec<PathBuf>),
    /// A shared archive on PostgreSQL, and the folders that stand in for it
    /// when it cannot be read (none: see [`Policy`]).
    Archive { url: String, fallback: Vec<PathBuf> },
}

impl Spec {
    /// The corpus that a list of entries names (`--corpus`, `corpus = […]`):
    /// a `postgres://` URL among them is the archive, the rest its
    /// fallback folders; folders alone are folders; nothing is the built-in
    /// corpus.
    pub fn from_entries(entries: &[PathBuf]) -> Spec {
        let (url, dirs) = postgres::split(entries);
        Spec::from_parts(url, dirs)
    }

    /// As [`Spec::from_entries`], already split.
    pub fn from_parts(url: Option<String>, dirs: Vec<PathBuf>) -> Spec {
        match url {
            Some(url) => Spec::Archive {
                url,
                fallback: dirs,
            },
            None if dirs.is_empty() => Spec::BuiltIn,
            None => Spec::Folders(dirs),
        }
    }

    /// The folders named, the archive's fallback ones included.
    pub fn folders(&self) -> &[PathBuf] {
        match self {
            Spec::BuiltIn => &[],
            Spec::Folders(d) | Spec::Archive { fallback: d, .. } => d,
        }
    }
}

/// What to do when the corpus named cannot be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// The command line: an archive that cannot be read falls back to its
    /// folders (with a warning), and with none it is an error, as is a
    /// folder that cannot be read. Checking against another corpus than
    /// the one named would pass off its findings as that archive's.
    Strict,
    /// The language server: never without a corpus. An archive falls back
    /// to its folders, else the built-in corpus, which stand in for it
    /// while it is tried again ([`retry_every`]); a folder that cannot be
    /// read falls back to the built-in corpus; each with a warning. With
    /// `ask_database` false the database is not asked at all (the server
    /// opens it on a task of its own, so nothing waits on it).
    Lenient { ask_database: bool },
}

/// How often the server tries again a database that could not be read:
/// three connection deadlines, so a server that accepts and never answers
/// holds an attempt (on a thread of its own) a third of the time at most.
pub fn retry_every() -> std::time::Duration {
    postgres::connect_deadline() * 3
}

/// Why a corpus could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// A corpus folder cannot be listed (the message names it).
    #[error("{0}")]
    Folder(String),
    /// The archive cannot be read: unreachable, no answer within the
    /// deadline, no archive there, or one of another version (the message
    /// names the URL, its password masked, and says what to run).
    #[error("{message}")]
    Archive { url: String, message: String },
    /// A command that needs folders (`index build`, `index push`) got none.
    #[error("{0}")]
    NoFolders(&'static str),
}

/// Where an opened corpus came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Folders,
    Archive,
}

/// An opened corpus.
pub struct Opened {
    pub corpus: Corpus,
    /// Warnings for the user: unreadable articles, a damaged index rebuilt,
    /// an archive fallen back from.
    pub warnings: Vec<String>,
    pub origin: Origin,
    /// What opening the folders' index did (folders only).
    pub report: Option<index::Report>,
    /// The archive this corpus stands in for (lenient policy: it was not
    /// asked, or did not answer).
    pub stands_in_for: Option<String>,
    /// Whether the archive stood in for was asked and failed (not merely
    /// not asked yet).
    pub refused: bool,
    /// Set once another push replaced the archive read (archives only).
    pub replaced: Option<Arc<AtomicBool>>,
}

impl Opened {
    fn new(corpus: Corpus, warnings: Vec<String>, origin: Origin) -> Opened {
        Opened {
            corpus,
            warnings,
            origin,
            report: None,
            stands_in_for: None,
            refused: false,
            replaced: None,
        }
    }
}

/// Opens corpora for one front end: its policy, how much of an index is
/// checked at open, and the built-in corpus.
#[derive(Clone, Copy)]
pub struct Opener {
    pub policy: Policy,
    pub verify: index::Verify,
    pub builtin: BuiltIn,
}

impl Opener {
    /// The command line's: strict, each index part checked when first read.
    pub fn strict(builtin: BuiltIn) -> Opener {
        Opener {
            policy: Policy::Strict,
            verify: index::Verify::OnUse,
            builtin,
        }
    }

    /// The language server's: lenient.
    pub fn lenient(builtin: BuiltIn, ask_database: bool) -> Opener {
        Opener {
            policy: Policy::Lenient { ask_database },
            verify: index::Verify::OnUse,
            builtin,
        }
    }

    /// Every part of an index checked at open (`index build`, `index push`).
    pub fn verify_all(self) -> Opener {
        Opener {
            verify: index::Verify::All,
            ..self
        }
    }

    /// The corpus `spec` names, under this opener's policy.
    pub fn open(&self, spec: &Spec) -> Result<Opened, OpenError> {
        match spec {
            Spec::BuiltIn => Ok(self.builtin()),
            Spec::Folders(dirs) => self.folders(dirs),
            Spec::Archive { url, fallback } => self.archive(url, fallback),
        }
    }

    /// The archive at `url`, whatever the policy (the server's task that
    /// opens it in the background; a check in the CLI).
    pub fn archive_only(url: &str) -> Result<Opened, OpenError> {
        let (corpus, warnings, replaced) =
            postgres::open_watched(url).map_err(|message| OpenError::Archive {
                url: url.to_string(),
                message,
            })?;
        let mut o = Opened::new(corpus, warnings, Origin::Archive);
        o.replaced = Some(replaced);
        Ok(o)
    }

    fn builtin(&self) -> Opened {
        Opened::new(
            crate::loader::from_files(self.builtin),
            Vec::new(),
            Origin::BuiltIn,
        )
    }

    fn folders(&self, dirs: &[PathBuf]) -> Result<Opened, OpenError> {
        if dirs.is_empty() {
            return Ok(self.builtin());
        }
        match index::open_with(dirs, index::index_file(dirs).as_deref(), self.verify) {
            Ok((corpus, warnings, report)) => {
                let mut o = Opened::new(corpus, warnings, Origin::Folders);
                o.report = Some(report);
                Ok(o)
            }
            Err(e) if self.policy == Policy::Strict => Err(OpenError::Folder(e)),
            Err(e) => {
                let mut o = self.builtin();
                o.warnings.push(format!("{e}; using the built-in corpus"));
                Ok(o)
            }
        }
    }

    fn archive(&self, url: &str, fallback: &[PathBuf]) -> Result<Opened, OpenError> {
        let ask = match self.policy {
            Policy::Strict => true,
            Policy::Lenient { ask_database } => ask_database,
        };
        let failed = if ask {
            match Opener::archive_only(url) {
                Ok(o) => return Ok(o),
                Err(e) => Some(e),
            }
        } else {
            None
        };
        let said = match (&failed, self.policy) {
            (Some(e), Policy::Strict) if fallback.is_empty() => return Err(e.clone()),
            (Some(e), Policy::Strict) => Some(format!("{e}; using the corpus folders instead")),
            (Some(e), Policy::Lenient { .. }) => Some(fallback_said(&e.to_string(), fallback)),
            (None, _) => None,
        };
        let mut o = self.folders(fallback)?;
        o.warnings.splice(0..0, said);
        if let Policy::Lenient { .. } = self.policy {
            o.stands_in_for = Some(url.to_string());
            o.refused = failed.is_some();
        }
        Ok(o)
    }
}

/// What the server says when the archive at `dirs`' side could not be
/// opened (`e`, naming it): which corpus answers instead, until when.
pub fn fallback_said(e: &str, dirs: &[PathBuf]) -> String {
    let instead = if dirs.is_empty() {
        "the built-in corpus"
    } else {
        "the corpus folders"
    };
    format!(
        "{e}; using {instead} until it answers (tried again every {} s)",
        retry_every().as_secs()
    )
}
