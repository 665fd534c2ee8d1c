//! Command-line front end: `copydesk check`, `copydesk corpus …`, `copydesk index …`, `copydesk init`, `copydesk lsp`.
//!
//! Exit codes for `check`: 0 clean, 1 findings, 2 usage or I/O error.

mod init;
mod output;
mod progress;

use crate::config::Config;
use crate::corpus::Corpus;
use crate::model::Doc;
use crate::open::{Opened, Opener, Spec};
use crate::text::Format;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "copydesk",
    version,
    about = "Checks news copy against a reference corpus of source articles."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Check drafts: name spellings, unattributed figures, contradictions, misquotes.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Human)]
        format: OutFormat,
        /// Corpus folder or postgres:// URL of a pushed archive (repeatable;
        /// folders beside a URL are used if the database cannot be reached).
        /// Replaces the built-in corpus and any .copydesk.toml.
        #[arg(long = "corpus", value_name = "DIR")]
        corpus: Vec<PathBuf>,
        /// Treat the .copydesk.toml found as someone else's (CI on others'
        /// branches): only corpus folders inside its own folder, no
        /// database. Also set by COPYDESK_UNTRUSTED_CONFIG=1.
        #[arg(long)]
        untrusted_config: bool,
        /// No progress bar while the corpus index is built (none is drawn
        /// when stderr is not a terminal either).
        #[arg(long, short)]
        quiet: bool,
        /// Draft files (.md is read as Markdown, anything else as plain text).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Show what the corpus model holds, or generate a test archive.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Corpus {
        #[arg(value_enum, required = true)]
        what: Option<CorpusWhat>,
        #[arg(long = "corpus", value_name = "DIR")]
        corpus: Vec<PathBuf>,
        #[command(subcommand)]
        generate: Option<CorpusCmd>,
    },
    /// Build or update the persisted corpus index (also done on first use),
    /// or push it to a shared archive on PostgreSQL.
    Index {
        #[arg(value_enum)]
        what: IndexWhat,
        #[arg(long = "corpus", value_name = "DIR")]
        corpus: Vec<PathBuf>,
        /// The database `push` writes to (postgres://user@host/db).
        #[arg(long, value_name = "URL", required_if_eq("what", "push"))]
        postgres: Option<String>,
        /// No progress bar (none is drawn when stderr is not a terminal either).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Set up a folder of drafts: write a commented .copydesk.toml naming
    /// the archive, build its index, and say what to open next.
    Init {
        /// Archive folders of articles, or a postgres:// URL of a pushed
        /// archive (folders beside it are used when it cannot be reached).
        #[arg(required = true, value_name = "ARCHIVE")]
        archive: Vec<PathBuf>,
        /// The drafts' folder, where .copydesk.toml is written.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Replace an existing .copydesk.toml.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server on stdio.
    Lsp {
        /// Accepted for editor clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Subcommand, Debug)]
enum CorpusCmd {
    /// Write a deterministic archive of N articles made from a source corpus (see src/generate.rs).
    Generate {
        /// How many articles to write.
        #[arg(long, value_name = "N")]
        articles: usize,
        /// Same source, N and seed: the same files, byte for byte.
        #[arg(long, value_name = "S", default_value_t = 0)]
        seed: u64,
        /// Output folder: created if missing; must be empty or hold only generated articles.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Source corpus folder (repeatable); the built-in corpus without it.
        #[arg(long = "from", value_name = "DIR")]
        from: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum IndexWhat {
    /// Bring the index up to date with the corpus folders, and say what changed.
    Build,
    /// Write the corpus folders' index into PostgreSQL (--postgres URL),
    /// replacing the archive pushed before.
    Push,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum CorpusWhat {
    Names,
    Figures,
    Quotes,
    Conflicts,
}

pub fn main() -> i32 {
    crate::index::ignore_file_size_signal();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    // Folders named with --corpus are the user's own choice: links in them
    // are followed wherever they lead (an archive assembled as a folder of
    // links). Folders a `.copydesk.toml` names keep links within themselves.
    let named = match &cli.cmd {
        Cmd::Check { corpus, .. } | Cmd::Corpus { corpus, .. } | Cmd::Index { corpus, .. } => {
            !corpus.is_empty()
        }
        _ => false,
    };
    crate::loader::follow_links_anywhere(named);
    match cli.cmd {
        Cmd::Check {
            format,
            corpus,
            untrusted_config,
            quiet,
            files,
        } => {
            let untrusted = untrusted_config
                || std::env::var_os("COPYDESK_UNTRUSTED_CONFIG").is_some_and(|v| v == "1");
            check(
                format,
                &corpus,
                &files,
                untrusted,
                &progress::Bar::new(quiet),
            )
        }
        Cmd::Corpus {
            generate:
                Some(CorpusCmd::Generate {
                    articles,
                    seed,
                    out,
                    from,
                }),
            ..
        } => {
            match crate::generate::run(&crate::generate::Params {
                articles,
                seed,
                out,
                from,
            }) {
                Ok(()) => 0,
                Err(e) => {
                    crate::say!("copydesk: error: {e}");
                    2
                }
            }
        }
        Cmd::Corpus {
            what: Some(what),
            corpus,
            ..
        } => corpus_cmd(what, &corpus, &progress::Bar::new(true)),
        // clap requires one or the other.
        Cmd::Corpus { .. } => 2,
        Cmd::Index {
            what: IndexWhat::Build,
            corpus,
            quiet,
            ..
        } => index_build(&corpus, &progress::Bar::new(quiet)),
        Cmd::Index {
            what: IndexWhat::Push,
            corpus,
            postgres,
            quiet,
        } => index_push(
            postgres.as_deref().unwrap_or_default(),
            &corpus,
            &progress::Bar::new(quiet),
        ),
        Cmd::Init {
            archive,
            dir,
            force,
        } => init::run(&init::Params {
            dir,
            archive,
            force,
        }),
        Cmd::Lsp { .. } => crate::lsp::run(&std::env::args().collect::<Vec<_>>()),
    }
}

/// The corpus to use: `--corpus` folders, else the nearest `.copydesk.toml`'s
/// `corpus`, else the built-in one. Also returns the config's options.
fn load_corpus(
    dirs: &[PathBuf],
    near: Option<&Path>,
    untrusted: bool,
    bar: &progress::Bar,
) -> Result<(Opened, Config), String> {
    let mut cfg = Config::default();
    if let Some(dir) = near {
        if let Some(f) = Config::find(dir) {
            let (mut c, mut warnings) = Config::load(&f)?;
            if let (true, Some(own)) = (untrusted, f.parent()) {
                let dropped = c.restrict_to_workspace(own);
                warnings.extend(dropped.into_iter().map(|w| format!("{}: {w}", f.display())));
            }
            for w in warnings {
                crate::say!("copydesk: warning: {w}");
            }
            cfg = c;
        }
    }
    let spec = if dirs.is_empty() {
        Spec::from_parts(cfg.postgres.clone(), cfg.corpus.clone())
    } else {
        Spec::from_entries(dirs)
    };
    let opened = Opener::strict(crate::loader::embedded_files())
        .open_with_progress(&spec, bar)
        .map_err(|e| e.to_string());
    bar.clear();
    let opened = opened?;
    for w in &opened.warnings {
        crate::say!("copydesk: warning: {w}");
    }
    Ok((opened, cfg))
}

/// The corpus folders `--corpus` or the `.copydesk.toml` here names.
fn configured_dirs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !dirs.is_empty() {
        return Ok(dirs.to_vec());
    }
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    match Config::find(&cwd) {
        Some(f) => Ok(Config::load(&f)?.0.corpus),
        None => Ok(Vec::new()),
    }
}

fn index_build(dirs: &[PathBuf], bar: &progress::Bar) -> i32 {
    let dirs = match configured_dirs(dirs) {
        Ok(d) if !d.is_empty() => d,
        Ok(_) => {
            crate::say!(
                "copydesk: error: no corpus folder: pass --corpus DIR or set `corpus` in .copydesk.toml (the built-in corpus needs no index)"
            );
            return 2;
        }
        Err(e) => {
            crate::say!("copydesk: error: {e}");
            return 2;
        }
    };
    let start = std::time::Instant::now();
    // The explicit build checks every part of the index it reads.
    let (corpus, report) = match open_folders_checked(&dirs, bar) {
        Some(r) => r,
        None => return 2,
    };
    let file = report.file.as_ref().map_or(
        "(no cache folder: set COPYDESK_CACHE_DIR)".to_string(),
        |f| f.display().to_string(),
    );
    let state = match (&report.written, &report.write_error) {
        (true, _) => "written".to_string(),
        (false, Some(e)) => format!("NOT written ({e})"),
        (false, None) => "already up to date".to_string(),
    };
    let out = format!(
        "index {file}: {state} in {:.2} s\n  {} articles: {} from the index, {} analysed, {} removed; names and postings {}\n",
        start.elapsed().as_secs_f64(),
        corpus.docs.len(),
        report.reused,
        report.analysed,
        report.removed,
        if report.derived_reused {
            "read"
        } else {
            "rebuilt"
        },
    ) + &if report.written {
        format!(
            "  {:.1} MB: analyses {:.1} MB, names and postings {:.1} MB\n",
            (report.sizes.0 + report.sizes.1) as f64 / 1e6,
            report.sizes.0 as f64 / 1e6,
            report.sizes.1 as f64 / 1e6
        )
    } else {
        String::new()
    };
    let written = report.written || report.derived_reused;
    if !write_stdout(&out) || !written {
        return 2;
    }
    0
}

/// The corpus in `dirs` with every part of its index checked (`index
/// build`, `index push`), its warnings said; `None` (said) if a folder
/// cannot be read.
fn open_folders_checked(
    dirs: &[PathBuf],
    bar: &progress::Bar,
) -> Option<(Corpus, crate::index::Report)> {
    let opener = Opener::strict(crate::loader::embedded_files()).verify_all();
    let opened = opener.open_with_progress(&Spec::Folders(dirs.to_vec()), bar);
    bar.clear();
    match opened {
        Ok(o) => {
            for w in &o.warnings {
                crate::say!("copydesk: warning: {w}");
            }
            Some((o.corpus, o.report.unwrap_or_default()))
        }
        Err(e) => {
            crate::say!("copydesk: error: {e}");
            None
        }
    }
}

/// `copydesk index push`: open the corpus folders' index, push it to
/// `url`, and say what was written on stdout.
fn index_push(url: &str, dirs: &[PathBuf], bar: &progress::Bar) -> i32 {
    let dirs = match configured_dirs(dirs) {
        Ok(d) => crate::postgres::split(&d).1,
        Err(e) => {
            crate::say!("copydesk: error: {e}");
            return 2;
        }
    };
    if dirs.is_empty() {
        crate::say!(
            "copydesk: error: no corpus folder to push: pass --corpus DIR or set `corpus` in .copydesk.toml"
        );
        return 2;
    }
    let start = std::time::Instant::now();
    // A push checks every part of the index it sends.
    let Some((corpus, _)) = open_folders_checked(&dirs, bar) else {
        return 2;
    };
    let opened = start.elapsed();
    let spinner = bar.spinner(format!("pushing to {}", crate::postgres::masked(url)));
    let pushed = crate::postgres::push(url, &corpus);
    drop(spinner);
    let report = match pushed {
        Ok(r) => r,
        Err(e) => {
            crate::say!("copydesk: error: {e}");
            return 2;
        }
    };
    let shown_dirs = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = format!(
        "pushed {shown_dirs} to {} in {:.2} s (index opened in {:.2} s)\n  {} articles ({:.1} MB of analyses), {} sentences, {} name spellings\n",
        crate::postgres::masked(url),
        start.elapsed().as_secs_f64(),
        opened.as_secs_f64(),
        report.articles,
        report.analyses as f64 / 1e6,
        report.sentences,
        report.names,
    );
    for k in &report.kept {
        out += &format!("  kept for clients of another copydesk release: {k}\n");
    }
    for d in &report.dropped {
        out += &format!("  dropped an older release's archive: {d}\n");
    }
    if write_stdout(&out) { 0 } else { 2 }
}

fn check(
    format: OutFormat,
    corpus_dirs: &[PathBuf],
    files: &[PathBuf],
    untrusted: bool,
    bar: &progress::Bar,
) -> i32 {
    let first_dir = files.first().map(|f| {
        let abs = std::path::absolute(f).unwrap_or(f.clone());
        abs.parent().map(Path::to_path_buf).unwrap_or_default()
    });
    let (Opened { corpus, health, .. }, cfg) =
        match load_corpus(corpus_dirs, first_dir.as_deref(), untrusted, bar) {
            Ok(c) => c,
            Err(e) => {
                crate::say!("copydesk: error: {e}");
                return 2;
            }
        };
    let mut reports = Vec::new();
    let mut io_error = false;
    for f in files {
        let shown = f.display().to_string();
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                crate::say!("copydesk: error: cannot read {shown}: {e}");
                io_error = true;
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                crate::say!("copydesk: error: {shown} is not UTF-8 text");
                io_error = true;
                continue;
            }
        };
        let doc = Doc::parse(&text, Format::from_path(&shown));
        let findings = crate::check(&corpus, &doc, &cfg.options);
        reports.push((shown, doc, findings));
    }
    // What the stores found as the checks read the corpus: an analysis
    // damaged in the index, an archive that stopped answering or was
    // pushed again.
    for e in health.events() {
        crate::say!("copydesk: warning: {}", e.said());
    }
    let any = reports.iter().any(|r| !r.2.is_empty());
    let out = match format {
        OutFormat::Json => output::json(&corpus, &reports) + "\n",
        OutFormat::Human => output::human(&corpus, &reports),
    };
    // The process ends here: freeing an archive's model piece by piece
    // (a tenth of a check against 100,000 articles) is left to the system.
    std::mem::forget(corpus);
    if !write_stdout(&out) {
        return 2;
    }
    if io_error {
        2
    } else if any {
        1
    } else {
        0
    }
}

fn corpus_cmd(what: CorpusWhat, dirs: &[PathBuf], bar: &progress::Bar) -> i32 {
    let cwd = std::env::current_dir().ok();
    let (Opened { corpus, .. }, _) = match load_corpus(dirs, cwd.as_deref(), false, bar) {
        Ok(c) => c,
        Err(e) => {
            crate::say!("copydesk: error: {e}");
            return 2;
        }
    };
    let out = output::corpus_report(
        &corpus,
        what == CorpusWhat::Names,
        what == CorpusWhat::Figures,
        what == CorpusWhat::Quotes,
        what == CorpusWhat::Conflicts,
    );
    if write_stdout(&out) { 0 } else { 2 }
}

/// Write `out` to stdout. A reader that went away (`| head -1`) is not an
/// error: the output just ends there, quietly, and the command keeps its
/// exit code. Any other write error is reported; returns false then.
fn write_stdout(out: &str) -> bool {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "copydesk: error: cannot write the output: {e}"
            );
            false
        }
    }
}
