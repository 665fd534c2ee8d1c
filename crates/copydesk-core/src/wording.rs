//! How copydesk speaks to a writer: every finding's message and every fix's
//! title, in one place, in a copy desk's words.
//!
//! A message leads with what to do or what the archive says ("Archive has
//! 11 March, not 11 May"), short enough for a Problems row; what backs it up
//! (why a name is taken for another) follows after [`EVIDENCE`]. Nothing a
//! writer reads says "corpus" or names a file: the archive is "the archive"
//! and its articles are "sources"; the check's code travels in the
//! diagnostic's `code` field, not in the words.

/// Between a message's head and its evidence.
pub const EVIDENCE: &str = " — ";

/// A message head longer than this no longer fits a Problems row or a line
/// of virtual text before the key fact is cut off.
pub const HEAD_MAX: usize = 100;

/// Longest draft or archive text quoted inside a head: a longer one is cut
/// with "…", so the head stays under [`HEAD_MAX`].
const QUOTED_MAX: usize = 36;

/// The head of a message: the part before its evidence.
pub fn head(message: &str) -> &str {
    message.split(EVIDENCE).next().unwrap_or(message)
}

/// `head`, with `evidence` after it when there is some.
fn with_evidence(head: String, evidence: Option<&str>) -> String {
    match evidence.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => format!("{head}{EVIDENCE}{e}"),
        None => head,
    }
}

/// Text as quoted in a message: one line, whitespace collapsed, at most
/// [`QUOTED_MAX`] characters.
pub fn quoted(s: &str) -> String {
    quoted_to(s, QUOTED_MAX)
}

/// Text as quoted: one line, whitespace collapsed, at most `max` characters.
fn quoted_to(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        return one;
    }
    let cut: String = one.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// A person's name as quoted in a head beside another text.
const NAME_MAX: usize = 24;

/// "once", "twice", "64 times".
pub fn times(n: u32) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// "1 article", "24 articles".
pub fn articles(n: u32) -> String {
    format!("{n} article{}", if n == 1 { "" } else { "s" })
}

// Names.

/// A name spelled otherwise than the archive spells it.
pub fn misspelled(canonical: &str, count: u32, in_articles: u32, why: &str) -> String {
    with_evidence(
        format!(
            "Misspelled? The archive writes {} ({} in {})",
            quoted(canonical),
            times(count),
            articles(in_articles)
        ),
        Some(why),
    )
}

/// A nationality adjective misspelled ("Brytish").
pub fn misspelled_demonym(right: &str) -> String {
    format!("Misspelled? The word is {}", quoted(right))
}

/// A first name that is a spelling of the archive person's.
pub fn first_name_spelled(right: &str, canonical: &str) -> String {
    format!(
        "Misspelled first name? The archive writes {}",
        quoted(&format!("{right} {canonical}"))
    )
}

/// A first name that is not the archive person's (another person?).
pub fn wrong_first_name(right: &str, canonical: &str, count: u32, why: &str) -> String {
    with_evidence(
        format!(
            "Wrong first name? The archive names only {} ({})",
            quoted(&format!("{right} {canonical}")),
            times(count)
        ),
        Some(why),
    )
}

/// A name the archive does not know, spelled two ways in the draft.
pub fn spelled_two_ways(other: &str, count: u32) -> String {
    format!(
        "Spelled two ways: this draft also writes {} ({})",
        quoted(other),
        times(count)
    )
}

// Figures and claims.

/// A figure with no source in its sentence.
pub fn unattributed(figure: &str) -> String {
    format!(
        "No source for this figure: who says {}?",
        quoted(&mid_sentence(figure))
    )
}

/// Words from the start of a sentence as written mid-sentence: "Around 80
/// soldiers" → "around 80 soldiers"; names, months and days keep their capital.
fn mid_sentence(s: &str) -> String {
    use crate::model::lexicon as lx;
    let first = s.split_whitespace().next().unwrap_or_default();
    let lower = first.to_lowercase();
    let mut cs = first.chars();
    let capitalised = cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase);
    let word = lx::is_stopword(&lower) || lx::is_english_word(&lower);
    if !capitalised || !word || lx::month(&lower).is_some() {
        return s.to_string();
    }
    let mut it = s.chars();
    it.next()
        .map(|c| c.to_lowercase().chain(it).collect())
        .unwrap_or_default()
}

/// The archive's value for a figure, date or duration differs.
pub fn archive_has(theirs: &str, ours: &str) -> String {
    format!("Archive has {}, not {}", quoted(theirs), quoted(ours))
}

/// The sources give the figure different values.
pub fn sources_disagree(one: &str, other: &str) -> String {
    format!("Sources disagree: {} or {}", quoted(one), quoted(other))
}

/// The archive says the opposite (its word, when known), with the
/// archive's sentence as evidence.
pub fn opposite(theirs: Option<&str>, sentence: &str) -> String {
    let head = match theirs {
        Some(w) => format!("Archive says the opposite: ‘{}’", quoted(w)),
        None => "Archive says the opposite".to_string(),
    };
    with_evidence(head, Some(&format!("“{}”", quoted_long(sentence))))
}

