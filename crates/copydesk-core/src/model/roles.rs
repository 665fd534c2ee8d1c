//! Roles and titles: "Alexandra Garmazhapova, head of the Free Buryatia
//! Foundation", "Kremlin spokesman Dmitry Peskov", "Vladimir Osekkin, who
//! founded Gulagu.net".

use super::doc::Doc;
use super::lexicon::{is_english_word, is_stopword};
use crate::text::tokens::Kind;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Role {
    /// The mention (index into [`Doc::mentions`]) of the person's surname.
    pub person: usize,
    /// Normalised title ("spokesman", "founder", "head"): the first one written.
    pub title: String,
    /// Every title in the phrase ("a lawyer who runs …": lawyer, head).
    pub titles: Vec<String>,
    /// Capitalised words of the organisation(s) named with the title.
    pub orgs: Vec<String>,
    /// The words of the role as written.
    pub span: Range<usize>,
    /// The specific post, where the phrase names one ("chief executive",
    /// "chief financial officer", "director general"): finer than `title`.
    pub post: Option<String>,
    /// "former", "ex-": a post once held.
    pub former: bool,
    /// The person's first name, from this mention or another in the text.
    pub given: Option<String>,
    /// A role phrase written right against a full name ("Tory leader
    /// Michael Howard", "Michael Howard, the Tory leader,", "(R-Ohio)"), its
    /// words as written; empty for the roles above (see [`phrases`]).
    #[serde(default)]
    pub phrase: Vec<String>,
    /// The sentence that states it.
    #[serde(default)]
    pub sentence: usize,
}

/// Posts written as several words, longest first, with the post each names.
const POSTS: &[(&[&str], &str)] = &[
    (&["chief", "executive", "officer"], "chief executive"),
    (
        &["chief", "financial", "officer"],
        "chief financial officer",
    ),
    (
        &["chief", "operating", "officer"],
        "chief operating officer",
    ),
    (
        &["chief", "technology", "officer"],
        "chief technology officer",
    ),
    (
        &["chief", "information", "officer"],
        "chief information officer",
    ),
    (&["chief", "executive"], "chief executive"),
    (&["chief", "economist"], "chief economist"),
    (&["managing", "director"], "managing director"),
    (&["finance", "director"], "finance director"),
    (&["director", "general"], "director general"),
    (&["director-general"], "director general"),
    (&["general", "secretary"], "general secretary"),
    (&["deputy", "chairman"], "deputy chairman"),
    (&["vice", "chairman"], "deputy chairman"),
    (&["vice-chairman"], "deputy chairman"),
    (&["vice", "president"], "vice president"),
    (&["vice-president"], "vice president"),
    (&["deputy", "editor"], "deputy editor"),
    (&["ceo"], "chief executive"),
    (&["chairman"], "chairman"),
    (&["chairwoman"], "chairman"),
    (&["president"], "president"),
    (&["editor"], "editor"),
];

/// The post named by lower-case `words`, if any: a listed post, or the
/// committee a chair chairs.
fn post_of(words: &[String]) -> Option<String> {
    for i in 0..words.len() {
        for (pat, post) in POSTS {
            if pat.len() <= words.len() - i && pat.iter().zip(&words[i..]).all(|(a, b)| a == b) {
                return Some(post.to_string());
            }
        }
        // "chairs the Commons defence committee": the committee is the post.
        if words[i] == "committee"
            && i > 0
            && !is_stopword(&words[i - 1])
            && words[..i].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "chairs" | "chaired" | "chairman" | "chairwoman" | "chair"
                )
            })
        {
            return Some(format!("{} committee", words[i - 1]));
        }
    }
    None
}

/// A title word, normalised to one of a few groups, or `None`.
pub fn title(w: &str) -> Option<&'static str> {
    let t = match w {
        "head" | "heads" | "chief" | "director" | "leader" | "chairman" | "chairwoman"
        | "chair" | "chairs" | "chaired" | "runs" | "ran" | "leads" | "led" => "head",
        "founder" | "co-founder" | "founded" | "co-founded" => "founder",
        "owner" | "owns" | "owned" => "owner",
        "spokesman" | "spokeswoman" | "spokesperson" | "representative" | "press-secretary" => {
            "spokesman"
        }
        "lawyer" | "attorney" | "lawyers" => "lawyer",
        "analyst" | "expert" | "researcher" => "analyst",
        "minister" => "minister",
        "president" => "president",
        "manager" | "financier" | "investor" => "manager",
        "oligarch" | "entrepreneur" | "businessman" => "businessman",
        "commander" | "general" => "commander",
        "editor" | "correspondent" | "reporter" | "journalist" => "journalist",
        "ambassador" | "envoy" | "diplomat" => "ambassador",
        "governor" | "mayor" => "governor",
        "prosecutor" => "prosecutor",
        "official" | "officer" => "official",
        _ => return None,
    };
    Some(t)
}

