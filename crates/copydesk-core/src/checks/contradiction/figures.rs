//! Figures: a number, date or duration the corpus states otherwise.

use crate::corpus::query::CorpusFigure;
use crate::corpus::query::CorpusQuery;
use crate::finding::{Code, Finding};
use crate::model::Doc;
use crate::model::Figure;
use crate::model::figures::{FigureKind, months_named, story_date};
use crate::model::lexicon as lx;
use crate::text::tokens::{Kind, Token};
use std::ops::Range;

/// How much of a draft sentence's weighted content a corpus sentence must
/// share before their figures are compared.
const SAME_CLAIM: f32 = 0.5;
/// Below this, a compatible corpus figure does not count as support.
const SUPPORT: f32 = 0.3;
/// A draft figure this many times larger or smaller than the corpus's is
/// about something else, not the same figure misstated.
const MAX_RATIO: f64 = 3.0;
/// Without a name in common, a corpus sentence is about the same event
/// only if it shares this much of the draft sentence's weighted words.
const SAME_WORDS: f32 = 0.6;
/// Sentences this similar state one claim, whatever the figures.
const NEAR_COPY: f32 = 0.7;
/// A rank ("third title") is compared only between sentences this similar:
/// "the second quarter" of one story is rarely the same as another's.
const SAME_RANK: f32 = 0.6;
/// Two values this close (as a share of the larger) are one value rounded
/// two ways (31.2 and 31.4 per cent); a misstated figure moves further.
const ROUNDING: f64 = 0.015;
/// How many sentences from a story's start its dateline may be in (a
/// headline and a blank line come before it).
const DATELINE_SENTENCES: u32 = 4;

