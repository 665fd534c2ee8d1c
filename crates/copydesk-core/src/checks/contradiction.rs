//! `contradiction`: a draft statement the corpus states differently — a
//! number, date or duration outside what the corpus allows, or a flipped
//! polarity (confirmed vs denied, "is" vs "is not"). The corpus statement is
//! found by what the sentences share (weighted content words, the noun
//! counted), never by position. Where the corpus disagrees with itself the
//! draft gets a `corpus-conflict` hint naming both sources instead.

use super::Options;
use crate::corpus::query::{CorpusQuery, RoleFact};
use crate::finding::{Code, Finding};
use crate::model::figures::FigureKind;
use crate::model::lexicon::{is_affirmation, is_denial, is_negator, stem};
use crate::model::Doc;
use crate::text::tokens::{Kind, Token, tokenize};

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
/// Polarity is compared only between near-identical sentences.
const SAME_SENTENCE: f32 = 0.75;

/// Polarity contradictions of sentence `si`: they depend on its words alone.
pub fn check_sentence(corpus: &dyn CorpusQuery, draft: &Doc, si: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    polarity(corpus, draft, si, &mut out);
    out
}

/// Figure contradictions: each figure against the corpus statement about
/// the same event, which takes the draft's names and the sentence before
/// (so they are checked on the whole draft, not sentence by sentence).
pub fn check_figures(corpus: &dyn CorpusQuery, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut si = usize::MAX;
    let names = draft_entities(corpus, draft);
    for f in &draft.figures {
        if f.sentence != si {
            si = f.sentence;
            figures(corpus, draft, &names, si, &mut out);
        }
    }
    out
}

/// Contradictions that depend on the whole draft: roles (whether a name is
/// a person's may be settled in another sentence).
pub fn check_document(corpus: &dyn CorpusQuery, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    roles(corpus, draft, &mut out);
    out
}

/// A person given another person's title or organisation: "Alexandra
/// Garmazhapova, head of Gulagu.net" where the corpus has her as head of the
/// Free Buryatia Foundation and Gulagu.net as Osechkin's group.
fn roles(corpus: &dyn CorpusQuery, draft: &Doc, out: &mut Vec<Finding>) {
    let n = corpus.article_count();
    let canonical = |w: &str| corpus.canonical(w).unwrap_or_else(|| w.to_string());
    // Names in every article (Russia, Kremlin) say nothing about a role.
    let generic = |w: &str| corpus.spelling(w).is_some_and(|s| n >= 3 && s.articles as usize >= n);
    for r in crate::model::roles::extract(draft) {
        let m = &draft.mentions[r.person];
        let form = &m.form;
        let Some(sp) = corpus.spelling(form) else { continue };
        // The same person: written with a first name the corpus gives this
        // surname (its roles then come by that first name, below).
        let Some(first) = crate::model::roles::given_mention(draft, r.person).map(|p| &draft.mentions[p].form) else { continue };
        let total: u32 = sp.given.iter().map(|g| g.1).sum();
        let with: u32 = sp.given.iter().filter(|g| &g.0 == first).map(|g| g.1).sum();
        if with == 0 {
            continue;
        }
        // A role phrase that runs into a verb ("The mayor accused", "said
        // Gartner's analyst") is not a role.
        let text = &draft.text[r.span.clone()];
        // "… and the Palestinian leader Mahmoud Abbas": a role after "and" is the next person's.
        if text.starts_with("and ") || text.starts_with("or ") {
            continue;
        }
        if text.split(|c: char| !c.is_alphanumeric()).any(|w| crate::model::lexicon::is_attribution(&w.to_lowercase()) || w == "accused" || w == "election") {
            continue;
        }
        let e = sp.entity;
        // The roles of this person: those the corpus gives with this first
        // name; or, where most bearers of the surname have it, all of them.
        let all = corpus.roles_of(e);
        let majority = with * 2 >= total;
        let named: Vec<RoleFact> = all.iter().filter(|x| x.given.as_ref() == Some(first)).cloned().collect();
        let posts = if !named.is_empty() { &named } else if majority { &all } else { &named };
        if let Some(cr) = other_post(&r, posts).or_else(|| other_org(corpus, e, &r, posts)) {
            let name = corpus.entity(e).map_or_else(|| form.clone(), |x| x.canonical);
            let msg = format!("‘{}’ — the corpus gives {name} as ‘{}’ ({})", &draft.text[r.span.clone()], cr.text, corpus.article_path(cr.source.article));
            out.push(Finding::new(Code::Contradiction, r.span.clone(), msg).with_sources([cr.source.clone()]));
            continue;
        }
        // Titles and organisations: only where most bearers of the surname
        // have this first name (the corpus's role phrases vary more than posts).
        let mine = all;
        if !majority || mine.is_empty() {
            continue;
        }
        let my_orgs: Vec<&String> = mine.iter().flat_map(|x| &x.orgs).collect();
        // Nationality adjectives (Argentine, Palestinian) say where, not which organisation.
        let adjective = |o: &str| crate::model::lexicon::is_demonym(o) || ["ian", "ean", "ese", "ish", "ine", "an"].iter().any(|x| o.ends_with(x));
        let orgs: Vec<String> = r.orgs.iter().filter(|o| !generic(o) && !adjective(o)).map(|o| canonical(o)).collect();
        let org_hit = orgs.iter().any(|o| my_orgs.contains(&o));
        let title_hit = mine.iter().any(|x| r.titles.iter().any(|t| x.titles.contains(t)));
        let foreign_org = orgs.iter().find(|o| !my_orgs.contains(o) && corpus.roles_with_org(o).iter().any(|x| x.entity != e));
        let foreign_title = !title_hit && corpus.roles_with_title(&r.title).iter().any(|x| x.entity != e && x.titles.contains(&r.title));
        let wrong = (!orgs.is_empty() && !org_hit && foreign_org.is_some()) || (!org_hit && foreign_title && orgs.is_empty());
        if !wrong {
            continue;
        }
        let cr = &mine[0];
        let name = corpus.entity(e).map_or_else(|| form.clone(), |x| x.canonical);
        let msg = format!(
            "‘{}’ — the corpus gives {name} as ‘{}’ ({})",
            &draft.text[r.span.clone()],
            cr.text,
            corpus.article_path(cr.source.article)
        );
        out.push(Finding::new(Code::Contradiction, r.span.clone(), msg).with_sources([cr.source.clone()]));
    }
}

