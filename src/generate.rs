//! `copydesk corpus generate`: a deterministic archive of any size made from
//! a source corpus's own material, for stressing the index the way a real
//! archive does (many people, new spellings as it grows, the same person
//! transliterated two ways, figures that nearly agree).
//!
//! Each generated article takes one source article's sentences in order —
//! some dropped, now and then one borrowed from another article of the same
//! section (file-name prefix: `business-001.txt` is in `business`) — and
//! renames its material: every person the source names is replaced, the
//! same way throughout the article, by someone from a pool that grows with
//! the archive (about one person per two articles); figures are perturbed,
//! years shifted; quotations stay with their renamed speakers. The spans to
//! replace come from the core's model, not from patterns over the text:
//! [`Corpus::build`] parses the sources ([`Doc::parse_article`]: name
//! mentions, figures and their tokens) and its name model says which names
//! are people's.
//!
//! Output is a pure function of (source texts, N, seed): the random numbers
//! come from SplitMix64 below, written out here rather than taken from a
//! crate so that no dependency update can change a generated archive; every
//! article draws from its own stream (seed and article number), so the
//! articles can be written in parallel and still come out byte-identical.

use copydesk_core::Corpus;
use copydesk_core::corpus::{ArticleText, EntityKind, NameModel, StyleGuide};
use copydesk_core::model::lexicon::{
    is_english_word, is_organisation_head, is_title_word, never_a_name,
};
use copydesk_core::model::{Doc, FigureKind};
use copydesk_core::text::tokens::{Kind, Token};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// SplitMix64 (Steele, Lea and Flood 2014): 64 bits of state, one add and
/// three xor-shift-multiplies per number. Small, fast, statistically sound
/// for this use, and fixed forever by its constants.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A stream of its own for item `i` of the stream `seed`.
    fn derive(seed: u64, stream: u64, i: u64) -> Rng {
        let mut r = Rng::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.0 ^= r.next().wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0); the bias of a 64-bit modulus is negligible here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What to generate.
pub struct Params {
    pub articles: usize,
    pub seed: u64,
    pub out: PathBuf,
    /// Source folders; empty means the built-in corpus.
    pub from: Vec<PathBuf>,
}

/// Chance that a body sentence that can go is left out.
const DROP: f64 = 0.12;
/// Chance that an article borrows a sentence from another of its section.
const BORROW: f64 = 0.3;
/// Chance that a person with a transliterable surname is written with the
/// variant in a given article (Zelensky/Zelenskiy: about one in five).
const VARIANT: f64 = 0.2;
/// Chance that a person is drawn from the prominent few, who appear in
/// many articles the way heads of government do.
const PROMINENT: f64 = 0.25;

/// Run `copydesk corpus generate`. Errors are one line, without the prefix.
pub fn run(p: &Params) -> Result<(), String> {
    let sources = read_sources(&p.from)?;
    let material = Material::build(&sources);
    if material.templates.is_empty() {
        return Err("the source corpus has no article with a body to generate from".into());
    }
    prepare_out(&p.out, p.articles)?;
    let pool = Pool::build(&material, p.articles, p.seed);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(p.articles.max(1));
    // Articles are interleaved over threads; each article has its own
    // random stream, so the split does not change a byte. The first write
    // error stops every thread.
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (material, pool, failed) = (&material, &pool, &failed);
                s.spawn(move || -> Result<(), String> {
                    let mut i = t;
                    while i < p.articles && !failed.load(std::sync::atomic::Ordering::Relaxed) {
                        let text = material.article(pool, p.seed, i as u64);
                        write_article(&p.out, i + 1, &text).inspect_err(|_| {
                            failed.store(true, std::sync::atomic::Ordering::Relaxed)
                        })?;
                        i += threads;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err("a generator thread failed".into()))
        })
    })
}