/// Title words that are verbs ("who runs", "who founded"): only after a name.
pub fn is_verb_title(w: &str) -> bool {
    matches!(
        w,
        "runs"
            | "ran"
            | "leads"
            | "led"
            | "heads"
            | "chairs"
            | "chaired"
            | "founded"
            | "co-founded"
            | "owns"
            | "owned"
    )
}

/// The first name written before mention `mi`, as a mention: the name
/// phrase's previous word, or — for a first name that is also a word
/// ("John Jackson", "Brendan Barber") — the capitalised word right before
/// it, unless that is a title ("Mr"), a small word, a nationality or an
/// organisation's last word, or is itself part of a longer phrase.
/// A surname that is a word needs a first name that is not one, and is
/// never a word that ends organisations' names ("Buryatia Foundation").
pub fn given_mention(doc: &Doc, mi: usize) -> Option<usize> {
    let m = &doc.mentions[mi];
    let title = |g: &super::doc::Mention| super::lexicon::is_title_word(&g.form);
    if let Some(p) = m.prev {
        let g = &doc.mentions[p];
        let surname_word =
            !super::lexicon::is_organisation_head(&m.form) && !g.ordinary && g.prev.is_none();
        return (!title(g) && (!m.ordinary || surname_word)).then_some(p);
    }
    let p = mi.checked_sub(1)?;
    let g = &doc.mentions[p];
    let adjacent = g.sentence == m.sentence && doc.text.get(g.span.end..m.span.start) == Some(" ");
    let lone = p == 0
        || doc.mentions[p - 1].span.end + 1 < g.span.start
        || doc.mentions[p - 1].sentence != g.sentence;
    let word = g.form.to_lowercase();
    let not_a_name = super::lexicon::is_stopword(&word)
        || super::lexicon::is_demonym(&g.form)
        || super::lexicon::is_organisation_head(&g.form);
    (adjacent && lone && !m.ordinary && !title(g) && !not_a_name).then_some(p)
}

/// All roles stated in `doc`.
pub fn extract(doc: &Doc) -> Vec<Role> {
    let masked = &doc.prose.masked;
    let mut out = Vec::new();
    let is_person = |j: usize| doc.is_person(j) || given_mention(doc, j).is_some();
    let persons: std::collections::HashSet<&str> = (0..doc.mentions.len())
        .filter(|&j| is_person(j))
        .map(|j| doc.mentions[j].form.as_str())
        .collect();
    for (mi, m) in doc.mentions.iter().enumerate() {
        // Only the last name of a phrase, and not ordinary words ("Group").
        if doc.mentions.get(mi + 1).is_some_and(|n| n.prev == Some(mi))
            || (m.ordinary && !is_person(mi))
        {
            continue;
        }
        let s = &doc.sentences[m.sentence];
        let toks = &s.tokens;
        let Some(last) = toks
            .iter()
            .position(|t| t.span.start <= m.span.start && m.span.start < t.span.end)
        else {
            continue;
        };
        let mut first_mi = given_mention(doc, mi).unwrap_or(mi);
        while let Some(p) = doc.mentions[first_mi].prev {
            first_mi = p;
        }
        let first_tok = toks
            .iter()
            .position(|t| {
                t.span.start <= doc.mentions[first_mi].span.start
                    && doc.mentions[first_mi].span.start < t.span.end
            })
            .unwrap_or(last);
        // After: ", head of the Free Buryatia Foundation," / ", who founded Gulagu.net,"
        // — for people: named with a first name here or elsewhere in the text.
        let person = persons.contains(m.form.as_str());
        if person && toks.get(last + 1).is_some_and(|t| t.text(masked) == ",") {
            let mut k = last + 2;
            let mut words = Vec::new();
            while k < toks.len() && words.len() < 16 {
                let tx = toks[k].text(masked);
                if matches!(tx, "," | "." | ";" | "(" | ")" | "—") {
                    break;
                }
                words.push(k);
                k += 1;
            }
            if let Some(r) = role_of(doc, mi, &words, 4) {
                out.push(r);
                continue;
            }
        }
        // Before: "Kremlin spokesman Dmitry Peskov", "the Russian Defense Minister, Sergei Shoigu".
        let mut k = first_tok;
        if k > 0 && toks[k - 1].text(masked) == "," {
            k -= 1;
        }
        let mut words = Vec::new();
        while k > 0 && words.len() < 5 {
            let t = &toks[k - 1];
            if t.kind != Kind::Word {
                break;
            }
            let w = t.text(masked).to_lowercase();
            if is_stopword(&w) && !matches!(w.as_str(), "of" | "the") {
                break;
            }
            words.insert(0, k - 1);
            k -= 1;
        }
        if is_person(mi)
            && words
                .iter()
                .all(|&k| !is_verb_title(&toks[k].text(masked).to_lowercase()))
        {
            if let Some(r) = role_of(doc, mi, &words, 5) {
                out.push(r);
            }
        }
    }
    out
}

