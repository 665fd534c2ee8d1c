//! `misquote`: a quotation whose words differ from the corpus's (a word
//! changed, added or dropped, a "not" lost), or that the corpus puts in
//! someone else's mouth. Case, punctuation, typographic quotes, contractions
//! and a fragment quoted verbatim are not misquotes. A quotation the corpus
//! does not contain at all gets a low-severity `unknown-quote` hint.

use crate::corpus::EntityKind;
use crate::corpus::query::{CorpusQuery, Quotation, QuoteId};
use crate::finding::{Code, Finding};
use crate::model::Doc;
use crate::model::lexicon::is_english_word;
use crate::model::names::{american, fold};

/// Quotations shorter than this are phrases ("muddle through"), not quotes.
const MIN_WORDS: usize = 3;
/// Fragments shorter than this are compared only with the same speaker's
/// quotations, and never said to be in someone else's mouth.
const SHORT_FRAGMENT: usize = 6;

/// Best placement of `needle` inside `hay`: (edits, start, end) — free gaps
/// at both ends of `hay`, one edit per word changed, added or dropped.
pub fn align<T: PartialEq>(needle: &[T], hay: &[T]) -> (usize, usize, usize) {
    let (n, m) = (needle.len(), hay.len());
    // (cost, start) of the best alignment of needle[..i] ending at hay[..j].
    let mut prev: Vec<(usize, usize)> = (0..=m).map(|j| (0, j)).collect();
    let mut cur: Vec<(usize, usize)> = vec![(0, 0); m + 1];
    for i in 1..=n {
        cur[0] = (i, 0);
        for j in 1..=m {
            let sub = (
                prev[j - 1].0 + usize::from(needle[i - 1] != hay[j - 1]),
                prev[j - 1].1,
            );
            let del = (prev[j].0 + 1, prev[j].1); // draft word not in source
            let ins = (cur[j - 1].0 + 1, cur[j - 1].1); // source word dropped
            cur[j] = sub.min(del).min(ins);
            if sub.0 == cur[j].0 {
                cur[j] = sub;
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (j, best) = prev
        .iter()
        .enumerate()
        .min_by_key(|(j, c)| (c.0, usize::MAX - *j))
        .map(|(j, c)| (j, *c))
        .unwrap_or((0, (n, 0)));
    (best.0, best.1, j)
}

struct Match {
    quote: Quotation,
    cost: usize,
    start: usize,
    end: usize,
}

/// The findings about quotation `qi`. They depend on its text and its
/// speaker alone (see [`super::quote_findings`]).
pub fn check_one(corpus: &dyn CorpusQuery, draft: &Doc, qi: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let q = &draft.quotes[qi];
    // "… partially solved … We are still far …": each part between
    // ellipses is compared on its own.
    for part in ellipsis_parts(draft, q) {
        check_quote(corpus, q, &part, &mut out);
    }
    out
}

/// The words of a quotation split at ellipses ("…", "...", "[…]").
fn ellipsis_parts(
    draft: &Doc,
    q: &crate::model::Quote,
) -> Vec<Vec<(String, std::ops::Range<usize>)>> {
    let mut parts = vec![Vec::new()];
    let mut last_end = q.inner.start;
    for w in &q.words {
        let gap = &draft.text[last_end.min(w.1.start)..w.1.start];
        if (gap.contains('…') || gap.contains("...")) && !parts.last().is_some_and(Vec::is_empty)
        {
            parts.push(Vec::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(w.clone());
        }
        last_end = w.1.end;
    }
    parts.retain(|p| !p.is_empty());
    parts
}

fn check_quote(
    corpus: &dyn CorpusQuery,
    q: &crate::model::Quote,
    part: &[(String, std::ops::Range<usize>)],
    out: &mut Vec<Finding>,
) {
    let words: Vec<&str> = part.iter().map(|w| w.0.as_str()).collect();
    if words.len() < MIN_WORDS {
        return;
    }
    let n = words.len();
    // Candidates share at least half the words: edits are at least the
    // words not shared, so a quotation sharing fewer cannot be this one.
    let spellings = Spellings::of(&words);
    let mut matches: Vec<Match> = corpus
        .quotations_sharing(&words)
        .into_iter()
        .filter_map(|id: QuoteId| corpus.quotation(id))
        .map(|mut quote| {
            same_spelling(&spellings, &mut quote.words);
            let cw: Vec<&str> = quote.words.iter().map(|w| w.0.as_str()).collect();
            let (cost, start, end) = align(&words, &cw);
            Match {
                quote,
                cost,
                start,
                end,
            }
        })
        .collect();
    matches.sort_by_key(|m| (m.cost, usize::MAX - (m.end - m.start), m.quote.id));
    let Some(best) = matches.first() else {
        if n >= 6 && !corpus.contains_words(&words) {
            out.push(unknown(q));
        }
        return;
    };
    if best.cost == 0 || corpus.contains_words(&words) {
        if let Some(f) = wrong_speaker(corpus, q, &matches) {
            out.push(f);
        }
        return;
    }
    let cquote = &best.quote;
    let allowed = (n / 4).max(1);
    // A short fragment one word off ("quite a long time" / "quite a long
    // way") matches many unrelated quotations: only the same speaker's count.
    let same_speaker = || {
        let draft = q.speaker.as_deref().and_then(|s| corpus.canonical(s));
        draft.is_some() && draft == cquote.speaker.as_deref().and_then(|s| corpus.canonical(s))
    };
    if best.cost <= allowed
        && n - best.cost.min(n) >= 3
        && n >= 4
        && (n >= SHORT_FRAGMENT || same_speaker())
        && !another_version_agrees(&words, &matches, allowed)
        && !explained(corpus, &words, best)
    {
        let mut end = best.end;
        // The draft changed its last word: show the source to the end of its clause ("run away").
        if words.last().copied() != cquote.words.get(end - 1).map(|w| w.0.as_str()) {
            // Whether the source's clause ends after its first `k` words.
            let clause_ends = |k: usize| {
                k == cquote.words.len()
                    || corpus
                        .text(
                            cquote.article,
                            cquote.words[k - 1].1.end..cquote.words[k].1.start,
                        )
                        .contains([',', '.', ';', ':', '!', '?', '—'])
            };
            let mut k = end;
            while k < end + 3 && !clause_ends(k) {
                k += 1;
            }
            if clause_ends(k) {
                end = k;
            }
        }
        let (s, e) = (
            cquote.words[best.start].1.start,
            cquote.words[end - 1].1.end,
        );
        let theirs: Vec<&str> = cquote.words[best.start..end]
            .iter()
            .map(|w| w.0.as_str())
            .collect();
        // A difference too wide to show alone may be a draft running on
        // past the archive's words: then the overlap shows the change.
        if changed(&words, &theirs).is_none() {
            if let Some(f) = overlapping(corpus, part, &matches[..1]) {
                out.push(f);
                return;
            }
        }
        let msg = describe_diff(&words, &theirs);
        let src = corpus.source(cquote.article, cquote.inner.clone(), cquote.inner.clone());
        // Only the changed words (not the marks, not the words both share).
        let (span, fix) = match changed(&words, &theirs) {
            Some(c) => {
                let (draft, source) = c.draft_and_source(part, &cquote.words[best.start..end]);
                (draft, corpus.text(cquote.article, source))
            }
            None => (
                part[0].1.start..part[part.len() - 1].1.end,
                corpus.text(cquote.article, s..e),
            ),
        };
        out.push(
            Finding::new(Code::Misquote, span, msg)
                .with_suggestion(fix)
                .with_sources([src]),
        );
    } else if let Some(f) = overlapping(corpus, part, &matches) {
        out.push(f);
    } else if n >= 6 && best.cost * 2 > n {
        out.push(unknown(q));
    }
}

/// An overlap shorter than this is a stock phrase two sentences share
/// ("we have got the first step" in "… at least we have got the first
/// step" and "We have taken the first step toward …"): most of a sentence
/// must be shared before one changed word in it is a misquote.
const OVERLAP_MIN: usize = 10;

/// How many of the closest candidates are tried for an overlap: the
/// quotation the draft runs on from is among the few sharing most words.
const OVERLAP_TRIES: usize = 5;

/// A draft quotation that runs on past the archive's (the archive quoted
/// less of the same words: "The ministers reaffirmed the view that …"
/// against its "reaffirmed the view that …"): the words both have,
/// compared alone. Only a change inside them counts, in an overlap of at
/// least [`OVERLAP_MIN`] words with a quarter of them changed at most.
fn overlapping(
    corpus: &dyn CorpusQuery,
    part: &[(String, std::ops::Range<usize>)],
    matches: &[Match],
) -> Option<Finding> {
    let words: Vec<&str> = part.iter().map(|w| w.0.as_str()).collect();
    matches.iter().take(OVERLAP_TRIES).find_map(|m| {
        let cw: Vec<&str> = m.quote.words.iter().map(|w| w.0.as_str()).collect();
        let o = overlap_align(&words, &cw)?;
        let len = o.needle.len().max(o.hay.len());
        let (mine, theirs) = (&words[o.needle.clone()], &cw[o.hay.clone()]);
        let c = changed(mine, theirs)?;
        let interior = c.start > 0 && c.draft_end < mine.len() && c.source_end < theirs.len();
        let runs_on = o.needle.len() < words.len();
        (runs_on
            && interior
            && len >= OVERLAP_MIN
            && o.edits <= (len / 4).max(1)
            && len - o.edits >= 5)
            .then(|| {
                let src_words = &m.quote.words[o.hay.clone()];
                let (span, source) = c.draft_and_source(&part[o.needle.clone()], src_words);
                let src = corpus.source(
                    m.quote.article,
                    m.quote.inner.clone(),
                    m.quote.inner.clone(),
                );
                Finding::new(Code::Misquote, span, describe_diff(mine, theirs))
                    .with_suggestion(corpus.text(m.quote.article, source))
                    .with_sources([src])
            })
    })
}

/// An overlap of two word lists: which of the needle's words and which of
/// the hay's are aligned, and with how many edits.
struct Overlap {
    needle: std::ops::Range<usize>,
    hay: std::ops::Range<usize>,
    edits: usize,
}

/// Score of a word both have, and of an edit, in [`overlap_align`]: an
/// edit costs as much as three shared words gain, so an overlap is taken
/// only where at most a quarter of it differs.
const SHARED_GAIN: i64 = 1;
const EDIT_COST: i64 = 3;

/// The best-scoring alignment in which each list may begin with words the
/// other lacks only where the other begins, and end with them only where
/// the other ends (the draft ran on before or after the archive's words,
/// or the archive's before or after the draft's).
fn overlap_align<T: PartialEq>(needle: &[T], hay: &[T]) -> Option<Overlap> {
    let (n, m) = (needle.len(), hay.len());
    // (score, edits, needle start, hay start) of the best alignment ending at (i, j).
    type Cell = (i64, usize, usize, usize);
    let mut prev: Vec<Cell> = (0..=m).map(|j| (0, 0, 0, j)).collect();
    let mut best: Option<(Cell, usize, usize)> = None;
    let consider = |c: Cell, i: usize, j: usize, best: &mut Option<(Cell, usize, usize)>| {
        if best.is_none_or(|b| c.0 > b.0.0) {
            *best = Some((c, i, j));
        }
    };
    for (j, c) in prev.iter().enumerate() {
        consider(*c, 0, j, &mut best);
    }
    for i in 1..=n {
        let mut cur: Vec<Cell> = vec![(0, 0, i, 0); m + 1];
        for j in 1..=m {
            let same = needle[i - 1] == hay[j - 1];
            let d = prev[j - 1];
            let diag = if same {
                (d.0 + SHARED_GAIN, d.1, d.2, d.3)
            } else {
                (d.0 - EDIT_COST, d.1 + 1, d.2, d.3)
            };
            let up = (prev[j].0 - EDIT_COST, prev[j].1 + 1, prev[j].2, prev[j].3);
            let left = (
                cur[j - 1].0 - EDIT_COST,
                cur[j - 1].1 + 1,
                cur[j - 1].2,
                cur[j - 1].3,
            );
            cur[j] = [diag, up, left]
                .into_iter()
                .max_by_key(|c| c.0)
                .unwrap_or(diag);
        }
        if i == n {
            for (j, c) in cur.iter().enumerate() {
                consider(*c, i, j, &mut best);
            }
        } else {
            consider(cur[m], i, m, &mut best);
        }
        prev = cur;
    }
    let ((score, edits, ns, hs), ne, he) = best?;
    (score > 0).then_some(Overlap {
        needle: ns..ne,
        hay: hs..he,
        edits,
    })
}

/// The archive's words of match `m`: the part of its quotation aligned with the draft's.
fn theirs(m: &Match) -> Vec<&str> {
    m.quote.words[m.start..m.end]
        .iter()
        .map(|w| w.0.as_str())
        .collect()
}

/// The draft's words the best match (the first) does not have, as a range
/// of word indexes (a dropped word: the place it was dropped from).
fn changed_range(words: &[&str], m: &Match) -> Option<std::ops::Range<usize>> {
    let c = changed(words, &theirs(m))?;
    Some(c.start..c.draft_end.max(c.start + 1))
}

/// A quotation this short that differs at an edge where the archive's
/// clause runs on shares too few words to be the same sentence (a stock
/// phrase: "to the end of the year"); a longer one shares enough (twice
/// [`SHORT_FRAGMENT`] less a word or two, so most of a sentence).
const OPEN_EDGE_MAX: usize = 8;

/// Differences the archive's own text explains: words the draft quotes
/// before or after the archive's quotation (it quoted less), an aside between commas
/// left out ("as, in fact, a lack" quoted "as a lack"), or a changed word
/// at the draft quotation's edge where the archive's clause runs on past
/// it in a short quotation ("to the end of the year" for "… sold by the
/// end of the year": only one side anchors the match, so it is another
/// sentence, not this one).
fn explained(corpus: &dyn CorpusQuery, words: &[&str], m: &Match) -> bool {
    let source = theirs(m);
    let Some(c) = changed(words, &source) else {
        return false;
    };
    let w = &m.quote.words;
    // The match may begin after the noun the draft joined to its verb.
    let before = (m.start + c.start).checked_sub(1).map(|k| w[k].0.as_str());
    if noun_contracted(
        &words[c.start..c.draft_end],
        &source[c.start..c.source_end],
        before,
    ) {
        return true;
    }
    let gap = |k: usize| corpus.text(m.quote.article, w[k - 1].1.end..w[k].1.start);
    let clause_edge = |k: usize| k == 0 || k >= w.len() || gap(k).contains(CLAUSE_MARKS);
    let comma = |k: usize| k > 0 && k < w.len() && gap(k).contains(',');
    let (a, z) = (m.start + c.start, m.start + c.source_end);
    let aside = c.draft_end == c.start && comma(a) && comma(z);
    // The draft quoted more than the archive did: words only before its
    // quotation begins or after it ends.
    let nothing_theirs = c.source_end == c.start;
    let before_theirs = nothing_theirs && c.start == 0 && m.start == 0;
    let after_theirs = nothing_theirs && c.draft_end == words.len() && m.end == w.len();
    if before_theirs || after_theirs {
        return true;
    }
    let short = words.len() <= OPEN_EDGE_MAX;
    let open_start = short && c.start == 0 && !clause_edge(m.start);
    let open_end = short && c.draft_end == words.len() && !clause_edge(m.end);
    aside || open_start || open_end
}

/// "Britain's working" for "Britain is working": a noun's "'s" said as
/// "is" or "has" (either side may write it so; `before` is the source's
/// word before its part, where the match began after the noun). The same
/// words said; pronouns' contractions are written out when words are read.
fn noun_contracted(draft: &[&str], source: &[&str], before: Option<&str>) -> bool {
    let joined = |w: &str, noun: &str| {
        w.strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .is_some_and(|n| n == noun)
    };
    let verb = |w: &str| matches!(w, "is" | "has");
    match (draft, source) {
        ([j], [noun, v]) | ([noun, v], [j]) => verb(v) && joined(j, noun),
        ([j], [v]) => verb(v) && before.is_some_and(|noun| joined(j, noun)),
        _ => false,
    }
}

/// Two versions of one quotation in the archive (a wire story updated, a
/// quotation retold) and a draft that takes the words where the best match
/// differs from another close version: the archive's own copies do not
/// agree there, so the draft's words are not a change of them.
fn another_version_agrees(words: &[&str], matches: &[Match], allowed: usize) -> bool {
    let Some(best) = matches.first() else {
        return false;
    };
    let Some(region) = changed_range(words, best) else {
        return false;
    };
    matches[1..]
        .iter()
        .filter(|m| {
            m.cost <= allowed
                && m.quote.words[m.start..m.end] != best.quote.words[best.start..best.end]
        })
        .any(|m| match changed_range(words, m) {
            Some(r) => r.end <= region.start || region.end <= r.start,
            None => false,
        })
}

/// The same word in British and American spelling ("favourable",
/// "favorable") is the same word said: the archive's spelling is replaced
/// by the draft's wherever the draft writes the other one. `words`: the
/// draft's words with their [`Spellings`].
fn same_spelling(words: &Spellings, theirs: &mut [(String, std::ops::Range<usize>)]) {
    for w in theirs.iter_mut() {
        // The source word's own keys, made only if a draft word is near it.
        let mut own: Option<(String, String)> = None;
        let found = words.0.iter().find(|(d, f, k)| {
            *d != w.0
                && d.len().abs_diff(w.0.len()) <= 2
                && d.chars().next() == w.0.chars().next()
                && ({
                    let (folded, key) = own.get_or_insert_with(|| (fold(&w.0), american(&w.0)));
                    f != folded && k == key
                } || archive_slip(d, &w.0))
        });
        if let Some((d, _, _)) = found {
            w.0 = d.to_string();
        }
    }
}

/// Words shorter than this are too often other words one letter away
/// ("pay", "play"): a slip is told from a change only in longer ones.
const SLIP_WORD_MIN: usize = 5;

/// The archive's word is its own typing slip of the draft's: the draft's
/// is an English word, the archive's is not, one letter dropped, added,
/// changed or two swapped ("montary" for "monetary"). The draft quotes
/// the words said; the archive's slip is no source for a change.
fn archive_slip(draft: &str, archive: &str) -> bool {
    let (d, a) = (draft.to_lowercase(), archive.to_lowercase());
    a.chars().count() >= SLIP_WORD_MIN
        && is_english_word(&d)
        && !is_english_word(&a)
        && strsim::osa_distance(&d, &a) == 1
}

/// A quotation's words, each with its folded form and its [`american`]
/// key, made once per quotation for [`same_spelling`].
struct Spellings<'a>(Vec<(&'a str, String, String)>);

impl<'a> Spellings<'a> {
    fn of(words: &[&'a str]) -> Self {
        Spellings(words.iter().map(|w| (*w, fold(w), american(w))).collect())
    }
}

fn unknown(q: &crate::model::Quote) -> Finding {
    Finding::new(
        Code::UnknownQuote,
        q.inner.clone(),
        crate::wording::UNKNOWN_QUOTE,
    )
}

/// The words of a quotation that differ from its source: the draft's
/// words `start..draft_end` and the source's `start..source_end`, after the
/// words both begin with and before the words both end with.
struct Changed {
    start: usize,
    draft_end: usize,
    source_end: usize,
}

/// A changed middle no longer than this many words is underlined and
/// replaced alone; a longer one is a rewrite, and the whole quotation is.
const CHANGED_MAX: usize = 4;

/// Where `draft` and `source` differ, when the difference is a short run of
/// words inside them (a word changed, added or dropped).
fn changed(draft: &[&str], source: &[&str]) -> Option<Changed> {
    let pre = draft.iter().zip(source).take_while(|(a, b)| a == b).count();
    let suf = draft[pre..]
        .iter()
        .rev()
        .zip(source[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let c = Changed {
        start: pre,
        draft_end: draft.len() - suf,
        source_end: source.len() - suf,
    };
    let width = (c.draft_end - c.start).max(c.source_end - c.start);
    // Some words in common to anchor the change (never the whole quotation).
    (width > 0 && width <= CHANGED_MAX && pre + suf > 0).then_some(c)
}

impl Changed {
    /// The byte range to replace in the draft and the source's byte range
    /// that replaces it. Words the draft dropped are written back with the
    /// words either side of the gap (or the one beside it at an end), so
    /// the range is never empty.
    fn draft_and_source(
        &self,
        draft: &[(String, std::ops::Range<usize>)],
        source: &[(String, std::ops::Range<usize>)],
    ) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (a, b, c) = (self.start, self.draft_end, self.source_end);
        if a < b && a < c {
            return (
                draft[a].1.start..draft[b - 1].1.end,
                source[a].1.start..source[c - 1].1.end,
            );
        }
        if a < b {
            // Words only the draft has: delete them and the gap after them
            // (or before them, at the end).
            return if b < draft.len() {
                (draft[a].1.start..draft[b].1.start, 0..0)
            } else {
                (draft[a - 1].1.end..draft[b - 1].1.end, 0..0)
            };
        }
        // Words only the source has: write them between the words both
        // share either side of the gap.
        if a > 0 && a < draft.len() {
            (
                draft[a - 1].1.start..draft[a].1.end,
                source[a - 1].1.start..source[c].1.end,
            )
        } else if a < draft.len() {
            (draft[a].1.clone(), source[a].1.start..source[c].1.end)
        } else {
            (
                draft[a - 1].1.clone(),
                source[a - 1].1.start..source[c - 1].1.end,
            )
        }
    }
}

/// Words that differ, for the message.
fn describe_diff(draft: &[&str], source: &[&str]) -> String {
    let added: Vec<&str> = draft
        .iter()
        .filter(|w| !source.contains(w))
        .copied()
        .collect();
    let dropped: Vec<&str> = source
        .iter()
        .filter(|w| !draft.contains(w))
        .copied()
        .collect();
    crate::wording::quote_differs(&added, &dropped)
}

/// Whether the archive writes `name` as a person's (a person, or a name it
/// gives first names): only a person is a speaker to name or compare.
fn is_person(corpus: &dyn CorpusQuery, name: &str) -> bool {
    corpus.spelling(name).is_some_and(|sp| {
        sp.kind == EntityKind::Person || (sp.kind == EntityKind::Name && !sp.given.is_empty())
    })
}

/// The archive's speaker of a quotation, as this check takes it: a person,
/// by their canonical name; `None` when the archive names no person.
pub fn archive_speaker(corpus: &dyn CorpusQuery, q: &Quotation) -> Option<String> {
    let s = q.speaker.as_deref()?;
    is_person(corpus, s).then(|| corpus.canonical(s).unwrap_or_else(|| s.to_string()))
}

/// Whether the archive's quotation starts and ends a clause where match
/// `m` does (at its ends, or at punctuation between two words).
fn whole_clauses(corpus: &dyn CorpusQuery, m: &Match) -> bool {
    let w = &m.quote.words;
    let boundary = |k: usize| {
        k == 0
            || k >= w.len()
            || corpus
                .text(m.quote.article, w[k - 1].1.end..w[k].1.start)
                .contains(CLAUSE_MARKS)
    };
    boundary(m.start) && boundary(m.end)
}

/// Marks that end a clause inside a quotation.
const CLAUSE_MARKS: [char; 8] = [',', '.', ';', ':', '!', '?', '—', '-'];

/// Surnames a speaker swap must not be read into: the same spelling, a
/// near spelling or transliteration (Haidai and Gaidai, the Ukrainian Г
/// written H or G), one letter apart in a name of four letters or more.
fn same_person_spelling(a: &str, b: &str) -> bool {
    use crate::model::names::{distance, fold, is_variant};
    let (fa, fb) = (fold(a), fold(b));
    fa == fb
        || is_variant(a, b)
        || (fa.chars().count() >= 4 && fb.chars().count() >= 4 && distance(a, b) <= 1)
}

/// Exact words, but the draft names a speaker the corpus never gives them to.
fn wrong_speaker(
    corpus: &dyn CorpusQuery,
    q: &crate::model::Quote,
    matches: &[Match],
) -> Option<Finding> {
    if !q.speaker_explicit {
        return None;
    }
    let said = q.speaker.as_deref()?;
    let canon = |s: &str| corpus.canonical(s);
    if crate::model::lexicon::is_english_word(said) {
        return None; // "the Group said": not a person we can check
    }
    let draft_speaker = canon(said)?;
    // Only people: "the Kremlin said" for its spokesman's words, "Xbox" for
    // its executive's, a place taken for a speaker — none is another mouth.
    let person = |s: &str| is_person(corpus, s);
    // A short fragment ("swept under the carpet") is anyone's words.
    if q.words.len() < SHORT_FRAGMENT || !person(said) {
        return None;
    }
    // Words that run on in the archive's clause past the draft's quotation
    // ("I didn't have a clue what I wanted") make the draft's a stock
    // phrase shared by chance: only whole clauses say whose words they are.
    let exact: Vec<&Match> = matches
        .iter()
        .filter(|m| m.cost == 0 && whole_clauses(corpus, m))
        .collect();
    if exact.is_empty() {
        return None;
    }
    let mut speakers: Vec<String> = Vec::new();
    for m in &exact {
        let s = m.quote.speaker.as_deref()?;
        if !person(s) {
            return None;
        }
        let c = canon(s).unwrap_or_else(|| s.to_string());
        if !speakers.contains(&c) {
            speakers.push(c);
        }
    }
    // A near spelling of the corpus speaker is a name-spelling problem, not another mouth.
    if speakers
        .iter()
        .any(|s| *s == draft_speaker || same_person_spelling(s, said))
    {
        return None;
    }
    let cq = &exact[0].quote;
    let src = corpus.source(cq.article, cq.inner.clone(), cq.inner.clone());
    let msg = crate::wording::other_speaker(&speakers.join(" and "), said);
    Some(Finding::new(Code::Misquote, q.inner.clone(), msg).with_sources([src]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::inline_corpus as inline;
    use crate::{Corpus, Doc, Format, Options, check};

    /// (code, flagged text) of the misquote and contradiction findings.
    fn found(c: &Corpus, md: &str) -> Vec<(Code, String)> {
        let d = Doc::parse(md, Format::Markdown);
        check(c, &d, &Options::default())
            .into_iter()
            .filter(|f| matches!(f.code, Code::Misquote | Code::Contradiction))
            .map(|f| (f.code, md[f.span].to_string()))
            .collect()
    }

    fn misquotes(c: &Corpus, md: &str) -> Vec<String> {
        found(c, md)
            .into_iter()
            .filter(|f| f.0 == Code::Misquote)
            .map(|f| f.1)
            .collect()
    }

    const MARKET: &str = "Lucia Varela met Emeka Okafor in Lagos on Monday. \"Prices will keep falling for many months to come,\" she said. Okafor runs the port authority.";

    #[test]
    fn speaker_swap_between_people_of_one_story() {
        let c = inline(&[MARKET, "Emeka Okafor spoke to reporters in Lagos."]);
        let swapped = "\"Prices will keep falling for many months to come,\" said Emeka Okafor.";
        assert_eq!(misquotes(&c, swapped).len(), 1, "{swapped}");
        // Title and surname name him too (the archive's "she" is Varela, the
        // subject, not Okafor, the nearest name).
        let mr = "Lucia Varela was in Lagos. \"Prices will keep falling for many months to come,\" Mr Okafor said.";
        assert_eq!(misquotes(&c, mr).len(), 1, "{mr}");
        for right in [
            "\"Prices will keep falling for many months to come,\" said Lucia Varela.",
            "Lucia Varela met Emeka Okafor on Monday. \"Prices will keep falling for many months to come,\" she said.",
        ] {
            assert_eq!(misquotes(&c, right), Vec::<String>::new(), "{right}");
        }
    }

    #[test]
    fn a_stock_phrase_or_a_near_spelling_is_no_other_mouth() {
        let c = inline(&[
            "\"I didn't have a clue what I wanted to buy for her,\" said Lucia Varela.",
            "\"They will throw in all the reserves they have left,\" said Serhiy Gaidai.",
            "Emeka Okafor and Serhiy Haidai spoke in Lagos.",
        ]);
        for md in [
            "\"I didn't have a clue,\" said Emeka Okafor.",
            "\"They will throw in all the reserves they have left,\" said Serhiy Haidai.",
        ] {
            assert_eq!(misquotes(&c, md), Vec::<String>::new(), "{md}");
        }
    }

    #[test]
    fn wire_style_spelling_contractions_and_brackets_are_the_same_words() {
        let c = inline(&[
            "\"We will spend 40 mln dlrs on new plants, five pct more than last year,\" said Emeka Okafor.",
            "\"We take full advantage of the favourable exchange rates this year,\" said Emeka Okafor.",
            "\"There's no reason to expect a weak market from now on,\" said Lucia Varela.",
            "\"Some would view (issuing yen bonds) as a lack of confidence in the currency,\" said Lucia Varela.",
            "\"Britain is working, don't let the Tories wreck it again,\" said Fraser Kemp.",
        ]);
        for md in [
            "\"We will spend 40 million dollars on new plants, five per cent more than last year,\" said Emeka Okafor.",
            "\"We take full advantage of the favorable exchange rates this year,\" said Emeka Okafor.",
            "\"There is no reason to expect a weak market from now on,\" said Lucia Varela.",
            "\"Some would view (yen bonds) as a lack of confidence in the currency,\" said Lucia Varela.",
            "\"Britain's working, don't let the Tories wreck it again,\" said Fraser Kemp.",
        ] {
            assert_eq!(misquotes(&c, md), Vec::<String>::new(), "{md}");
        }
        let dropped = "\"There is no reason to expect a weak market from on,\" said Lucia Varela.";
        assert_eq!(misquotes(&c, dropped).len(), 1, "{dropped}");
        let shrunk =
            "\"Britain's wrecked, don't let the Tories wreck it again,\" said Fraser Kemp.";
        assert_eq!(misquotes(&c, shrunk).len(), 1, "{shrunk}");
        let changed = "\"We will spend 40 million dollars on old plants, five per cent more than last year,\" said Emeka Okafor.";
        assert_eq!(misquotes(&c, changed), vec!["old"]);
    }

    #[test]
    fn the_archives_own_typing_slip_is_no_change() {
        let c = inline(&[
            "\"We will keep a tight montary policy for the rest of the year,\" said Lucia Varela.",
        ]);
        let right =
            "\"We will keep a tight monetary policy for the rest of the year,\" said Lucia Varela.";
        assert_eq!(misquotes(&c, right), Vec::<String>::new());
        // Another word, or the draft's own slip, is still a change.
        let other =
            "\"We will keep a tight fiscal policy for the rest of the year,\" said Lucia Varela.";
        assert_eq!(misquotes(&c, other), vec!["fiscal"]);
        let slip =
            "\"We will keep a tight monitary policy for the rest of the year,\" said Lucia Varela.";
        assert_eq!(misquotes(&c, slip), vec!["monitary"]);
    }

    #[test]
    fn a_quotation_that_runs_on_past_the_archives_is_compared_where_they_overlap() {
        let c = inline(&[
            "The statement said the ministers \"reaffirmed the view that around current levels their currencies are within ranges broadly consistent with fundamentals.\"",
        ]);
        let md = "\"The ministers and governors reaffirmed the view that around current levels their currencies are not within ranges broadly consistent with fundamentals,\" the statement read.";
        assert_eq!(misquotes(&c, md), vec!["not "]);
        let same = "\"The ministers and governors reaffirmed the view that around current levels their currencies are within ranges broadly consistent with fundamentals,\" the statement read.";
        assert_eq!(misquotes(&c, same), Vec::<String>::new());
        // A short overlap is a phrase two sentences share.
        let c2 =
            inline(&["\"We have taken the first step toward a new company,\" said Emeka Okafor."]);
        let stock =
            "Lucia Varela said it would be \"tough, but at least we have got the first step\".";
        assert_eq!(misquotes(&c2, stock), Vec::<String>::new());
        // Words the draft runs on with, where the archive's quotation does
        // not end, are another sentence.
        let other = "\"Their currencies are within ranges broadly consistent with fundamentals and we are pleased,\" one minister said.";
        assert_eq!(misquotes(&c, other), Vec::<String>::new());
    }

    #[test]
    fn overlap_alignment() {
        let a = ["x", "y", "a", "b", "c", "d", "e", "f"];
        let b = ["a", "b", "c", "z", "e", "f", "g"];
        let o = overlap_align(&a, &b).unwrap();
        assert_eq!((o.needle, o.hay, o.edits), (2..8, 0..6, 1));
    }

    #[test]
    fn versions_asides_and_open_edges_are_not_changes() {
        let c = inline(&[
            "\"We expect sales to rise sharply this year and profits to double,\" said Emeka Okafor.",
            "\"We expect sales to rise strongly this year and profits to grow,\" said Emeka Okafor.",
            "\"They would view it as, in fact, a lack of confidence in the currency,\" said Lucia Varela.",
            "\"We expect that 750,000 cars will be sold by the end of the year,\" said Lucia Varela.",
        ]);
        for md in [
            "\"We expect sales to rise strongly this year and profits to double,\" said Emeka Okafor.",
            "\"They would view it as a lack of confidence in the currency,\" said Lucia Varela.",
            "The war could now grind on \"to the end of the year\", officials said.",
        ] {
            assert_eq!(misquotes(&c, md), Vec::<String>::new(), "{md}");
        }
        let one = "\"We expect sales to rise slowly this year and profits to double,\" said Emeka Okafor.";
        assert_eq!(misquotes(&c, one), vec!["slowly"]);
    }

    #[test]
    fn a_changed_figure_inside_a_quotation_is_a_misquote_only() {
        let c = inline(&[
            "Emeka Okafor heads the Lagos port authority. \"We will cut 4,000 jobs at the Lagos port by March,\" said Emeka Okafor.",
        ]);
        let md = "\"We will cut 5,000 jobs at the Lagos port by March,\" said Emeka Okafor.";
        let f = found(&c, md);
        assert!(f.iter().any(|x| x.0 == Code::Misquote), "{f:?}");
        assert!(f.iter().all(|x| x.0 != Code::Contradiction), "{f:?}");
    }

    #[test]
    fn align_finds_fragments_and_edits() {
        let hay = ["and", "we", "are", "not", "at", "war", "today"];
        assert_eq!(align(&["we", "are", "not", "at", "war"], &hay), (0, 1, 6));
        assert_eq!(align(&["we", "are", "at", "war"], &hay).0, 1);
        assert_eq!(align(&["we", "are", "never", "at", "war"], &hay).0, 1);
    }
}