/// Source articles as `(file name, text)`, in a fixed order (folders as
/// given, files sorted by name), so the output does not depend on how a
/// file system lists a folder.
fn read_sources(dirs: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    if dirs.is_empty() {
        return Ok(crate::loader::embedded_files()
            .iter()
            .filter(|(name, _)| {
                matches!(
                    Path::new(name).extension().and_then(|e| e.to_str()),
                    Some("txt" | "md" | "markdown")
                )
            })
            .filter_map(|(name, bytes)| {
                Some((name.to_string(), String::from_utf8(bytes.to_vec()).ok()?))
            })
            .collect());
    }
    let mut out = Vec::new();
    for dir in dirs {
        let rd = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read source folder {}: {e}", dir.display()))?;
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| crate::loader::is_article(p))
            .collect();
        paths.sort();
        for p in paths {
            // What the loader would skip (unreadable, not UTF-8) is skipped here too.
            let Ok(bytes) = crate::loader::read_regular(&p) else {
                continue;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            out.push((name, text));
        }
    }
    if out.is_empty() {
        return Err(format!(
            "no articles (.txt, .md) in {}",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(out)
}

/// A generated article's file name: `gen-000001.txt`.
fn file_name(n: usize) -> String {
    format!("gen-{n:06}.txt")
}

/// Whether `name` is one this generator writes (or its temporary file).
fn is_generated(name: &str) -> bool {
    let core = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .unwrap_or(name);
    core.strip_prefix("gen-")
        .and_then(|n| n.strip_suffix(".txt"))
        .is_some_and(|d| d.len() >= 6 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Create `out` if needed. A folder that holds anything but generated
/// articles is refused (nothing of someone else's is overwritten or mixed
/// in); generated articles beyond the new count are removed, so the folder
/// ends up holding exactly this archive.
fn prepare_out(out: &Path, n: usize) -> Result<(), String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    let rd = std::fs::read_dir(out)
        .map_err(|e| format!("cannot read the output folder {}: {e}", out.display()))?;
    let mut stale = Vec::new();
    for e in rd {
        let e = e.map_err(|e| format!("cannot read the output folder {}: {e}", out.display()))?;
        let name = e.file_name().to_string_lossy().to_string();
        if !is_generated(&name) || !e.file_type().is_ok_and(|t| t.is_file()) {
            return Err(format!(
                "the output folder {} holds {name}, which is not a generated article; use an empty folder",
                out.display()
            ));
        }
        let num: usize = name
            .trim_start_matches(".gen-")
            .trim_start_matches("gen-")
            .trim_end_matches(".tmp")
            .trim_end_matches(".txt")
            .parse()
            .unwrap_or(0);
        if name.ends_with(".tmp") || num > n {
            stale.push(e.path());
        }
    }
    for p in stale {
        std::fs::remove_file(&p).map_err(|e| format!("cannot remove {}: {e}", p.display()))?;
    }
    Ok(())
}

/// Write article `n` under a temporary name and rename it into place, so a
/// reader never sees half an article.
fn write_article(out: &Path, n: usize, text: &str) -> Result<(), String> {
    let name = file_name(n);
    let tmp = out.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out.join(&name))
        .map_err(|e| format!("cannot rename {} into place: {e}", tmp.display()))
}

/// A stretch of a source article's text, or what takes its place.
#[derive(Clone, Debug)]
enum Piece {
    /// Source text, kept.
    Text(Range<usize>),
    /// A person's first name or surname: person index in the template.
    Name { person: usize, first: bool },
    /// A number in a figure (`10,000`, `5.4`), perturbed.
    Number(Range<usize>),
    /// A year (`2023`), shifted with the article's other years.
    Year(u16),
}

/// One sentence of a source article, cut into pieces.
struct TSentence {
    /// Its paragraph (block) in the source.
    block: usize,
    pieces: Vec<Piece>,
    /// Can be left out or borrowed: no quotation runs across its ends and
    /// it does not lean on a speaker named before it ("he said").
    free: bool,
}

/// A source article ready to be rewritten.
struct Template {
    text: String,
    section: usize,
    headline: Vec<Piece>,
    sentences: Vec<TSentence>,
}

/// Everything taken from the source corpus.
struct Material {
    templates: Vec<Template>,
    /// Template indexes per section.
    sections: Vec<Vec<usize>>,
    /// First names of the source's people, sorted.
    first_names: Vec<String>,
    /// Surnames of people in the source, sorted.
    surnames: Vec<String>,
}

/// A section: the file name before its last `-` or `_` when that part has a
/// letter (`business-001.txt`), else one section for the whole source.
fn section_of(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    match stem.rsplit_once(['-', '_']) {
        Some((head, _)) if head.chars().any(|c| c.is_alphabetic()) => head.to_string(),
        _ => String::new(),
    }
}

impl Material {
    fn build(sources: &[(String, String)]) -> Material {
        // The core's corpus model parses the articles (in parallel) and
        // says which names are people's: "Los Angeles" and "Time Warner"
        // look like first name and surname but are a place and a company.
        let texts: Vec<ArticleText> = sources
            .iter()
            .map(|(name, t)| ArticleText {
                path: name.clone(),
                file: None,
                text: normalise(t),
            })
            .collect();
        let corpus = Corpus::build(texts, StyleGuide::default());
        let ev = Evidence {
            names: corpus
                .built()
                .expect("a corpus built from texts has its model")
                .0,
        };
        let mut section_ids: HashMap<String, usize> = HashMap::new();
        let mut templates = Vec::new();
        let mut sections: Vec<Vec<usize>> = Vec::new();
        let mut first_names = HashSet::new();
        let mut surnames = HashSet::new();
        for ((name, _), a) in sources.iter().zip(&corpus.docs) {
            let Some(t) =
                Template::build(&a.doc().text, a.doc(), &ev, &mut first_names, &mut surnames)
            else {
                continue;
            };
            let next = section_ids.len();
            let sec = *section_ids.entry(section_of(name)).or_insert(next);
            if sec == sections.len() {
                sections.push(Vec::new());
            }
            sections[sec].push(templates.len());
            templates.push(Template { section: sec, ..t });
        }
        // The pool's first names: those the model takes for first names
        // (David, Maria), when there are enough of them.
        let common: HashSet<String> = first_names
            .iter()
            .filter(|f| ev.is(f, EntityKind::GivenName))
            .cloned()
            .collect();
        let mut first_names: Vec<String> = if common.len() >= 20 {
            common
        } else {
            first_names
        }
        .into_iter()
        .collect();
        first_names.sort();
        let mut surnames: Vec<String> = surnames.into_iter().collect();
        surnames.sort();
        Material {
            templates,
            sections,
            first_names,
            surnames,
        }
    }

    /// Article `i` of the archive.
    fn article(&self, pool: &Pool, seed: u64, i: u64) -> String {
        let mut rng = Rng::derive(seed, 1, i);
        let ti = rng.below(self.templates.len());
        let t = &self.templates[ti];
        // The sentences: (template, sentence) in order, some dropped.
        let mut picked: Vec<(usize, usize)> = Vec::new();
        let body = t.sentences.len();
        for (si, s) in t.sentences.iter().enumerate() {
            if s.free && body > 3 && rng.chance(DROP) {
                continue;
            }
            picked.push((ti, si));
        }
        if picked.is_empty() {
            picked.push((ti, 0));
        }
        // A sentence from another article of the section, as its own paragraph.
        let peers = &self.sections[t.section];
        if peers.len() > 1 && rng.chance(BORROW) {
            let oi = peers[rng.below(peers.len())];
            let o = &self.templates[oi];
            let free: Vec<usize> = (0..o.sentences.len())
                .filter(|&si| o.sentences[si].free)
                .collect();
            if oi != ti && !free.is_empty() {
                let si = free[rng.below(free.len())];
                // After a paragraph's end, never before the first paragraph.
                let block = |(tj, sj): (usize, usize)| (tj, self.templates[tj].sentences[sj].block);
                let ends: Vec<usize> = (1..=picked.len())
                    .filter(|&k| k == picked.len() || block(picked[k]) != block(picked[k - 1]))
                    .collect();
                let at = ends[rng.below(ends.len())];
                picked.insert(at, (oi, si));
            }
        }
        // People: each source person of each template used gets someone from the pool.
        let mut cast: HashMap<(usize, usize), (usize, bool)> = HashMap::new();
        let mut taken: HashSet<usize> = HashSet::new();
        let mut person = |tj: usize, p: usize, rng: &mut Rng| -> (usize, bool) {
            *cast.entry((tj, p)).or_insert_with(|| {
                // Two source people are two people here too (unless the
                // pool is smaller than the article's cast).
                let mut who = pool.pick(rng);
                for _ in 0..32 {
                    if taken.insert(who) {
                        break;
                    }
                    who = pool.pick(rng);
                }
                (
                    who,
                    pool.people[who].variant.is_some() && rng.chance(VARIANT),
                )
            })
        };
        let shift = rng.below(7) as i32 - 3;
        // The same number stays the same number throughout the article.
        let mut numbers: HashMap<&str, String> = HashMap::new();
        let mut render = |tj: usize, pieces: &[Piece], out: &mut String, rng: &mut Rng| {
            let src = &self.templates[tj].text;
            for p in pieces {
                match p {
                    Piece::Text(r) => out.push_str(&src[r.clone()]),
                    Piece::Name { person: pi, first } => {
                        let (who, variant) = person(tj, *pi, rng);
                        let w = &pool.people[who];
                        out.push_str(match (first, variant) {
                            (true, _) => &w.first,
                            (false, true) => w.variant.as_deref().unwrap_or(&w.surname),
                            (false, false) => &w.surname,
                        });
                    }
                    Piece::Number(r) => {
                        let w = &src[r.clone()];
                        let n = numbers.entry(w).or_insert_with(|| perturb(w, rng));
                        out.push_str(n);
                    }
                    Piece::Year(y) => out.push_str(&(*y as i32 + shift).to_string()),
                }
            }
        };
        let mut out = String::new();
        render(ti, &t.headline, &mut out, &mut rng);
        let mut prev: Option<(usize, usize)> = None;
        for (tj, si) in picked {
            let s = &self.templates[tj].sentences[si];
            out.push_str(if prev == Some((tj, s.block)) {
                " "
            } else {
                "\n\n"
            });
            prev = Some((tj, s.block));
            render(tj, &s.pieces, &mut out, &mut rng);
        }
        out.push('\n');
        out
    }
}

/// What the whole source says about names: the core's name model.
struct Evidence<'a> {
    names: &'a NameModel,
}

impl Evidence<'_> {
    /// Whether the model files `form` as a name of this kind.
    fn is(&self, form: &str, kind: EntityKind) -> bool {
        self.names
            .lookup(form)
            .is_some_and(|id| self.names.form(id).kind == kind)
    }
}

/// When mention `mi` is the surname of a name phrase: the surname and the
/// mention of the first name before it (`None` after a title: "Mr Blair").
fn person_of(d: &Doc, mi: usize) -> Option<(&str, Option<usize>)> {
    let m = &d.mentions[mi];
    if !d.is_person(mi)
        || m.glued
        || never_a_name(&m.form)
        || is_organisation_head(&m.form)
        || !m
            .form
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    {
        return None;
    }
    let fi = m.prev?;
    let f = &d.mentions[fi];
    if is_title_word(&f.form) {
        return Some((m.form.as_str(), None));
    }
    (!never_a_name(&f.form) && !f.glued && f.form.chars().all(char::is_alphabetic))
        .then_some((m.form.as_str(), Some(fi)))
}

impl Template {
    /// Cut a parsed source article into pieces; `None` when it has no body.
    fn build(
        text: &str,
        d: &Doc,
        ev: &Evidence,
        firsts: &mut HashSet<String>,
        surnames: &mut HashSet<String>,
    ) -> Option<Template> {
        let (people, first_of) = people_of(d, ev, firsts, surnames);
        // Replacements: (span, piece), sorted, not overlapping; where two
        // overlap, the first is kept.
        let mut reps = name_pieces(d, &people, &first_of);
        reps.extend(number_pieces(text, d));
        reps.sort_by_key(|r| (r.0.start, r.0.end));
        reps.dedup_by(|b, a| b.0.start < a.0.end);
        // The headline: the first line, without a Markdown heading's marks.
        let line_end = text.find(['\n', '\r']).unwrap_or(text.len());
        let head = text[..line_end].trim_end();
        let lead = head.len() - head.trim_start_matches(['#', ' ', '\t', '\u{feff}']).len();
        if head.len() <= lead {
            return None;
        }
        let headline = cut(&reps, lead..head.len());
        let sentences = body_sentences(text, d, line_end, &reps);
        if sentences.is_empty() {
            return None;
        }
        Some(Template {
            text: text.to_string(),
            section: 0,
            headline,
            sentences,
        })
    }
}

/// People: surname form → index; first name form → the same index. A
/// name phrase is a person's when the model files its last word as a
/// person's name, and its first word, if any, not as a place, an
/// organisation or someone's surname. The forms are added to `firsts`
/// and `surnames`.
fn people_of<'d>(
    d: &'d Doc,
    ev: &Evidence,
    firsts: &mut HashSet<String>,
    surnames: &mut HashSet<String>,
) -> (HashMap<&'d str, usize>, HashMap<&'d str, usize>) {
    let mut people: HashMap<&str, usize> = HashMap::new();
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for mi in 0..d.mentions.len() {
        let Some((surname, first)) = person_of(d, mi) else {
            continue;
        };
        let first = first.map(|f| d.mentions[f].form.as_str());
        let other_kind = |f: &str| {
            [
                EntityKind::Place,
                EntityKind::Organisation,
                EntityKind::Person,
            ]
            .iter()
            .any(|&k| ev.is(f, k))
        };
        if !ev.is(surname, EntityKind::Person) || first.is_some_and(other_kind) {
            continue;
        }
        let n = people.len();
        let p = *people.entry(surname).or_insert(n);
        surnames.insert(surname.to_string());
        if let Some(f) = first {
            first_of.entry(f).or_insert(p);
            firsts.insert(f.to_string());
        }
    }
    // A surname that is also someone's first name here stays a surname.
    first_of.retain(|f, _| !people.contains_key(f));
    (people, first_of)
}