/// A post the corpus gives this person instead of the draft's: the draft
/// names a specific post ("chief operating officer"), the corpus never
/// gives the person that post, and every post it gives them in the same
/// tense (current, or "former") at the same organisation is another one.
fn other_post<'a>(r: &crate::model::roles::Role, mine: &'a [RoleFact]) -> Option<&'a RoleFact> {
    let post = r.post.as_ref()?;
    if mine.iter().any(|x| x.post.as_ref() == Some(post)) {
        return None;
    }
    let same_place = |x: &RoleFact| (x.orgs.is_empty() && r.orgs.is_empty()) || share_org(&x.orgs, &r.orgs);
    let others: Vec<&RoleFact> = mine.iter().filter(|x| x.post.is_some() && x.former == r.former).collect();
    (!others.is_empty() && others.iter().all(|x| same_place(x))).then(|| others[0])
}

/// The draft's post at another organisation: the corpus gives the person
/// this post only at other organisations, and gives one of the draft's
/// organisations to someone else ("director general of the TUC" for the
/// CBI's director general).
fn other_org<'a>(corpus: &dyn CorpusQuery, e: crate::corpus::EntityId, r: &crate::model::roles::Role, mine: &'a [RoleFact]) -> Option<&'a RoleFact> {
    let post = r.post.as_ref()?;
    let held: Vec<&RoleFact> = mine.iter().filter(|x| x.post.as_ref() == Some(post)).collect();
    if held.is_empty() || held.iter().any(|x| x.orgs.is_empty() || share_org(&x.orgs, &r.orgs)) {
        return None;
    }
    let foreign = r.orgs.iter().any(|o| !mine.iter().any(|x| share_org(&x.orgs, std::slice::from_ref(o))) && corpus.roles_with_org(o).iter().any(|x| x.entity != e));
    foreign.then(|| held[0])
}

/// The two lists name an organisation in common, however capitalised (WorldCom, Worldcom).
fn share_org(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.eq_ignore_ascii_case(y)))
}