/// A role from the tokens `words` of mention `mi`'s sentence, if a title
/// word is among the first `within` of them.
fn role_of(doc: &Doc, mi: usize, words: &[usize], within: usize) -> Option<Role> {
    let masked = &doc.prose.masked;
    let toks = &doc.sentences[doc.mentions[mi].sentence].tokens;
    let mut titles: Vec<String> = Vec::new();
    let mut first_at = usize::MAX;
    for (n, &k) in words.iter().enumerate() {
        let w = toks[k].text(masked).to_lowercase();
        if let Some(t) = title(&w) {
            first_at = first_at.min(n);
            if !titles.iter().any(|x| x == t) {
                titles.push(t.to_string());
            }
        }
    }
    if first_at >= within {
        return None;
    }
    let found = titles[0].clone();
    let mut orgs = Vec::new();
    for &k in words {
        let t = &toks[k];
        let w = t.text(masked);
        if t.kind == Kind::Word && w.starts_with(char::is_uppercase) {
            let w = w.trim_end_matches("'s").trim_end_matches("’s");
            let w = w.split('-').next().unwrap_or(w);
            let l = w.to_lowercase();
            // Distinctive words only: "Buryatia", not "Free" or "Foundation".
            if title(&l).is_none() && !is_stopword(&l) && !is_english_word(w) {
                orgs.push(w.to_string());
            }
        }
    }
    let span = toks[words[0]].span.start..toks[*words.last()?].span.end;
    let lower: Vec<String> = words
        .iter()
        .map(|&k| toks[k].text(masked).to_lowercase())
        .collect();
    let post = post_of(&lower);
    let former = lower.iter().any(|w| w == "former" || w.starts_with("ex-"));
    // The first name: written here, or with the same surname elsewhere in the text.
    let form = &doc.mentions[mi].form;
    let given = given_mention(doc, mi)
        .or_else(|| {
            (0..doc.mentions.len())
                .filter(|&j| &doc.mentions[j].form == form)
                .find_map(|j| given_mention(doc, j))
        })
        .map(|p| doc.mentions[p].form.clone());
    Some(Role {
        person: mi,
        title: found,
        titles,
        orgs,
        span,
        post,
        former,
        given,
        phrase: Vec::new(),
        sentence: doc.mentions[mi].sentence,
    })
}

/// The `title` of a role phrase (see [`phrases`]); its `titles` are its
/// keys, each suffix of the phrase ([`phrase_key`]).
pub const PHRASE: &str = "phrase";

/// At most this many words of a role phrase: "Work and Pensions
/// Secretary", "Deputy Prime Minister", "Manchester United manager";
/// longer runs before a name are sentence, not title.
const PHRASE_WORDS: usize = 5;

/// The key a role phrase is filed under, one per suffix of its words
/// ("tory leader", "leader"): lower case, joined by spaces.
pub fn phrase_key(words: &[String]) -> String {
    let w: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    format!("{PHRASE}:{}", w.join(" "))
}

/// The key an entity's role phrases are filed under.
pub fn phrase_of(entity: u32) -> String {
    format!("{PHRASE}-of:{entity}")
}

