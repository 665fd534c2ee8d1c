//! `unattributed-figure`: a statistic whose sentence (or paragraph, by
//! setting) names no source, and which is not inside a quotation whose
//! speaker is named. Dates, durations, ordinals and numbered names are not
//! statistics.

use super::{Options, Scope};
use crate::corpus::query::{ArticleId, CorpusQuery};
use crate::finding::{Code, Finding};
use crate::model::Doc;
use crate::model::figures::FigureKind;

pub fn check(corpus: &dyn CorpusQuery, draft: &Doc, opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    // Paragraphs (blocks) that name a source somewhere.
    let mut block_attributed = vec![false; draft.prose.blocks.len()];
    for s in &draft.sentences {
        if s.attributed {
            if let Some(b) = block_attributed.get_mut(s.block) {
                *b = true;
            }
        }
    }
    // Inside a quotation whose speaker is named (quotations are in text order).
    let in_attributed_quote = |f: &crate::model::Figure| {
        let i = draft
            .quotes
            .partition_point(|q| q.outer.start <= f.span.start);
        i > 0
            && f.span.end <= draft.quotes[i - 1].outer.end
            && draft.quotes[i - 1].speaker.is_some()
    };
    // The corpus may hold this very story, filed again: no evidence for it.
    // (Asked only when a figure's corpus statement copies the draft's sentence.)
    let refiled = std::cell::OnceCell::new();
    // Which corpus articles the draft is written from, asked of each
    // article that states one of its figures as plain fact, and remembered.
    let follows = Follows::new(draft);
    for (si, s) in draft.sentences.iter().enumerate() {
        if s.heading {
            continue;
        }
        let attributed = match opts.scope {
            Scope::Sentence => s.attributed,
            Scope::Paragraph => block_attributed.get(s.block).copied().unwrap_or(false),
        };
        if attributed {
            continue;
        }
        let (a, b) = (
            draft.figures.partition_point(|f| f.sentence < si),
            draft.figures.partition_point(|f| f.sentence <= si),
        );
        // The sentence's first statistic, whether any of them needs a
        // source, and the source the archive gives one of them.
        let mut first: Option<&crate::model::Figure> = None;
        let mut unsourced = false;
        let mut named: Option<Attribution> = None;
        for f in draft.figures[a..b]
            .iter()
            .filter(|f| f.kind.is_statistic() || f.kind == FigureKind::Measure)
            .filter(|f| !in_attributed_quote(f) && !narrated(f) && !tabular(draft, f))
        {
            let habit = habit(corpus, f);
            if !habit.statistic(f) {
                continue;
            }
            let followed = |a: &[ArticleId]| {
                follows.any_followed(corpus, a, || {
                    refiled.get_or_init(|| refilings(corpus, draft))
                })
            };
            let after = draft.text.get(f.span.end..).unwrap_or_default();
            // A small count matches the archive's by value alone as often as
            // not ("two set points"): its source counts only where the
            // archive's reporters commonly attribute such counts.
            let small = small_count(f, after);
            let weak = small && habit == Habit::Sometimes;
            match corpus_statement(corpus, draft, f, &refiled) {
                // The archive attributes it: the draft dropped the source.
                Some(found) if found.attributed && !weak => {
                    unsourced = true;
                    named.get_or_insert(found);
                }
                // A small count of things the story narrates ("three
                // directors", "two men", "four times") is a statistic only
                // where the archive gives it a source.
                _ if small => continue,
                // The story the draft is written from states it as plain
                // fact: the draft follows its source. (Stated as fact only
                // in other stories, it still needs a source in this one.)
                Some(found) if followed(&found.plain_in) => {}
                _ if retold(corpus, draft, f, followed) => {}
                _ => unsourced = true,
            }
            first.get_or_insert(f);
            if unsourced && named.is_some() {
                break;
            }
        }
        let Some(first) = first.filter(|_| unsourced) else {
            continue;
        };
        let found = named;
        let span = first.span.clone();
        let what = &draft.text[span.clone()];
        let mut f = Finding::new(
            Code::UnattributedFigure,
            span,
            crate::wording::unattributed(what),
        );
        // Where the corpus gives the same figure with a source, offer it.
        if let Some(found) = found {
            f = f.with_sources([found.source]);
            if let Some(who) = found.who {
                let end = sentence_end(draft, si);
                f.insert = Some((end, format!(", according to {who}")));
            }
        }
        out.push(f);
    }
    out
}

