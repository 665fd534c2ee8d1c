//! Figures: a number, date or duration the corpus states otherwise.

use crate::corpus::query::CorpusFigure;
use crate::corpus::query::CorpusQuery;
use crate::corpus::{EntityId, FigureId};
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
        if labelled(draft, fig) {
            continue;
        }
        // Dates are everywhere; ask more of them, and of ranks.
        let need = match fig.kind {
            FigureKind::Date { .. } => SAME_CLAIM + 0.15,
            FigureKind::Ordinal => SAME_RANK,
            _ => SAME_CLAIM,
        };
        let (cands, framed) = candidates(corpus, draft, fig, content, need);
        let Some(&(best, score)) = cands.first() else {
            continue;
        };
        // Matched on the clause alone: a weaker tie, so it needs a name in
        // common and never stands for a near copy.
        let framed = framed.contains(&best);
        if score < need {
            continue;
        }
        // A figure the corpus states alike, about as relevant as the best
        // match, supports the draft.
        let support = SUPPORT.max(score - 0.2);
        if cands.iter().any(|&(i, s)| {
            s >= support && corpus.figure(i).is_some_and(|c| supports(&c.figure, fig))
        }) {
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
            .filter(|g| g.comparable(fig) && nouns_match(&g.noun, &fig.noun))
            .collect();
        let theirs: Vec<CorpusFigure> = cands
            .iter()
            .filter_map(|&(i, _)| corpus.figure(i))
            // A draft figure without its noun ("16 more") may stand for the
            // archive's counted one ("60 prisoners"): settled below.
            .filter(|c| {
                c.sentence == cf.sentence
                    && (fig.noun.is_none() || nouns_match(&c.figure.noun, &fig.noun))
            })
            .collect();
        let Some(cf) = counterpart(corpus, draft, fig, &mine, theirs) else {
            continue;
        };
        if supports(&cf.figure, fig) || !same_parts(&cf.figure, fig) {
            continue;
        }
        // A misstated figure stays near the true one ($840,000 for $480,000,
        // 102 days for 52); figures further apart are about other things.
        let (x, y) = (fig.value.abs(), cf.figure.value.abs());
        // Unless the sentences are near copies ("16 more had signed" for "another 60").
        if !matches!(fig.kind, FigureKind::Date { .. })
            && x.min(y) > 0.0
            && x.max(y) / x.min(y) > MAX_RATIO
            && (score < NEAR_COPY || framed)
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
        // Found by its clause alone (its sentence shares too little), a
        // figure of other people is another fact.
        let clause_only = framed && corpus.similarity(content, &st.content) < SAME_CLAIM;
        if (clause_only && person_clash(corpus, draft, si, &theirs)) || name_list(draft, si) {
            continue;
        }
        let same_event = if theirs.is_empty() {
            score >= SAME_WORDS && !framed
        } else {
            theirs.iter().any(|e| names.contains(e))
        };
        // The corpus sentence analysed alone, its figure found again in it.
        let other = Doc::parse(&st.text, crate::text::Format::Plain);
        let at = corpus.sentence_source(cf.sentence).span.start;
        let Some(theirs_fig) = found_again(&other, at, &cf) else {
            continue;
        };
        // Or, for a year or month, the archive states it in the same clause
        // ("comply with the 1973 War Powers Act, which could lead to a
        // pullout"), whoever else its sentence names.
        if !same_event && !clause_tie(draft, fig, &other, theirs_fig) {
            continue;
        }
        if shouting(&st.text) {
            continue;
        }
        if !same_slot(draft, fig, &other, theirs_fig) {
            continue;
        }
        if other_time(draft, si, fig, &other, theirs_fig) {
            continue;
        }
        if !rest_agrees(draft, si, fig, &other) {
            continue;
        }
        if !others_told(corpus, draft, si, fig, &cf) {
            continue;
        }
        if archive_varies(corpus, &cands, support, &cf) {
            continue;
        }
        if moment_bound(corpus, draft, si, &st.text, cf.sentence.article) {
            continue;
        }
        if dated_apart(
            corpus,
            draft,
            si,
            fig,
            &other,
            theirs_fig,
            cf.sentence.article,
        ) {
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

/// A number that labels an item ("band three bank bills", "phase two")
/// rather than counting it: the word before it says so
/// ([`lx::is_label_word`]).
fn labelled(draft: &Doc, fig: &Figure) -> bool {
    let before = draft.text[..fig.span.start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    lx::is_label_word(&word.to_lowercase())
}

/// The corpus figures that may state `fig`, best first, and those of them
/// found by the figure's clause ([`frame_words`]) rather than its whole
/// sentence. A draft sentence often retells one clause of an archive
/// sentence among others ("He is unlikely to be fit for the Australian
/// Open, which begins on 17 January in Melbourne"): the sentences share
/// too little as a whole, the clauses nearly all their words. Asked only
/// where no sentence shares enough (`need`): a sentence that does is the
/// better witness.
fn candidates(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    fig: &Figure,
    content: &[String],
    need: f32,
) -> (Vec<(FigureId, f32)>, Vec<FigureId>) {
    let mut cands = corpus.figures_for(content, fig);
    let mut framed = Vec::new();
    let frame = frame_words(draft, fig);
    if frame.len() < FRAME_MIN_WORDS || cands.first().is_some_and(|c| c.1 >= need) {
        return (cands, framed);
    }
    for (id, s) in corpus.figures_for(&frame, fig) {
        if s < SAME_CLAIM {
            continue;
        }
        match cands.iter_mut().find(|c| c.0 == id) {
            Some(c) if c.1 >= s => {}
            Some(c) => {
                c.1 = s;
                framed.push(id);
            }
            None => {
                cands.push((id, s));
                framed.push(id);
            }
        }
    }
    cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    (cands, framed)
}

/// Clause words ([`clause_words`]) a year or month must share with the
/// archive's to be the same fact without a name in common: two are often
/// a set phrase ("last year", "the end of"), three a clause. Fitted on
/// generated Reuters and BBC sets (3 and 4 found the same).
const CLAUSE_TIE: usize = 3;

/// The draft's year or month and the archive's are stated in one clause
/// ([`CLAUSE_TIE`] words in common). Not a date with a day: a day names one
/// occasion, and a weekly tender or a monthly meeting shares its clause
/// with every other occasion.
fn clause_tie(draft: &Doc, fig: &Figure, other: &Doc, cf: &Figure) -> bool {
    let dayless = |f: &Figure| matches!(f.kind, FigureKind::Date { day: None, .. });
    if !dayless(fig) || !dayless(cf) {
        return false;
    }
    let theirs = clause_words(other, cf);
    let shared = clause_words(draft, fig)
        .iter()
        .filter(|w| theirs.contains(w))
        .count();
    shared >= CLAUSE_TIE
}

/// The content stems of a figure's clause ([`frame_words`] without the noun).
fn clause_words(d: &Doc, f: &Figure) -> Vec<String> {
    let mut out = words_around(d, f, FRAME_WORDS, 2, &clause_open(d));
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a token keeps a clause open: anything but a stronger break
/// than a comma (`;`, `:`, brackets, a dash).
fn clause_open(d: &Doc) -> impl Fn(&Token) -> bool + '_ {
    move |t: &Token| {
        t.kind != Kind::Punct
            || !matches!(
                t.text(&d.text),
                ";" | ":" | "(" | ")" | "-" | "\u{2013}" | "\u{2014}"
            )
    }
}

/// Content words each side of a figure that make its clause: enough for
/// "the Australian Open, which begins on [17 January] in Melbourne", few
/// enough to stay out of the sentence's other clauses.
const FRAME_WORDS: usize = 5;
/// A clause of one content word ("in [2004]") says too little to match
/// on alone (and a match on one shared word scores at most 0.3 anyway).
const FRAME_MIN_WORDS: usize = 2;

/// The figure's clause as content stems: up to [`FRAME_WORDS`] each side,
/// not past a stronger break than a comma (`;`, `:`, brackets, a dash),
/// with the noun counted.
fn frame_words(d: &Doc, f: &Figure) -> Vec<String> {
    let mut out = words_around(d, f, FRAME_WORDS, 2, &clause_open(d));
    out.extend(f.noun.clone());
    out.sort_unstable();
    out.dedup();
    out
}

/// Content stems each side of figure `f` (up to `take` a side, nearest
/// first), walking out while `open` holds; words shorter than `min_len`,
/// stopwords, numbers and months are passed over.
fn words_around(
    d: &Doc,
    f: &Figure,
    take: usize,
    min_len: usize,
    open: &dyn Fn(&Token) -> bool,
) -> Vec<String> {
    let Some(s) = d.sentences.get(f.sentence) else {
        return Vec::new();
    };
    let toks = &s.tokens;
    let first = toks.partition_point(|t| t.span.end <= f.span.start);
    let last = toks.partition_point(|t| t.span.start < f.span.end);
    let word = |t: &Token| -> Option<String> {
        let w = lx::normalise(t.text(&d.text));
        let plain = t.kind == Kind::Word
            && w.len() >= min_len
            && !lx::is_stopword(&w)
            && lx::number_word(&w).is_none()
            && lx::month(&w).is_none();
        plain.then(|| lx::stem(&w))
    };
    let side = |it: &mut dyn Iterator<Item = &Token>| -> Vec<String> {
        it.take_while(|t| open(t))
            .filter_map(word)
            .take(take)
            .collect()
    };
    let mut out = side(&mut toks[..first.min(toks.len())].iter().rev());
    out.extend(side(&mut toks[last.min(toks.len())..].iter()));
    out
}

/// The figure of one corpus sentence (`theirs`) that states the same slot
/// as the draft's `fig`, one of the draft sentence's figures of its kind
/// (`mine`, in order). With one on each side, that one; with as many on
/// each side and all the others agreeing, the one in the same place;
/// otherwise the one whose slot words `fig` shares most, when `fig` is in
/// turn the draft figure that shares most with it, both strictly, and no
/// other draft figure states its value ("240,000 tons of zinc and 110,000
/// tons of lead, while the mine produced 2.6 mln tons of ore" against a
/// sentence on the ore alone). Anything less is a guess.
fn counterpart(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    fig: &Figure,
    mine: &[&Figure],
    mut theirs: Vec<CorpusFigure>,
) -> Option<CorpusFigure> {
    theirs.sort_by_key(|c| (c.figure.span.start, c.id));
    theirs.dedup_by_key(|c| c.id);
    let k = mine.iter().position(|g| std::ptr::eq(*g, fig))?;
    if theirs.len() == 1 && mine.len() == 1 {
        return theirs.pop();
    }
    let in_place = mine
        .iter()
        .zip(&theirs)
        .enumerate()
        .all(|(j, (g, c))| j == k || c.figure.compatible(g));
    if theirs.len() == mine.len() && in_place {
        return Some(theirs.swap_remove(k));
    }
    let their_slots = corpus_slots(corpus, &theirs)?;
    let my_slots: Vec<Vec<String>> = mine.iter().map(|g| slot_and_noun(draft, g)).collect();
    let shared = |a: &[String], b: &[String]| a.iter().filter(|w| b.contains(w)).count();
    let c = strict_best(their_slots.iter().map(|t| shared(&my_slots[k], t)))?;
    let back = strict_best(my_slots.iter().map(|m| shared(m, &their_slots[c])))?;
    let alone = mine
        .iter()
        .enumerate()
        .all(|(j, g)| j == k || !agrees(&theirs[c].figure, g));
    (back == k && alone).then(|| theirs.swap_remove(c))
}

/// The position of the one highest score, when it is above zero and no
/// other score equals it.
fn strict_best(scores: impl Iterator<Item = usize>) -> Option<usize> {
    let scores: Vec<usize> = scores.collect();
    let top = *scores.iter().max()?;
    let at = scores.iter().position(|&s| s == top)?;
    (top > 0 && scores.iter().filter(|&&s| s == top).count() == 1).then_some(at)
}

/// A figure's slot words and the noun it counts.
fn slot_and_noun(d: &Doc, f: &Figure) -> Vec<String> {
    let mut words = slot_words(d, f);
    words.extend(f.noun.clone());
    words
}

/// The slot words of figures of one corpus sentence, from the sentence
/// analysed once; none when the sentence cannot be read.
fn corpus_slots(corpus: &dyn CorpusQuery, theirs: &[CorpusFigure]) -> Option<Vec<Vec<String>>> {
    let first = theirs.first()?;
    let st = corpus.statement(first.sentence)?;
    let other = Doc::parse(&st.text, crate::text::Format::Plain);
    let at = corpus.sentence_source(first.sentence).span.start;
    let slots = theirs
        .iter()
        .map(|c| {
            found_again(&other, at, c)
                .map(|f| slot_and_noun(&other, f))
                .unwrap_or_default()
        })
        .collect();
    Some(slots)
}

/// A corpus figure found again in its sentence analysed alone (`other`,
/// which starts at byte `at` of its article): by its span, or by its text.
fn found_again<'a>(other: &'a Doc, at: usize, cf: &CorpusFigure) -> Option<&'a Figure> {
    let rel = cf.figure.span.start.saturating_sub(at)..cf.figure.span.end.saturating_sub(at);
    other
        .figures
        .iter()
        .find(|f| f.span == rel || f.text == cf.figure.text)
}

/// Both sentences name people, and none in common: two people's figures
/// ("Davenport won the 2000 Australian Open", "Serena Williams won the 2003
/// Australian Open"), not one fact told two ways. The draft's people are
/// those of its sentence and the one before it in the paragraph.
fn person_clash(corpus: &dyn CorpusQuery, draft: &Doc, si: usize, theirs: &[EntityId]) -> bool {
    let person = |e: &EntityId| {
        corpus
            .entity(*e)
            .is_some_and(|x| x.kind == crate::corpus::EntityKind::Person)
    };
    let their_people: Vec<&EntityId> = theirs.iter().filter(|e| person(e)).collect();
    if their_people.is_empty() {
        return false;
    }
    let mine: Vec<EntityId> = local_entities(corpus, draft, si)
        .into_iter()
        .filter(person)
        .collect();
    !mine.is_empty() && !their_people.iter().any(|e| mine.contains(e))
}

/// The entities the draft names in sentence `si` and the one before it in
/// its paragraph (first names and capitalised sentence openers aside).
fn local_entities(corpus: &dyn CorpusQuery, draft: &Doc, si: usize) -> Vec<EntityId> {
    let block = draft.sentences[si].block;
    let near = |k: usize| k == si || (k + 1 == si && draft.sentences[k].block == block);
    let mut out: Vec<EntityId> = draft
        .mentions
        .iter()
        .filter(|m| near(m.sentence) && !(m.initial && lx::is_english_word(&m.form)))
        .filter_map(|m| corpus.spelling(&m.form))
        .filter(|s| s.kind != crate::corpus::EntityKind::GivenName)
        .map(|s| s.entity)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A list has at least this many names.
const LIST_NAMES: usize = 5;

/// A sentence that is mostly names (a team line-up, a list of winners):
/// its numbers are minutes, places and scores in a list, no claim.
fn name_list(d: &Doc, si: usize) -> bool {
    let words = d.sentences[si]
        .tokens
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .count();
    let names = d.mentions.iter().filter(|m| m.sentence == si).count();
    names >= LIST_NAMES && names * 2 >= words
}

/// The draft's distinctive names as entities ([`crate::checks::distinctive`], not a
/// word written with a capital): a figure's sentence leans on its story's
/// names ("the company").
pub(super) fn draft_entities(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
) -> Vec<crate::corpus::EntityId> {
    let mut forms: Vec<(&str, bool)> = draft
        .mentions
        .iter()
        .map(|m| (m.form.as_str(), m.initial || m.heading))
        .collect();
    forms.sort_unstable();
    forms.dedup_by(|a, b| {
        a.0 == b.0 && {
            b.1 &= a.1;
            true
        }
    });
    let mut out: Vec<crate::corpus::EntityId> = forms
        .into_iter()
        .filter_map(|(f, opening)| {
            let s = corpus.spelling(f)?;
            let word = crate::model::lexicon::is_english_word(f);
            (!word || (!opening && named_word(corpus, &s))).then_some(s)
        })
        .filter(|s| crate::checks::distinctive(corpus, s))
        .map(|s| s.entity)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A dictionary word the archive uses as a name ("Cominco's Trail
/// smelter", "Holiday Inns"): it knows what the name is (a person, an
/// organisation or a place) and writes it capitalised mid-sentence at
/// least as often as in lower case. "Grand Slam" is neither.
fn named_word(corpus: &dyn CorpusQuery, s: &crate::corpus::query::Spelling) -> bool {
    use crate::corpus::EntityKind as K;
    matches!(s.kind, K::Person | K::Organisation | K::Place)
        && s.count >= corpus.lower_case_count(&s.form.to_lowercase())
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
    let mine = &draft.text[draft.sentences[si].range.clone()];
    let year_named = |t: &str| lx::relative_year(t);
    (!matches!(fig.kind, FigureKind::Date { .. }) && year_named(mine) != year_named(&other.text))
        || apart(&years(draft, fig, Some(si)), &years(other, cf, None))
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
    corpus_slots(corpus, std::slice::from_ref(cf))?.pop()
}

fn slot_words(d: &Doc, f: &Figure) -> Vec<String> {
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
    let mut out = words_around(d, f, SLOT_WORDS, 0, &free);
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

/// How many sentences either side of the corpus figure's the story's
/// other figures may be told in (a paragraph's worth).
const NEAR_SENTENCES: u32 = 3;

/// The draft sentence's other figures are told near the corpus figure
/// ("240,000 tons of zinc and 110,000 of lead, while the mine produced
/// 2.6 mln tons of ore" against a story giving all three, the ore in a
/// sentence of its own): the draft retells that passage, and its one
/// figure that differs is misstated. A sentence whose other figures the
/// passage does not give ("a poll of 20,000 people in 20 countries"
/// against "people in 13 countries believed…") is about something else.
fn others_told(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    si: usize,
    fig: &Figure,
    cf: &CorpusFigure,
) -> bool {
    let others: Vec<&Figure> = in_sentence(draft, si)
        .iter()
        .filter(|g| !std::ptr::eq(*g, fig) && !g.vague)
        .filter(|g| !matches!(g.kind, FigureKind::Date { .. }))
        .collect();
    if others.is_empty() {
        return true;
    }
    let at = cf.sentence.index;
    let near: Vec<CorpusFigure> = (at.saturating_sub(NEAR_SENTENCES)..=at + NEAR_SENTENCES)
        .map(|index| crate::corpus::SentenceId {
            index,
            ..cf.sentence
        })
        .flat_map(|s| corpus.sentence_figures(s))
        .filter_map(|i| corpus.figure(i))
        .collect();
    let told = others
        .iter()
        .filter(|g| near.iter().any(|h| agrees(&h.figure, g)))
        .count();
    told * 2 >= others.len() && told > 0
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
    let rounded = |f: &Figure| significant_digits(&f.text) <= ROUNDED_DIGITS;
    let close = (x - y).abs() <= ROUNDING * x.max(y) && rounded(a) && rounded(b);
    // A number stands for any value that rounds to it at its last written
    // digit ("5 mln" for 5.4 mln, "10.4 billion" for 10.45 billion).
    let rounds = |short: &Figure, exact: f64| {
        unit_of(short).is_some_and(|u| (short.value.abs() - exact).abs() <= 0.5 * u * (1.0 + 1e-9))
    };
    a.comparable(b) && (close || rounds(a, y) || rounds(b, x))
}

/// A number written with more significant digits than this is exact
/// ("9,309,394 shares"), not one value rounded two ways: rounding
/// variants in an archive are short ("31", "31.2", "31.4 per cent").
const ROUNDED_DIGITS: usize = 3;

/// Significant digits of the number as written ("31.4" 3, "9,309,394"
/// 7, "300" 1, "0.046" 2).
fn significant_digits(text: &str) -> usize {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let digits = digits.trim_end_matches('.');
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all = format!("{whole}{frac}");
    let lead = all.trim_start_matches('0');
    if frac.is_empty() {
        lead.trim_end_matches('0').len().max(1)
    } else {
        lead.len().max(1)
    }
}

/// Whether the corpus figure `theirs` bears out the draft's `mine`: they
/// agree ([`agrees`]), and a bound or estimate the draft writes is a fair
/// one for the corpus's value. "More than 180" is true of 300 but no fair
/// account of it, and two estimates each ±12% ("about 9,000", "about
/// 11,200") state two different numbers.
fn supports(theirs: &Figure, mine: &Figure) -> bool {
    if !agrees(theirs, mine) {
        return false;
    }
    // A date bears out another only by a part both write: "by 1990" says
    // nothing of "on December 19".
    if matches!(theirs.kind, FigureKind::Date { .. }) {
        return same_parts(theirs, mine);
    }
    if mine.vague
        || theirs.vague
        || !matches!(
            mine.kind,
            FigureKind::Count
                | FigureKind::Money(_)
                | FigureKind::Percent
                | FigureKind::Measure
                | FigureKind::Duration
        )
    {
        return true;
    }
    let (x, v) = (mine.value.abs(), theirs.value.abs());
    match (mine.qualifier, theirs.qualifier) {
        (Some("more than" | "at least"), None) => x >= (round_down(v)).min(v / BOUND_RATIO),
        (Some("up to" | "at most" | "fewer than"), None) => x <= round_up(v).max(v * BOUND_RATIO),
        (Some("about" | "nearly"), Some("about" | "nearly")) => {
            (x - v).abs() <= ESTIMATE * x.max(v)
        }
        _ => true,
    }
}

/// Two figures say something of one another: not two dates that share
/// no written part ("in 2003", "on 18 February").
fn same_parts(a: &Figure, b: &Figure) -> bool {
    match (&a.kind, &b.kind) {
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
            (y1.is_some() && y2.is_some())
                || (m1.is_some() && m2.is_some())
                || (d1.is_some() && d2.is_some())
        }
        _ => true,
    }
}

/// A bound this far from the value ("more than 200" for 300) still gives
/// its size; further ("more than 180" for 300) it misstates it, unless it
/// is the value rounded at its first digit ("more than 100" for 190).
const BOUND_RATIO: f64 = 1.5;
/// Two estimates of one number lie within the tolerance of one of them
/// (the ±12% a figure's "about" allows, [`crate::model::Figure::lo`]).
const ESTIMATE: f64 = 0.12;

/// `v` rounded down at its first significant digit (190 → 100, 9,309 → 9,000).
fn round_down(v: f64) -> f64 {
    if v <= 0.0 {
        return 0.0;
    }
    let unit = 10f64.powf(v.log10().floor());
    (v / unit).floor() * unit
}

/// `v` rounded up at its first significant digit (310 → 400, 300 → 300).
fn round_up(v: f64) -> f64 {
    if v <= 0.0 {
        return 0.0;
    }
    let unit = 10f64.powf(v.log10().floor());
    (v / unit - 1e-9).ceil() * unit
}

/// The value of a number's last digit as written ("5 mln": a million;
/// "31": one; "10.4 billion": a hundred million; "51.86": a hundredth).
fn unit_of(f: &Figure) -> Option<f64> {
    let digits: String = f
        .text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let digits = digits.trim_end_matches('.');
    let decimals = digits.split_once('.').map_or(0, |(_, frac)| frac.len());
    let n: f64 = digits.parse().ok()?;
    let decimals = i32::try_from(decimals).ok()?;
    (n > 0.0).then(|| f.value.abs() / n * 10f64.powi(-decimals))
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

/// A story's date: (month, day).
type MonthDay = (u8, u8);

/// The draft's and the corpus article's own dates (their wire datelines), where given.
/// Each is (month, day).
fn story_dates(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    article: crate::corpus::ArticleId,
) -> (Option<MonthDay>, Option<MonthDay>) {
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
    let s = &draft.sentences[si];
    let mine_text = &draft.text[s.range.clone()];
    let any = |text: &str, test: fn(&str) -> bool| {
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .map(str::to_lowercase)
            .any(|w| test(&w))
    };
    // A market level (a price quoted, an index, a rate) changes from one
    // report to the next, several a day: never a fixed fact.
    if any(mine_text, lx::market_level_word) || any(corpus_sentence, lx::market_level_word) {
        return true;
    }
    // The draft's "yesterday" dates the event it retells; the archive's
    // dates its own story, whose "yesterday" may be another week's.
    let recurring = |w: &str| lx::relative_time_word(w) && !lx::day_word(w);
    if !any(mine_text, recurring) && !any(corpus_sentence, lx::relative_time_word) {
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

#[cfg(test)]
mod tests {
    use super::labelled;
    use crate::{Doc, Format};

    #[test]
    fn a_number_after_a_label_word_labels_an_item() {
        let d = Doc::parse(
            "It bought three mln stg of bank bills in band one and 63 mln stg of band three bank bills.",
            Format::Plain,
        );
        let read: Vec<(&str, bool)> = d
            .figures
            .iter()
            .map(|f| (f.text.as_str(), labelled(&d, f)))
            .collect();
        assert!(
            read.iter().any(|&(t, l)| t.starts_with("three") && !l),
            "{read:?}"
        );
        assert!(
            read.iter().any(|&(t, l)| t.starts_with("63") && !l),
            "{read:?}"
        );
        assert!(read.contains(&("three", true)), "{read:?}");
    }
}