/// Role phrases written right against a person's full name: before it
/// ("Tory leader Michael Howard", "Chelsea boss Jose Mourinho"), after it
/// as an appositive ("Michael Howard, the Tory leader,") or a wire party
/// tag ("John Glenn (D-Ohio)", read as the words `D party`). Which phrases
/// are roles, and whose, is for the corpus to say (how often a phrase
/// stands before which names); here only the grammar of the place.
pub fn phrases(doc: &Doc) -> Vec<Role> {
    let mut out = Vec::new();
    for (mi, m) in doc.mentions.iter().enumerate() {
        let last = doc.mentions.get(mi + 1).is_none_or(|n| n.prev != Some(mi));
        if !last {
            continue;
        }
        let Some(g) = given_mention(doc, mi).or_else(|| given_after_title(doc, mi)) else {
            continue;
        };
        let given = doc.mentions[g].form.clone();
        let sentence = &doc.sentences[m.sentence];
        let at = |start: usize| {
            sentence
                .tokens
                .binary_search_by_key(&start, |t| t.span.start)
                .ok()
        };
        let (Some(first), Some(end)) = (at(doc.mentions[g].span.start), at(m.span.start)) else {
            continue;
        };
        let before = words_before(doc, m.sentence, first);
        let after = words_after(doc, m.sentence, end);
        for span in [before, after].into_iter().flatten() {
            let words: Vec<String> = phrase_words(doc, m.sentence, span.clone());
            out.push(phrase_role(doc, mi, &given, span, words));
        }
    }
    out
}

/// The first name of a surname written right after a capitalised title
/// ("Defence Secretary Tony Blair", where "Tony" is also a word and so
/// starts no name phrase of its own), or of a surname that is a word ("Jack
/// Straw"): the capitalised word before the surname, if it can be a first
/// name. Whether it is one of this surname's is for the corpus to say.
fn given_after_title(doc: &Doc, mi: usize) -> Option<usize> {
    let m = &doc.mentions[mi];
    let p = m.prev.unwrap_or(mi.checked_sub(1)?);
    let g = &doc.mentions[p];
    let adjacent = g.sentence == m.sentence && doc.text.get(g.span.end..m.span.start) == Some(" ");
    let word = |w: &str| super::lexicon::never_a_name(w) || super::lexicon::is_organisation_head(w);
    (adjacent && !word(&g.form) && !word(&m.form)).then_some(p)
}

fn phrase_role(doc: &Doc, mi: usize, given: &str, span: Range<usize>, phrase: Vec<String>) -> Role {
    let titles = (0..phrase.len())
        .map(|k| phrase_key(&phrase[k..]))
        .collect();
    let toks = &doc.sentences[doc.mentions[mi].sentence].tokens;
    let former = phrase
        .iter()
        .any(|w| w.eq_ignore_ascii_case("former") || w.to_lowercase().starts_with("ex-"));
    Role {
        person: mi,
        title: PHRASE.to_string(),
        titles,
        orgs: Vec::new(),
        span: toks[span.start].span.start..toks[span.end - 1].span.end,
        post: None,
        former,
        given: Some(given.to_string()),
        phrase,
        sentence: doc.mentions[mi].sentence,
    }
}

/// The phrase's words: a party tag `R-Ohio` as `R party`.
fn phrase_words(doc: &Doc, si: usize, span: Range<usize>) -> Vec<String> {
    let masked = &doc.prose.masked;
    let toks = &doc.sentences[si].tokens;
    let words: Vec<String> = toks[span]
        .iter()
        .map(|t| t.text(masked).to_string())
        .collect();
    match party_tag(&words) {
        Some(p) => vec![p.to_string(), "party".to_string()],
        None => words,
    }
}

/// A wire party tag's party letter: `R-Ohio`, `D-N.Y.`, `R-Calif`.
fn party_tag(words: &[String]) -> Option<&str> {
    let [w] = words else { return None };
    let (party, state) = w.split_once('-')?;
    let upper = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    (party.len() == 1 && upper(party) && upper(state) && state.len() <= 6).then_some(party)
}

/// A word that may stand in a role phrase: not a function word, a verb of
/// saying, a weekday or month, a possessive (where the phrase stops:
/// "Britain's Chancellor" is "Chancellor").
fn role_word(w: &str) -> bool {
    let l = w.to_lowercase();
    !is_stopword(&l)
        && !super::lexicon::is_attribution(&l)
        && !super::lexicon::is_weekday(w)
        && super::lexicon::month(w).is_none()
        && !w.ends_with("'s")
        && !w.ends_with("’s")
        && !matches!(l.as_str(), "mr" | "mrs" | "ms" | "miss")
}

