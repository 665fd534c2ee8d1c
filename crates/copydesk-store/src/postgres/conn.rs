//! The connection's thread and what askers know of it: queries handed to
//! it and waited on within the deadline, trouble and a replaced archive
//! told through the opened corpus's health channel.

use super::*;

/// A connection, with the statements prepared on it so far.
pub(super) struct Conn {
    pub(super) client: postgres::Client,
    pub(super) url: String,
    pub(super) statements: HashMap<&'static str, postgres::Statement>,
    /// The archive as read at open; `None` once another push replaced it.
    pub(super) generation: Option<String>,
    /// Shared with the caches: set when another push replaced the archive.
    pub(super) stale: Arc<AtomicBool>,
    /// After PostgreSQL cancelled a query at [`query_deadline`], nothing is
    /// asked until then: a database in trouble costs a check one timeout,
    /// not one per query.
    pub(super) resting: Option<Instant>,
    pub(super) health: Arc<Health>,
    /// A query of the job running read another generation of the archive.
    pub(super) moved: bool,
}

/// `sql` reading the archive's generation in the same statement, so in
/// the same snapshot as its rows: each row gains a marker column and the
/// generation, and a query without rows still gives one row (its marker
/// null) carrying the generation. A push that committed just before the
/// query began gave it the new archive's rows, and its notification comes
/// only once this session is idle again (after the answer), too late to
/// catch it: the generation read with the rows does, without a second
/// round trip per answer. Generations are never reused.
fn guarded(sql: &str) -> String {
    format!(
        "SELECT q.*, g.generation FROM (SELECT generation FROM meta) g \
         LEFT JOIN LATERAL (SELECT s.*, true AS copydesk_row FROM ({sql}) s) q ON true"
    )
}

/// How long a reader leaves the database alone after PostgreSQL cancelled
/// a query at [`query_deadline`]: three times that (30 s by default), so a
/// database in trouble costs a check one wait, and is asked again soon
/// after it recovers.
pub(super) fn rest() -> Duration {
    query_deadline() * 3
}

impl Conn {
    /// Run `sql` (prepared once per connection, [`guarded`]) with
    /// `params`: its rows, and whether the archive it read is still the
    /// one opened (`moved` is set when not).
    pub(super) fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, postgres::Error> {
        let stmt = match self.statements.get(sql) {
            Some(s) => s.clone(),
            None => {
                let s = self.client.prepare(&guarded(sql))?;
                self.statements.insert(sql, s.clone());
                s
            }
        };
        let rows = self.client.query(&stmt, params)?;
        // The two columns `guarded` adds: the row's marker, the generation.
        let own = stmt.columns().len() - 2;
        let read = rows.first().map(|r| r.get::<_, String>(own + 1));
        if read.is_none() || read != self.generation {
            self.moved = true;
        }
        Ok(rows
            .into_iter()
            .filter(|r| r.get::<_, Option<bool>>(own).is_some())
            .collect())
    }

    /// `job`'s answer, unless the archive was pushed again since it was
    /// opened (then nothing: a wrong finding is worse than a missing one).
    /// A connection lost since (the server restarted under a language
    /// server that runs all day) is made again, once.
    pub(super) fn run<R>(
        &mut self,
        job: &dyn Fn(&mut Conn) -> Result<R, postgres::Error>,
    ) -> Option<R> {
        self.generation.as_ref()?;
        if self.resting.is_some_and(|until| Instant::now() < until) {
            return None;
        }
        self.moved = false;
        let mut answer = job(self);
        if answer.as_ref().err().and_then(|e| e.code())
            == Some(&postgres::error::SqlState::QUERY_CANCELED)
        {
            self.resting = Some(Instant::now() + rest());
            self.health.trouble();
            return None;
        }
        if answer.is_err() && self.client.is_closed() {
            let Ok(client) = reader(&self.url) else {
                self.health.trouble();
                return None;
            };
            *lock(&self.health.cancel) = Some(client.cancel_token());
            self.client = client;
            self.statements.clear();
            // A push while the connection was down went unheard: ask.
            let listening = self
                .client
                .batch_execute(&format!("LISTEN {}", channel()))
                .is_ok();
            if !listening || !self.same_archive().unwrap_or(false) {
                self.stale();
                return None;
            }
            self.moved = false;
            answer = job(self);
        }
        if self
            .client
            .notifications()
            .iter()
            .next()
            .is_ok_and(|n| n.is_some())
        {
            self.stale();
            return None;
        }
        if answer.is_ok() && self.moved {
            self.stale();
            return None;
        }
        match &answer {
            Ok(_) => self.health.told.store(false, Ordering::SeqCst),
            // A query that fails (its table dropped under us): told too.
            Err(_) => self.health.trouble(),
        }
        answer.ok()
    }