/// Each mention of a person's surname or first name, as a name piece.
fn name_pieces(
    d: &Doc,
    people: &HashMap<&str, usize>,
    first_of: &HashMap<&str, usize>,
) -> Vec<(Range<usize>, Piece)> {
    let mut reps = Vec::new();
    for m in d.mentions.iter().filter(|m| !m.glued) {
        let (person, first) = match (people.get(m.form.as_str()), first_of.get(m.form.as_str())) {
            (Some(&p), _) => (p, false),
            (None, Some(&p)) => (p, true),
            (None, None) => continue,
        };
        reps.push((m.span.clone(), Piece::Name { person, first }));
    }
    reps
}

/// The numbers of the article's figures: a year (in a date, or a
/// year-like number in a count: "in 2004") shifted, never perturbed; days
/// of the month kept; other numbers perturbed where they can be.
fn number_pieces(text: &str, d: &Doc) -> Vec<(Range<usize>, Piece)> {
    let mut reps = Vec::new();
    for f in &d.figures {
        let Some(s) = d.sentences.get(f.sentence) else {
            continue;
        };
        let inside = |t: &&Token| {
            t.kind == Kind::Number && t.span.start >= f.span.start && t.span.end <= f.span.end
        };
        for tok in s.tokens.iter().filter(inside) {
            let w = &text[tok.span.clone()];
            if let Some(y) = as_year(w) {
                reps.push((tok.span.clone(), Piece::Year(y)));
            } else if !matches!(f.kind, FigureKind::Date { .. }) && perturbable(w) {
                reps.push((tok.span.clone(), Piece::Number(tok.span.clone())));
            }
        }
    }
    reps
}

