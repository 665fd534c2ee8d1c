//! Corpus loading: the one place that reads articles from disk (or from the
//! copy a binary has built in, [`from_files`]) and hands their texts to the core
//! ([`Corpus::build`]). Files that are not UTF-8, empty or binary are
//! skipped with a warning naming them.

use copydesk_core::Corpus;
use copydesk_core::corpus::{ArticleText, StyleGuide, style};
use copydesk_core::model::wordhash::fnv1a;
use std::path::{Path, PathBuf};

/// The corpus in `files` (`(file name, bytes)`, as a binary embeds its
/// built-in corpus): the articles, and the style guide if one is there.
pub fn from_files(files: &[(&str, &[u8])]) -> Corpus {
    let mut warnings = Vec::new();
    let mut texts = Vec::new();
    let mut guide = StyleGuide::default();
    for (name, bytes) in files {
        if *name == style::FILE_NAME {
            guide = StyleGuide::parse(&String::from_utf8_lossy(bytes), &mut warnings);
            continue;
        }
        if let Some(text) = decode(name, bytes.to_vec(), &mut warnings) {
            texts.push(ArticleText {
                path: format!("corpus/{name}"),
                file: None,
                text,
            });
        }
    }
    Corpus::build(texts, guide)
}

/// What the corpus folders hold, before any article is read: the article
/// files in load order, the style guide (read now: it is small) and the
/// warnings so far.
pub struct Listing {
    pub articles: Vec<PathBuf>,
    pub guide: StyleGuide,
    /// A hash of the style guides' texts: what is derived from the
    /// articles depends on it too (see `crate::index`).
    pub guide_hash: u64,
    pub warnings: Vec<String>,
}

/// List every `.txt`/`.md` article in `dirs` (not recursive) and read the
/// style guide `names.toml` if one is there.
pub fn list(dirs: &[PathBuf]) -> Result<Listing, String> {
    let mut listing = Listing {
        articles: Vec::new(),
        guide: StyleGuide::default(),
        guide_hash: 0,
        warnings: Vec::new(),
    };
    for dir in dirs {
        let rd = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read corpus folder {}: {e}", dir.display()))?;
        let mut paths = Vec::new();
        for entry in rd {
            match entry {
                Ok(e) => paths.push(e.path()),
                Err(e) => listing.warnings.push(format!(
                    "{}: an entry could not be listed: {e}",
                    dir.display()
                )),
            }
        }
        paths.sort();
        for p in paths {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if name != style::FILE_NAME {
                if has_article_name(&p) {
                    listing.articles.push(p);
                }
                continue;
            }
            let bytes = match read_regular(&p) {
                Ok(b) => b,
                Err(why) => {
                    listing
                        .warnings
                        .push(format!("{}: skipped: {why}", p.display()));
                    continue;
                }
            };
            listing.guide_hash = fnv1a(&[&listing.guide_hash.to_le_bytes()[..], &bytes].concat());
            let mut w = Vec::new();
            let s = StyleGuide::parse(&String::from_utf8_lossy(&bytes), &mut w);
            listing
                .warnings
                .extend(w.into_iter().map(|w| format!("{}: {w}", p.display())));
            listing.guide.merge(s);
        }
    }
    Ok(listing)
}

/// Read one listed article, or say in `warnings` why it is skipped.
/// Entries that have an article's name but cannot be read as one (symbolic
/// link loops, dangling links, folders, FIFOs, devices, files removed while
/// loading) are named once, with the reason.
///
/// An article longer than [`ARTICLE_BYTES_KEPT`] is read only that far,
/// cut at its last paragraph (or line) break before there, with a warning
/// naming it: what analysing one article holds is bounded, whatever the file.
pub fn read_article(p: &Path, warnings: &mut Vec<String>) -> Option<ArticleText> {
    let mut bytes = match read_capped(p, ARTICLE_BYTES_KEPT as u64 + 1) {
        Ok(b) => b,
        Err(why) => {
            warnings.push(format!("{}: skipped: {why}", p.display()));
            return None;
        }
    };
    let shown = p.display().to_string();
    if bytes.len() > ARTICLE_BYTES_KEPT {
        bytes.truncate(cut_point(&bytes[..ARTICLE_BYTES_KEPT]));
        warnings.push(format!("{shown}: {} bytes kept: {}", bytes.len(), TOO_LONG));
    }
    let text = decode(&shown, bytes, warnings)?;
    let abs = std::fs::canonicalize(p).unwrap_or(p.to_path_buf());
    Some(ArticleText {
        path: shown,
        file: Some(abs),
        text,
    })
}

