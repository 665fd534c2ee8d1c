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
    })
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
