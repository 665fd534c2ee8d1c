//! Figures: counts, money, percentages, durations and dates, normalised to
//! numeric intervals with their qualifier ("up to", "about", …) and the noun
//! they count.

use super::lexicon::{self as lx, is_stopword};
use crate::text::tokens::{Kind, Token};
use std::ops::Range;

/// A currency code or qualifier: one of this crate's constants. (An alias,
/// so serde's derive does not take the field for borrowed text.)
type Known = &'static str;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FigureKind {
    Count,
    /// With an ISO-like currency code.
    Money(#[serde(with = "known_str")] Known),
    Percent,
    /// A length of time; values are in days.
    Duration,
    /// Someone's age ("aged 35", "up to age 50", "an average age of 35").
    Age,
    /// A calendar date; only the parts written are set.
    Date {
        year: Option<u16>,
        month: Option<u8>,
        day: Option<u8>,
    },
    /// A size or distance in a unit of measure ("12cm", "800 metres", "60GB").
    Measure,
    /// A rank ("his third title", "the 30th anniversary"); the noun ranked is the figure's noun.
    Ordinal,
}

impl FigureKind {
    /// Statistics need a source; dates and durations do not.
    pub fn is_statistic(&self) -> bool {
        matches!(
            self,
            FigureKind::Count | FigureKind::Money(_) | FigureKind::Percent
        )
    }
}

/// The [`Figure::source_key`] under which every figure that has one is
/// counted together: how often the archive attributes figures at all.
pub const ANY_FIGURE: &str = "any";

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    pub kind: FigureKind,
    /// From the qualifier to the end of the number (and its noun when next to it).
    pub span: Range<usize>,
    /// The number as written, for messages.
    pub text: String,
    /// Nominal value (lower end of a written range).
    pub value: f64,
    /// What the words allow: "up to 10,000" is 0..=10,000, "about 150" ±12%.
    pub lo: f64,
    pub hi: f64,
    #[serde(with = "known_str::option")]
    pub qualifier: Option<Known>,
    /// "hundreds", "dozens": a range by nature, never an exact value.
    pub vague: bool,
    /// Stem of the noun counted ("prisoner"), when one follows the number.
    pub noun: Option<String>,
    /// "eight of the 11": the 11.
    pub total: Option<f64>,
    /// Index of the sentence in its [`super::Doc`].
    pub sentence: usize,
}

impl Figure {
    /// Whether two figures can both be true of one thing.
    pub fn compatible(&self, other: &Figure) -> bool {
        // Two lower bounds (or two upper bounds) are two statements of one
        // number: "at least nine" does not agree with "at least seven".
        let dir = |f: &Figure| match f.qualifier {
            Some("at least" | "more than") => 1,
            Some("up to" | "at most" | "fewer than") => -1,
            _ => 0,
        };
        if dir(self) != 0 && dir(self) == dir(other) && !self.vague && !other.vague {
            let (a, b) = (self.value, other.value);
            return (a - b).abs() <= 0.12 * a.abs().max(b.abs()) && self.total == other.total;
        }
        match (&self.kind, &other.kind) {
            (
                FigureKind::Date {
                    year: y1,
                    month: m1,
                    day: d1,
                },
                FigureKind::Date {
                    year: y2,
                    month: m2,
                    day: d2,
                },
            ) => {
                fn agree<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
                    a.is_none() || b.is_none() || a == b
                }
                agree(y1, y2) && agree(m1, m2) && agree(d1, d2)
            }
            _ => {
                let tol = 1e-9 * self.hi.abs().max(1.0);
                let overlap = self.lo <= other.hi + tol && other.lo <= self.hi + tol;
                let totals = match (self.total, other.total) {
                    (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                    _ => true,
                };
                overlap && totals
            }
        }
    }

    /// What kind of number this is, for learning how often the archive's
    /// reporters give such figures a source: the noun counted or the unit
    /// measured ("count job", "measure tonne"), or the kind for shares and
    /// sums of money; none for dates, durations, ages, ranks and bare numbers.
    pub fn source_key(&self) -> Option<String> {
        match (&self.kind, self.noun.as_deref()) {
            (FigureKind::Count, Some(n)) => Some(format!("count {n}")),
            (FigureKind::Measure, Some(n)) => Some(format!("measure {n}")),
            (FigureKind::Percent, _) => Some("percent".to_string()),
            (FigureKind::Money(_), _) => Some("money".to_string()),
            _ => None,
        }
    }

    /// Whether the two can be compared at all (same kind and unit).
    pub fn comparable(&self, other: &Figure) -> bool {
        match (&self.kind, &other.kind) {
            (FigureKind::Date { .. }, FigureKind::Date { .. }) => true,
            (a, b) => a == b,
        }
    }
}

const QUALIFIERS: &[(&[&str], &str)] = &[
    (&["up", "to"], "up to"),
    (&["as", "many", "as"], "up to"),
    (&["no", "more", "than"], "at most"),
    (&["at", "most"], "at most"),
    (&["at", "least"], "at least"),
    (&["more", "than"], "more than"),
    (&["fewer", "than"], "fewer than"),
    (&["less", "than"], "fewer than"),
    (&["close", "to"], "nearly"),
    (&["upwards", "of"], "more than"),
    (&["an", "estimated"], "about"),
    (&["about"], "about"),
    (&["around"], "about"),
    (&["approximately"], "about"),
    (&["roughly"], "about"),
    (&["some"], "about"),
    (&["estimated"], "about"),
    (&["nearly"], "nearly"),
    (&["almost"], "nearly"),
    (&["over"], "more than"),
    (&["under"], "fewer than"),
];

/// Serde for a figure's `&'static str` fields (currency codes,
/// qualifiers): written as the string, read back as this crate's own
/// constant, so a persisted figure is the same value as a parsed one. A
/// string the crate does not know is an error (an index from another
/// version is rebuilt, not trusted).
mod known_str {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    fn known(s: &str) -> Option<&'static str> {
        super::lx::CURRENCY_CODES
            .iter()
            .chain(super::lx::WIRE_CURRENCY_CODES)
            .chain(super::QUALIFIERS.iter().map(|(_, q)| q))
            .find(|k| **k == s)
            .copied()
    }

    pub fn serialize<S: Serializer>(v: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        known(&s).ok_or_else(|| D::Error::custom(format!("unknown currency or qualifier {s:?}")))
    }

    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(v: &Option<&'static str>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => s.serialize_some(v),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<&'static str>, D::Error> {
            #[derive(Deserialize)]
            struct Known(#[serde(with = "super")] super::super::Known);
            Ok(Option::<Known>::deserialize(d)?.map(|k| k.0))
        }
    }
}

fn interval(q: Option<&str>, lo: f64, hi: f64, vague: bool) -> (f64, f64) {
    let slack = if vague { 0.0 } else { 0.12 };
    match q {
        Some("up to") | Some("at most") => (0.0, hi),
        Some("fewer than") => (0.0, hi),
        Some("at least") => (lo, f64::INFINITY),
        Some("more than") => (lo, f64::INFINITY),
        Some("about") => (lo * (1.0 - slack), hi * (1.0 + slack)),
        Some("nearly") => (lo * (1.0 - slack), hi),
        _ => (lo, hi),
    }
}

