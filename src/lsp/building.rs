//! A folders' index built in the background while another corpus answers
//! (see `State::reconfigure`): how far it has got, told to the editor as
//! work-done progress (`window/workDoneProgress/create`, then `$/progress`
//! begin, report, end) or, for a client without it, `window/showMessage`
//! at the start and at the end.

use crate::progress::Progress;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// A build that reads or analyses at least this many articles is made in
/// the background, with another corpus answering meanwhile. At about a
/// thousand articles a second on two cores, fewer take a fraction of a
/// second: answering `initialize` after them costs the editor less than a
/// check against a stand-in followed by a second one.
pub const BACKGROUND_FROM: usize = 200;

/// How often the progress is looked at: a few times a second at most.
pub const TICK: Duration = Duration::from_millis(500);

/// A report is sent at least this often, changed or not (within two
/// seconds, as the editor's spinner expects), and otherwise only when the
/// message or percentage changed.
pub const KEEP_ALIVE: Duration = Duration::from_millis(1500);

/// The share of a build's percentage given to the articles' analyses; the
/// rest is the names model, the postings and the file's writing, which
/// tell no count. Measured on 10,000 generated articles on two cores: 12.7 s
/// of analyses, then 15.5 s to the corpus in place.
pub const ANALYSIS_SHARE: usize = 50;

/// How far a build has got, written by the building threads and read by
/// the task that tells the editor.
#[derive(Default)]
pub struct Build {
    done: AtomicUsize,
    total: AtomicUsize,
    deriving: AtomicBool,
    ended: AtomicBool,
    /// Told once a build worth waiting for starts (see [`BACKGROUND_FROM`]).
    pub started: tokio::sync::Notify,
    /// Told when the new corpus is in place.
    pub finished: tokio::sync::Notify,
}

impl Progress for Build {
    fn begin(&self, total: usize, to_analyse: usize) {
        self.total.store(total, Ordering::Relaxed);
        if to_analyse >= BACKGROUND_FROM {
            self.started.notify_one();
        }
    }

    fn articles(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.fetch_max(done, Ordering::Relaxed);
    }

    fn deriving(&self) {
        self.deriving.store(true, Ordering::Relaxed);
    }
}

impl Build {
    /// The new corpus is in place.
    pub fn finish(&self) {
        self.ended.store(true, Ordering::SeqCst);
        self.finished.notify_one();
    }

    pub fn ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// The percentage done: articles' analyses in hand count for
    /// [`ANALYSIS_SHARE`]; the names and postings for the rest, held under
    /// 100 until the corpus is in place.
    pub fn percentage(&self) -> u32 {
        let (done, total) = (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        );
        if self.deriving.load(Ordering::Relaxed) {
            return ANALYSIS_SHARE as u32;
        }
        if total == 0 {
            return 0;
        }
        u32::try_from(done.min(total) * ANALYSIS_SHARE / total).unwrap_or(0)
    }

    /// What the editor shows beside the percentage.
    pub fn message(&self) -> String {
        let (done, total) = (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        );
        if self.deriving.load(Ordering::Relaxed) {
            format!("{total} articles analysed; building names and postings")
        } else {
            format!("{done} of {total} articles")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentage_grows_with_articles_and_stays_under_100_until_the_end() {
        // The articles' analyses are half of the percentage (see ANALYSIS_SHARE).
        assert_eq!(ANALYSIS_SHARE, 50);
        let b = Build::default();
        assert_eq!(b.percentage(), 0);
        b.begin(400, 400);
        b.articles(100, 400);
        assert_eq!(
            (b.percentage(), b.message().as_str()),
            (12, "100 of 400 articles")
        );
        // A thread telling an older count does not move it back.
        b.articles(50, 400);
        assert_eq!(b.percentage(), 12);
        b.articles(400, 400);
        assert_eq!(b.percentage(), 50);
        b.deriving();
        assert_eq!(b.percentage(), 50);
        assert!(b.message().contains("building names and postings"));
    }
}
