//! Role phrases: "Liberal Democrat leader Michael Howard" where the corpus
//! writes "Tory leader Michael Howard", "Defence Secretary Gordon Brown"
//! where it writes "Chancellor Gordon Brown" and gives "Defence Secretary"
//! to Geoff Hoon, "(R-Ohio)" for a senator it tags "(D-Ohio)".
//!
//! Everything is learned from the corpus: which phrases it writes against
//! which full names ([`CorpusQuery::phrase_roles_of`]), and who else holds
//! a phrase ([`CorpusQuery::phrase_holders`]). Two phrases the corpus gives
//! one and the same person ("Tory leader", "Conservative leader") are
//! synonyms, never a contradiction. A person the corpus gives several posts
//! keeps them all; a phrase that fits one of them (as a part of it, or
//! it a part of the phrase: "leader", "former Tory leader") is no error.

use crate::corpus::EntityId;
use crate::corpus::query::{CorpusQuery, PhraseFact};
use crate::finding::{Code, Finding};
use crate::model::Doc;
use crate::model::roles::Role;

/// The corpus must write the person's role phrases this many times before
/// a phrase it never writes for them can contradict it: one mention can
/// be a slip of its own.
const MIN_OWN: u32 = 2;

/// A post held by someone else ("Defence Secretary" for Gordon Brown) is a
/// contradiction only when the corpus gives that post mostly to one other
/// person (this share of its mentions), at least [`MIN_OWN`] times: a post
/// many people hold ("Labour MP") says nothing about who is meant.
const EXCLUSIVE: f32 = 0.5;

/// A person named by one phrase this many times is known by it well
/// enough that a post of another kind, which nobody holds, contradicts it
/// ([`unheld_post`]).
const CONSISTENT: u32 = 5;

/// A word ends a kind of post ("Secretary", "Minister") when this many
/// people hold a post so ending, each at least [`MIN_OWN`] times.
const POST_HOLDERS: usize = 3;

/// One person, as the check sees them: the surname's entity and the first name.
struct Person<'a> {
    entity: EntityId,
    given: &'a str,
    name: String,
}

impl Person<'_> {
    fn is(&self, f: &PhraseFact) -> bool {
        f.entity == self.entity
            && crate::corpus::names::has_given(&[(f.given.clone(), 1)], self.given)
    }
}

/// Role-phrase contradictions in `draft`, skipping spans already reported.
pub(super) fn phrases(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    phrases: &[Role],
    out: &mut Vec<Finding>,
) {
    // Findings so far (the posts of `roles.rs`), by start, for the overlap
    // test (a role span is a few words: the last few before it suffice).
    let mut taken: Vec<std::ops::Range<usize>> = out.iter().map(|f| f.span.clone()).collect();
    taken.sort_by_key(|s| s.start);
    for r in phrases {
        let before = taken.partition_point(|s| s.start < r.span.end);
        if taken[..before]
            .iter()
            .rev()
            .take(8)
            .any(|s| r.span.start < s.end)
        {
            continue;
        }
        if let Some(f) = contradicted(corpus, draft, r) {
            out.push(f);
        }
    }
}

/// Whether the corpus writes, for this person, a phrase the draft writes
/// against the person at `role`'s place (whatever `role` itself reads).
/// `phrases` are the draft's ([`crate::model::roles::phrases`]), in mention order.
pub(super) fn attested(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    phrases: &[Role],
    role: &Role,
) -> bool {
    let from = phrases.partition_point(|r| r.person < role.person);
    phrases[from..]
        .iter()
        .take_while(|r| r.person == role.person)
        .filter(|r| {
            r.person == role.person && r.span.start < role.span.end && role.span.start < r.span.end
        })
        .any(|r| {
            person(corpus, draft, r).is_some_and(|(_, own)| {
                let phrase: Vec<String> = named_part(&r.phrase)
                    .iter()
                    .map(|w| w.to_lowercase())
                    .collect();
                !phrase.is_empty() && own.iter().any(|f| fits(&phrase, &f.phrase))
            })
        })
}

