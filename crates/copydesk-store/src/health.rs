//! What an opened corpus's stores report after it was opened, as queries
//! read it: a channel per opened corpus ([`Watch`], the front end's end;
//! [`Tell`], the stores' end). `check` prints what arrived once the drafts
//! are checked; the language server reads it after each analysis and acts
//! (shows a warning, opens the corpus again). Nothing here is global: two
//! corpora open in one process (two workspaces) report apart.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// Something a store found after opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The archive at `url` did not answer in time, failed or lost its
    /// connection: findings that need it are left out, and it is left to
    /// rest before it is asked again. Told once per spell of trouble.
    Resting { url: String },
    /// Another push replaced the archive at `url` while it was open: its
    /// answers are left out from then on; open it again.
    Replaced { url: String },
    /// An article's analysis in the index file was damaged where a query
    /// read it (the warning says whether it was made again and the index
    /// repaired).
    IndexDamaged(String),
}

impl Event {
    /// The warning a front end shows for it, the URL's password masked.
    pub fn said(&self) -> String {
        match self {
            Event::Resting { url } => format!(
                "{}: {}",
                crate::postgres::masked(url),
                crate::postgres::TIMED_OUT_SAYS
            ),
            Event::Replaced { url } => format!(
                "{}: {}",
                crate::postgres::masked(url),
                crate::postgres::REPLACED_WHILE_OPEN
            ),
            Event::IndexDamaged(w) => w.clone(),
        }
    }
}

/// Whether the index file a corpus reads in place was changed under it
/// by another process (see [`crate::index`]): its path, once.
pub(crate) trait IndexProbe: Send + Sync {
    fn changed(&self) -> Option<PathBuf>;
}

/// The front end's end of an opened corpus's channel.
pub struct Watch {
    events: Mutex<mpsc::Receiver<Event>>,
    tell: Tell,
    index: Mutex<Option<Box<dyn IndexProbe>>>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Watch({} answers missed)", self.answers_missed())
    }
}

/// The stores' end: cloned into the connection's thread, the index mapping.
#[derive(Clone)]
pub struct Tell {
    events: mpsc::Sender<Event>,
    missed: Arc<AtomicU64>,
}

impl Default for Watch {
    fn default() -> Watch {
        let (events, rx) = mpsc::channel();
        Watch {
            events: Mutex::new(rx),
            tell: Tell {
                events,
                missed: Arc::new(AtomicU64::new(0)),
            },
            index: Mutex::new(None),
        }
    }
}

impl Watch {
    pub fn new() -> Arc<Watch> {
        Arc::new(Watch::default())
    }

    /// The end the stores of this corpus report through.
    pub fn tell(&self) -> Tell {
        self.tell.clone()
    }

    /// What arrived since last asked, in order; a spell of trouble of one
    /// archive told once.
    pub fn events(&self) -> Vec<Event> {
        let rx = self.events.lock().unwrap_or_else(|e| e.into_inner());
        let mut v: Vec<Event> = rx.try_iter().collect();
        v.dedup();
        v
    }

    /// How many answers from the archive were left out so far (a query
    /// past its deadline, a lost connection, an archive pushed again): a
    /// front end compares the count before and after a check to know its
    /// findings came from part of the archive.
    pub fn answers_missed(&self) -> u64 {
        self.tell.missed.load(Ordering::SeqCst)
    }

    /// The index file this corpus reads in place, if another process
    /// changed it since it was opened (rewritten, truncated, replaced):
    /// named once; the server opens the corpus again. A `stat`.
    pub fn index_changed(&self) -> Option<PathBuf> {
        let probe = self.index.lock().unwrap_or_else(|e| e.into_inner());
        probe.as_ref()?.changed()
    }

    pub(crate) fn watch_index(&self, probe: Box<dyn IndexProbe>) {
        *self.index.lock().unwrap_or_else(|e| e.into_inner()) = Some(probe);
    }
}

impl Tell {
    pub fn send(&self, e: Event) {
        // The front end may have dropped its end: nothing to tell then.
        let _ = self.events.send(e);
    }

    /// How many answers were left out so far.
    pub fn missed(&self) -> u64 {
        self.missed.load(Ordering::SeqCst)
    }

    /// One answer left out.
    pub fn missed_one(&self) {
        self.missed.fetch_add(1, Ordering::SeqCst);
    }
}