struct Cursor<'a> {
    src: &'a str,
    toks: &'a [Token],
    /// Lower-case text of each word token (None for numbers and punctuation).
    lower: Vec<Option<String>>,
}

impl Cursor<'_> {
    fn word(&self, i: usize) -> Option<String> {
        self.lower.get(i)?.clone()
    }
    fn text(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }
    fn is_word_cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word && t.text(self.src).starts_with(char::is_uppercase)
        })
    }
}

/// The tokens with a wire compound opened up: a number joined by hyphens
/// to its scale and currency ("a 52-mln dlr purchase", "its
/// 9.2-billion-dlr suit", "a 3.05-dlr-per-share price") reads as the same
/// words written apart. `None` when the sentence has none.
fn wire_compounds(src: &str, toks: &[Token]) -> Option<Vec<Token>> {
    let glued = |a: &Token, b: &Token| a.span.end == b.span.start;
    let opens = |i: usize| {
        let (Some(n), Some(h), Some(w)) = (toks.get(i), toks.get(i + 1), toks.get(i + 2)) else {
            return false;
        };
        let first = w.text(src).split('-').next().unwrap_or("").to_lowercase();
        n.kind == Kind::Number
            && h.text(src) == "-"
            && w.kind == Kind::Word
            && glued(n, h)
            && glued(h, w)
            // Not a letter alone: "a 10-K filing" is a form's name.
            && first.len() > 1
            && (scale_word(&first).is_some() || currency_word(&first).is_some())
    };
    if !(0..toks.len()).any(opens) {
        return None;
    }
    let mut out = Vec::with_capacity(toks.len() + 4);
    let mut i = 0;
    while i < toks.len() {
        out.push(toks[i].clone());
        if !opens(i) {
            i += 1;
            continue;
        }
        // The hyphen is left out; the word is split at its own hyphens.
        let w = &toks[i + 2];
        let mut start = w.span.start;
        for part in src[w.span.clone()].split('-') {
            let end = start + part.len();
            if !part.is_empty() {
                out.push(Token {
                    span: start..end,
                    kind: Kind::Word,
                });
            }
            start = end + 1;
        }
        i += 3;
    }
    Some(out)
}

/// A scale word, in ordinary or wire spelling ("million", "mln", "bln").
fn scale_word(w: &str) -> Option<f64> {
    lx::scale_word(w).or_else(|| lx::wire_scale_word(w))
}

/// A currency word, in ordinary or wire spelling ("dollars", "dlrs", "stg").
fn currency_word(w: &str) -> Option<&'static str> {
    lx::currency_word(w).or_else(|| lx::wire_currency_word(w))
}

/// Largest denominator read as a fraction ("1/8", "5/8", "1/32" in prices);
/// past it, "1987/88" or "1,324/1,318" are two numbers, not a fraction.
const MAX_DENOMINATOR: f64 = 64.0;