/// The person a phrase role is written against, and the phrases the corpus
/// writes for them (tense words left out).
fn person<'a>(
    corpus: &dyn CorpusQuery,
    draft: &'a Doc,
    r: &'a Role,
) -> Option<(Person<'a>, Vec<PhraseFact>)> {
    let form = &draft.mentions[r.person].form;
    let sp = corpus.spelling(form)?;
    let given = r.given.as_deref().filter(|g| sp.has_given(g))?;
    let name = format!("{given} {form}");
    let who = Person {
        entity: sp.entity,
        given,
        name,
    };
    let own: Vec<PhraseFact> = corpus
        .phrase_roles_of(who.entity)
        .into_iter()
        .filter(|f| who.is(f))
        .map(|f| PhraseFact {
            phrase: core(&f.phrase),
            ..f
        })
        .filter(|f| !f.phrase.is_empty())
        .collect();
    Some((who, own))
}

fn contradicted(corpus: &dyn CorpusQuery, draft: &Doc, r: &Role) -> Option<Finding> {
    let (who, own) = person(corpus, draft, r)?;
    if own.iter().map(|f| f.count).sum::<u32>() < MIN_OWN {
        return None;
    }
    let written = named_part(&r.phrase);
    let phrase: Vec<String> = written.iter().map(|w| w.to_lowercase()).collect();
    if phrase.is_empty()
        || own
            .iter()
            .any(|f| fits(&phrase, &f.phrase) && !another_post(corpus, &who, &phrase, f))
    {
        return None;
    }
    let theirs = same_head(corpus, &who, &written, &phrase, &own)
        .or_else(|| other_post(corpus, &who, &written, &phrase, &own))
        .or_else(|| unheld_post(corpus, &written, &phrase, &own))?;
    Some(finding(corpus, draft, &who, r, theirs))
}

/// Words that say when a post was held, not which post: "former Tory
/// leader" and "Tory leader" name one post.
fn is_tense(w: &str) -> bool {
    matches!(
        w,
        "former"
            | "then"
            | "acting"
            | "outgoing"
            | "incoming"
            | "interim"
            | "new"
            | "current"
            | "future"
            | "late"
            | "ex"
    )
}

/// A phrase's words that name the post, lower case: tense words ([`is_tense`]) left out.
fn core(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.to_lowercase())
        .map(|w| w.strip_prefix("ex-").map_or(w.clone(), str::to_string))
        .filter(|w| !is_tense(w))
        .collect()
}

/// The draft's phrase from its first capitalised word, tense words left
/// out: "didn't stop Chancellor" is "Chancellor", "former Tory leader"
/// "Tory leader", "the Pakistani president met Trade Secretary" "Trade
/// Secretary". A phrase all in lower case ("party leader") names no post
/// the check can hold to a person.
fn named_part(words: &[String]) -> Vec<String> {
    let capital = |w: &String| w.starts_with(char::is_uppercase);
    let from = match clause_end(words) {
        Some(i) => i + 1,
        None => words.iter().position(capital).unwrap_or(words.len()),
    };
    words[from..]
        .iter()
        .filter(|w| !is_tense(&w.to_lowercase()) && !w.to_lowercase().starts_with("ex-"))
        .cloned()
        .collect()
}

/// Where a phrase runs on from another clause ("the Pakistani president
/// met Trade Secretary"), the last word before its post: the last that
/// is neither a name, a joining word nor a tense word, and is followed by
/// a name.
fn clause_end(words: &[String]) -> Option<usize> {
    let capital = |w: &String| w.starts_with(char::is_uppercase);
    words.windows(2).rposition(|p| {
        let lower = p[0].to_lowercase();
        !capital(&p[0])
            && capital(&p[1])
            && !crate::model::lexicon::is_stopword(&lower)
            && !is_tense(&lower)
            && !lower.starts_with("ex-")
    })
}

/// The span of the role's post: the role's span, less any clause it runs
/// on from ([`clause_end`]), so the fix replaces the post alone.
fn post_span(draft: &Doc, r: &Role) -> std::ops::Range<usize> {
    let Some(i) = clause_end(&r.phrase) else {
        return r.span.clone();
    };
    let joined = format!("{} {}", r.phrase[i], r.phrase[i + 1]);
    match draft.text[r.span.clone()].rfind(&joined) {
        Some(at) => r.span.start + at + r.phrase[i].len() + 1..r.span.end,
        None => r.span.clone(),
    }
}