/// The most of one article's text that is read and analysed: 1 MiB, some
/// 170,000 words, forty times the longest article in the evaluation
/// archives (25 KB) and far beyond any news story or long read; a file
/// past it is a dump or a book, and analysing it whole takes some 50 times
/// its size in memory (a 50 MB file: 2.7 GB). Only its beginning is kept,
/// so one article costs at most about 75 MB however large its file
/// (docs/PERFORMANCE.md, "One huge article").
pub const ARTICLE_BYTES_KEPT: usize = 1 << 20;

/// What is said of an article cut at [`ARTICLE_BYTES_KEPT`].
pub const TOO_LONG: &str = "the article is longer than 1 MB; only its beginning is in the archive";

/// Where to cut `head`, the first [`ARTICLE_BYTES_KEPT`] bytes of a longer
/// article: after its last paragraph break, else its last line break in
/// the second half, else at the last character boundary.
fn cut_point(head: &[u8]) -> usize {
    let last = |pat: &[u8]| {
        head.windows(pat.len())
            .rposition(|w| w == pat)
            .map(|i| i + pat.len())
    };
    let half = head.len() / 2;
    last(b"\n\n")
        .filter(|&i| i > half)
        .or_else(|| last(b"\n").filter(|&i| i > half))
        .unwrap_or_else(|| match std::str::from_utf8(head) {
            // A character the cut splits is left out.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            _ => head.len(),
        })
}

/// The warning for a corpus with nothing to check against.
pub const NO_ARTICLES: &str = "the corpus has no readable articles; no corpus checks can run";

/// Load every article in `dirs` and build the corpus from the texts,
/// without the persisted index (`crate::index::open` uses one).
pub fn load(dirs: &[PathBuf]) -> Result<(Corpus, Vec<String>), String> {
    let Listing {
        articles,
        guide,
        mut warnings,
        ..
    } = list(dirs)?;
    let texts: Vec<ArticleText> = articles
        .iter()
        .filter_map(|p| read_article(p, &mut warnings))
        .collect();
    if texts.is_empty() {
        warnings.push(NO_ARTICLES.into());
    }
    Ok((Corpus::build(texts, guide), warnings))
}

/// A regular file (or a symbolic link to one) with an article's extension.
pub fn is_article(p: &Path) -> bool {
    has_article_name(p) && p.is_file()
}

fn has_article_name(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "markdown")
    )
}

/// What kind of thing a non-regular file is, for a warning.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "it is a FIFO (named pipe), not a file";
        }
        if t.is_char_device() || t.is_block_device() {
            return "it is a device, not a file";
        }
        if t.is_socket() {
            return "it is a socket, not a file";
        }
    }
    if t.is_dir() {
        "it is a folder, not a file"
    } else {
        "it is not a regular file"
    }
}

/// The bytes of `p` if it is a regular file (following symbolic links
/// that stay in its folder), else why not. The type is checked before the file is opened, so a FIFO
/// or a device is never opened; the opened file is checked again (it may
/// have been replaced in between), and opened non-blocking so even then
/// opening cannot wait for a writer.
pub fn read_regular(p: &Path) -> Result<Vec<u8>, String> {
    read_capped(p, u64::MAX)
}