pub(super) fn figures(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    names: &[crate::corpus::EntityId],
    si: usize,
    out: &mut Vec<Finding>,
) {
    let a = draft.figures.partition_point(|f| f.sentence < si);
    let b = draft.figures.partition_point(|f| f.sentence <= si);
    if a == b {
        return;
    }
    let sentence = &draft.sentences[si];
    // A headline (or a wire headline in capitals) is no claim to check.
    if sentence.heading || shouting(&draft.text[sentence.range.clone()]) {
        return;
    }
    let content = &sentence.content;
    for fig in &draft.figures[a..b] {
        let cands = corpus.figures_for(content, fig);
        let Some(&(best, score)) = cands.first() else {
            continue;
        };
        // Dates are everywhere; ask more of them, and of ranks.
        let need = match fig.kind {
            FigureKind::Date { .. } => SAME_CLAIM + 0.15,
            FigureKind::Ordinal => SAME_RANK,
            _ => SAME_CLAIM,
        };
        if score < need {
            continue;
        }
        // A figure the corpus states alike, about as relevant as the best
        // match, supports the draft.
        let support = SUPPORT.max(score - 0.2);
        if cands
            .iter()
            .any(|&(i, s)| s >= support && corpus.figure(i).is_some_and(|c| agrees(&c.figure, fig)))
        {
            continue;
        }
        let Some(cf) = corpus.figure(best) else {
            continue;
        };
        // "Dozens", "hundreds": a range by nature, too loose to contradict a count.
        if cf.figure.vague {
            continue;
        }
        // Several figures of one kind in the sentence ("in 52 days, 102 days
        // faster"): each stands for the corpus sentence's figure in the same
        // place, when it states as many and all the others agree; otherwise
        // which is which is a guess, and a guess is no contradiction.
        let mine: Vec<&crate::model::Figure> = draft.figures[a..b]
            .iter()
            .filter(|g| g.comparable(fig))
            .collect();
        let cf = if mine.len() > 1 {
            let mut theirs: Vec<_> = cands
                .iter()
                .filter_map(|&(i, _)| corpus.figure(i))
                .filter(|c| c.sentence == cf.sentence)
                .collect();
            theirs.sort_by_key(|c| (c.figure.span.start, c.id));
            theirs.dedup_by_key(|c| c.id);
            let Some(k) = mine.iter().position(|g| std::ptr::eq(*g, fig)) else {
                continue;
            };
            let others_agree = mine
                .iter()
                .zip(&theirs)
                .enumerate()
                .all(|(j, (g, c))| j == k || c.figure.compatible(g));
            if theirs.len() == 1 && mine.len() > 1 {
                // The corpus states one of them: the one in its slot, if
                // only one is and no other states its value.
                let c = theirs.swap_remove(0);
                let alone = mine
                    .iter()
                    .all(|g| std::ptr::eq(*g, fig) || !agrees(&c.figure, g));
                if !alone || !slot_unique(corpus, draft, fig, &mine, &c) {
                    continue;
                }
                c
            } else if theirs.len() != mine.len() || !others_agree {
                continue;
            } else {
                theirs.swap_remove(k)
            }
        } else {
            cf
        };
        // A misstated figure stays near the true one ($840,000 for $480,000,
        // 102 days for 52); figures further apart are about other things.
        let (x, y) = (fig.value.abs(), cf.figure.value.abs());
        // Unless the sentences are near copies ("16 more had signed" for "another 60").
        if !matches!(fig.kind, FigureKind::Date { .. })
            && x.min(y) > 0.0
            && x.max(y) / x.min(y) > MAX_RATIO
            && score < NEAR_COPY
        {
            continue;
        }
        // The same thing counted: both name the same noun, or neither does.
        let nouns_agree = match (&fig.noun, &cf.figure.noun) {
            (Some(x), Some(y)) => crate::corpus::index::same_noun(x, y),
            (None, None) => true,
            // "16 more had signed": the noun left out is the one just named
            // ("10 prisoners were recruited … 16 more").
            (None, Some(y)) => {
                let s = &draft.sentences[si];
                let prev = si
                    .checked_sub(1)
                    .filter(|&p| draft.sentences[p].block == s.block);
                s.content.contains(y)
                    || prev.is_some_and(|p| draft.sentences[p].content.contains(y))
            }
            (Some(_), None) => false,
        };
        if !nouns_agree {
            continue;
        }
        // About the same event: the corpus sentence names one of the draft's
        // distinctive entities, and no year that differs.
        let Some(st) = corpus.statement(cf.sentence) else {
            continue;
        };
        // A corpus sentence naming someone the draft does not is about
        // another event; one that names no one ("he told the court") must
        // share most of the draft sentence's words.
        let theirs = corpus.sentence_entities(cf.sentence);
        let same_event = if theirs.is_empty() {
            score >= SAME_WORDS
        } else {
            theirs.iter().any(|e| names.contains(e))
        };
        // The corpus sentence analysed alone, its figure found again in it.
        let other = Doc::parse(&st.text, crate::text::Format::Plain);
        let at = corpus.sentence_source(cf.sentence).span.start;
        let rel = cf.figure.span.start.saturating_sub(at)..cf.figure.span.end.saturating_sub(at);
        let Some(theirs_fig) = other
            .figures
            .iter()
            .find(|f| f.span == rel || f.text == cf.figure.text)
        else {
            continue;
        };
        if !same_event
            || shouting(&st.text)
            || !same_slot(draft, fig, &other, theirs_fig)
            || other_time(draft, si, fig, &other, theirs_fig)
            || !rest_agrees(draft, si, fig, &other)
            || archive_varies(corpus, &cands, support, &cf)
            || moment_bound(corpus, draft, si, &st.text, cf.sentence.article)
            || dated_apart(
                corpus,
                draft,
                si,
                fig,
                &other,
                theirs_fig,
                cf.sentence.article,
            )
        {
            continue;
        }
        let src = corpus.sentence_source(cf.sentence);
        if let Some(of) = corpus
            .conflicts_of(best)
            .first()
            .and_then(|&o| corpus.figure(o))
        {
            let msg = crate::wording::sources_disagree(&cf.figure.text, &of.figure.text);
            out.push(
                Finding::new(Code::CorpusConflict, fig.span.clone(), msg)
                    .with_sources([src, corpus.sentence_source(of.sentence)]),
            );
            continue;
        }
        let msg = crate::wording::archive_has(&cf.written, &fig.text);
        out.push(
            Finding::new(Code::Contradiction, fig.span.clone(), msg)
                .with_suggestion(cf.written.clone())
                .with_sources([src]),
        );
    }
}

