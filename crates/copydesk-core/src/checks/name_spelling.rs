//! `name-spelling`: a name spelled otherwise than the corpus spells it, a
//! first name that differs from the corpus person's, or a name the corpus
//! does not know that the draft itself spells two ways.
//!
//! Precision first. A spelling the corpus writes as a name of its own is
//! never called a misspelling (Clarke is not Clark, Browne is not Brown),
//! unless the corpus itself records it as a rare variant with evidence
//! (see [`crate::corpus::names`]). A spelling the corpus does not know is
//! flagged only when it is one edit (or one transliteration) from a name
//! the corpus writes, and the draft's context says it is that name: the
//! same first name, the same surname after it, the corpus spelling used
//! elsewhere in the draft, or [`COOCCURRING`] names the corpus mentions
//! together with it.

use super::Options;
use crate::corpus::names::{EntityId, EntityKind};
use crate::corpus::query::{CorpusQuery, Spelling};
use crate::finding::{Code, Finding};
use crate::model::lexicon::{self as lx, is_english_word};
use crate::model::names::{deletion_keys, derived, is_variant, skeleton};
use crate::model::{Doc, Mention, roles};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A name the corpus writes fewer times than this is too thin to correct a draft towards.
/// (Two: one copy may be the corpus's own slip.)
const MIN_TARGET: u32 = 2;
/// Named together with at least this many distinctive names of the draft
/// (in some corpus article), a near spelling is the same entity. One shared
/// name can be chance; two rarely are.
const COOCCURRING: usize = 2;

pub fn check(corpus: &dyn CorpusQuery, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let known = corpus.known_names_in(&draft.prose.masked);
    let in_known = |span: &Range<usize>| {
        let i = known.partition_point(|k| k.end < span.end);
        known
            .get(i)
            .is_some_and(|k| k.start <= span.start && span.end <= k.end)
    };
    let mut spellings: HashMap<&str, Option<Spelling>> = HashMap::new();
    for m in &draft.mentions {
        if !lx::never_a_name(&m.form) {
            spellings
                .entry(m.form.as_str())
                .or_insert_with(|| corpus.spelling(&m.form));
        }
    }
    let forms: HashSet<&str> = draft.mentions.iter().map(|m| m.form.as_str()).collect();
    let mut entities: Vec<EntityId> = spellings
        .values()
        .flatten()
        .filter(|s| super::distinctive(corpus, s))
        .map(|s| s.entity)
        .collect();
    entities.sort_unstable();
    entities.dedup();
    let ctx = Context {
        corpus,
        draft,
        forms,
        entities,
    };

    let mut out = Vec::new();
    let mut unknown: Vec<usize> = Vec::new();
    for (mi, m) in draft.mentions.iter().enumerate() {
        let Some(found) = spellings.get(m.form.as_str()) else {
            continue;
        };
        if in_known(&m.span) {
            continue;
        }
        let given = first_name_before(draft, m);
        match found {
            Some(sp) => {
                let target = match &sp.variant {
                    Some(why) => {
                        let Some(canon) = corpus
                            .entity(sp.entity)
                            .and_then(|e| corpus.spelling(&e.canonical))
                        else {
                            continue;
                        };
                        let same_first = given
                            .is_none_or(|g| canon.given.is_empty() || canon.has_given(&g.form));
                        // "Lord Hoffmann" is not a slip for Dustin Hoffman, whom no one calls Lord.
                        let same_title = title_before(draft, m).is_none_or(|t| {
                            plain_honorific(t)
                                || canon
                                    .titles
                                    .iter()
                                    .any(|x| x.0 == t.trim_end_matches('.').to_lowercase())
                        });
                        if same_first && same_title {
                            out.push(spelling(
                                corpus,
                                m,
                                &canon,
                                format!("the corpus records ‘{}’ as a rare variant: {why}", m.form),
                            ));
                        }
                        canon
                    }
                    None => sp.clone(),
                };
                if let Some(g) = given {
                    out.extend(first_name(corpus, m, g, &target));
                }
            }
            None => {
                if is_common(corpus, draft, &m.form) {
                    continue;
                }
                match ctx.best_candidate(mi, given) {
                    Some((target, why)) => {
                        out.push(spelling(corpus, m, &target, why));
                    }
                    None => unknown.push(mi),
                }
            }
        }
    }
    out.extend(self_consistency(draft, &unknown));
    out
}