/// The post the draft writes in role phrase `r` (its named part, see
/// [`named_part`]) as the archive writes it against entity `e`'s full
/// name, under any first name: the same phrase, or one the draft's ends
/// ([`fits`]) where the draft's names more than a bare post ("Defence
/// Secretary", not "Secretary"). What ties a surname in the draft to the
/// archive's person when the first name differs.
pub(crate) fn archive_post(corpus: &dyn CorpusQuery, e: EntityId, r: &Role) -> Option<String> {
    let phrase: Vec<String> = named_part(&r.phrase)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    if phrase.is_empty() {
        return None;
    }
    corpus
        .phrase_roles_of(e)
        .iter()
        .map(|f| core(&f.phrase))
        .find(|own| *own == phrase || (phrase.len() >= 2 && fits(&phrase, own)))
        .map(|own| own.join(" "))
}

/// The draft's phrase fits one the corpus gives the person: it is the end
/// of it ("leader" of "Tory leader"), or the corpus's phrase, with its
/// modifier, is the end of the draft's ("Britain's Tory leader"). A bare
/// post in the corpus ("leader") does not excuse a named one in the draft.
fn fits(draft: &[String], own: &[String]) -> bool {
    own.ends_with(draft) || (own.len() >= 2 && draft.ends_with(own))
}

/// The draft's phrase ends with one of the person's ("Deputy Prime
/// Minister" for "Prime Minister") but is a post of its own: the archive
/// gives it, exactly, to someone else at least [`MIN_OWN`] times. A
/// modifier nobody holds a post by ("Britain's Prime Minister") still fits.
fn another_post(
    corpus: &dyn CorpusQuery,
    who: &Person,
    phrase: &[String],
    own: &PhraseFact,
) -> bool {
    phrase.len() > own.phrase.len()
        && corpus
            .phrase_holders(phrase)
            .iter()
            .any(|h| !who.is(h) && h.count >= MIN_OWN && core(&h.phrase) == phrase)
}

/// The same post with another modifier ("Liberal Democrat leader" for "Tory
/// leader", "Ireland coach" for "England coach", "R party" for "D party"):
/// the words the draft differs in name something (a capital), someone else
/// holds the post with them, and nobody makes the two phrases synonyms
/// ([`synonyms`]: Tory and Conservative).
fn same_head<'a>(
    corpus: &dyn CorpusQuery,
    who: &Person,
    written: &[String],
    phrase: &[String],
    own: &'a [PhraseFact],
) -> Option<&'a PhraseFact> {
    let head = phrase.last()?;
    let mut heads: Vec<&String> = own.iter().filter_map(|f| f.phrase.last()).collect();
    heads.sort_unstable();
    heads.dedup();
    // The person's posts named with this head; or, where the archive uses
    // this head for them too ("manager" beside "Chelsea boss"), with any
    // of their heads: "boss" and "manager" are then one kind of post.
    let mine: Vec<&PhraseFact> = own
        .iter()
        .filter(|f| f.phrase.len() >= 2 && f.phrase.last() == Some(head))
        .collect();
    let mine = if mine.iter().map(|f| f.count).sum::<u32>() >= MIN_OWN {
        mine
    } else if heads.contains(&head) {
        let modifiers = &phrase[..phrase.len() - 1];
        // "Blackburn manager" for a person the archive calls "former
        // Blackburn boss": the same post by another head.
        if own
            .iter()
            .any(|f| f.phrase[..f.phrase.len() - 1].ends_with(modifiers))
        {
            return None;
        }
        own.iter().filter(|f| f.phrase.len() >= 2).collect()
    } else {
        return None;
    };
    if mine.iter().map(|f| f.count).sum::<u32>() < MIN_OWN {
        return None;
    }
    let (mut x, _) = differing(phrase, &mine[0].phrase);
    // Compared across heads, the words that differ are the modifiers.
    if mine[0].phrase.last() != Some(head) {
        x.pop();
    }
    let named = written
        .iter()
        .zip(phrase)
        .any(|(w, l)| x.contains(l) && w.starts_with(char::is_uppercase));
    // Someone else holds a post so named, with this head or another the
    // person's own phrases use ("Celtic manager" for "Celtic boss").
    let held_by_other = |alt: &[String]| {
        corpus
            .phrase_holders(alt)
            .iter()
            .any(|o| !who.is(o) && core(&o.phrase) == alt)
    };
    let held = held_by_other(phrase)
        || heads
            .iter()
            .any(|h| held_by_other(&with_head(&x, std::slice::from_ref(*h))));
    let mine: Vec<&PhraseFact> = mine.into_iter().filter(|m| m.count >= MIN_OWN).collect();
    if x.is_empty()
        || !named
        || !held
        || mine.is_empty()
        || mine.iter().any(|m| synonyms(corpus, phrase, &m.phrase))
    {
        return None;
    }
    Some(mine[0])
}