/// What the archive shows of how its reporters treat a kind of figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Habit {
    /// Too few of its sentences carry such a figure to tell.
    Unknown,
    /// They rarely give it a source ([`RARELY_ATTRIBUTED`]): goals, race
    /// distances, nominations, sizes of things.
    Rarely,
    /// They give it a source about as often as any figure, or more
    /// ([`COMMONLY_ATTRIBUTED`]): jobs, deaths, tonnes.
    Commonly,
    /// Between the two.
    Sometimes,
}

impl Habit {
    /// Whether such a figure is a statistic that needs a source. A size or
    /// distance is one only where the archive commonly attributes its unit
    /// (tonnes, barrels; not metres or gigabytes); counts, money and shares
    /// are, unless the archive rarely attributes them.
    fn statistic(self, f: &crate::model::Figure) -> bool {
        match self {
            Habit::Rarely => false,
            Habit::Commonly => true,
            Habit::Sometimes | Habit::Unknown => f.kind.is_statistic(),
        }
    }
}

/// The fewest archive sentences carrying a kind of figure from which its
/// rate of attribution is taken: with fewer, one sentence more or less
/// moves the rate by over a tenth, and today's rules decide (a noun the
/// archive barely uses tells nothing of its reporters' habits).
const MIN_EVIDENCE: u32 = 10;
/// A kind of figure the archive attributes at under this share of its
/// rate for all figures is not a statistic its reporters source: in the
/// BBC archive (38% of figure sentences name a source) goals, nominations,
/// awards, places and kilometres are under 12%, jobs, people, money and per
/// cents 34–44%. Relative to the archive's own rate, so that a wire archive
/// that attributes nearly every sentence (60%) is read by its own measure.
const RARELY_ATTRIBUTED: f32 = 0.4;
/// A kind of figure the archive attributes at this share of its rate for
/// all figures, or more, is one its reporters source: a unit measured
/// (tonnes, barrels) is then a statistic too. (Sizes and distances in the
/// BBC archive: metres and yards 17%, gigabytes 0%; tonnes 33%.)
const COMMONLY_ATTRIBUTED: f32 = 0.75;

/// How the archive's reporters treat figures of this kind ([`Habit`]).
fn habit(corpus: &dyn CorpusQuery, f: &crate::model::Figure) -> Habit {
    let rate = |key: &str| {
        corpus
            .figure_sources(key)
            .filter(|r| r.sentences >= MIN_EVIDENCE)
            .map(|r| r.rate())
    };
    let Some(all) = rate(crate::model::figures::ANY_FIGURE) else {
        return Habit::Unknown;
    };
    let Some(own) = f.source_key().and_then(|k| rate(&k)) else {
        return Habit::Unknown;
    };
    if own < RARELY_ATTRIBUTED * all {
        Habit::Rarely
    } else if own >= COMMONLY_ATTRIBUTED * all {
        Habit::Commonly
    } else {
        Habit::Sometimes
    }
}

/// Counts up to this, of plain things with no qualifier, are usually what
/// the story narrates ("two daughters", "three directors", "four arrests").
const SMALL_COUNT: f64 = 12.0;
/// A bare number below this with nothing counted after it is an age, a
/// rank or a number in a list ("anyone over 16", "came in at 11"), not a statistic.
const BARE_NUMBER: f64 = 100.0;

/// Words after "N times" that make it a multiple ("four times as many",
/// "ten times faster", "three times the average"), not a count of events.
const COMPARING: &[&str] = &[
    "as", "more", "less", "the", "that", "higher", "lower", "bigger", "larger", "greater",
    "smaller", "over",
];