/// The draft's distinctive names as entities ([`crate::checks::distinctive`], not a
/// word written with a capital): a figure's sentence leans on its story's
/// names ("the company").
pub(super) fn draft_entities(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
) -> Vec<crate::corpus::EntityId> {
    let mut forms: Vec<&str> = draft
        .mentions
        .iter()
        .map(|m| m.form.as_str())
        .filter(|f| !crate::model::lexicon::is_english_word(f))
        .collect();
    forms.sort_unstable();
    forms.dedup();
    let mut out: Vec<crate::corpus::EntityId> = forms
        .into_iter()
        .filter_map(|f| corpus.spelling(f))
        .filter(|s| crate::checks::distinctive(corpus, s))
        .map(|s| s.entity)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The two sentences are about different times: each names a year (or
/// each a month), and none in common. The figures compared are left out:
/// a year misstated is the finding, not another year.
fn other_time(draft: &Doc, si: usize, fig: &Figure, other: &Doc, cf: &Figure) -> bool {
    let year = |f: &Figure| match f.kind {
        FigureKind::Date { year: Some(y), .. } => Some(y),
        _ => None,
    };
    let years = |d: &Doc, not: &Figure, only: Option<usize>| -> Vec<u16> {
        d.figures
            .iter()
            .filter(|f| only.is_none_or(|s| f.sentence == s) && !std::ptr::eq(*f, not))
            .filter_map(year)
            .collect()
    };
    let months = |d: &Doc, not: &Figure, only: Option<usize>| -> Vec<u8> {
        d.sentences
            .iter()
            .enumerate()
            .filter(|(k, _)| only.is_none_or(|s| *k == s))
            .flat_map(|(_, s)| months_named(&d.text, &s.tokens))
            .filter(|(_, r)| r.end <= not.span.start || r.start >= not.span.end)
            .map(|(m, _)| m)
            .collect()
    };
    let apart =
        |a: &[u16], b: &[u16]| !a.is_empty() && !b.is_empty() && !a.iter().any(|y| b.contains(y));
    let widen = |v: Vec<u8>| v.into_iter().map(u16::from).collect::<Vec<_>>();
    apart(&years(draft, fig, Some(si)), &years(other, cf, None))
        || apart(
            &widen(months(draft, fig, Some(si))),
            &widen(months(other, cf, None)),
        )
}

/// Words on each side of a figure that say what it is a value of ("net
/// profit rose to …", "… in lost petroleum revenues").
const SLOT_WORDS: usize = 4;

/// The two figures fill the same slot: a word next to one (up to the
/// next figure, either side) is next to the other, the noun counted aside.
/// "gained 3.6 pct on trucks" is not "Nissan was up 35.9 pct".
fn same_slot(draft: &Doc, fig: &Figure, other: &Doc, cf: &Figure) -> bool {
    let nouns = matches!((&fig.noun, &cf.noun), (Some(x), Some(y)) if crate::corpus::index::same_noun(x, y));
    let theirs = slot_words(other, cf);
    is_change(draft, fig) == is_change(other, cf)
        && (nouns || slot_words(draft, fig).iter().any(|w| theirs.contains(w)))
}

/// The slot words of a corpus figure, from its sentence analysed alone.
fn corpus_slot(corpus: &dyn CorpusQuery, cf: &CorpusFigure) -> Option<Vec<String>> {
    let st = corpus.statement(cf.sentence)?;
    let other = Doc::parse(&st.text, crate::text::Format::Plain);
    let at = corpus.sentence_source(cf.sentence).span.start;
    let rel = cf.figure.span.start.saturating_sub(at)..cf.figure.span.end.saturating_sub(at);
    let f = other
        .figures
        .iter()
        .find(|f| f.span == rel || f.text == cf.figure.text)?;
    let mut words = slot_words(&other, f);
    words.extend(f.noun.clone());
    Some(words)
}

/// `fig` is the one of the draft's figures `mine` whose slot the corpus
/// figure fills.
fn slot_unique(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    fig: &Figure,
    mine: &[&Figure],
    cf: &CorpusFigure,
) -> bool {
    let Some(theirs) = corpus_slot(corpus, cf) else {
        return false;
    };
    let fills = |g: &Figure| {
        let mut words = slot_words(draft, g);
        words.extend(g.noun.clone());
        words.iter().any(|w| theirs.contains(w))
    };
    fills(fig) && mine.iter().all(|g| std::ptr::eq(*g, fig) || !fills(g))
}

fn slot_words(d: &Doc, f: &Figure) -> Vec<String> {
    let Some(s) = d.sentences.get(f.sentence) else {
        return Vec::new();
    };
    let toks = &s.tokens;
    let first = toks.partition_point(|t| t.span.end <= f.span.start);
    let last = toks.partition_point(|t| t.span.start < f.span.end);
    let word = |t: &Token| -> Option<String> {
        let w = lx::normalise(t.text(&d.text));
        let plain = t.kind == Kind::Word
            && !lx::is_stopword(&w)
            && lx::number_word(&w).is_none()
            && lx::month(&w).is_none();
        plain.then(|| lx::stem(&w))
    };
    // A slot ends where another figure begins ("4,500 workers at two plants").
    let others: Vec<&Range<usize>> = in_sentence(d, f.sentence)
        .iter()
        .filter(|g| g.sentence == f.sentence && !std::ptr::eq(*g, f))
        .map(|g| &g.span)
        .collect();
    let free = |t: &Token| {
        t.kind != Kind::Number
            && !others
                .iter()
                .any(|r| r.start < t.span.end && t.span.start < r.end)
    };
    let side = |it: &mut dyn Iterator<Item = &Token>| -> Vec<String> {
        it.take_while(|t| free(t))
            .filter_map(word)
            .take(SLOT_WORDS)
            .collect()
    };
    let mut out = side(&mut toks[..first.min(toks.len())].iter().rev());
    out.extend(side(&mut toks[last.min(toks.len())..].iter()));
    // The nouns counted are compared apart ("4,500 workers at two plants":
    // "workers" is not the slot of "two plants").
    let nouns: Vec<&String> = in_sentence(d, f.sentence)
        .iter()
        .filter(|g| g.sentence == f.sentence)
        .filter_map(|g| g.noun.as_ref())
        .collect();
    out.retain(|w| !nouns.contains(&w));
    out
}

/// The figures of sentence `si` (a document's figures come in sentence order).
fn in_sentence(d: &Doc, si: usize) -> &[Figure] {
    let a = d.figures.partition_point(|f| f.sentence < si);
    let b = d.figures.partition_point(|f| f.sentence <= si);
    &d.figures[a..b]
}

/// A date is misstated only where the rest of its sentence agrees: "in
/// 2004 it made 2bn" against "in 2003 it made 3bn" is another year's
/// result, not a wrong year.
fn rest_agrees(draft: &Doc, si: usize, fig: &Figure, other: &Doc) -> bool {
    if !matches!(fig.kind, FigureKind::Date { .. }) {
        return true;
    }
    in_sentence(draft, si)
        .iter()
        .filter(|f| f.sentence == si && !matches!(f.kind, FigureKind::Date { .. }))
        .all(|f| other.figures.iter().any(|g| agrees(g, f)))
}

/// Whether two figures state one value: compatible, or the same number
/// rounded two ways ("31 per cent", "31.4 per cent").
fn agrees(a: &Figure, b: &Figure) -> bool {
    if a.compatible(b) {
        return true;
    }
    if matches!(a.kind, FigureKind::Date { .. } | FigureKind::Ordinal) || a.vague || b.vague {
        return false;
    }
    let (x, y) = (a.value.abs(), b.value.abs());
    let close = (x - y).abs() <= ROUNDING * x.max(y);
    // A whole number stands for any value that rounds to it ("5 mln" for 5.4 mln).
    let rounds = |whole: &Figure, exact: f64| {
        unit_of(whole).is_some_and(|u| (whole.value.abs() - exact).abs() < 0.5 * u + 1e-9)
    };
    a.comparable(b) && (close || rounds(a, y) || rounds(b, x))
}

/// The value of a whole number's last digit as written ("5 mln": a
/// million; "31": one), or none when it has decimals.
fn unit_of(f: &Figure) -> Option<f64> {
    let digits: String = f
        .text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let digits = digits.trim_end_matches('.');
    if digits.contains('.') {
        return None;
    }
    let n: f64 = digits.parse().ok()?;
    (n > 0.0).then(|| f.value.abs() / n)
}

/// The archive gives this fact more than one value: another article, as
/// relevant, states a value the best match does not (a rate, a price, a
/// count that changes from week to week). No one value is then the truth.
fn archive_varies(
    corpus: &dyn CorpusQuery,
    cands: &[(crate::corpus::FigureId, f32)],
    support: f32,
    cf: &CorpusFigure,
) -> bool {
    cands
        .iter()
        .filter(|&&(i, s)| s >= support && i != cf.id)
        .filter_map(|&(i, _)| corpus.figure(i))
        .any(|o| {
            o.sentence.article != cf.sentence.article
                && o.figure.comparable(&cf.figure)
                && nouns_match(&o.figure.noun, &cf.figure.noun)
                && !agrees(&o.figure, &cf.figure)
                && corpus_slot(corpus, &o)
                    .zip(corpus_slot(corpus, cf))
                    .is_some_and(|(a, b)| a.iter().any(|w| b.contains(w)))
        })
}

fn nouns_match(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => crate::corpus::index::same_noun(x, y),
        (None, None) => true,
        _ => false,
    }
}

/// The draft's and the corpus article's own dates (their wire datelines), where given.
/// Each is (month, day).
fn story_dates(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    article: crate::corpus::ArticleId,
) -> (Option<(u8, u8)>, Option<(u8, u8)>) {
    let mine = draft
        .sentences
        .iter()
        .take(DATELINE_SENTENCES as usize)
        .find_map(|s| story_date(&draft.text[s.range.clone()]));
    let theirs = (0..DATELINE_SENTENCES)
        .filter_map(|index| corpus.statement(crate::corpus::SentenceId { article, index }))
        .find_map(|st| story_date(&st.text));
    (mine, theirs)
}

/// A value tied to the moment it was written ("last week", "yesterday",
/// a share or index level) differs from story to story: only a story of
/// the same date can contradict it.
fn moment_bound(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    si: usize,
    corpus_sentence: &str,
    article: crate::corpus::ArticleId,
) -> bool {
    let timely = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .map(str::to_lowercase)
            .any(|w| lx::relative_time_word(&w) || lx::market_level_word(&w))
    };
    let s = &draft.sentences[si];
    if !timely(&draft.text[s.range.clone()]) && !timely(corpus_sentence) {
        return false;
    }
    let (mine, theirs) = story_dates(corpus, draft, article);
    !(mine.is_some() && mine == theirs)
}