/// Two phrases for one post: one is the other's initials ("SNP leader",
/// "Scottish National Party leader"), or somebody holds both, in full or
/// told apart only by the words they differ in (Michael Howard is "Tory
/// leader" and "Conservative leader", so "Tory MP" is "Conservative MP").
fn synonyms(corpus: &dyn CorpusQuery, a: &[String], b: &[String]) -> bool {
    let (x, y) = differing(a, b);
    if initials_of(&x, &y) || initials_of(&y, &x) {
        return true;
    }
    joined_post(corpus, &x, &y, a)
        || held_by_one(corpus, a, b)
        || (x.len() < a.len() && held_by_one(corpus, &with_head(&x, a), &with_head(&y, b)))
}

/// The archive writes the two posts as one ("Energy and Mines Minister"):
/// either name is the post.
fn joined_post(corpus: &dyn CorpusQuery, x: &[String], y: &[String], a: &[String]) -> bool {
    let (Some(head), false, false) = (a.last(), x.is_empty(), y.is_empty()) else {
        return false;
    };
    let x: Vec<&str> = x.iter().map(String::as_str).collect();
    let y: Vec<&str> = y.iter().map(String::as_str).collect();
    super::written_as_one(corpus, &x, &y, &[head.as_str()])
}

/// Someone is written with both phrases, exactly (not "former Liverpool
/// boss" for "Liverpool boss": people move).
fn held_by_one(corpus: &dyn CorpusQuery, p: &[String], q: &[String]) -> bool {
    let exact = |words: &[String]| -> Vec<(EntityId, String)> {
        corpus
            .phrase_holders(words)
            .into_iter()
            .filter(|h| h.phrase == words)
            .map(|h| (h.entity, h.given))
            .collect()
    };
    let qs = exact(q);
    exact(p).iter().any(|h| qs.contains(h))
}

/// The words two phrases differ in, their shared start and end left out.
fn differing(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let (pre, post) = crate::text::common_ends(a, b);
    (
        a[pre..a.len() - post].to_vec(),
        b[pre..b.len() - post].to_vec(),
    )
}

/// The words `x` followed by the head (last word) of `phrase`.
fn with_head(x: &[String], phrase: &[String]) -> Vec<String> {
    x.iter().chain(phrase.last()).cloned().collect()
}

/// `short` is one word made of the initials of the words of `long` ("snp").
fn initials_of(short: &[String], long: &[String]) -> bool {
    let [w] = short else { return false };
    let letters: String = long.iter().filter_map(|x| x.chars().next()).collect();
    long.len() >= 2 && *w == letters
}