/// `after` is the text after the figure.
fn small_count(f: &crate::model::Figure, after: &str) -> bool {
    // "ten times faster" compares: a statistic whatever its size. ("four
    // times" alone counts events the story narrates.)
    let next = after
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let comparing = COMPARING.contains(&next.as_str()) || next.ends_with("er");
    let multiplier =
        f.noun.as_deref() == Some("fold") || (f.noun.as_deref() == Some("time") && comparing);
    f.kind == FigureKind::Count
        && f.qualifier.is_none()
        && !f.vague
        && f.total.is_none()
        && f.value <= SMALL_COUNT
        && !multiplier
}

/// Not a statistic in context: a bare small number with nothing counted.
fn narrated(f: &crate::model::Figure) -> bool {
    f.kind == FigureKind::Count
        && f.noun.is_none()
        && !f.vague
        && f.total.is_none()
        && f.value < BARE_NUMBER
        && !f.text.contains(['.', ','])
}

/// A bare number (nothing counted) in a table or a list: alone on its line
/// ("42,093" under a match report), or a labelled field ("Att: 47,111").
fn tabular(draft: &Doc, f: &crate::model::Figure) -> bool {
    if f.kind != FigureKind::Count || f.noun.is_some() || f.vague {
        return false;
    }
    let Some(s) = draft.sentences.get(f.sentence) else {
        return false;
    };
    let (before, after) = (
        draft
            .text
            .get(s.range.start..f.span.start)
            .unwrap_or_default(),
        draft.text.get(f.span.end..s.range.end).unwrap_or_default(),
    );
    let words = |t: &str| t.chars().any(char::is_alphabetic);
    !words(before) && !words(after) || before.trim_end().ends_with(':')
}

/// How the corpus states a figure, when it does.
struct Attribution {
    attributed: bool,
    /// The articles where a sentence about as close states the same value
    /// as plain fact.
    plain_in: Vec<ArticleId>,
    source: crate::finding::Source,
    who: Option<String>,
}

/// The corpus sentence that states this figure: the same value, in a
/// sentence about the same thing ([`SAME_FIGURE`]); the best such match.
fn corpus_statement(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    fig: &crate::model::Figure,
    refiled: &std::cell::OnceCell<Vec<ArticleId>>,
) -> Option<Attribution> {
    let content = &draft.sentences[fig.sentence].content;
    let cands = corpus.figures_for(content, fig);
    let mut best: Option<(f32, Attribution)> = None;
    let mut plain_in = Vec::new();
    for (score, cf) in cands
        .iter()
        .filter(|(_, s)| *s >= SAME_FIGURE)
        .filter_map(|&(i, s)| Some((s, corpus.figure(i)?)))
        .filter(|(_, c)| same_value(&c.figure, fig))
    {
        if best.as_ref().is_some_and(|b| score < b.0 - TIE) {
            break;
        }
        let Some(st) = corpus.statement(cf.sentence) else {
            continue;
        };
        // A headline (or a line with no full stop: a sub-heading, a caption)
        // states nothing on its own; the draft's own story filed again is
        // no independent evidence. (A sentence copied from another story
        // is: the archive states the figure as the draft does.)
        let headline = st.heading
            || !st
                .text
                .trim_end()
                .ends_with(['.', '!', '?', '"', '”', '’', '\'', ')']);
        if headline {
            continue;
        }
        if is_copy(corpus, content, &st.content)
            && refiled
                .get_or_init(|| refilings(corpus, draft))
                .contains(&cf.sentence.article)
        {
            continue;
        }
        if !st.attributed && plain_in.len() < MAX_PLAIN && !plain_in.contains(&cf.sentence.article)
        {
            plain_in.push(cf.sentence.article);
        }
        let found = Attribution {
            attributed: st.attributed,
            plain_in: Vec::new(),
            source: corpus.sentence_source(cf.sentence),
            who: None,
        };
        match &best {
            None => best = Some((score, found)),
            // About as good a match that names a source: the archive attributes it.
            Some(b) if !b.1.attributed && found.attributed => best = Some((b.0, found)),
            Some(_) => {}
        }
    }
    let (_, mut found) = best?;
    found.plain_in = plain_in;
    if found.attributed {
        found.who = speaker_of(&found.source.quote);
    }
    Some(found)
}