fn figures(corpus: &dyn CorpusQuery, draft: &Doc, names: &[crate::corpus::EntityId], si: usize, out: &mut Vec<Finding>) {
    let a = draft.figures.partition_point(|f| f.sentence < si);
    let b = draft.figures.partition_point(|f| f.sentence <= si);
    if a == b {
        return;
    }
    let content = &draft.sentences[si].content;
    for fig in &draft.figures[a..b] {
        let cands = corpus.figures_for(content, fig);
        let Some(&(best, score)) = cands.first() else { continue };
        // Dates are everywhere; ask more of them.
        let need = if matches!(fig.kind, FigureKind::Date { .. }) { SAME_CLAIM + 0.15 } else { SAME_CLAIM };
        if score < need {
            continue;
        }
        // A figure the corpus states alike, about as relevant as the best
        // match, supports the draft.
        let support = SUPPORT.max(score - 0.2);
        if cands.iter().any(|&(i, s)| s >= support && corpus.figure(i).is_some_and(|c| c.figure.compatible(fig))) {
            continue;
        }
        let Some(cf) = corpus.figure(best) else { continue };
        // Several figures of one kind in the sentence ("in 52 days, 102 days
        // faster"): each stands for the corpus sentence's figure in the same
        // place, when it states as many and all the others agree; otherwise
        // which is which is a guess, and a guess is no contradiction.
        let mine: Vec<&crate::model::Figure> = draft.figures[a..b].iter().filter(|g| g.comparable(fig)).collect();
        let cf = if mine.len() > 1 {
            let mut theirs: Vec<_> = cands.iter().filter_map(|&(i, _)| corpus.figure(i)).filter(|c| c.sentence == cf.sentence).collect();
            theirs.sort_by_key(|c| (c.figure.span.start, c.id));
            theirs.dedup_by_key(|c| c.id);
            let Some(k) = mine.iter().position(|g| std::ptr::eq(*g, fig)) else { continue };
            let others_agree = mine.iter().zip(&theirs).enumerate().all(|(j, (g, c))| j == k || c.figure.compatible(g));
            if theirs.len() != mine.len() || !others_agree {
                continue;
            }
            theirs.swap_remove(k)
        } else {
            cf
        };
        // A misstated figure stays near the true one ($840,000 for $480,000,
        // 102 days for 52); figures further apart are about other things.
        let (x, y) = (fig.value.abs(), cf.figure.value.abs());
        // Unless the sentences are near copies ("16 more had signed" for "another 60").
        if !matches!(fig.kind, FigureKind::Date { .. }) && x.min(y) > 0.0 && x.max(y) / x.min(y) > MAX_RATIO && score < NEAR_COPY {
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
                let prev = si.checked_sub(1).filter(|&p| draft.sentences[p].block == s.block);
                s.content.contains(y) || prev.is_some_and(|p| draft.sentences[p].content.contains(y))
            }
            (Some(_), None) => false,
        };
        if !nouns_agree {
            continue;
        }
        // About the same event: the corpus sentence names one of the draft's
        // distinctive entities, and no year that differs.
        let Some(st) = corpus.statement(cf.sentence) else { continue };
        // A corpus sentence naming someone the draft does not is about
        // another event; one that names no one ("he told the court") must
        // share most of the draft sentence's words.
        let theirs = corpus.sentence_entities(cf.sentence);
        let same_event = if theirs.is_empty() { score >= SAME_WORDS } else { theirs.iter().any(|e| names.contains(e)) };
        if !same_event || other_year(draft, si, &st.text) {
            continue;
        }
        let src = corpus.sentence_source(cf.sentence);
        let path = corpus.article_path(cf.sentence.article);
        if let Some(of) = corpus.conflicts_of(best).first().and_then(|&o| corpus.figure(o)) {
            let msg = format!(
                "‘{}’ — the sources disagree here: {path} says ‘{}’, {} says ‘{}’",
                fig.text,
                cf.figure.text,
                corpus.article_path(of.sentence.article),
                of.figure.text
            );
            out.push(Finding::new(Code::CorpusConflict, fig.span.clone(), msg).with_sources([src, corpus.sentence_source(of.sentence)]));
            continue;
        }
        let msg = format!("‘{}’ — the corpus says ‘{}’ ({path})", fig.text, cf.written);
        out.push(Finding::new(Code::Contradiction, fig.span.clone(), msg).with_suggestion(cf.written.clone()).with_sources([src]));
    }
}