/// The text of `range` as pieces: the replacements `reps` (sorted, not
/// overlapping) that lie inside it, and the text between them.
fn cut(reps: &[(Range<usize>, Piece)], range: Range<usize>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = range.start;
    let first = reps.partition_point(|r| r.0.start < range.start);
    for (span, piece) in reps[first..].iter().take_while(|r| r.0.end <= range.end) {
        if span.start > at {
            pieces.push(Piece::Text(at..span.start));
        }
        pieces.push(piece.clone());
        at = span.end;
    }
    if at < range.end {
        pieces.push(Piece::Text(at..range.end));
    }
    pieces
}

/// The body's sentences after the headline (which ends at `line_end`; the
/// text is normalised: one line per paragraph), as pieces. A sentence is
/// free to move unless a quotation crosses it or it leans on a speaker
/// named before it ("he said").
fn body_sentences(
    text: &str,
    d: &Doc,
    line_end: usize,
    reps: &[(Range<usize>, Piece)],
) -> Vec<TSentence> {
    let mut sentences = Vec::new();
    for s in d.sentences.iter().filter(|s| s.range.start > line_end) {
        let raw = &text[s.range.clone()];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = s.range.start + (raw.len() - raw.trim_start().len());
        let range = start..start + trimmed.len();
        let crosses = d.quotes.iter().any(|q| {
            q.outer.start < range.end
                && q.outer.end > range.start
                && (q.outer.start < range.start || q.outer.end > range.end)
        });
        let leans = matches!(s.speaker, Some(copydesk_core::model::doc::Speaker::Pronoun));
        sentences.push(TSentence {
            block: s.block,
            pieces: cut(reps, range),
            free: !crosses && !leans,
        });
    }
    sentences
}