/// As [`read_regular`], reading at most `limit` bytes.
fn read_capped(p: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let link = std::fs::symlink_metadata(p).map_err(|e| gone(&e))?;
    let meta = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(e) if link.file_type().is_symlink() => {
            return Err(match e.raw_os_error() {
                #[cfg(unix)]
                Some(libc::ELOOP) => {
                    "it is a symbolic link that loops (too many levels of links)".into()
                }
                _ if e.kind() == std::io::ErrorKind::NotFound => {
                    "it is a dangling symbolic link (its target does not exist)".into()
                }
                _ => format!("it is a symbolic link that cannot be followed: {e}"),
            });
        }
        Err(e) => return Err(gone(&e)),
    };
    if !meta.is_file() {
        let why = kind_of(meta.file_type());
        return Err(if link.file_type().is_symlink() {
            format!("{why} (through a symbolic link)")
        } else {
            why.into()
        });
    }
    // A link is followed only to a file in the same folder: a corpus
    // folder (a cloned repository's) must not read a file elsewhere. Unless
    // the user named the folders on the command line ([`follow_links_anywhere`]).
    let anywhere = LINKS_ANYWHERE.load(std::sync::atomic::Ordering::Relaxed);
    let target = if link.file_type().is_symlink() && !anywhere {
        inside_own_folder(p)?
    } else {
        p.to_path_buf()
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // The link was resolved above: what is opened is no link.
        let nofollow = if target == p { 0 } else { libc::O_NOFOLLOW };
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    let f = opts.open(&target).map_err(|e| gone(&e))?;
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(kind_of(meta.file_type()).into());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    f.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Whether links in corpus folders are followed out of their folder.
static LINKS_ANYWHERE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Follow symbolic links in corpus folders wherever they lead: only for
/// folders the user named on the command line (`--corpus DIR`), their own
/// explicit choice, as a folder of links assembling an archive is (the
/// evaluation tool's `--corpus-without` builds its corpora so). The
/// language server and folders from a `.copydesk.toml` never set it.
pub fn follow_links_anywhere(on: bool) {
    LINKS_ANYWHERE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Why a symbolic link is not followed.
pub const LINK_LEAVES_FOLDER: &str = "it is a symbolic link leading out of its corpus folder (links are followed only within the folder)";

/// The file the symbolic link `p` leads to, if it is in `p`'s own folder
/// (the corpus folder: listing is not recursive), else why not.
fn inside_own_folder(p: &Path) -> Result<PathBuf, String> {
    let target = std::fs::canonicalize(p).map_err(|e| gone(&e))?;
    let folder = p
        .parent()
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .and_then(|d| std::fs::canonicalize(d).ok())
        .ok_or_else(|| "its folder cannot be resolved".to_string())?;
    if target.parent() == Some(folder.as_path()) {
        Ok(target)
    } else {
        Err(LINK_LEAVES_FOLDER.into())
    }
}

fn gone(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "it was removed while the corpus was loading".into()
    } else {
        e.to_string()
    }
}

/// UTF-8 text, or a warning naming the file.
fn decode(name: &str, bytes: Vec<u8>, warnings: &mut Vec<String>) -> Option<String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        warnings.push(format!("{name}: skipped: the file is empty"));
        return None;
    }
    if bytes.contains(&0) {
        warnings.push(format!("{name}: skipped: the file is binary, not text"));
        return None;
    }
    match String::from_utf8(bytes) {
        // A byte-order mark stays in the text (so positions match the file)
        // and is blanked out of the prose.
        Ok(t) => Some(t),
        Err(e) => {
            warnings.push(format!(
                "{name}: skipped: not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_removed_between_listing_and_reading_is_named_with_the_reason() {
        let dir = std::env::temp_dir().join(format!("copydesk-loader-gone-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("gone.txt");
        std::fs::write(&p, "Headline\nText.\n").unwrap();
        assert!(read_regular(&p).is_ok());
        // Listed, then removed before it is read.
        std::fs::remove_file(&p).unwrap();
        let why = read_regular(&p).unwrap_err();
        assert!(why.contains("removed"), "{why}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_only_within_the_corpus_folder() {
        use std::os::unix::fs::symlink;
        let base =
            std::env::temp_dir().join(format!("copydesk-loader-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let dir = base.join("corpus");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(base.join("private.txt"), "Secret\nThe secret text.\n").unwrap();
        std::fs::write(dir.join("a.txt"), "Headline\nText.\n").unwrap();
        symlink(base.join("private.txt"), dir.join("out.txt")).unwrap();
        symlink("../private.txt", dir.join("out-relative.txt")).unwrap();
        symlink("a.txt", dir.join("same.txt")).unwrap();
        let (corpus, warnings) = load(std::slice::from_ref(&dir)).unwrap();
        let paths: Vec<&str> = corpus.docs.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths.len(), 2, "{paths:?}");
        assert!(paths.iter().all(|p| !p.contains("out")), "{paths:?}");
        for name in ["out.txt", "out-relative.txt"] {
            assert_eq!(
                warnings
                    .iter()
                    .filter(|w| w.contains(name) && w.contains(LINK_LEAVES_FOLDER))
                    .count(),
                1,
                "named once: {warnings:?}"
            );
        }
        std::fs::remove_dir_all(&base).ok();
    }
}