struct Context<'a> {
    corpus: &'a dyn CorpusQuery,
    draft: &'a Doc,
    /// Every spelling the draft writes.
    forms: HashSet<&'a str>,
    /// The draft's distinctive known names, as entities.
    entities: Vec<EntityId>,
}

impl Context<'_> {
    /// The corpus name that mention `mi` (a spelling the corpus does not
    /// know) misspells, with the draft's evidence for it.
    fn best_candidate(&self, mi: usize, given: Option<&Mention>) -> Option<(Spelling, String)> {
        let m = &self.draft.mentions[mi];
        let next = self
            .draft
            .mentions
            .get(mi + 1)
            .filter(|n| n.prev == Some(mi));
        let mut best: Option<(Spelling, String)> = None;
        for c in self.corpus.spelling_candidates(&m.form) {
            if c.variant.is_some()
                || (c.mentions < MIN_TARGET && !c.preferred)
                || !is_variant(&c.form, &m.form)
                || derived(&c.form, &m.form)
            {
                continue;
            }
            // Written with another first name: another person with a near name.
            if let Some(g) = given {
                if !c.given.is_empty() && !c.has_given(&g.form) {
                    continue;
                }
            }
            let why = if let Some(g) =
                given.filter(|g| c.has_given(&g.form) && specific_first_name(&c, &g.form))
            {
                format!("the corpus writes ‘{} {}’", g.form, c.form)
            } else if let Some(n) = next.filter(|n| {
                // The name after it must say which is meant: a distinctive
                // surname, or an organisation word after a distinctive name
                // ("Free Buriatia Foundation"); "Walker" follows many first names.
                let telling = !is_english_word(&n.form)
                    || (lx::is_organisation_head(&n.form) && !is_english_word(&c.form));
                telling && c.next.iter().any(|x| x.0 == n.form)
            }) {
                format!("the corpus writes ‘{} {}’", c.form, n.form)
            } else if let Some(t) = self.shared_title(m, &c) {
                format!("the corpus also calls {} a {t}", c.form)
            } else if is_english_word(&c.form) {
                // "Bank", "Frontier": an ordinary word capitalised in many
                // names; only a person's own first or last name says it is meant.
                continue;
            } else if self.forms.contains(c.form.as_str()) {
                format!("this draft also writes ‘{}’", c.form)
            } else {
                let others: Vec<EntityId> = self
                    .entities
                    .iter()
                    .copied()
                    .filter(|e| *e != c.entity)
                    .collect();
                let shared = self.corpus.shares_articles(c.entity, &others);
                if shared < COOCCURRING {
                    continue;
                }
                format!("the corpus names it with {shared} other names in this draft")
            };
            if best.as_ref().is_none_or(|b| b.0.count < c.count) {
                best = Some((c, why));
            }
        }
        best
    }
}

impl Context<'_> {
    /// A title written just before the mention ("Kremlin spokesman Peskow")
    /// that the corpus also gives the candidate.
    fn shared_title(&self, m: &Mention, c: &Spelling) -> Option<&'static str> {
        let s = &self.draft.sentences[m.sentence];
        let before = &self.draft.prose.masked[s.range.start..m.span.start];
        let titles: Vec<&'static str> = before
            .split(|ch: char| !ch.is_alphanumeric() && ch != '-')
            .filter(|w| !w.is_empty())
            .rev()
            .take(TITLE_WINDOW)
            .filter_map(|w| roles::title(&w.to_lowercase()))
            .collect();
        if titles.is_empty() {
            return None;
        }
        let corpus_roles = self.corpus.roles_of(c.entity);
        titles
            .into_iter()
            .find(|t| corpus_roles.iter().any(|r| r.titles.iter().any(|x| x == t)))
    }
}

/// How many words before a name a title may stand ("Kremlin spokesman", "the party's deputy leader").
const TITLE_WINDOW: usize = 4;

/// The first name written right before a mention ("Reid" in "Reid
/// Weingarten"), not a title ("Mr").
fn first_name_before<'a>(draft: &'a Doc, m: &Mention) -> Option<&'a Mention> {
    let g = &draft.mentions[m.prev?];
    (!lx::is_title_word(&g.form) && !lx::never_a_name(&g.form)).then_some(g)
}