/// The most articles (best matches first) asked whether the draft is
/// written from them when they state a figure as plain fact, or a sentence
/// the figure's sentence retells: the story a
/// draft follows states it in one of its closest sentences, and an archive
/// that repeats a story (100,000 generated articles repeat each about 45
/// times) would otherwise have every copy asked.
const MAX_PLAIN: usize = 8;

/// Matches this close to the best count as equally good.
const TIE: f32 = 0.05;

/// The same figure: the same kind, and the same nominal value (or vague
/// range) however written ("£2.1bn" and "2.1 billion pounds"; not "over
/// $27bn" and "$27.5bn").
fn same_value(a: &crate::model::Figure, b: &crate::model::Figure) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0);
    a.kind == b.kind
        && close(a.value, b.value)
        && (a.vague == b.vague)
        && (!a.vague || close(a.hi, b.hi))
}

/// Sentences sharing this much of each other's weighted words both ways are copies.
const COPY: f32 = 0.9;

/// Two sentences' content words are copies of each other ([`COPY`]).
fn is_copy(corpus: &dyn CorpusQuery, a: &[String], b: &[String]) -> bool {
    corpus.similarity(a, b) >= COPY && corpus.similarity(b, a) >= COPY
}

/// A corpus article that copies at least this share of the draft's
/// sentences is the draft's own story filed again (a wire story and its
/// rewrite, a draft saved into the archive). Drafts written from several
/// archive stories copy at most about a third of their sentences from any
/// one of them; refilings of the BBC archive copy a half or more.
const REFILED: f32 = 0.5;
/// Sentences shorter than this (in content words) are too short to tell a copy.
const COPY_MIN_WORDS: usize = 5;

/// The corpus articles that are this draft filed again ([`REFILED`]).
fn refilings(corpus: &dyn CorpusQuery, draft: &Doc) -> Vec<ArticleId> {
    let mut copies: Vec<ArticleId> = Vec::new();
    let mut sentences = 0usize;
    for s in draft
        .sentences
        .iter()
        .filter(|s| !s.heading && s.content.len() >= COPY_MIN_WORDS)
    {
        sentences += 1;
        let mut from: Vec<ArticleId> = corpus
            .statements_about(&s.claim, COPY)
            .into_iter()
            .filter(|&(id, _)| {
                corpus
                    .statement(id)
                    .is_some_and(|st| is_copy(corpus, &s.content, &st.content))
            })
            .map(|(id, _)| id.article)
            .collect();
        from.sort_unstable();
        from.dedup();
        copies.extend(from);
    }
    copies.sort_unstable();
    let mut out = Vec::new();
    for run in copies.chunk_by(|a, b| a == b) {
        if run.len() >= 2 && run.len() as f32 >= REFILED * sentences as f32 {
            out.push(run[0]);
        }
    }
    out
}

/// A draft sentence follows a corpus sentence that covers this much of its
/// claim's weighted words: a paraphrase keeps well over a third of them
/// (the same bar as [`SAME_FIGURE`] with the value equal, doubled).
const FOLLOWS: f32 = 0.4;
/// The draft is written from a corpus article when at least two of its
/// sentences, and this share of them, follow sentences of that article. A
/// draft written from three stories follows each in a few sentences (in
/// `bbc-dev`, 2 to 14 of 15–22); a story merely on the same subject shares
/// none or one. The draft's own story filed again does not count (see
/// [`REFILED`]).
const FOLLOWED: f32 = 0.1;

/// The figure's sentence retells a plain statement of a story the draft is
/// written from, which gives the same value, whatever it counts ("the 12
/// men held" for "12 detainees").
fn retold(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    fig: &crate::model::Figure,
    followed: impl Fn(&[ArticleId]) -> bool,
) -> bool {
    let s = &draft.sentences[fig.sentence];
    // Closest first, and no more than [`MAX_PLAIN`] of them.
    let stating: Vec<ArticleId> = corpus
        .statements_about(&s.claim, FOLLOWS)
        .into_iter()
        .take(MAX_PLAIN)
        .filter(|&(id, _)| {
            corpus
                .statement(id)
                .is_some_and(|st| !st.attributed && !st.heading)
                && corpus
                    .sentence_figures(id)
                    .into_iter()
                    .filter_map(|i| corpus.figure(i))
                    .any(|cf| same_value(&cf.figure, fig))
        })
        .map(|(id, _)| id.article)
        .collect();
    !stating.is_empty() && followed(&stating)
}