/// A source text with one line per paragraph: line endings made `\n`, the
/// lines of a paragraph joined with spaces, paragraphs one blank line
/// apart, the headline (first line) kept as it is. Generated articles are
/// written in this shape, and sentences cut from it never hold a line break.
fn normalise(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (head, rest) = text.split_once('\n').unwrap_or((&text, ""));
    // A text with no blank line writes one paragraph a line.
    let rest = if rest.trim().lines().any(|l| l.trim().is_empty()) {
        rest.to_string()
    } else {
        rest.replace('\n', "\n\n")
    };
    let mut out = head.trim_end().to_string();
    let mut para = String::new();
    for line in rest.split('\n').chain(std::iter::once("")) {
        let line = line.trim();
        if line.is_empty() {
            if !para.is_empty() {
                out.push_str("\n\n");
                out.push_str(&para);
                para.clear();
            }
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(line);
        }
    }
    out.push('\n');
    out
}

/// A number that reads as a year (1900–2099, four digits).
fn as_year(w: &str) -> Option<u16> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

/// Digits with `,` and `.` only, starting with a digit, not a code with a
/// leading zero ("007").
fn perturbable(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        && w.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        && !(w.len() > 1 && w.starts_with('0') && !w.starts_with("0."))
        && w.replace(',', "").parse::<f64>().is_ok()
}