/// Another post, held by someone else: "Defence Secretary Gordon Brown"
/// where the corpus gives the person no post of that kind (none ends in
/// "Secretary") and "Defence Secretary" mostly to one other person
/// ([`EXCLUSIVE`]).
fn other_post<'a>(
    corpus: &dyn CorpusQuery,
    who: &Person,
    written: &[String],
    phrase: &[String],
    own: &'a [PhraseFact],
) -> Option<&'a PhraseFact> {
    let capitalised = written.iter().all(|w| w.starts_with(char::is_uppercase));
    // One word is a post only if it is a title ("Chancellor"), not any
    // capitalised word before a name ("Despite").
    let post = written.len() >= 2
        || written
            .iter()
            .all(|w| crate::model::lexicon::is_title_word(w));
    let holders: Vec<PhraseFact> = corpus
        .phrase_holders(phrase)
        .into_iter()
        .filter(|h| core(&h.phrase) == phrase)
        .collect();
    let total: u32 = holders.iter().map(|h| h.count).sum();
    let top = holders
        .iter()
        .filter(|h| !who.is(h))
        .map(|h| h.count)
        .max()?;
    let exclusive = top >= MIN_OWN && top as f32 >= EXCLUSIVE * total as f32;
    let head = phrase.last()?;
    // The person's established phrases ([`MIN_OWN`] mentions): none of this kind.
    let established: Vec<&PhraseFact> = own.iter().filter(|f| f.count >= MIN_OWN).collect();
    let other_heads = established.iter().all(|f| f.phrase.last() != Some(head));
    (capitalised && post && exclusive && other_heads)
        .then(|| {
            established
                .iter()
                .find(|f| f.phrase.last().is_some_and(|h| post_kind(corpus, h)))
                .copied()
        })
        .flatten()
}

/// A named post nobody in the corpus holds, for a person the corpus
/// names by one post again and again: "Health Secretary Yasuhiro
/// Nakasone" where the corpus writes "Prime Minister Yasuhiro Nakasone"
/// [`CONSISTENT`] times or more and never gives him a post of the draft's
/// kind (no phrase of his ends in "Secretary"), a kind of post at least
/// [`POST_HOLDERS`] other people hold.
fn unheld_post<'a>(
    corpus: &dyn CorpusQuery,
    written: &[String],
    phrase: &[String],
    own: &'a [PhraseFact],
) -> Option<&'a PhraseFact> {
    let head = phrase.last()?;
    let named = written.len() >= 2 && written.iter().all(|w| w.starts_with(char::is_uppercase));
    // A phrase counts with those that add a modifier to it ("Prime
    // Minister" with "Turkish Prime Minister").
    let told = |f: &PhraseFact| -> u32 {
        own.iter()
            .filter(|g| g.phrase.ends_with(&f.phrase))
            .map(|g| g.count)
            .sum()
    };
    let top = own.iter().max_by_key(|f| (told(f), f.count))?;
    let established = own.iter().filter(|f| f.count >= MIN_OWN);
    if !named
        || told(top) < CONSISTENT
        || established.clone().any(|f| f.phrase.last() == Some(head))
    {
        return None;
    }
    (post_kind(corpus, head) && post_kind(corpus, top.phrase.last()?)).then_some(top)
}

/// Whether `head` ends a kind of post: at least [`POST_HOLDERS`] people
/// hold a phrase of two words or more so ending, each [`MIN_OWN`] times
/// ("Secretary", "Minister"; not "elections"), or it is a title
/// ("Chancellor", "President").
fn post_kind(corpus: &dyn CorpusQuery, head: &String) -> bool {
    if crate::model::lexicon::is_title_word(head) {
        return true;
    }
    let mut kinds: Vec<(EntityId, String)> = corpus
        .phrase_holders(std::slice::from_ref(head))
        .into_iter()
        .filter(|h| h.phrase.len() >= 2 && h.count >= MIN_OWN)
        .map(|h| (h.entity, h.given))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.len() >= POST_HOLDERS
}

fn finding(
    corpus: &dyn CorpusQuery,
    draft: &Doc,
    who: &Person,
    r: &Role,
    theirs: &PhraseFact,
) -> Finding {
    let src = corpus.sentence_source(theirs.at);
    let written = src_phrase(&src.quote, &theirs.phrase).unwrap_or_else(|| theirs.phrase.join(" "));
    let msg = crate::wording::archive_calls(&who.name, &written, theirs.count);
    let fix = (!written.ends_with(" party")).then(|| written.clone());
    let f = Finding::new(Code::Contradiction, post_span(draft, r), msg).with_sources([src]);
    match fix {
        Some(w) => f.with_suggestion(w),
        None => f,
    }
}