    /// Whether the archive is still the one opened (asked after the
    /// connection was made again: a push meanwhile went unheard).
    pub(super) fn same_archive(&mut self) -> Result<bool, postgres::Error> {
        let now = self.client.query("SELECT generation FROM meta", &[])?;
        Ok(now.first().map(|r| r.get::<_, String>(0)) == self.generation)
    }

    pub(super) fn stale(&mut self) {
        self.stale.store(true, Ordering::Relaxed);
        if self.generation.take().is_some() {
            self.health.tell.send(Event::Replaced {
                url: self.url.clone(),
            });
        }
    }
}

/// What is said of an archive that did not answer in time.
pub const TIMED_OUT_SAYS: &str = "a query ran past the time limit, failed, or lost its connection; findings that need the archive are left out (some may be missing) until it answers again";

/// What is said of an archive pushed again while it was open.
pub const REPLACED_WHILE_OPEN: &str = "the archive was pushed again while open: answers from it are left out until it is opened again";

/// A lock, even if a thread panicked holding it (the data stays sound here).
pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) type Job = Box<dyn FnOnce(&mut Conn) + Send>;

/// What askers know of the connection's thread, shared with it.
pub(super) struct Health {
    pub(super) url: String,
    /// A job ran past [`query_deadline`] and the connection's thread has
    /// not finished it: askers get no answer at once, without waiting,
    /// until a probe queued behind that job runs.
    pub(super) stuck: AtomicBool,
    /// Trouble was reported ([`Event::Resting`]); cleared by the next answer,
    /// so each spell of trouble is told once.
    pub(super) told: AtomicBool,
    /// Cancels the query running on the connection (set at each connect).
    pub(super) cancel: Mutex<Option<postgres::CancelToken>>,
    /// Where trouble, a replaced archive and answers left out are told
    /// (the opened corpus's [`Watch`]).
    pub(super) tell: Tell,
}

impl Health {
    pub(super) fn new(url: &str, tell: Tell) -> Arc<Health> {
        Arc::new(Health {
            url: url.to_string(),
            stuck: AtomicBool::new(false),
            told: AtomicBool::new(false),
            cancel: Mutex::new(None),
            tell,
        })
    }

    /// Report trouble with the archive, once per spell.
    pub(super) fn trouble(&self) {
        if !self.told.swap(true, Ordering::SeqCst) {
            self.tell.send(Event::Resting {
                url: self.url.clone(),
            });
        }
    }

    /// Ask PostgreSQL to cancel the running query, from a thread of its
    /// own (a frozen server may not even take the request).
    pub(super) fn cancel_running(&self) {
        if let Some(token) = lock(&self.cancel).clone() {
            let _ = std::thread::Builder::new()
                .name("copydesk-cancel".into())
                .spawn(move || drop(token.cancel_query(postgres::NoTls)));
        }
    }
}

/// The database, as the connection's thread that answers for it. The
/// `postgres` client runs its own small async runtime, which must not be
/// started inside another (the language server's): the connection lives
/// on a thread of its own, and queries are handed to it. Every answer is
/// waited for at most [`query_deadline`].
#[derive(Clone)]
pub(super) struct Db {
    pub(super) jobs: mpsc::Sender<Job>,
    pub(super) health: Arc<Health>,
}

impl Db {
    /// `job`'s answer from the connection's thread (see [`Conn::run`]),
    /// or nothing (counted: [`Watch::answers_missed`]).
    pub(super) fn ask<R: Send + 'static>(
        &self,
        job: impl Fn(&mut Conn) -> Result<R, postgres::Error> + Send + 'static,
    ) -> Option<R> {
        let got = self.ask_within(job);
        if got.is_none() {
            self.health.tell.missed_one();
        }
        got
    }

    pub(super) fn ask_within<R: Send + 'static>(
        &self,
        job: impl Fn(&mut Conn) -> Result<R, postgres::Error> + Send + 'static,
    ) -> Option<R> {
        let h = &self.health;
        if h.stuck.load(Ordering::SeqCst) {
            return None;
        }
        let gave_up = Arc::new(AtomicBool::new(false));
        let given_up = gave_up.clone();
        let (reply, answer) = mpsc::sync_channel(1);
        self.jobs
            .send(Box::new(move |c: &mut Conn| {
                // An asker that stopped waiting is not answered late.
                if !given_up.load(Ordering::SeqCst) {
                    drop(reply.send(c.run(&job)));
                }
            }))
            .ok()?;
        match answer.recv_timeout(query_deadline()) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                gave_up.store(true, Ordering::SeqCst);
                if !h.stuck.swap(true, Ordering::SeqCst) {
                    h.trouble();
                    h.cancel_running();
                    // Runs when the connection's thread is free again.
                    let free = h.clone();
                    let _ = self.jobs.send(Box::new(move |_: &mut Conn| {
                        free.stuck.store(false, Ordering::SeqCst);
                    }));
                }
                None
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => None,
        }
    }
}