/// A nearby number written the same way: small counts move by one or two,
/// larger values by a factor between 0.6 and 1.5, keeping the decimals, the
/// thousands commas and the roundness (10,000 becomes 13,000, not 13,417);
/// a value up to 100 stays at most 100 (percentages).
fn perturb(w: &str, rng: &mut Rng) -> String {
    let plain = w.replace(',', "");
    let Ok(v) = plain.parse::<f64>() else {
        return w.to_string();
    };
    let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals == 0 {
        let n: u64 = plain.parse().unwrap_or(0);
        let new = if n <= 12 {
            (n as i64 + rng.below(5) as i64 - 2).max(1) as u64
        } else {
            // Keep the trailing zeros: a round number stays as round.
            let zeros = plain.len() - plain.trim_end_matches('0').len();
            let unit = 10u64.saturating_pow(zeros.min(18) as u32);
            let scaled = (n as f64 * (0.6 + 0.9 * rng.unit()) / unit as f64)
                .round()
                .max(1.0) as u64;
            scaled.saturating_mul(unit)
        };
        let new = if n <= 100 && new > 100 { n } else { new };
        if w.contains(',') {
            group(&new.to_string())
        } else {
            new.to_string()
        }
    } else {
        let mut new = v * (0.6 + 0.9 * rng.unit());
        if v <= 100.0 && new > 100.0 {
            new = v;
        }
        let s = format!("{new:.decimals$}");
        if w.contains(',') {
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            format!("{}.{frac}", group(int))
        } else {
            s
        }
    }
}

