//! The progress bar a build shows in a terminal (`index build`, `index
//! push`, a `check` that must build): drawn on stderr only when stderr is
//! a terminal and `--quiet` is not given, so piped output and logs get
//! nothing extra, and stdout is never touched.

use crate::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How often the bar is redrawn at most (indicatif's own limit is 20 a
/// second): a few times a second is enough to see it move.
const REDRAWS_PER_SECOND: u8 = 4;

/// A bar shown once a build starts; nothing when the index is current.
pub struct Bar {
    shown: bool,
    bar: OnceLock<ProgressBar>,
    done: AtomicUsize,
}

impl Bar {
    /// A bar for this process: drawn only if stderr is a terminal and not `quiet`.
    pub fn new(quiet: bool) -> Bar {
        Bar {
            shown: !quiet && std::io::stderr().is_terminal(),
            bar: OnceLock::new(),
            done: AtomicUsize::new(0),
        }
    }

    /// Remove the bar (the build is over), leaving the terminal as it was.
    pub fn clear(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
    }

    /// A spinner saying `what` while something without a count runs (a
    /// push), if bars are shown; cleared when dropped.
    pub fn spinner(&self, what: String) -> Option<Spinner> {
        if !self.shown {
            return None;
        }
        let s = ProgressBar::with_draw_target(None, target());
        s.set_style(ProgressStyle::default_spinner());
        s.set_message(what);
        s.enable_steady_tick(Duration::from_millis(250));
        Some(Spinner(s))
    }
}

/// See [`Bar::spinner`].
pub struct Spinner(ProgressBar);

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

fn target() -> ProgressDrawTarget {
    ProgressDrawTarget::stderr_with_hz(REDRAWS_PER_SECOND)
}

impl Progress for Bar {
    fn begin(&self, total: usize, _to_analyse: usize) {
        if !self.shown {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let b = ProgressBar::with_draw_target(Some(total as u64), target());
            let style = ProgressStyle::with_template(
                "indexing {bar:30} {pos}/{len} articles ({percent}%, {eta} left) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            b.set_style(style);
            b
        });
        bar.set_length(total as u64);
    }

    fn articles(&self, done: usize, _total: usize) {
        if let Some(b) = self.bar.get() {
            // Threads tell their counts in any order: the bar only moves on.
            let most = self.done.fetch_max(done, Ordering::Relaxed).max(done);
            b.set_position(most as u64);
        }
    }

    fn deriving(&self) {
        if let Some(b) = self.bar.get() {
            b.set_message("building names and postings");
        }
    }
}