/// Whether the draft is written from an article ([`FOLLOWED`]), asked
/// article by article (of the few that state its figures) and remembered.
struct Follows<'d> {
    /// The claims of the draft's sentences long enough to tell.
    claims: Vec<&'d [String]>,
    known: std::cell::RefCell<Vec<(ArticleId, bool)>>,
}

impl<'d> Follows<'d> {
    fn new(draft: &'d Doc) -> Follows<'d> {
        let claims = draft
            .sentences
            .iter()
            .filter(|s| !s.heading && s.content.len() >= COPY_MIN_WORDS)
            .map(|s| s.claim.as_slice())
            .collect();
        Follows {
            claims,
            known: Default::default(),
        }
    }

    /// Whether the draft is written from any of `articles` (those not
    /// asked before are asked in one call).
    fn any_followed<'r>(
        &self,
        corpus: &dyn CorpusQuery,
        articles: &[ArticleId],
        refiled: impl FnOnce() -> &'r Vec<ArticleId>,
    ) -> bool {
        let mut new: Vec<ArticleId> = articles
            .iter()
            .copied()
            .filter(|a| !self.known.borrow().iter().any(|k| k.0 == *a))
            .collect();
        new.sort_unstable();
        new.dedup();
        if !new.is_empty() {
            let counts = corpus.claims_covered_by(&self.claims, &new, FOLLOWS);
            let enough = |n: usize| n >= 2 && n as f32 >= FOLLOWED * self.claims.len() as f32;
            // The draft's own story filed again is not a source it follows.
            let refiled = if counts.iter().any(|&n| enough(n)) {
                refiled().as_slice()
            } else {
                &[]
            };
            self.known.borrow_mut().extend(
                new.iter()
                    .zip(counts)
                    .map(|(&a, n)| (a, enough(n) && !refiled.contains(&a))),
            );
        }
        self.known
            .borrow()
            .iter()
            .any(|k| k.1 && articles.contains(&k.0))
    }
}

/// A corpus figure states the draft's when it has the same value and its
/// sentence shares this much of the draft sentence's weighted words: with
/// the value equal, a paraphrase of the same story (about a third shared)
/// is enough.
const SAME_FIGURE: f32 = 0.2;

/// Offset before the sentence's closing punctuation.
fn sentence_end(draft: &Doc, si: usize) -> usize {
    let r = &draft.sentences[si].range;
    let t = &draft.text[r.clone()];
    let trimmed = t.trim_end_matches(['.', '!', '?', '"', '”', '’', ')', ' ']);
    r.start + trimmed.len()
}

/// The source a corpus sentence names, as written with its whole phrase.
fn speaker_of(sentence: &str) -> Option<String> {
    let d = Doc::parse(sentence, crate::text::Format::Plain);
    d.speaker_name(0).or_else(|| common_noun_source(sentence))
}

/// A source named by a common noun at the end of a sentence: "…, prosecutors
/// said.", "…, the airline said." — at most [`SOURCE_WORDS`] words, no figures.
fn common_noun_source(sentence: &str) -> Option<String> {
    let t = sentence
        .trim_end()
        .trim_end_matches(['.', '!', '?', '"', '”']);
    let (head, verb) = t.rsplit_once(' ')?;
    if !crate::model::lexicon::is_attribution(verb) {
        return None;
    }
    let who = head.rsplit_once(',').map_or(head, |x| x.1).trim();
    let words = who.split_whitespace().count();
    (words > 0
        && words <= SOURCE_WORDS
        && !who.contains(|c: char| c.is_ascii_digit() || c == '"' || c == '“'))
    .then(|| who.to_string())
}

/// The longest common-noun source taken from a sentence's end ("the
/// country's statistics office").
const SOURCE_WORDS: usize = 4;