/// What sets a sentence's polarity, in the clauses that share a claim word
/// with the other sentence (a "not" in another clause does not count).
#[derive(Default)]
struct Polarity {
    /// Denial verbs ("denies") and affirmation verbs ("confirmed").
    denials: Vec<std::ops::Range<usize>>,
    affirmations: Vec<std::ops::Range<usize>>,
    /// "not", "never", "n't", "without" …
    negations: Vec<std::ops::Range<usize>>,
    /// Words with an opposite ("acquitted" / "convicted"): group, pole, span.
    poles: Vec<(u8, bool, std::ops::Range<usize>)>,
}

fn polarity_of(masked: &str, tokens: &[Token], other: &[String]) -> Polarity {
    let mut clauses: Vec<Vec<&Token>> = vec![Vec::new()];
    for t in tokens {
        let w = t.text(masked).to_lowercase();
        if matches!(w.as_str(), "," | ";" | ":" | "—" | "but" | "although" | "while" | "however" | "whereas") {
            clauses.push(Vec::new());
        }
        if let Some(c) = clauses.last_mut() {
            c.push(t);
        }
    }
    let mut p = Polarity::default();
    let mut about = false;
    for clause in clauses {
        let words: Vec<(String, std::ops::Range<usize>)> = clause
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| (crate::model::lexicon::normalise(t.text(masked)), t.span.clone()))
            .collect();
        // A clause about the same claim; one with no content words of its
        // own ("…, Richard Rutkowski, was also convicted") continues the last.
        let content = words.iter().any(|(w, _)| !crate::model::lexicon::is_stopword(w) && crate::model::lexicon::polarity_pole(w).is_none() && !is_negator(w));
        if content {
            about = words.iter().any(|(w, _)| other.contains(&stem(w)));
        }
        if !about {
            continue;
        }
        for (w, span) in &words {
            if is_denial(w) {
                p.denials.push(span.clone());
            } else if is_affirmation(w) {
                p.affirmations.push(span.clone());
            } else if is_negator(w) || w.ends_with("n't") {
                p.negations.push(span.clone());
            } else if let Some((g, pole)) = crate::model::lexicon::polarity_pole(w) {
                p.poles.push((g, pole, span.clone()));
            }
        }
    }
    p
}

/// The span in the draft where it says the opposite of the corpus, if it does.
fn opposite(d: &Polarity, c: &Polarity) -> Option<std::ops::Range<usize>> {
    // "confirmed" against "denies", and the other way round.
    if !d.affirmations.is_empty() && !c.denials.is_empty() && d.denials.is_empty() && c.affirmations.is_empty() {
        return d.affirmations.first().cloned();
    }
    if !d.denials.is_empty() && !c.affirmations.is_empty() && d.affirmations.is_empty() && c.denials.is_empty() {
        return d.denials.first().cloned();
    }
    // "was convicted" against "was acquitted", "cut" against "raised": one
    // pole in the draft, only the other in the corpus, of one group.
    let has = |p: &Polarity, g: u8, pole: bool| p.poles.iter().any(|x| x.0 == g && x.1 == pole);
    d.poles.iter().find(|(g, pole, _)| has(c, *g, !*pole) && !has(c, *g, *pole) && !has(d, *g, !*pole)).map(|x| x.2.clone())
}