/// A role or title the archive gives the person otherwise.
pub fn archive_calls(person: &str, theirs: &str, count: u32) -> String {
    /// A title is quoted whole more often than other text: it is the fix.
    const TITLE_MAX: usize = 56;
    let head = format!(
        "Archive calls {} ‘{}’",
        quoted_to(person, NAME_MAX),
        quoted_to(theirs, TITLE_MAX)
    );
    let evidence = (count > 1).then(|| format!("it writes that {}", times(count)));
    with_evidence(head, evidence.as_deref())
}

// Quotations.

/// The quoted words differ from the source's: `draft` the words only the
/// draft has, `source` the words only the source has.
pub fn quote_differs(draft: &[&str], source: &[&str]) -> String {
    const WORDS_MAX: usize = 28;
    let (d, s) = (
        quoted_to(&draft.join(" "), WORDS_MAX),
        quoted_to(&source.join(" "), WORDS_MAX),
    );
    let what = match (d.is_empty(), s.is_empty()) {
        (false, false) => format!("‘{s}’, not ‘{d}’"),
        (false, true) => format!("‘{d}’ is not in it"),
        (true, false) => format!("‘{s}’ is missing"),
        (true, true) => "its words are in another order".to_string(),
    };
    format!("Quote differs from the source: {what}")
}

/// The archive gives the words to someone else.
pub fn other_speaker(theirs: &str, ours: &str) -> String {
    format!(
        "Archive gives these words to {}, not {}",
        quoted_to(theirs, NAME_MAX),
        quoted_to(ours, NAME_MAX)
    )
}

/// A quotation the archive does not hold.
pub const UNKNOWN_QUOTE: &str = "Quote not in the archive: check it against your notes";

// Fixes.

/// A fix's title: what it does to `old` to make `new`, in plain words
/// ("Change ‘could’ to ‘would’", "Delete ‘just’", "Add ‘not’"), the words
/// both share left out. `why` follows in brackets ("as in the source").
pub fn fix_title(old: &str, new: &str, why: Option<&str>) -> String {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let (pre, suf) = crate::text::common_ends(&a, &b);
    let (a, b) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let (a, b) = (quoted(&a.join(" ")), quoted(&b.join(" ")));
    let what = match (a.is_empty(), b.is_empty()) {
        (false, true) => format!("Delete ‘{a}’"),
        (true, false) => format!("Add ‘{b}’"),
        (false, false) => format!("Change ‘{a}’ to ‘{b}’"),
        (true, true) => format!("Change to ‘{}’", quoted(new)),
    };
    match why {
        Some(w) => format!("{what} ({w})"),
        None => what,
    }
}

/// Why a replacement is right, by code, for a fix's title.
pub fn fix_reason(code: crate::finding::Code) -> Option<&'static str> {
    use crate::finding::Code;
    match code {
        Code::Misquote => Some("as in the source"),
        Code::NameSpelling => Some("as the archive spells it"),
        Code::Contradiction => Some("as the archive has it"),
        _ => None,
    }
}

/// Title of the fix that adds the source the archive names for a figure.
pub fn add_source_title(insert: &str) -> String {
    let words = insert.trim().trim_start_matches(',').trim();
    format!("Add the source: ‘{}’", quoted(words))
}

/// Title of the fix that hides a finding through the workspace's ignore list.
pub const IGNORE_HERE: &str = "Ignore here (kept in .copydesk/ignore, not in the text)";

/// Title of the fix that hides a finding with a comment in a Markdown draft.
pub const IGNORE_WITH_COMMENT: &str = "Ignore with a hidden comment in the Markdown";

/// A sentence quoted as evidence: one line, at most this long.
fn quoted_long(s: &str) -> String {
    quoted_to(s, 160)
}

/// Snapshots of what a writer reads, one draft per code (`wording/tests.rs`).
#[cfg(test)]
mod tests;

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn heads_fit_a_problems_row_however_long_the_words() {
        let long = "word ".repeat(80);
        let heads = [
            misspelled(&long, 64, 24, &long),
            first_name_spelled(&long, &long),
            wrong_first_name(&long, &long, 3, &long),
            spelled_two_ways(&long, 2),
            unattributed(&long),
            archive_has(&long, &long),
            sources_disagree(&long, &long),
            opposite(Some(&long), &long),
            archive_calls(&long, &long, 5),
            quote_differs(&[long.as_str()], &[long.as_str()]),
            other_speaker(&long, &long),
            UNKNOWN_QUOTE.to_string(),
        ];
        for m in &heads {
            let h = head(m);
            assert!(h.chars().count() < HEAD_MAX, "{h}");
            assert!(!h.contains(EVIDENCE), "{h}");
            assert!(!m.to_lowercase().contains("corpus"), "{m}");
        }
    }

    #[test]
    fn fix_titles_name_only_the_changed_words() {
        assert_eq!(
            fix_title(
                "I could do it",
                "I would do it",
                fix_reason(crate::Code::Misquote)
            ),
            "Change ‘could’ to ‘would’ (as in the source)"
        );
        assert_eq!(fix_title("just knew", "knew", None), "Delete ‘just’");
        assert_eq!(fix_title("at war", "not at war", None), "Add ‘not’");
        assert_eq!(
            fix_title("Tabarov", "Tabalov", None),
            "Change ‘Tabarov’ to ‘Tabalov’"
        );
    }
}
