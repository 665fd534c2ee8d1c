//! How far a build has got, for front ends that show it (the server's
//! work-done progress, the command line's progress bar). A [`Progress`]
//! only observes: what is built, and the index file's bytes, are the same
//! with or without one.

/// Told as an index is built. Every method has a default that does
/// nothing; the calls come from the building threads, so an implementation
/// keeps them cheap (store a number; show it from a thread of its own).
pub trait Progress: Sync {
    /// A build starts (the index is missing, stale or damaged): `total`
    /// articles will have their analysis in hand at the end, `to_analyse`
    /// of them read and analysed afresh, the rest read from the old index.
    /// Not called when the index is current (nothing is built).
    fn begin(&self, total: usize, to_analyse: usize) {
        let _ = (total, to_analyse);
    }

    /// `done` of `total` articles' analyses are in hand (read from the old
    /// index, analysed, or found unreadable and skipped).
    fn articles(&self, done: usize, total: usize) {
        let _ = (done, total);
    }

    /// Every analysis is in hand: the names model and the postings are
    /// built, then the index file written.
    fn deriving(&self) {}
}

/// Tells no one.
pub struct Silent;

impl Progress for Silent {}

/// Counts articles done for a [`Progress`] from any thread.
pub(crate) struct Counter<'a> {
    pub progress: &'a dyn Progress,
    pub done: std::sync::atomic::AtomicUsize,
    pub total: usize,
}

impl Counter<'_> {
    /// `n` more articles done.
    pub fn add(&self, n: usize) {
        let done = self.done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
        self.progress.articles(done.min(self.total), self.total);
    }
}