/// A title written right before a mention ("Lord" in "Lord Hoffmann").
fn title_before<'a>(draft: &'a Doc, m: &Mention) -> Option<&'a str> {
    let before = draft.prose.masked[..m.span.start].strip_suffix(' ')?;
    let t = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
        .next()?;
    lx::is_title_word(t).then_some(t)
}

/// Honorifics anyone may be given (Mr, Ms, Dr), unlike ranks and peerages (Lord, Judge).
fn plain_honorific(t: &str) -> bool {
    matches!(
        t.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "miss" | "mx" | "mister" | "dr"
    )
}

/// Words that are not names: English words, words the corpus or the draft writes in lower case.
fn is_common(corpus: &dyn CorpusQuery, draft: &Doc, form: &str) -> bool {
    is_english_word(form)
        || corpus.lower_case_count(form) > 0
        || draft.lower_vocab.contains_key(&form.to_lowercase())
}

/// `first` says which person is meant: it is most of the surname's first
/// names, or the surname has only a few bearers.
fn specific_first_name(s: &Spelling, first: &str) -> bool {
    let total: u32 = s.given.iter().map(|g| g.1).sum();
    let with: u32 = s
        .given
        .iter()
        .filter(|g| g.0 == first || is_variant(&g.0, first))
        .map(|g| g.1)
        .sum();
    with * 2 >= total || s.given.len() <= 3
}

fn spelling(corpus: &dyn CorpusQuery, m: &Mention, target: &Spelling, why: String) -> Finding {
    let e = corpus.entity(target.entity);
    let (canonical, n, articles) = e
        .as_ref()
        .map_or((target.form.as_str(), target.count, target.articles), |e| {
            (e.canonical.as_str(), e.count, e.articles)
        });
    let msg = format!(
        "‘{}’ — the corpus spells this name ‘{canonical}’ ({n} mention{} in {articles} article{}; {why})",
        m.form,
        if n == 1 { "" } else { "s" },
        if articles == 1 { "" } else { "s" }
    );
    Finding::new(Code::NameSpelling, m.span.clone(), msg)
        .with_suggestion(canonical.to_string())
        .with_sources(corpus.entity_sources(target.entity, 2))
}

/// "Dmitri Peskov" where the corpus writes "Dmitry Peskov": the first name
/// is a spelling of the corpus person's, and not a first name the corpus
/// gives many others (Jon Smith is not John Smith misspelled).
fn first_name(
    corpus: &dyn CorpusQuery,
    m: &Mention,
    first: &Mention,
    target: &Spelling,
) -> Option<Finding> {
    if target.given.is_empty() || target.given.iter().any(|g| g.0 == first.form) {
        return None;
    }
    // First names belong to people: not to "Foundation", "Bank", "Walker" as a word.
    if !matches!(target.kind, EntityKind::Person | EntityKind::Name)
        || is_english_word(&m.form)
        || lx::is_organisation_head(&m.form)
    {
        return None;
    }
    let right = target
        .given
        .iter()
        .find(|g| is_variant(&g.0, &first.form) || skeleton(&g.0) == skeleton(&first.form))?;
    // Unless the surname is distinctive, the corpus's first name must be
    // well attested (one "Kisrty Williams" is the corpus's own slip), and
    // the draft's must not be a first name the corpus gives others.
    let known_first = corpus
        .spelling(&first.form)
        .is_some_and(|s| s.as_given >= 2);
    if !specific_first_name(target, &right.0) && (known_first || right.1 < 2) {
        return None;
    }
    let canonical = corpus
        .entity(target.entity)
        .map_or(target.form.clone(), |e| e.canonical);
    let msg = if target.kind == EntityKind::Person || target.kind == EntityKind::Name {
        format!(
            "‘{} {}’ — the corpus writes this person’s first name ‘{}’ (‘{} {canonical}’)",
            first.form, m.form, right.0, right.0
        )
    } else {
        format!(
            "‘{} {}’ — the corpus writes ‘{} {canonical}’",
            first.form, m.form, right.0
        )
    };
    Some(
        Finding::new(Code::NameSpelling, first.span.clone(), msg)
            .with_suggestion(right.0.clone())
            .with_sources(corpus.entity_sources(target.entity, 2)),
    )
}