/// Stories of different dates state a value of their own moment: an
/// estimate ("about", "close to") that grows as news comes in, or a
/// statistic of a period one sentence names and the other does not ("in
/// January"). Only a story of the same date can contradict these.
fn dated_apart(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    si: usize,
    fig: &Figure,
    other: &Doc,
    cf: &Figure,
    article: crate::corpus::ArticleId,
) -> bool {
    let (mine, theirs) = story_dates(corpus, draft, article);
    let (Some(mine), Some(theirs)) = (mine, theirs) else {
        return false;
    };
    if mine == theirs {
        return false;
    }
    let estimate = |f: &Figure| matches!(f.qualifier, Some("about" | "nearly" | "up to"));
    let stamped = |d: &Doc, not: &Figure, only: Option<usize>| {
        let months = d
            .sentences
            .iter()
            .enumerate()
            .filter(|(k, _)| only.is_none_or(|s| *k == s))
            .any(|(_, s)| !months_named(&d.text, &s.tokens).is_empty());
        months
            || d.figures.iter().any(|f| {
                only.is_none_or(|s| f.sentence == s)
                    && !std::ptr::eq(f, not)
                    && matches!(f.kind, FigureKind::Date { .. })
            })
    };
    estimate(fig) || estimate(cf) || stamped(draft, fig, Some(si)) != stamped(other, cf, None)
}

