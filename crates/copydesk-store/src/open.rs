//! Opening a corpus: the one API `check`, `corpus`, `index` and the
//! language server use. A [`Spec`] (the built-in corpus, folders, or an
//! archive's URL with folders to fall back on) and a [`Policy`] (strict for
//! the command line, lenient for the server) in; an [`Opened`] corpus or a
//! typed [`OpenError`] out. Both fallback policies are written here, and
//! nowhere else.

use crate::health::Watch;
use crate::progress::{Progress, Silent};
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
    /// What the stores find after opening (an archive resting or replaced,
    /// an index damaged or changed): the front end reads it after checks.
    pub health: Arc<Watch>,
}

impl Opened {
    fn new(corpus: Corpus, warnings: Vec<String>, origin: Origin, health: Arc<Watch>) -> Opened {
        Opened {
            corpus,
            warnings,
            origin,
            report: None,
            stands_in_for: None,
            refused: false,
            replaced: None,
            health,
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
    /// A folders' corpus that had to be built is opened again from the
    /// index file just written, and the built one dropped: the built one
    /// holds every article's analysis decoded (gigabytes at 100,000
    /// articles), the reopened one reads them from the mapped file when a
    /// query reaches them, as a fresh start would. For a process that
    /// lives on after a build (the server), not one that ends (a check).
    pub reopen_built: bool,
}

impl Opener {
    /// The command line's: strict, each index part checked when first read.
    pub fn strict(builtin: BuiltIn) -> Opener {
        Opener {
            policy: Policy::Strict,
            verify: index::Verify::OnUse,
            builtin,
            reopen_built: false,
        }
    }

    /// The language server's: lenient, and a corpus it builds reopened
    /// from its index ([`Opener::reopen_built`]).
    pub fn lenient(builtin: BuiltIn, ask_database: bool) -> Opener {
        Opener {
            policy: Policy::Lenient { ask_database },
            verify: index::Verify::OnUse,
            builtin,
            reopen_built: true,
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
        self.open_with_progress(spec, &Silent)
    }

    /// [`Opener::open`], telling `progress` how a folders' index build
    /// goes (see [`crate::progress`]); the corpus opened is the same.
    pub fn open_with_progress(
        &self,
        spec: &Spec,
        progress: &dyn Progress,
    ) -> Result<Opened, OpenError> {
        match spec {
            Spec::BuiltIn => Ok(self.builtin()),
            Spec::Folders(dirs) => self.folders(dirs, progress),
            Spec::Archive { url, fallback } => self.archive(url, fallback, progress),
        }
    }

    /// The archive at `url`, whatever the policy (the server's task that
    /// opens it in the background; a check in the CLI).
    pub fn archive_only(url: &str) -> Result<Opened, OpenError> {
        let (corpus, warnings, replaced, health) =
            postgres::open_watched(url).map_err(|message| OpenError::Archive {
                url: url.to_string(),
                message,
            })?;
        let mut o = Opened::new(corpus, warnings, Origin::Archive, health);
        o.replaced = Some(replaced);
        Ok(o)
    }

    fn builtin(&self) -> Opened {
        Opened::new(
            crate::loader::from_files(self.builtin),
            Vec::new(),
            Origin::BuiltIn,
            Watch::new(),
        )
    }

    fn folders(&self, dirs: &[PathBuf], progress: &dyn Progress) -> Result<Opened, OpenError> {
        if dirs.is_empty() {
            return Ok(self.builtin());
        }
        let health = Watch::new();
        let file = index::index_file(dirs);
        match index::open_progress(dirs, file.as_deref(), self.verify, &health, progress) {
            Ok((corpus, warnings, report)) => {
                let built = report.written && report.analysed > 0;
                let corpus = match file.as_deref() {
                    Some(f) if built && self.reopen_built => {
                        reopened(dirs, f, self.verify, &health).unwrap_or(corpus)
                    }
                    _ => corpus,
                };
                let mut o = Opened::new(corpus, warnings, Origin::Folders, health);
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

    fn archive(
        &self,
        url: &str,
        fallback: &[PathBuf],
        progress: &dyn Progress,
    ) -> Result<Opened, OpenError> {
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
        let mut o = self.folders(fallback, progress)?;
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

/// The folders' corpus opened again from the index file `file` just
/// written for it: the file as it is if nothing changed in between (else
/// built again, as the change would have it be anyway); `None` if it
/// cannot be opened, and the corpus just built stands.
fn reopened(
    dirs: &[PathBuf],
    file: &std::path::Path,
    verify: index::Verify,
    health: &Watch,
) -> Option<Corpus> {
    index::open_watched(dirs, Some(file), verify, health)
        .ok()
        .map(|(corpus, _, _)| corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A built-in corpus of one article.
    const BUILT_IN: BuiltIn = &[(
        "a.txt",
        b"Harbour fees rise\n\nThe port authority said fees would rise by 12%.",
    )];

    /// A database that refuses at once (nothing listens on port 1).
    const REFUSING: &str = "postgres://copydesk@127.0.0.1:1/none";

    fn missing_folder() -> PathBuf {
        std::env::temp_dir().join(format!("copydesk-no-such-folder-{}", std::process::id()))
    }

    fn archive(fallback: Vec<PathBuf>) -> Spec {
        Spec::Archive {
            url: REFUSING.into(),
            fallback,
        }
    }

    #[test]
    fn entries_name_the_builtin_corpus_folders_or_an_archive() {
        assert_eq!(Spec::from_entries(&[]), Spec::BuiltIn);
        let d = PathBuf::from("news");
        assert_eq!(
            Spec::from_entries(std::slice::from_ref(&d)),
            Spec::Folders(vec![d.clone()])
        );
        assert_eq!(
            Spec::from_entries(&[PathBuf::from(REFUSING), d.clone()]),
            archive(vec![d])
        );
    }

    #[test]
    fn strict_refuses_an_archive_without_folders_and_falls_back_to_its_folders() {
        let strict = Opener::strict(BUILT_IN);
        let e = strict.open(&archive(vec![])).err().expect("an error");
        assert!(
            matches!(&e, OpenError::Archive { url, .. } if url == REFUSING),
            "{e:?}"
        );
        // Folders beside it stand in, with a warning saying so first; one
        // that cannot be read is an error, never the built-in corpus.
        let e = strict.open(&archive(vec![missing_folder()])).err();
        assert!(matches!(e, Some(OpenError::Folder(_))), "{e:?}");
        let e = strict.open(&Spec::Folders(vec![missing_folder()])).err();
        assert!(matches!(e, Some(OpenError::Folder(_))), "{e:?}");
    }

    #[test]
    fn lenient_always_opens_a_corpus_and_says_what_stands_in() {
        // Not asked: the built-in corpus stands in while the server opens it.
        let o = Opener::lenient(BUILT_IN, false)
            .open(&archive(vec![]))
            .unwrap();
        assert_eq!(o.origin, Origin::BuiltIn);
        assert_eq!(o.stands_in_for.as_deref(), Some(REFUSING));
        assert!(!o.refused && o.warnings.is_empty(), "{:?}", o.warnings);
        // Asked and refused: said, and marked refused.
        let o = Opener::lenient(BUILT_IN, true)
            .open(&archive(vec![]))
            .unwrap();
        assert!(o.refused && o.corpus.docs.len() == 1);
        assert!(
            o.warnings[0].contains("using the built-in corpus until it answers"),
            "{:?}",
            o.warnings
        );
        // A folder that cannot be read: the built-in corpus, with a warning.
        let o = Opener::lenient(BUILT_IN, true)
            .open(&Spec::Folders(vec![missing_folder()]))
            .unwrap();
        assert_eq!(o.origin, Origin::BuiltIn);
        assert!(
            o.warnings[0].ends_with("; using the built-in corpus"),
            "{:?}",
            o.warnings
        );
    }
}