/// Names the corpus does not know, spelled two ways in the draft: flag the
/// less frequent spelling (on a tie, the later one). Pairs come from
/// deletion keys, so a draft full of unknown names costs linear time.
fn self_consistency(draft: &Doc, unknown: &[usize]) -> Vec<Finding> {
    let mut forms: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for &mi in unknown {
        let f = draft.mentions[mi].form.as_str();
        match index.get(f) {
            Some(&i) => forms[i].1.push(mi),
            None => {
                index.insert(f, forms.len());
                forms.push((f, vec![mi]));
            }
        }
    }
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (f, _)) in forms.iter().enumerate() {
        for k in deletion_keys(f) {
            by_key.entry(k).or_default().push(i);
        }
        by_key
            .entry(format!("\u{1}{}", skeleton(f)))
            .or_default()
            .push(i);
    }
    let mut out = Vec::new();
    for (i, (a, am)) in forms.iter().enumerate() {
        let mut near: Vec<usize> = deletion_keys(a)
            .into_iter()
            .chain([format!("\u{1}{}", skeleton(a))])
            .flat_map(|k| by_key.get(&k).cloned().unwrap_or_default())
            .collect();
        near.sort_unstable();
        near.dedup();
        // A more frequent (or earlier, equally frequent) spelling of the same name.
        let better = near
            .into_iter()
            .map(|j| (j, &forms[j]))
            .find(|(j, (b, bm))| {
                *j != i
                    && (bm.len() > am.len() || (bm.len() == am.len() && *j < i))
                    && is_variant(a, b)
                    && !derived(a, b)
            });
        if let Some((_, (b, bm))) = better {
            for &mi in am {
                let m = &draft.mentions[mi];
                let msg = format!(
                    "‘{a}’ — this draft also spells the name ‘{b}’ ({} time{})",
                    bm.len(),
                    if bm.len() == 1 { "" } else { "s" }
                );
                out.push(
                    Finding::new(Code::NameSpelling, m.span.clone(), msg)
                        .with_suggestion(b.to_string()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Corpus, Doc, Format, Options};

    use crate::corpus::inline_corpus as corpus;

    /// `(flagged words, suggestion)` for a draft.
    fn flagged(c: &Corpus, draft: &str) -> Vec<(String, String)> {
        let d = Doc::parse(draft, Format::Plain);
        super::check(c, &d, &Options::default())
            .into_iter()
            .map(|f| {
                (
                    draft[f.span].to_string(),
                    f.suggestions.first().cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> Vec<(String, String)> {
        vec![(a.to_string(), b.to_string())]
    }

    const LAWYER: &str = "Mr Ebbers' lawyer, Reid Weingarten, put the question. Mr Weingarten said the trial would go on.";

    #[test]
    fn an_unknown_spelling_with_the_corpus_persons_first_name_is_flagged() {
        let c = corpus(&[LAWYER, "Later, Reid Weingarten left the court."]);
        assert_eq!(
            flagged(&c, "The defence lawyer, Reid Weingarden, spoke."),
            pair("Weingarden", "Weingarten")
        );
    }

    #[test]
    fn an_unknown_spelling_without_context_is_not_flagged() {
        // Nothing in the draft says the one-letter-off name is the corpus's.
        let c = corpus(&[LAWYER, "Later, Reid Weingarten left the court."]);
        assert!(flagged(&c, "The singer Lisa Weingarden spoke.").is_empty());
        assert!(flagged(&c, "Weingarden spoke.").is_empty());
    }

    #[test]
    fn the_draft_spelling_the_corpus_name_elsewhere_is_evidence() {
        let c = corpus(&[
            "Nintendo said its DS console sold well. Nintendo shares rose.",
            "Rivals Sony and Nintendo cut prices.",
        ]);
        assert_eq!(
            flagged(&c, "Nintendo released the DS. Later Nitendo cut prices."),
            pair("Nitendo", "Nintendo")
        );
    }

    #[test]
    fn names_the_corpus_mentions_together_are_evidence() {
        let c = corpus(&[
            "The Glazer bid needs the Irish tycoons JP McManus and John Magnier, who own Cubic Expression.",
            "Cubic Expression, owned by McManus and Magnier, is the biggest shareholder.",
        ]);
        assert_eq!(
            flagged(
                &c,
                "Glazer needs JP MacManus and John Magnier of Cubic Expression."
            ),
            pair("MacManus", "McManus")
        );
    }

    #[test]
    fn another_real_person_with_a_near_name_is_never_flagged() {
        let c = corpus(&[
            "The chancellor, Gordon Brown, spoke. Mr Brown said taxes would not rise.",
            "Immigration minister Des Browne said the rules would change. Mr Browne spoke.",
            "Charles Clarke, the home secretary, met Judge Letitia Clark.",
            "Gordon Brown and Nick Brown met. Mr Brown left.",
        ]);
        for draft in [
            "Des Browne, the immigration minister, spoke.",
            "Judge Letitia Clark ruled.",
            "Charles Clarke spoke to Gordon Brown.",
        ] {
            assert!(flagged(&c, draft).is_empty(), "{draft}");
        }
        // An unknown near name written with another first name is another person.
        assert!(flagged(&c, "Sarah Browen, a teacher, spoke.").is_empty());
    }

    #[test]
    fn prefixes_compounds_words_months_days_and_titles_are_never_flagged() {
        let c = corpus(&[
            "Alan Greenspan, the Fed chairman, spoke. Mr Greenspan said rates would rise.",
            "Samsung and Microsoft said on Sunday in March that sales rose in Germany.",
        ]);
        for draft in [
            "Alan Green spoke on Sunday.",
            "Sam, a German, said in March that Micro rose.",
            "Mr Greenspan and Ms Green met.",
            "The Samsungs of this world.",
        ] {
            assert!(
                flagged(&c, draft).is_empty(),
                "{draft}: {:?}",
                flagged(&c, draft)
            );
        }
    }

    #[test]
    fn a_wrong_first_name_of_a_distinctive_surname_is_flagged() {
        let c = corpus(&[
            "Kimberly Quinn, the publisher, spoke. Mrs Quinn left.",
            "Kimberly Quinn's lawyers said so.",
        ]);
        assert_eq!(
            flagged(&c, "Kimberley Quinn said so."),
            pair("Kimberley", "Kimberly")
        );
        // A first name the corpus gives someone else with a common surname is another person.
        let c = corpus(&[
            "John Smith spoke. Jon Snow spoke. Jon Stewart joked.",
            "Mary Smith and Jane Smith and Kate Smith and John Smith met.",
        ]);
        assert!(flagged(&c, "Jon Smith spoke.").is_empty());
    }

    #[test]
    fn a_rare_corpus_variant_is_flagged_unless_the_draft_means_someone_else() {
        // The corpus slips once ("Hoffmann" for Dustin Hoffman in an article that names him).
        let c = corpus(&[
            "Dustin Hoffman spoke. Hoffman said he lost his spark. Recently, Hoffmann has returned to film.",
            "Dustin Hoffman won. Mr Hoffman thanked fans.",
            "Dustin Hoffman starred alongside others.",
        ]);
        assert_eq!(
            flagged(&c, "The actor Dustin Hoffmann spoke."),
            pair("Hoffmann", "Hoffman")
        );
        // A law lord is not the actor: no one in the corpus calls Hoffman "Lord".
        assert!(flagged(&c, "Lord Hoffmann said so.").is_empty());
    }

    #[test]
    fn a_name_the_corpus_does_not_know_spelled_two_ways_in_the_draft() {
        let c = corpus(&["Nothing about this person."]);
        assert_eq!(
            flagged(
                &c,
                "Ivan Smirnovsky spoke. Smirnovsky left. Later Smirnowsky returned."
            ),
            pair("Smirnowsky", "Smirnovsky")
        );
    }

    #[test]
    fn many_unknown_long_names_cost_linear_time() {
        // All pairs of unknown names would grow with the square of their
        // number; keys make it a lookup each. Measured as a ratio of two
        // sizes in one run (best of three), so a busy machine does not matter.
        let c = corpus(&["Nothing about these people."]);
        let draft = |n: usize| -> String {
            (0..n)
                .map(|i| format!("Zqx{:08}wvk spoke. ", i * 7919))
                .collect()
        };
        let time = |n: usize| {
            let d = Doc::parse(&draft(n), Format::Plain);
            (0..3)
                .map(|_| {
                    let t = std::time::Instant::now();
                    std::hint::black_box(super::check(&c, &d, &Options::default()));
                    t.elapsed()
                })
                .min()
                .unwrap()
        };
        let (small, large) = (time(1000), time(8000));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
        // Linear: 8; quadratic: 64.
        assert!(ratio < 24.0, "8× the names took {ratio:.1}× the time");
    }
}