/// A fraction glued at token `k` ("1/8"): (value, tokens used).
fn fraction_at(c: &Cursor, k: usize) -> Option<(f64, usize)> {
    let glued = |a: usize| {
        c.toks
            .get(a)
            .zip(c.toks.get(a + 1))
            .is_some_and(|(x, y)| x.span.end == y.span.start)
    };
    let num = |a: usize| -> Option<f64> {
        let t = c.toks.get(a)?;
        let s = t.text(c.src);
        (t.kind == Kind::Number && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if c.text(k + 1) != "/" || !glued(k) || !glued(k + 1) {
        return None;
    }
    let (n, d) = (num(k)?, num(k + 2)?);
    ((2.0..=MAX_DENOMINATOR).contains(&d) && n < d).then_some((n / d, 3))
}

fn may_be_number(w: &str) -> bool {
    lx::number_word(w).is_some()
        || lx::ordinal_word(w).is_some()
        || w.split('-').next().and_then(lx::ordinal_word).is_some()
        || lx::vague_word(w).is_some()
        || lx::fraction_word(w).is_some()
        || w.split('-').nth(1).and_then(lx::fraction_word).is_some()
        || lx::month(w).is_some()
        || w.strip_prefix("mid-").and_then(lx::month).is_some()
        || w.contains('-') && w.split('-').any(|p| lx::number_word(p).is_some())
        || w == "a"
        || w == "an"
        || w == "tens"
}

/// The range (low, high) a vague number stands for.
type VagueRange = (f64, f64);

/// A parsed number at token `i`: (value, tokens used, vague range, ordinal).
fn number_at(c: &Cursor, i: usize) -> Option<(f64, usize, Option<VagueRange>)> {
    let t = c.toks.get(i)?;
    match t.kind {
        Kind::Number => {
            let s = t.text(c.src);
            if s.ends_with(|ch: char| ch.is_ascii_alphabetic()) {
                return None; // 3rd, 21st: ordinals
            }
            if s.len() > 1 && s.starts_with('0') && !s.starts_with("0.") {
                return None; // 007: an identifier
            }
            // "1/8", "34-1/8": fractions of prices and rates.
            if let Some((f, used)) = fraction_at(c, i) {
                return Some((f, used, None));
            }
            let v: f64 = s.replace(',', "").parse().ok()?;
            let mut used = 1;
            let mut v = v;
            let joined = c
                .toks
                .get(i + 1)
                .is_some_and(|n| n.span.start == t.span.end && c.text(i + 1) == "-");
            if joined {
                if let Some((f, n)) = fraction_at(c, i + 2) {
                    let glued = c.toks[i + 1].span.end == c.toks[i + 2].span.start;
                    if glued && v.fract() == 0.0 {
                        return Some((v + f, 2 + n, None));
                    }
                }
            }
            // "800m", "1,500m" with no currency before: a race distance, not millions.
            let currency = i > 0 && lx::currency_symbol(c.text(i - 1)).is_some();
            if !currency && c.word(i + 1).as_deref() == Some("m") && RACE_DISTANCES.contains(&v) {
                return None;
            }
            if let Some(sc) = c.word(i + 1).and_then(|w| scale_word(&w)) {
                v *= sc;
                used += 1;
            }
            Some((v, used, None))
        }
        Kind::Word => {
            let w = c.word(i)?;
            if let Some(r) = lx::vague_word(&w) {
                // "tens of thousands"
                return Some((r.0, 1, Some(r)));
            }
            if w == "tens"
                && c.word(i + 1).as_deref() == Some("of")
                && c.word(i + 2).as_deref() == Some("thousands")
            {
                return Some((10_000.0, 3, Some((10_000.0, 99_999.0))));
            }
            let (mut v, mut used) = if w == "a" || w == "an" {
                match c.word(i + 1).as_deref() {
                    Some("dozen") => (12.0, 2),
                    Some(s) if scale_word(s).is_some() => (scale_word(s)?, 2),
                    _ => return None,
                }
            } else {
                (lx::number_word(&w)?, 1)
            };
            while let Some(sc) = c.word(i + used).and_then(|w| scale_word(&w)) {
                v *= sc;
                used += 1;
            }
            // "one" is a number only before a unit, a scale or a percent
            // sign ("one year", "one million", "one per cent").
            if w == "one" && used == 1 && !percent_after(c, i + 1) {
                let next = c.word(i + 1).unwrap_or_default();
                lx::time_unit(&next)?;
            }
            Some((v, used, None))
        }
        Kind::Punct => None,
    }
}

/// A time of day written with a point or colon ("18.08", "9:30").
fn clock_time(t: &str) -> bool {
    let Some((h, m)) = t.split_once(['.', ':']) else {
        return false;
    };
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    digits(h, 1..=2)
        && digits(m, 2..=2)
        && h.parse::<u8>().is_ok_and(|h| h < 24)
        && m.parse::<u8>().is_ok_and(|m| m < 60)
}

/// A percent sign or word at token `k` ("%", "per cent", "pct").
fn percent_after(c: &Cursor, k: usize) -> bool {
    c.text(k) == "%"
        || c.word(k).is_some_and(|w| lx::percent_word(&w))
        || (c.word(k).as_deref() == Some("per") && c.word(k + 1).as_deref() == Some("cent"))
}

/// The qualifier written just before token `start` ("up to", "almost"),
/// and the token it starts at.
fn qualifier_before(c: &Cursor, start: usize) -> (Option<Known>, usize) {
    for (words, q) in QUALIFIERS {
        let n = words.len();
        if start >= n && (0..n).all(|k| c.word(start - n + k).as_deref() == Some(words[k])) {
            return (Some(*q), start - n);
        }
    }
    (None, start)
}

/// Words before a fraction that make it a part of something narrated, not
/// a share counted ("the second half of", "the other third of").
const FRACTION_DETERMINERS: &[&str] = &[
    "the", "first", "second", "other", "this", "that", "each", "every", "last", "next", "his",
    "her", "its", "their", "our", "my", "your",
];

/// A share written as a fraction, followed by "of" ("almost half of",
/// "up to three-quarters of", "a third of the firm", "two-thirds of
/// voters"): the share in per cent, and the tokens used (up to "of").
fn fraction_share(c: &Cursor, i: usize) -> Option<(f64, usize)> {
    let w = c.word(i)?;
    let (share, used) = if w == "half" {
        (0.5, 1)
    } else if let Some((n, d)) = w.split_once('-') {
        // "three-quarters", "two-thirds", "one-fifth"
        (lx::number_word(n)? * lx::fraction_word(d)?, 1)
    } else {
        // "a third", "one quarter", "three fifths"
        let n = if w == "a" { 1.0 } else { lx::number_word(&w)? };
        let d = lx::fraction_word(&c.word(i + 1)?)?;
        (n * d, 2)
    };
    if !(0.0..=1.0).contains(&share) || c.word(i + used).as_deref() != Some("of") {
        return None;
    }
    // "half of the year", "a quarter of an hour": a length of time.
    let after = (i + used + 1..i + used + 3)
        .find(|&k| c.word(k).is_some_and(|w| !is_stopword(&w)))
        .and_then(|k| c.word(k));
    if after.as_deref().and_then(lx::time_unit).is_some() {
        return None;
    }
    let prev = if i > 0 { c.word(i - 1) } else { None };
    if prev.is_some_and(|p| {
        FRACTION_DETERMINERS.contains(&p.as_str()) || lx::ordinal_word(&p).is_some()
    }) {
        return None;
    }
    Some((share * 100.0, used))
}

/// A fraction share at token `i` as a percentage figure, with the noun
/// after "of (the)" as what it is a share of.
fn fraction_figure(c: &Cursor, i: usize, sentence: usize) -> Option<(Figure, usize)> {
    let (value, used) = fraction_share(c, i)?;
    let (qualifier, start_tok) = qualifier_before(c, i);
    let mut k = i + used + 1;
    if c.word(k).is_some_and(|w| {
        matches!(
            w.as_str(),
            "the" | "all" | "its" | "their" | "these" | "those"
        )
    }) {
        k += 1;
    }
    let noun = c
        .word(k)
        .filter(|w| !is_stopword(w) && !c.is_word_cap(k) && w.chars().all(char::is_alphabetic))
        .map(|w| lx::stem(&w));
    let end = i + used;
    let span = c.toks[start_tok].span.start..c.toks[end - 1].span.end;
    let (lo, hi) = interval(qualifier, value, value, false);
    Some((
        Figure {
            kind: FigureKind::Percent,
            text: c.src[span.clone()].to_string(),
            span,
            value,
            lo,
            hi,
            qualifier,
            vague: false,
            noun,
            total: None,
            sentence,
        },
        end,
    ))
}

/// Extract the figures of one sentence.
pub fn extract(src: &str, toks: &[Token], sentence: usize) -> Vec<Figure> {
    let unglued = wire_compounds(src, toks);
    let toks = unglued.as_deref().unwrap_or(toks);
    let lower = toks
        .iter()
        .map(|t| (t.kind == Kind::Word).then(|| lx::normalise(t.text(src))))
        .collect();
    let c = Cursor { src, toks, lower };
    // Sentences without a digit or a number word have no figures.
    if !toks.iter().any(|t| t.kind == Kind::Number)
        && !c.lower.iter().flatten().any(|w| may_be_number(w))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut consumed_to = 0; // token index before which everything is used
    // A wire dateline's date is the story's own, never a claim.
    if let Some((_, end)) = dateline(&c) {
        consumed_to = end;
    }
    while i < toks.len() {
        if i < consumed_to {
            i += 1;
            continue;
        }
        if let Some((f, end)) = ordinal_at(&c, i, sentence) {
            out.push(f);
            consumed_to = end;
            i = end;
            continue;
        }
        // Dates: "September 21", "21 September", "January 9th", "31 October 2022", "November 2022".
        if let Some(d) = date_at(&c, i) {
            out.push(make_date(&c, i, d.1, d.0, sentence));
            // A live blog's timestamp: "27 Jul 2022 18.08", the time of day
            // with the date.
            i = d.1 + usize::from(d.0.0.is_some() && clock_time(c.text(d.1)));
            consumed_to = i;
            continue;
        }
        // "almost half of", "a third of the firm": a share.
        if let Some((f, end)) = fraction_figure(&c, i, sentence) {
            out.push(f);
            consumed_to = end;
            i = end;
            continue;
        }
        // "two-month training": a duration in one hyphenated word.
        if let Some(f) = hyphen_duration(&c, i, sentence) {
            out.push(f);
            i += 1;
            continue;
        }
        match number_figure(&c, i, sentence) {
            Ok((f, end)) => {
                out.push(f);
                consumed_to = end;
                i = end.max(i + 1);
            }
            Err(next) => i = next,
        }
    }
    out
}

/// A number read so far: its tokens (`start..end`), what kind of figure
/// it is and its value (`value..hi` for a range).
struct Reading {
    start: usize,
    end: usize,
    kind: FigureKind,
    value: f64,
    hi: f64,
}

/// The figure whose number starts at token `i`, with the token after it;
/// `Err` with the token to go on from where it is no figure (a clock time,
/// a numbered name, a spelled-out number with nothing counted).
fn number_figure(c: &Cursor, i: usize, sentence: usize) -> Result<(Figure, usize), usize> {
    let (v, used, vague) = number_at(c, i).ok_or(i + 1)?;
    if let Some(next) = not_a_figure(c, i, used, vague) {
        return Err(next);
    }
    if let Some(year) = year_at(c, i, used, vague, v, sentence) {
        return Ok((year, i + 1));
    }
    let (kind, start) = kind_before(c, i);
    let mut r = Reading {
        start,
        end: i + used,
        kind,
        value: v,
        hi: v,
    };
    let unit = unit_after(c, &mut r)?;
    range_after(c, i, used, &mut r);
    duration_or_age_after(c, &mut r);
    rate_after(c, &mut r);
    let total = total_after(c, &mut r);
    let (qualifier, start_q) = qualifier_before(c, r.start);
    r.start = start_q;
    let (mut noun, noun_end) = noun_after(c, &r, vague, unit);
    // A lone spelled-out number with nothing counted is not a figure
    // ("two of them"), nor is someone's fortune ("Abramovich's millions").
    let before = if r.start > 0 { c.text(r.start - 1) } else { "" };
    let owned = before.ends_with("'s") || before.ends_with("’s") || before.ends_with(['\'', '’']);
    if c.toks[i].kind == Kind::Word
        && noun.is_none()
        && r.kind == FigureKind::Count
        && total.is_none()
        && (vague.is_none() || owned)
    {
        return Err(r.end.max(i + 1));
    }
    // "17.30m", "1.90m" with nothing counted after it: metres as often
    // as millions; a size ("measure m"), whose habit the archive shows.
    let glued_m = used == 2
        && c.word(i + 1).as_deref() == Some("m")
        && c.toks[i].span.end == c.toks[i + 1].span.start;
    if r.kind == FigureKind::Count && noun.is_none() && vague.is_none() && glued_m {
        r.kind = FigureKind::Measure;
        noun = Some("m".to_string());
    }
    let (lo0, hi0) = vague.unwrap_or((r.value, r.hi));
    let (lo, hi) = interval(qualifier, lo0, hi0, vague.is_some());
    // The span takes the noun counted when it is near ("two London Assembly members").
    let span_end = if noun_end > r.end && noun_end - r.end <= 4 {
        noun_end
    } else {
        r.end
    };
    let toks = c.toks;
    let figure = Figure {
        kind: r.kind,
        text: c.src[toks[r.start].span.start..toks[r.end - 1].span.end].to_string(),
        span: toks[r.start].span.start..toks[span_end - 1].span.end,
        value: lo0,
        lo,
        hi,
        qualifier,
        vague: vague.is_some(),
        noun,
        total,
        sentence,
    };
    Ok((figure, r.end))
}

/// Where a number is no figure, the token to go on from: a clock time or
/// a time of day, a numbered name ("World War II", "Article 5",
/// "PlayStation 3 chip"), or a number that counts nothing
/// ([`not_a_quantity`]).
fn not_a_figure(c: &Cursor, i: usize, used: usize, vague: Option<VagueRange>) -> Option<usize> {
    let toks = c.toks;
    let end = i + used;
    if c.text(end) == ":" && toks.get(end + 1).is_some_and(|t| t.kind == Kind::Number) {
        return Some(end + 2);
    }
    if matches!(
        c.word(end).as_deref(),
        Some("a.m" | "p.m" | "am" | "pm" | "o'clock")
    ) {
        return Some(end + 1);
    }
    let number = toks[i].kind == Kind::Number;
    if number
        && i > 0
        && c.is_word_cap(i - 1)
        && vague.is_none()
        && used == 1
        && !c.text(i).contains(',')
    {
        let prev = c.word(i - 1).unwrap_or_default();
        // "Around 40 of them": a capitalised first word is grammar, not a name.
        let sentence_start = i == 1 || matches!(c.text(i - 2), "“" | "\"" | ":" | "(");
        // "Texaco's 1983 acquisition": a possessive, not a name's number.
        let possessive = c.text(i - 1).ends_with("'s") || c.text(i - 1).ends_with("’s");
        let ordinary =
            is_stopword(&prev) || QUALIFIERS.iter().any(|(w, _)| w.len() == 1 && w[0] == prev);
        if lx::month(&prev).is_none()
            && lx::number_word(&prev).is_none()
            && !sentence_start
            && !ordinary
            && !possessive
        {
            return Some(i + 1);
        }
    }
    (number && not_a_quantity(c, i)).then_some(i + 1)
}

/// A year written alone ("in 2004"), not a sum ("$2004").
fn year_at(
    c: &Cursor,
    i: usize,
    used: usize,
    vague: Option<VagueRange>,
    v: f64,
    sentence: usize,
) -> Option<Figure> {
    let tok = &c.toks[i];
    let is_year = tok.kind == Kind::Number
        && used == 1
        && vague.is_none()
        && !c.text(i).contains(',')
        && c.text(i).len() == 4
        && (1800.0..=2100.0).contains(&v)
        && !c.text(i.wrapping_sub(1)).starts_with(['$', '€', '£']);
    is_year.then(|| Figure {
        kind: FigureKind::Date {
            year: Some(v as u16),
            month: None,
            day: None,
        },
        span: tok.span.clone(),
        text: c.text(i).to_string(),
        value: v,
        lo: v,
        hi: v,
        qualifier: None,
        vague: false,
        noun: None,
        total: None,
        sentence,
    })
}

/// What the words before the number at `i` make it, and where the figure
/// starts: money after a currency sign ("$2,150"), an age ("aged 35",
/// "the average age was 35"), else a count.
fn kind_before(c: &Cursor, i: usize) -> (FigureKind, usize) {
    let (mut kind, start) = match i
        .checked_sub(1)
        .and_then(|p| lx::currency_symbol(c.text(p)))
    {
        Some(cur) => (FigureKind::Money(cur), i - 1),
        None => (FigureKind::Count, i),
    };
    let before = |n: usize| start.checked_sub(n).and_then(|k| c.word(k));
    if matches!(before(1).as_deref(), Some("age" | "aged" | "ages"))
        || (matches!(
            before(1).as_deref(),
            Some("of" | "was" | "is" | "were" | "being")
        ) && matches!(before(2).as_deref(), Some("age" | "ages")))
    {
        kind = FigureKind::Age;
    }
    (kind, start)
}

/// A percent sign or word, a currency word or a unit of measure after the
/// number: the kind it makes, and the unit measured. `Err` where a
/// capitalised currency word names someone ("50 Cent").
fn unit_after(c: &Cursor, r: &mut Reading) -> Result<Option<String>, usize> {
    let end = r.end;
    match (c.text(end), c.word(end).as_deref()) {
        ("%", _) => {
            r.kind = FigureKind::Percent;
            r.end += 1;
        }
        (_, Some("per")) if c.word(end + 1).as_deref() == Some("cent") => {
            r.kind = FigureKind::Percent;
            r.end += 2;
        }
        (_, Some(w)) if lx::percent_word(w) => {
            r.kind = FigureKind::Percent;
            r.end += 1;
        }
        (_, Some(w))
            if currency_word(w).is_some()
                && c.is_word_cap(end)
                && c.text(end).chars().any(char::is_lowercase) =>
        {
            return Err(end + 1);
        }
        (_, Some(w)) if currency_word(w).is_some() => {
            r.kind = FigureKind::Money(currency_word(w).unwrap_or("USD"));
            r.end += 1;
        }
        (_, Some(w)) if r.kind == FigureKind::Count && is_measure_unit(w) => {
            r.kind = FigureKind::Measure;
            r.end += 1;
            return Ok(Some(lx::stem(w)));
        }
        _ => {}
    }
    Ok(None)
}

/// Ranges: "between X and Y", "X to Y", "X-Y", "from X to Y" (the
/// number at `i`, `used` tokens long, is X).
fn range_after(c: &Cursor, i: usize, used: usize, r: &mut Reading) {
    let toks = c.toks;
    let v = r.value;
    let joiner = c.text(r.end).to_string();
    let prev_between =
        i > 0 && matches!(c.word(r.start.wrapping_sub(1)).as_deref(), Some("between"));
    if !(matches!(joiner.as_str(), "to" | "-" | "–") || (joiner == "and" && prev_between)) {
        return;
    }
    let mut j = r.end + 1;
    // "£5 to £6" is a range; "2% to £32.26" is a change and where it ended.
    let money_after = lx::currency_symbol(c.text(j)).is_some();
    if money_after {
        j += 1;
    }
    let same_unit = !money_after || matches!(r.kind, FigureKind::Money(_));
    let Some((v2, used2, None)) = number_at(c, j).filter(|_| same_unit) else {
        return;
    };
    if v2 < v || toks[j].kind != toks[i].kind {
        return;
    }
    // Scale after the second applies to both ("2 to 3 million").
    if used2 > 1 && used == 1 {
        r.value = v * (v2 / c.text(j).replace(',', "").parse::<f64>().unwrap_or(v2)).max(1.0);
    }
    r.hi = v2;
    r.end = j + used2;
    if c.text(r.end) == "%" || c.word(r.end).as_deref() == Some("percent") {
        r.end += 1;
    }
}

/// A length of time ("two months", "two-month", "35 years"), or an age
/// ("35 years old", "a 35-year-old").
fn duration_or_age_after(c: &Cursor, r: &mut Reading) {
    let mut unit_word = c.word(r.end);
    if unit_word.is_none() && c.text(r.end) == "-" {
        unit_word = c.word(r.end + 1).map(|w| w.to_string());
        if unit_word.as_deref().and_then(lx::time_unit).is_some() {
            r.end += 1;
        }
    }
    let year_old = matches!(unit_word.as_deref(), Some("year-old" | "years-old"));
    if r.kind == FigureKind::Count
        && (year_old
            || (matches!(unit_word.as_deref(), Some("years" | "year"))
                && c.word(r.end + 1).as_deref() == Some("old")))
    {
        r.kind = FigureKind::Age;
        // Past "years old", or past "-year-old" (the hyphen is a token of its own).
        r.end += if year_old && c.text(r.end) != "-" {
            1
        } else {
            2
        };
    }
    if r.kind == FigureKind::Count {
        if let Some((_, days)) = unit_word.as_deref().and_then(lx::time_unit) {
            r.kind = FigureKind::Duration;
            r.value *= days;
            r.hi *= days;
            r.end += 1;
        }
    }
}

/// "six out of every 10 planes", "nine out of 10": a rate.
fn rate_after(c: &Cursor, r: &mut Reading) {
    if r.kind != FigureKind::Count
        || c.word(r.end).as_deref() != Some("out")
        || c.word(r.end + 1).as_deref() != Some("of")
    {
        return;
    }
    let k = r.end + 2 + usize::from(c.word(r.end + 2).as_deref() == Some("every"));
    if let Some((t, used, None)) = number_at(c, k) {
        if t >= r.value && t > 0.0 {
            r.kind = FigureKind::Percent;
            r.value = r.value * 100.0 / t;
            r.hi = r.value;
            r.end = k + used;
        }
    }
}

/// The total in "eight of the 11 volunteers", "eight of nine holes", "six
/// of their last 10".
fn total_after(c: &Cursor, r: &mut Reading) -> Option<f64> {
    if c.word(r.end).as_deref() != Some("of") {
        return None;
    }
    let det = matches!(
        c.word(r.end + 1).as_deref(),
        Some("the" | "its" | "their" | "his" | "her")
    );
    let at = r.end + 1 + usize::from(det);
    let (t, used, None) = number_at(c, at)? else {
        return None;
    };
    (t >= r.value).then(|| {
        r.end = at + used;
        t
    })
}

/// The noun counted, and the token after it: up to two content words
/// right after a count, share or sum ("60 prisoners signed" → prisoners;
/// "40 volunteer battalions" → battalions); for a size, its unit.
fn noun_after(
    c: &Cursor,
    r: &Reading,
    vague: Option<VagueRange>,
    unit: Option<String>,
) -> (Option<String>, usize) {
    let mut noun = unit;
    let mut noun_end = r.end;
    if !matches!(
        r.kind,
        FigureKind::Count | FigureKind::Percent | FigureKind::Money(_)
    ) {
        return (noun, noun_end);
    }
    let mut k = r.end;
    if vague.is_some() && c.word(k).as_deref() == Some("of") {
        k += 1;
    }
    // "40 such organizations", "40 of these entities", "three million of the consoles"
    if c.word(k).as_deref() == Some("such") {
        k += 1;
    } else if c.word(k).as_deref() == Some("of")
        && matches!(
            c.word(k + 1).as_deref(),
            Some("these" | "those" | "the" | "its" | "their")
        )
    {
        k += 2;
    }
    // "two London Assembly members": the noun after a name or two.
    let caps = (0..=2).find(|&n| !c.is_word_cap(k + n)).unwrap_or(0);
    if caps > 0
        && c.word(k + caps).is_some_and(|w| {
            !is_stopword(&w) && w.chars().all(|ch| ch.is_alphabetic()) && w.ends_with('s')
        })
    {
        k += caps;
    }
    for n in 0..2 {
        match c.word(k) {
            Some(w)
                if !is_stopword(&w)
                    && !c.is_word_cap(k)
                    && w.chars().all(|ch| ch.is_alphabetic() || ch == '-') =>
            {
                // "$5.4 million seized", "60 prisoners signed": a verb, not the thing counted.
                if w.ends_with("ed") || (n == 1 && w.ends_with("ing")) {
                    break;
                }
                noun = Some(lx::stem(&w));
                noun_end = k + 1;
                k += 1;
                if w.ends_with('s') || w == "people" || w == "men" || w == "women" {
                    break;
                }
            }
            _ => break,
        }
    }
    (noun, noun_end)
}

/// Standard race distances in metres ("the 800m", "1,500m gold").
const RACE_DISTANCES: &[f64] = &[
    50.0, 60.0, 100.0, 110.0, 200.0, 400.0, 800.0, 1500.0, 3000.0, 5000.0, 10000.0,
];

/// Units of measure: a number with one is a size, not a count.
fn is_measure_unit(w: &str) -> bool {
    matches!(
        w,
        "cm" | "mm"
            | "km"
            | "kg"
            | "mg"
            | "lb"
            | "lbs"
            | "ft"
            | "mph"
            | "kph"
            | "kmh"
            | "mb"
            | "gb"
            | "tb"
            | "kb"
            | "ghz"
            | "mhz"
            | "kw"
            | "kwh"
            | "mw"
            | "gw"
            | "ml"
            | "cc"
            | "metres"
            | "meters"
            | "metre"
            | "meter"
            | "miles"
            | "mile"
            | "kilometres"
            | "kilometers"
            | "inches"
            | "inch"
            | "feet"
            | "yards"
            | "yard"
            | "megabytes"
            | "gigabytes"
            | "megapixels"
            | "megapixel"
            | "tonnes"
            | "tons"
            | "litres"
            | "liters"
            | "degrees"
            | "bit"
            | "bits"
    )
}

/// A number that is not a quantity: glued to letters ("3D", "MP3"), one
/// side of a score or result ("5-0", "19-13", "6-4"), a clock time ("1230
/// GMT"), or an HTML character reference ("&#233;").
fn not_a_quantity(c: &Cursor, i: usize) -> bool {
    let t = &c.toks[i];
    let next = c.toks.get(i + 1);
    let glued = next.is_some_and(|n| n.span.start == t.span.end && n.kind == Kind::Word);
    if glued {
        let w = c.word(i + 1).unwrap_or_default();
        let unit = scale_word(&w).is_some()
            || currency_word(&w).is_some()
            || is_measure_unit(&w)
            || w == "percent"
            || w == "p";
        if !unit {
            return true;
        }
    }
    if i >= 2 && c.text(i - 1) == "#" && c.text(i - 2) == "&" {
        return true;
    }
    // "Under-21", "Boeing-747": a number glued to a name by a hyphen is part of it.
    let glued_before = |k: usize| c.toks[k].span.end == c.toks[k + 1].span.start;
    if i >= 2
        && c.text(i - 1) == "-"
        && glued_before(i - 2)
        && glued_before(i - 1)
        && c.is_word_cap(i - 2)
    {
        return true;
    }
    if matches!(
        c.word(i + 1).as_deref(),
        Some("gmt" | "bst" | "utc" | "cet" | "est" | "pst" | "hrs")
    ) {
        return true;
    }
    // "5-0", "(8-6)": two integers joined by a dash with no space, the second not larger (a range grows).
    let int = |k: usize| {
        c.toks
            .get(k)
            .filter(|x| x.kind == Kind::Number && !c.text(k).contains(['.', ',']))
            .and_then(|_| c.text(k).parse::<u32>().ok())
    };
    let joined = |a: usize, b: usize| {
        c.toks
            .get(a)
            .zip(c.toks.get(b))
            .is_some_and(|(x, y)| x.span.end == y.span.start)
    };
    let dash = |k: usize| matches!(c.text(k), "-" | "–");
    let after = dash(i + 1) && joined(i, i + 1) && joined(i + 1, i + 2);
    let before = i >= 2 && dash(i - 1) && joined(i - 2, i - 1) && joined(i - 1, i);
    let score = |a: u32, b: u32| b <= a || (a <= 10 && b <= 10);
    (after
        && int(i).zip(int(i + 2)).is_some_and(|(a, b)| score(a, b))
        && !matches!(c.text(i + 3), "%" | "/"))
        || (before
            && int(i - 2).zip(int(i)).is_some_and(|(a, b)| score(a, b))
            && c.text(i + 1) != "%")
}

fn hyphen_duration(c: &Cursor, i: usize, sentence: usize) -> Option<Figure> {
    let w = c.word(i)?;
    let (n, unit) = w.split_once('-')?;
    let n = lx::number_word(n)?;
    let t = &c.toks[i];
    // "a five-cent rise": money in one hyphenated word.
    if let Some(cur) = currency_word(unit) {
        return Some(Figure {
            kind: FigureKind::Money(cur),
            span: t.span.clone(),
            text: t.text(c.src).to_string(),
            value: n,
            lo: n,
            hi: n,
            qualifier: None,
            vague: false,
            noun: None,
            total: None,
            sentence,
        });
    }
    let (_, days) = lx::time_unit(unit)?;
    Some(Figure {
        kind: FigureKind::Duration,
        span: t.span.clone(),
        text: t.text(c.src).to_string(),
        value: n * days,
        lo: n * days,
        hi: n * days,
        qualifier: None,
        vague: false,
        noun: None,
        total: None,
        sentence,
    })
}

/// A date's parts as written: (year, month, day), each where given.
type DateParts = (Option<u16>, Option<u8>, Option<u8>);

/// A date starting at token `i`: ((year, month, day), end token).
fn date_at(c: &Cursor, i: usize) -> Option<(DateParts, usize)> {
    let day_of = |k: usize| -> Option<u8> {
        let t = c.toks.get(k)?;
        if t.kind != Kind::Number {
            return None;
        }
        let s = t
            .text(c.src)
            .trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
        let d: u8 = s.parse().ok()?;
        (1..=31).contains(&d).then_some(d)
    };
    let year_of = |k: usize| -> Option<u16> {
        let t = c.toks.get(k)?;
        let s = t.text(c.src);
        if t.kind != Kind::Number || s.len() != 4 {
            return None;
        }
        let y: u16 = s.parse().ok()?;
        (1800..=2100).contains(&y).then_some(y)
    };
    // "21 September [2022]"
    if let (Some(d), Some(m)) = (day_of(i), c.word(i + 1).and_then(|w| lx::month(&w))) {
        if c.is_word_cap(i + 1) {
            let (y, end) = match year_of(i + 2) {
                Some(y) => (Some(y), i + 3),
                None => (None, i + 2),
            };
            return Some(((y, Some(m), Some(d)), end));
        }
    }
    // "mid-March": one word.
    let mid = c
        .word(i)
        .and_then(|w| w.strip_prefix("mid-").and_then(lx::month));
    let capital = c
        .text(i)
        .get(4..)
        .is_some_and(|r| r.starts_with(char::is_uppercase));
    if let Some(m) = mid.filter(|_| capital) {
        return Some(((None, Some(m), None), i + 1));
    }
    let m = c.word(i).and_then(|w| lx::month(&w))?;
    if !c.is_word_cap(i) {
        return None;
    }
    if let Some(d) = day_of(i + 1) {
        let mut end = i + 2;
        let mut y = None;
        let k = if c.text(end) == "," { end + 1 } else { end };
        if let Some(yy) = year_of(k) {
            y = Some(yy);
            end = k + 1;
        }
        return Some(((y, Some(m), Some(d)), end));
    }
    if let Some(y) = year_of(i + 1) {
        return Some(((Some(y), Some(m), None), i + 2));
    }
    // A month alone, as a time: "in April", "since February", "last
    // September"; the second of two ("in May and July"); a month that
    // names an event ("the December resignation", "OPEC's November
    // agreement", "mid-March").
    let before = if i > 0 { c.word(i - 1) } else { None };
    let after_month = matches!(before.as_deref(), Some("and" | "or" | "to" | "through"))
        && i >= 2
        && c.word(i - 2).and_then(|w| lx::month(&w)).is_some()
        && c.is_word_cap(i - 2);
    let possessive = i > 0 && (c.text(i - 1).ends_with("'s") || c.text(i - 1).ends_with("’s"));
    if after_month || possessive || before.as_deref() == Some("the") {
        return Some(((None, Some(m), None), i + 1));
    }
    if matches!(
        before.as_deref(),
        Some(
            "in" | "since"
                | "by"
                | "until"
                | "from"
                | "last"
                | "early"
                | "late"
                | "mid"
                | "this"
                | "next"
                | "of"
        )
    ) {
        return Some(((None, Some(m), None), i + 1));
    }
    None
}

/// Most tokens of a wire dateline's place before its date ("ST. LOUIS,
/// Mo.,", "HEERLEN, Netherlands,"): a place name is a few words.
const DATELINE_PLACE_TOKENS: usize = 10;

/// A wire dateline opening the sentence ("CHICAGO, March 19 - "): the
/// date's (start, end) tokens. A place of capitalised words, a comma, a
/// month and day, then a dash.
fn dateline(c: &Cursor) -> Option<(usize, usize)> {
    if !c.is_word_cap(0) {
        return None;
    }
    for k in 1..=DATELINE_PLACE_TOKENS.min(c.toks.len()) {
        if c.text(k - 1) == "," {
            if let Some(((_, Some(_), Some(_)), end)) = date_at(c, k) {
                return matches!(c.text(end), "-" | "–" | "—").then_some((k, end));
            }
            // Wire copy lower-cases a dateline's month now and then ("Quito,
            // march 9 -"); the day and the dash make it a date.
            if c.word(k).is_some_and(|w| lx::month(&w).is_some())
                && c.toks.get(k + 1).is_some_and(|t| t.kind == Kind::Number)
                && matches!(c.text(k + 2), "-" | "–" | "—")
            {
                return Some((k, k + 2));
            }
        }
        if !(c.is_word_cap(k) || matches!(c.text(k), "," | "." | "/")) {
            return None;
        }
    }
    None
}

/// The date of a story's dateline, as (month, day), from the text of a
/// sentence that opens with one ("CHICAGO, March 19 - …").
pub fn story_date(text: &str) -> Option<(u8, u8)> {
    let toks = crate::text::tokens::tokenize(text, 0..text.len());
    let lower = toks
        .iter()
        .map(|t| (t.kind == Kind::Word).then(|| lx::normalise(t.text(text))))
        .collect();
    let c = Cursor {
        src: text,
        toks: &toks,
        lower,
    };
    let (k, end) = dateline(&c)?;
    match date_at(&c, k) {
        Some(((_, Some(m), Some(d)), e)) if e == end => Some((m, d)),
        _ => None,
    }
}

/// The months a sentence names in capitals ("in the February capital
/// account", "March 3"), with their byte spans; a wire dateline's month,
/// and "May" (a verb as often as a month), are left out.
pub fn months_named(src: &str, toks: &[Token]) -> Vec<(u8, Range<usize>)> {
    let lower = toks
        .iter()
        .map(|t| (t.kind == Kind::Word).then(|| lx::normalise(t.text(src))))
        .collect();
    let c = Cursor { src, toks, lower };
    let skip = dateline(&c).map_or(0, |(_, end)| end);
    (skip..toks.len())
        .filter(|&k| c.is_word_cap(k) && c.word(k).as_deref() != Some("may"))
        .filter_map(|k| Some((lx::month(&c.word(k)?)?, toks[k].span.clone())))
        .collect()
}

/// A rank at token `i` with the noun it ranks ("his third title", "the
/// 30th anniversary", "third-quarter"): the figure and its end token.
fn ordinal_at(c: &Cursor, i: usize, sentence: usize) -> Option<(Figure, usize)> {
    let t = c.toks.get(i)?;
    let w = c.word(i);
    let (value, noun_at) = match t.kind {
        Kind::Number => {
            let s = t.text(c.src);
            let digits = s.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
            let suffix = &s[digits.len()..];
            if !matches!(suffix, "st" | "nd" | "rd" | "th") || digits.contains([',', '.']) {
                return None;
            }
            (digits.parse::<f64>().ok()?, i + 1)
        }
        Kind::Word => {
            let w = w?;
            // "third-quarter": the rank and its noun in one word.
            if let Some((a, b)) = w.split_once('-') {
                let v = lx::ordinal_word(a)?;
                if is_stopword(b) || !b.chars().all(char::is_alphabetic) {
                    return None;
                }
                return Some((ordinal(c, i, i + 1, v, lx::stem(b), sentence), i + 1));
            }
            let v = lx::ordinal_word(&w)?;
            let det = i > 0 && c.word(i - 1).is_some_and(|p| lx::ordinal_determiner(&p));
            if !det {
                return None;
            }
            (v, i + 1)
        }
        Kind::Punct => return None,
    };
    // The noun ranked: the content word after, or the one after that
    // ("his fourth straight title").
    let content = |k: usize| {
        c.word(k).filter(|x| {
            !is_stopword(x) && !c.is_word_cap(k) && x.chars().all(|ch| ch.is_alphabetic())
        })
    };
    // "his fourth Wimbledon title": the noun after a name or two.
    let noun_at = (0..=2)
        .map(|n| noun_at + n)
        .find(|&k| !c.is_word_cap(k))
        .unwrap_or(noun_at);
    let first = content(noun_at)?;
    // "the sixth day", "his third year": a point in time, not a rank.
    if lx::time_unit(&first).is_some() {
        return None;
    }
    let (noun, end) = match content(noun_at + 1) {
        Some(second) if !first.ends_with('s') => (second, noun_at + 2),
        _ => (first, noun_at + 1),
    };
    Some((ordinal(c, i, end, value, lx::stem(&noun), sentence), end))
}

fn ordinal(c: &Cursor, i: usize, end: usize, v: f64, noun: String, sentence: usize) -> Figure {
    let t = &c.toks[i];
    Figure {
        kind: FigureKind::Ordinal,
        span: t.span.start..c.toks[end - 1].span.end,
        text: t.text(c.src).to_string(),
        value: v,
        lo: v,
        hi: v,
        qualifier: None,
        vague: false,
        noun: Some(noun),
        total: None,
        sentence,
    }
}

fn make_date(
    c: &Cursor,
    i: usize,
    end: usize,
    d: (Option<u16>, Option<u8>, Option<u8>),
    sentence: usize,
) -> Figure {
    let span = c.toks[i].span.start..c.toks[end - 1].span.end;
    Figure {
        kind: FigureKind::Date {
            year: d.0,
            month: d.1,
            day: d.2,
        },
        text: c.src[span.clone()].to_string(),
        span,
        value: 0.0,
        lo: 0.0,
        hi: 0.0,
        qualifier: None,
        vague: false,
        noun: None,
        total: None,
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::tokenize;

    fn figs(s: &str) -> Vec<Figure> {
        extract(s, &tokenize(s, 0..s.len()), 0)
    }

    fn one(s: &str) -> Figure {
        let f = figs(s);
        assert_eq!(f.len(), 1, "{s}: {f:#?}");
        f.into_iter().next().unwrap()
    }

    #[test]
    fn normalises_numbers_and_scales() {
        assert_eq!(one("up to 10,000 convicts signed").hi, 10_000.0);
        assert_eq!(one("up to 10,000 convicts signed").lo, 0.0);
        assert_eq!(one("an army of 1.5 million soldiers").value, 1_500_000.0);
        assert_eq!(one("others 300 thousand people").value, 300_000.0);
        assert_eq!(one("about two million people").value, 2_000_000.0);
        let m = one("will allocate $ 5.4 million seized");
        assert_eq!(m.kind, FigureKind::Money("USD"));
        assert_eq!(m.value, 5_400_000.0);
        assert_eq!(one("rose 40% in a year").kind, FigureKind::Percent);
        assert_eq!(one("around a dozen people left").value, 12.0);
        assert_eq!(one("60 prisoners from").noun.as_deref(), Some("prisoner"));
    }

    #[test]
    fn ranges_qualifiers_and_vague() {
        let r = one("salaries between $2,150 and $5,500 plus bonuses");
        assert_eq!((r.lo, r.hi), (2150.0, 5500.0));
        let r = one("equivalent to $2,150 to $5,500");
        assert_eq!((r.lo, r.hi), (2150.0, 5500.0));
        let v = one("hundreds of Russian soldiers");
        assert!(v.vague && v.lo >= 100.0 && v.hi < 1000.0);
        let q = one("at least 40 such organizations");
        assert_eq!(q.qualifier, Some("at least"));
        assert!(q.hi.is_infinite());
        let e = one("eight of the 11 volunteers had died");
        assert_eq!((e.value, e.total), (8.0, Some(11.0)));
    }

    #[test]
    fn dates_durations_and_non_statistics() {
        let f = figs("On September 21, Putin announced 300,000 conscripts");
        assert_eq!(
            f[0].kind,
            FigureKind::Date {
                year: None,
                month: Some(9),
                day: Some(21)
            }
        );
        assert_eq!(f[1].value, 300_000.0);
        assert!(!f[0].kind.is_statistic());
        assert_eq!(
            one("since January 9th.").kind,
            FigureKind::Date {
                year: None,
                month: Some(1),
                day: Some(9)
            }
        );
        assert_eq!(
            one("in 2022 alone").kind,
            FigureKind::Date {
                year: Some(2022),
                month: None,
                day: None
            }
        );
        assert_eq!(
            one("signed in April alone").kind,
            FigureKind::Date {
                year: None,
                month: Some(4),
                day: None
            }
        );
        assert!(figs("April said").is_empty());
        assert!(figs("It May rain").is_empty());
        assert_eq!(
            one("signed in May alone").kind,
            FigureKind::Date {
                year: None,
                month: Some(5),
                day: None
            }
        );
        // A month alone that names an event, or the second of two.
        let month = |f: &Figure| match f.kind {
            FigureKind::Date { month, .. } => month,
            _ => None,
        };
        let two = figs("onto the market in May and July, sources said");
        assert_eq!(
            two.iter().map(month).collect::<Vec<_>>(),
            [Some(5), Some(7)]
        );
        assert_eq!(
            month(&one("since the December resignation of the chief")),
            Some(12)
        );
        assert_eq!(month(&one("OPEC's November agreement held")), Some(11));
        assert_eq!(month(&one("due to start in mid-March here")), Some(3));
        assert!(figs("Smith and May said").is_empty());
        // A possessive before a year is no numbered name ("Windows 95").
        assert_eq!(
            one("after Texaco's 1983 acquisition of Getty").value,
            1983.0
        );
        assert!(figs("shipped with Windows 95 installed").is_empty());
        let d = one("achieved in one year");
        assert_eq!((d.kind.clone(), d.value), (FigureKind::Duration, 365.0));
        assert_eq!(one("in two years").value, 730.0);
        assert!(figs("the 3rd Army Corps in World War II").is_empty());
        assert!(figs("at 10:30 a.m. on the sixth day").is_empty());
        assert!(figs("one of the volunteers").is_empty());
        assert!(figs("UK 007 said").is_empty());
        assert_eq!(one("Around 40 of them died.").value, 40.0);
        assert!(!one("at least nine regions").compatible(&one("at least seven regions")));
        assert!(one("more than 400,000 inmates").compatible(&one("over 400,000 inmates")));
        assert!(one("about 40 battalions").compatible(&one("at least 40 organizations")));
        assert_eq!(one("seeking men up to age 50").kind, FigureKind::Age);
        assert!(!one("an average age of 35").kind.is_statistic());
        assert_eq!(
            one("The average age was 35, he said.").kind,
            FigureKind::Age
        );
        let a = one("a man, 35 years old, left");
        assert_eq!(
            (a.kind, a.value, a.text.as_str()),
            (FigureKind::Age, 35.0, "35 years old")
        );
        let a = one("a 35-year-old man");
        assert_eq!((a.kind, a.text.as_str()), (FigureKind::Age, "35-year-old"));
        assert_eq!(one("for 35 years").kind, FigureKind::Duration);
    }

    #[test]
    fn shares_sizes_and_wire_figures() {
        let h = one("almost half of voters agreed");
        assert_eq!((h.kind.clone(), h.value), (FigureKind::Percent, 50.0));
        assert_eq!(
            (h.qualifier, h.noun.as_deref()),
            (Some("nearly"), Some("voter"))
        );
        assert_eq!(one("up to three-quarters of firms").value, 75.0);
        assert!((one("a third of the firm").value - 100.0 / 3.0).abs() < 1e-9);
        assert!(
            figs("the second half of the match")
                .iter()
                .all(|f| f.kind != FigureKind::Percent)
        );
        assert!(figs("half of the year").is_empty());
        let p = one("fell by one per cent");
        assert_eq!((p.kind, p.value), (FigureKind::Percent, 1.0));
        let t = one("handled 2.4 million tonnes of coal");
        assert_eq!(t.kind, FigureKind::Measure);
        assert_eq!((t.value, t.noun.as_deref()), (2_400_000.0, Some("tonn")));
        assert_eq!(t.source_key().as_deref(), Some("measure tonn"));
        assert_eq!(one("cleared 1.90m in the trials").kind, FigureKind::Measure);
        assert_eq!(one("has 14m customers").kind, FigureKind::Count);
        assert_eq!(one("profit of 12 mln dlrs").kind, FigureKind::Money("USD"));
        assert_eq!(one("rose 4.5 pct").kind, FigureKind::Percent);
        assert!(figs("the former England Under-21 player").is_empty());
        assert!(figs("two of them").is_empty());
        assert!(figs("the rapper 50 Cent has").is_empty());
    }

    #[test]
    fn a_live_blogs_timestamp_is_a_date_and_its_time_no_figure() {
        let f = figs("27 Jul 2022 18.08 The foreign secretary said so");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].kind,
            FigureKind::Date {
                year: Some(2022),
                month: Some(7),
                day: Some(27)
            }
        );
        // A value after a date is still a value.
        assert_eq!(figs("in March 2022 18.5% of firms").len(), 2);
    }

    #[test]
    fn a_lower_case_wire_dateline_is_no_figure() {
        assert!(figs("Quito, march 9 - the government said").is_empty());
    }
}