/// Thousands commas: `1234567` → `1,234,567`.
fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One person of the generated archive.
struct Person {
    first: String,
    surname: String,
    /// The surname transliterated another way, for some of their articles.
    variant: Option<String>,
}

/// The archive's people.
struct Pool {
    people: Vec<Person>,
    /// The first this many appear far more often than the rest.
    prominent: usize,
}

impl Pool {
    /// About one person per two articles (at least 10): first names from
    /// the source's people, surnames the source's own and then new ones
    /// made from their syllables, all distinct.
    fn build(m: &Material, articles: usize, seed: u64) -> Pool {
        let mut rng = Rng::derive(seed, 2, 0);
        let size = (articles / 2).max(10);
        let fallback = [
            "Anna", "David", "Maria", "James", "Olga", "Peter", "Sarah", "Ivan",
        ];
        let firsts: Vec<&str> = if m.first_names.is_empty() {
            fallback.to_vec()
        } else {
            m.first_names.iter().map(String::as_str).collect()
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut surnames: Vec<String> = Vec::new();
        let mut source: Vec<&String> = m.surnames.iter().collect();
        shuffle(&mut source, &mut rng);
        for s in source.into_iter().take(size) {
            if seen.insert(s.clone()) {
                surnames.push(s.clone());
            }
        }
        // New spellings: the head of one source surname and the tail of
        // another (Prigo + lov), now and then with a middle syllable of a third.
        let syllables: Vec<Vec<String>> = m
            .surnames
            .iter()
            .map(|s| syllables(s))
            .filter(|s| s.len() >= 2)
            .collect();
        let mut attempts = 0;
        while surnames.len() < size && !syllables.is_empty() && attempts < size * 50 {
            attempts += 1;
            let a = &syllables[rng.below(syllables.len())];
            let b = &syllables[rng.below(syllables.len())];
            let mut name: String = a[..1 + rng.below(a.len() - 1)].concat();
            if rng.chance(0.3) {
                let c = &syllables[rng.below(syllables.len())];
                name.push_str(&c[rng.below(c.len())]);
            }
            name.push_str(&b[1 + rng.below(b.len() - 1)..].concat());
            if !(4..=13).contains(&name.len()) || is_english_word(&name) {
                continue;
            }
            let name = capitalise(&name);
            if seen.insert(name.clone()) {
                surnames.push(name);
            }
        }
        shuffle(&mut surnames, &mut rng);
        let people: Vec<Person> = surnames
            .into_iter()
            .map(|surname| {
                let first = firsts[rng.below(firsts.len())].to_string();
                let variant = transliterate(&surname).filter(|v| !seen.contains(v));
                Person {
                    first,
                    surname,
                    variant,
                }
            })
            .collect();
        let prominent = (people.len() / 100).max(5).min(people.len());
        Pool { people, prominent }
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        if rng.chance(PROMINENT) {
            rng.below(self.prominent)
        } else {
            rng.below(self.people.len())
        }
    }
}

/// Fisher–Yates with our own generator.
fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i + 1));
    }
}