/// A change ("cut by 1.5 billion", "rose by 5 pct") or a level ("was 4.0
/// billion"): the word before the figure says which.
fn is_change(d: &Doc, f: &Figure) -> bool {
    let Some(s) = d.sentences.get(f.sentence) else {
        return false;
    };
    let first = s.tokens.partition_point(|t| t.span.end <= f.span.start);
    let before: Vec<String> = s.tokens[..first.min(s.tokens.len())]
        .iter()
        .rev()
        .take(4)
        .map(|t| lx::normalise(t.text(&d.text)))
        .collect();
    let at = |k: usize| before.get(k).map(String::as_str);
    // "by 1.5 billion", "by between one and 1.5 billion"; not "joined by one of".
    at(0) == Some("by") || (at(0) == Some("and") && at(2) == Some("between") && at(3) == Some("by"))
}

/// Written in capitals (a wire headline: "GM TO IDLE 3,500 WORKERS").
fn shouting(text: &str) -> bool {
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let lower = text.chars().filter(|c| c.is_lowercase()).count();
    upper >= SHOUTING_LETTERS && lower * SHOUTING_RATIO < upper
}

/// A sentence needs this many capitals before it can be a shouted headline.
const SHOUTING_LETTERS: usize = 8;
/// Capitals outnumber lower-case letters this many times over in a
/// headline written in capitals (tickers and "Inc" aside).
const SHOUTING_RATIO: usize = 4;