fn polarity(corpus: &dyn CorpusQuery, draft: &Doc, si: usize, out: &mut Vec<Finding>) {
    let s = &draft.sentences[si];
    if s.claim.len() < 3 {
        return;
    }
    // The whole sentence; then, where a sentence joins a claim to more
    // ("X opposed the return of the four, saying…"), the sentence up to the
    // end of each clause that holds a polarity word.
    let masked = &draft.prose.masked;
    let mut parts: Vec<(Vec<String>, usize)> = vec![(s.claim.clone(), s.tokens.len())];
    let words: Vec<Option<String>> = s.tokens.iter().map(|t| (t.kind == Kind::Word).then(|| crate::model::lexicon::normalise(t.text(masked)))).collect();
    let stems: Vec<Option<String>> = words.iter().map(|w| w.as_deref().map(stem)).collect();
    for (ti, w) in words.iter().enumerate() {
        let Some(w) = w else { continue };
        if crate::model::lexicon::polarity_pole(w).is_none() && !is_denial(w) && !is_affirmation(w) {
            continue;
        }
        let end = (ti..s.tokens.len()).find(|&k| matches!(s.tokens[k].text(masked), "," | ";" | ":" | "—")).unwrap_or(s.tokens.len());
        let claim: Vec<String> = s.claim.iter().filter(|c| stems[..end].iter().any(|x| x.as_ref() == Some(*c))).cloned().collect();
        // A part of a sentence is one claim only when it names who: a
        // distinctive name ("Michael Ancram opposed…"), not "house prices fell".
        let until = s.tokens.get(end).map_or(s.range.end, |t| t.span.start);
        let named = draft.mentions.iter().filter(|m| m.sentence == si && m.span.end <= until).any(|m| corpus.spelling(&m.form).is_some_and(|sp| super::distinctive(corpus, &sp)));
        if named && claim.len() >= 3 && claim.len() < s.claim.len() && !parts.iter().any(|p| p.0 == claim) {
            parts.push((claim, end));
        }
    }
    for (claim, end) in parts {
        let Some((cs, _)) = corpus.statements_about(&claim, SAME_SENTENCE).into_iter().next() else { continue };
        let Some(st) = corpus.statement(cs) else { continue };
        let d = polarity_of(masked, &s.tokens[..end], &st.claim);
        let c = polarity_of(&st.text, &tokenize(&st.text, 0..st.text.len()), &claim);
        // Negations are compared only between near-identical claims
        // ("Russia is not alone" / "Russia is alone"): elsewhere their scope
        // is too uncertain to call.
        let near = corpus.similarity(&claim, &st.claim) >= 0.85 && corpus.similarity(&st.claim, &claim) >= 0.85;
        let span = match opposite(&d, &c) {
            Some(span) => span,
            None if near && d.negations.len() % 2 != c.negations.len() % 2 => d.negations.first().cloned().unwrap_or(s.range.clone()),
            None => continue,
        };
        report(corpus, draft, cs, span, out);
        return;
    }
}

fn report(corpus: &dyn CorpusQuery, draft: &Doc, cs: crate::corpus::query::SentenceId, span: std::ops::Range<usize>, out: &mut Vec<Finding>) {
    let src = corpus.sentence_source(cs);
    let msg = format!(
        "‘{}’ — the corpus says the opposite: “{}”",
        &draft.text[span.clone()],
        src.quote.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    out.push(Finding::new(Code::Contradiction, span, msg).with_sources([src]));
}

/// The draft's distinctive names as entities ([`super::distinctive`], not a
/// word written with a capital): a figure's sentence leans on its story's
/// names ("the company").
fn draft_entities(corpus: &dyn CorpusQuery, draft: &Doc) -> Vec<crate::corpus::EntityId> {
    let mut forms: Vec<&str> = draft.mentions.iter().map(|m| m.form.as_str()).filter(|f| !crate::model::lexicon::is_english_word(f)).collect();
    forms.sort_unstable();
    forms.dedup();
    let mut out: Vec<crate::corpus::EntityId> = forms
        .into_iter()
        .filter_map(|f| corpus.spelling(f))
        .filter(|s| super::distinctive(corpus, s))
        .map(|s| s.entity)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The two sentences are about different years: each names one, and none in common.
fn other_year(draft: &Doc, si: usize, corpus_sentence: &str) -> bool {
    let years = |figs: &mut dyn Iterator<Item = &crate::model::Figure>| -> Vec<u16> {
        figs.filter_map(|f| match f.kind {
            FigureKind::Date { year: Some(y), .. } => Some(y),
            _ => None,
        })
        .collect()
    };
    let mine = years(&mut draft.figures.iter().filter(|f| f.sentence == si));
    let other = Doc::parse(corpus_sentence, crate::text::Format::Plain);
    let theirs = years(&mut other.figures.iter());
    !mine.is_empty() && !theirs.is_empty() && !mine.iter().any(|y| theirs.contains(y))
}