/// The role words right before token `first` (the first name), honorifics
/// ("Sir") skipped; the last must be a word (a title), not a name.
fn words_before(doc: &Doc, si: usize, first: usize) -> Option<Range<usize>> {
    let masked = &doc.prose.masked;
    let toks = &doc.sentences[si].tokens;
    let word = |k: usize| (toks[k].kind == Kind::Word).then(|| toks[k].text(masked));
    let mut end = first;
    while end > 0
        && word(end - 1).is_some_and(|w| super::lexicon::is_title_word(w) && !is_english_word(w))
    {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && end - start < PHRASE_WORDS && word(start - 1).is_some_and(role_word) {
        start -= 1;
    }
    let head = word(end.checked_sub(1)?)?;
    (start < end && head_word(head)).then_some(start..end)
}

/// An appositive after the surname (token `end`): ", the Tory leader," or
/// ", a Labour MP." — a short run of role words closed by punctuation; or
/// a party tag in brackets.
fn words_after(doc: &Doc, si: usize, end: usize) -> Option<Range<usize>> {
    let masked = &doc.prose.masked;
    let toks = &doc.sentences[si].tokens;
    let text = |k: usize| toks.get(k).map(|t| t.text(masked));
    if text(end + 1) == Some("(") && text(end + 3) == Some(")") {
        let w = text(end + 2)?;
        return party_tag(&[w.to_string()]).map(|_| end + 2..end + 3);
    }
    if text(end + 1) != Some(",") {
        return None;
    }
    let mut start = end + 2;
    if text(start).is_some_and(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an")) {
        start += 1;
    }
    let mut stop = start;
    while stop < toks.len()
        && stop - start < PHRASE_WORDS
        && toks[stop].kind == Kind::Word
        && role_word(text(stop)?)
    {
        stop += 1;
    }
    let closed = matches!(text(stop), None | Some("," | "." | ";" | ")"));
    let head = text(stop.checked_sub(1)?)?;
    (stop > start && closed && head_word(head)).then_some(start..stop)
}

/// The last word of a role phrase: a dictionary word ("leader", "boss",
/// "Secretary") or an initialism ("MP", "CEO"), not a name.
fn head_word(w: &str) -> bool {
    let initialism = (2..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
    initialism || is_english_word(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Format;

    fn roles(t: &str) -> Vec<(String, String, Vec<String>)> {
        let d = Doc::parse(t, Format::Plain);
        extract(&d)
            .into_iter()
            .map(|r| (d.mentions[r.person].form.clone(), r.title, r.orgs))
            .collect()
    }

    #[test]
    fn appositives_and_titles() {
        assert_eq!(
            roles("Alexandra Garmazhapova, head of the Free Buryatia Foundation, told the AP."),
            vec![(
                "Garmazhapova".into(),
                "head".into(),
                vec!["Buryatia".into()]
            )]
        );
        assert_eq!(
            roles("Kremlin spokesman Dmitry Peskov said."),
            vec![("Peskov".into(), "spokesman".into(), vec!["Kremlin".into()])]
        );
        assert_eq!(
            roles("Vladimir Osekkin, who founded Gulagu.net, says so."),
            vec![(
                "Osekkin".into(),
                "founder".into(),
                vec!["Gulagu.net".into()]
            )]
        );
        assert!(roles("Alexei Tabalov said it was over.").is_empty());
    }

    #[test]
    fn posts_tense_and_first_names() {
        let d = Doc::parse(
            "Sir Digby Jones spoke. Scott Sullivan, WorldCom's former chief financial officer, said so. Countryside Alliance chairman Jim Jackson agreed. Mr Jones, the CBI director general, did too.",
            Format::Plain,
        );
        let r: Vec<(String, Option<String>, bool, Option<String>)> = extract(&d)
            .into_iter()
            .map(|r| (d.mentions[r.person].form.clone(), r.post, r.former, r.given))
            .collect();
        assert_eq!(
            r,
            vec![
                (
                    "Sullivan".into(),
                    Some("chief financial officer".into()),
                    true,
                    Some("Scott".into())
                ),
                (
                    "Jackson".into(),
                    Some("chairman".into()),
                    false,
                    Some("Jim".into())
                ),
                (
                    "Jones".into(),
                    Some("director general".into()),
                    false,
                    Some("Digby".into())
                ),
            ]
        );
    }
}