/// A surname's syllables, lower case: each run of consonants with the
/// vowels after it, trailing consonants kept with the last
/// (`prigozhin` → `pri`, `go`, `zhin`). ASCII letters only; anything else
/// gives none.
fn syllables(s: &str) -> Vec<String> {
    if !s.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let lower = s.to_ascii_lowercase();
    let vowel = |c: u8| b"aeiouy".contains(&c);
    let b = lower.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && !vowel(b[i]) {
            i += 1;
        }
        while i < b.len() && vowel(b[i]) {
            i += 1;
        }
        out.push(lower[start..i].to_string());
        start = i;
    }
    // Trailing consonants belong to the last syllable.
    if out.len() > 1 && !out.last().is_some_and(|l| l.bytes().any(vowel)) {
        let tail = out.pop().unwrap_or_default();
        if let Some(l) = out.last_mut() {
            l.push_str(&tail);
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Another romanisation of a surname, as archives write the same person
/// two ways: -sky/-ski, -yev/-ev, -ov/-off, -ich/-ic, ou/u, kh/h.
fn transliterate(s: &str) -> Option<String> {
    if s.len() < 5 {
        return None;
    }
    let ends =
        |suffix: &str, with: &str| s.strip_suffix(suffix).map(|stem| format!("{stem}{with}"));
    ends("sky", "ski")
        .or_else(|| ends("ski", "sky"))
        .or_else(|| ends("yev", "ev"))
        .or_else(|| ends("eev", "eyev"))
        .or_else(|| ends("off", "ov"))
        .or_else(|| ends("ov", "off"))
        .or_else(|| ends("ich", "ic"))
        .or_else(|| ends("vic", "vich"))
        .or_else(|| {
            s.find("ou")
                .filter(|&i| i > 0)
                .map(|i| format!("{}u{}", &s[..i], &s[i + 2..]))
        })
        .or_else(|| {
            s.find("kh")
                .filter(|&i| i > 0)
                .map(|i| format!("{}h{}", &s[..i], &s[i + 2..]))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_the_published_sequence() {
        // The reference outputs for seed 0 (from the algorithm's authors' C code).
        let mut r = Rng::new(0);
        assert_eq!(r.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn numbers_keep_their_shape() {
        let mut r = Rng::new(7);
        for _ in 0..200 {
            let n = perturb("10,000", &mut r);
            assert!(n.ends_with(",000") && n.len() >= 5, "{n}");
            let d = perturb("5.4", &mut r);
            assert_eq!(d.split_once('.').unwrap().1.len(), 1, "{d}");
            assert!(perturb("76", &mut r).parse::<u32>().unwrap() <= 100);
        }
        assert_eq!(group("1234567"), "1,234,567");
    }

    #[test]
    fn syllables_and_variants() {
        assert_eq!(syllables("Prigozhin"), ["pri", "go", "zhin"]);
        assert_eq!(transliterate("Zelensky").as_deref(), Some("Zelenski"));
        assert_eq!(transliterate("Sergeyev").as_deref(), Some("Sergeev"));
        assert_eq!(transliterate("Moussa").as_deref(), Some("Mussa"));
        assert_eq!(section_of("business-001.txt"), "business");
        assert_eq!(section_of("000_23fc8303178cc54b.txt"), "");
        assert!(
            is_generated("gen-000001.txt")
                && is_generated(".gen-000001.txt.tmp")
                && !is_generated("notes.txt")
        );
    }

    #[test]
    fn paragraphs_become_lines() {
        assert_eq!(
            normalise("Head\r\n\r\nOne\ntwo.\n\n\nThree.\n"),
            "Head\n\nOne two.\n\nThree.\n"
        );
        assert_eq!(normalise("Head\nOne.\nTwo.\n"), "Head\n\nOne.\n\nTwo.\n");
    }
}