/// The phrase as the source sentence writes it (its capitals), if found.
fn src_phrase(quote: &str, phrase: &[String]) -> Option<String> {
    let want = phrase.join(" ");
    let lower = quote.to_lowercase();
    let at = lower.find(&want)?;
    quote.get(at..at + want.len()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use crate::corpus::inline_corpus as inline;
    use crate::finding::Code;
    use crate::{Corpus, Doc, Format, Options, check};

    fn flagged(c: &Corpus, md: &str) -> Vec<String> {
        let d = Doc::parse(md, Format::Markdown);
        check(c, &d, &Options::default())
            .into_iter()
            .filter(|f| f.code == Code::Contradiction)
            .map(|f| md[f.span].to_string())
            .collect()
    }

    /// Two party leaders and a chancellor, each written the same way twice or more.
    fn politics() -> Corpus {
        inline(&[
            "Tory leader Michael Howard attacked the budget. Liberal Democrat leader Charles Kennedy said it was unfair.",
            "Tory leader Michael Howard spoke in Kent. Chancellor Gordon Brown replied on Monday.",
            "Conservative leader Michael Howard was in Leeds. Liberal Democrat leader Charles Kennedy toured Wales.",
            "Chancellor Gordon Brown set out his plans. Defence Secretary Geoff Hoon visited Basra.",
            "Defence Secretary Geoff Hoon met troops. Labour MP Ann Clwyd and Labour MP Tony Wright spoke.",
            "Chancellor Gordon Brown gave a speech, said Defence Secretary Geoff Hoon.",
        ])
    }

    #[test]
    fn another_party_or_post_for_a_person_the_corpus_names_consistently() {
        let c = politics();
        assert_eq!(
            flagged(&c, "Liberal Democrat leader Michael Howard spoke."),
            vec!["Liberal Democrat leader"]
        );
        assert_eq!(
            flagged(&c, "Defence Secretary Gordon Brown spoke."),
            vec!["Defence Secretary"]
        );
        assert_eq!(
            flagged(&c, "Michael Howard, the Liberal Democrat leader, spoke."),
            vec!["Liberal Democrat leader"]
        );
        // The phrase runs on from another clause: its post is what follows the verb.
        assert_eq!(
            flagged(
                &c,
                "The Pakistani president met Defence Secretary Gordon Brown."
            ),
            vec!["Defence Secretary"]
        );
    }

    #[test]
    fn the_persons_own_phrases_synonyms_and_parts_stay_silent() {
        let c = politics();
        for md in [
            "Tory leader Michael Howard spoke.",
            // A synonym the corpus itself uses for him.
            "Conservative leader Michael Howard spoke.",
            // Part of his phrase, or his phrase with more.
            "Party leader Michael Howard spoke.",
            "Former Tory leader Michael Howard spoke.",
            // A post many people hold says nothing about who is meant.
            "Labour MP Gordon Brown spoke.",
            // A person the corpus knows too little about.
            "Liberal Democrat leader Ann Clwyd spoke.",
            // Another first name: maybe another person.
            "Liberal Democrat leader Paul Howard spoke.",
        ] {
            assert!(flagged(&c, md).is_empty(), "{md}: {:?}", flagged(&c, md));
        }
    }

    #[test]
    fn a_person_known_by_no_post_is_not_given_one() {
        // John Howard's only repeated phrase is no post: "Prime Minister"
        // (Tony Blair's) cannot contradict it.
        let c = inline(&[
            "Prime Minister Tony Blair spoke. Prime Minister Tony Blair left.",
            "Prime Minister Tony Blair met him. He helped win four elections John Howard said.",
            "They helped win four elections John Howard recalled.",
        ]);
        assert!(flagged(&c, "Prime Minister John Howard spoke.").is_empty());
        assert_eq!(
            flagged(&c, "Prime Minister Gordon Brown spoke."),
            Vec::<String>::new()
        );
    }

    /// A prime minister, his deputy, a foreign minister and three
    /// secretaries, each written twice; the prime minister's phrase split
    /// across modifiers.
    fn cabinet() -> Corpus {
        inline(&[
            "Turkish Prime Minister Turgut Ozal flew to Bonn. Deputy Prime Minister Kaya Erdem stayed.",
            "Turkish Prime Minister Turgut Ozal met bankers. Deputy Prime Minister Kaya Erdem spoke.",
            "Prime Minister Turgut Ozal said talks were needed. Treasury Secretary James Baker agreed.",
            "Prime Minister Turgut Ozal returned. Treasury Secretary James Baker left for Paris.",
            "Turkish Prime Minister Turgut Ozal signed. Commerce Secretary Malcolm Baldrige and Agriculture Secretary Richard Lyng spoke.",
            "Commerce Secretary Malcolm Baldrige and Agriculture Secretary Richard Lyng met.",
            "Foreign Minister Mesut Yilmaz went to Athens. Foreign Minister Mesut Yilmaz returned.",
        ])
    }

    #[test]
    fn a_post_of_its_own_that_ends_with_the_persons_is_another_post() {
        let c = cabinet();
        // Someone else is the deputy: "Deputy" makes another post.
        assert_eq!(
            flagged(&c, "Deputy Prime Minister Turgut Ozal said so."),
            vec!["Deputy Prime Minister"]
        );
        // A modifier no one holds a post by is still his post.
        assert!(flagged(&c, "Turkish Prime Minister Turgut Ozal said so.").is_empty());
    }

    #[test]
    fn a_phrase_counts_with_its_modified_forms() {
        // "Prime Minister" twice and "Turkish Prime Minister" three times:
        // five times one post, enough to hold against a secretary's post.
        let c = cabinet();
        assert_eq!(
            flagged(&c, "Health Secretary Turgut Ozal said so."),
            vec!["Health Secretary"]
        );
    }

    #[test]
    fn another_clubs_post_under_another_head_of_the_persons() {
        // Souness is "Newcastle boss", once "Magpies manager" and once
        // "former Blackburn boss"; Ferguson is Manchester United's manager.
        let c = inline(&[
            "Newcastle boss Graeme Souness was angry. Manchester United manager Alex Ferguson was not.",
            "Newcastle boss Graeme Souness signed a striker. Manchester United manager Alex Ferguson watched.",
            "Former Blackburn boss Graeme Souness spoke. Magpies manager Graeme Souness left.",
        ]);
        assert_eq!(
            flagged(&c, "Manchester United manager Graeme Souness spoke."),
            vec!["Manchester United manager"]
        );
        // His own club under the other head, or his old club: no error.
        for md in [
            "Newcastle manager Graeme Souness spoke.",
            "Blackburn manager Graeme Souness spoke.",
        ] {
            assert!(flagged(&c, md).is_empty(), "{md}: {:?}", flagged(&c, md));
        }
    }

    #[test]
    fn two_posts_the_archive_writes_as_one_are_one_post() {
        let stories = [
            "Mines Minister Javier Espinosa said output would rise. Energy Minister Ali Khalifa disagreed.",
            "Mines Minister Javier Espinosa met bankers. Energy Minister Ali Khalifa left for Vienna.",
        ];
        let draft = "Energy Minister Javier Espinosa said output would rise.";
        // Another man is the energy minister, and nothing joins the posts.
        assert_eq!(flagged(&inline(&stories), draft), vec!["Energy Minister"]);
        // The archive writes one ministry of both.
        let mut joined = stories.to_vec();
        joined.push("Venezuela's Energy and Mines Minister spoke to OPEC.");
        assert!(flagged(&inline(&joined), draft).is_empty());
    }

    #[test]
    fn wire_party_tags_are_compared() {
        let c = inline(&[
            "Sen. John Glenn (D-Ohio) said the bill would pass.",
            "The amendment by Sen. John Glenn (D-Ohio) failed. Sen. Bob Dole (R-Kan.) objected.",
            "Sen. Bob Dole (R-Kan.) and Sen. Jake Garn (R-Utah) voted no.",
        ]);
        assert_eq!(
            flagged(&c, "Sen. John Glenn (R-Ohio) said so."),
            vec!["R-Ohio"]
        );
        assert!(flagged(&c, "Sen. John Glenn (D-Ohio) said so.").is_empty());
    }
}
