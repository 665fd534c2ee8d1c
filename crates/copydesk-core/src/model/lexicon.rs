//! Closed word lists: English function words, attribution verbs, number
//! words, months, units, qualifiers. Linguistic knowledge only — nothing
//! here is a fact about the news.

pub fn is_stopword(w: &str) -> bool {
    in_sorted(STOPWORDS, w)
}

/// Binary search in a sorted list of short words. The byte loop is inlined:
/// for words this short, calling `memcmp` at every step costs more than
/// the comparison (these lists are consulted for every word of a draft).
fn in_sorted(list: &[&str], w: &str) -> bool {
    #[inline(always)]
    fn cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
        for (x, y) in a.iter().zip(b) {
            if x != y {
                return x.cmp(y);
            }
        }
        a.len().cmp(&b.len())
    }
    list.binary_search_by(|x| cmp(x.as_bytes(), w.as_bytes()))
        .is_ok()
}

/// Sorted.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "ago", "all", "almost", "also", "although",
    "am", "among", "an", "and", "another", "any", "are", "around", "as", "at", "be", "because",
    "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "either", "else", "even", "ever", "every",
    "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "last", "least", "less", "like", "may", "me", "might", "more", "most",
    "much", "must", "my", "near", "nearly", "neither", "next", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "others", "our", "ours", "out", "over", "own",
    "per", "rather", "same", "she", "should", "since", "so", "some", "still", "such", "than",
    "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
    "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
    "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
    "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
];

/// Words that name a source for what a sentence says.
pub fn is_attribution(w: &str) -> bool {
    in_sorted(ATTRIBUTION, w)
}

/// Sorted. "according" counts only before "to" (checked by the caller).
const ATTRIBUTION: &[&str] = &[
    "according",
    "acknowledged",
    "acknowledges",
    "added",
    "adds",
    "admits",
    "admitted",
    "announced",
    "announces",
    "announcing",
    "argued",
    "argues",
    "asserted",
    "assured",
    "calculated",
    "census",
    "cite",
    "cited",
    "cites",
    "citing",
    "claimed",
    "claiming",
    "claims",
    "confirmed",
    "confirms",
    "counted",
    "counts",
    "declared",
    "disclosed",
    "emphasised",
    "emphasized",
    "estimate",
    "estimated",
    "estimates",
    "estimating",
    "expects",
    "explained",
    "explains",
    "finds",
    "forecast",
    "forecasts",
    "found",
    "indicate",
    "indicated",
    "indicates",
    "insisted",
    "maintained",
    "noted",
    "notes",
    "poll",
    "polls",
    "predicted",
    "predicts",
    "quoted",
    "quoting",
    "recalled",
    "reported",
    "reporting",
    "reports",
    "respondents",
    "revealed",
    "reveals",
    "said",
    "say",
    "saying",
    "says",
    "show",
    "showed",
    "shows",
    "stated",
    "states",
    "stressed",
    "suggest",
    "suggested",
    "suggests",
    "survey",
    "surveys",
    "tallied",
    "tell",
    "telling",
    "tells",
    "testified",
    "told",
    "unveiled",
    "unveils",
    "warned",
    "warns",
    "writes",
    "wrote",
];

/// Verbs that introduce a speaker's words (subset used to find who spoke).
pub fn is_speech_verb(w: &str) -> bool {
    in_sorted(SPEECH, w)
}

const SPEECH: &[&str] = &[
    "added",
    "adds",
    "announced",
    "argued",
    "assured",
    "claimed",
    "declared",
    "emphasised",
    "emphasized",
    "explained",
    "insisted",
    "maintained",
    "noted",
    "recalled",
    "said",
    "say",
    "says",
    "stated",
    "states",
    "stressed",
    "tells",
    "told",
    "warned",
    "writes",
    "wrote",
];

pub fn number_word(w: &str) -> Option<f64> {
    let v = match w {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        "hundred" => 100.0,
        _ => {
            // twenty-five
            let (a, b) = w.split_once('-')?;
            let (a, b) = (number_word(a)?, number_word(b)?);
            if a >= 20.0 && a % 10.0 == 0.0 && b < 10.0 {
                return Some(a + b);
            }
            return None;
        }
    };
    Some(v)
}

pub fn scale_word(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mln" | "m" => Some(1e6),
        "k" => Some(1e3),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// Vague quantities as ranges: "hundreds" is 200 to 999, never an exact value.
pub fn vague_word(w: &str) -> Option<(f64, f64)> {
    match w {
        "dozens" => Some((24.0, 144.0)),
        "hundreds" => Some((200.0, 999.0)),
        "thousands" => Some((2000.0, 99_999.0)),
        "millions" => Some((2e6, 999e6)),
        "billions" => Some((2e9, 999e9)),
        _ => None,
    }
}

pub fn month(w: &str) -> Option<u8> {
    let m = match w.trim_end_matches('.').to_ascii_lowercase().as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Words that are never names, however they are written: titles, months,
/// days, nationality adjectives, function words.
pub fn never_a_name(w: &str) -> bool {
    is_title_word(w)
        || month(w).is_some()
        || is_weekday(w)
        || is_demonym(w)
        || is_stopword(&normalise(w))
        || is_contraction(w)
}

/// A word and a verb joined by an apostrophe, straight or curly ("We’ve",
/// "They'll", "Isn’t", "It's"): capitalised at a sentence's start, never a
/// name. A name's possessive ("Putin's") is not one: before "'s" only a
/// pronoun or other small word makes a contraction.
pub fn is_contraction(w: &str) -> bool {
    let n = normalise(w);
    let Some((before, after)) = n.split_once('\'') else {
        return false;
    };
    !before.is_empty()
        && match after {
            "ve" | "re" | "ll" | "d" | "m" => true,
            "t" => before.ends_with('n'),
            "s" => is_stopword(before),
            _ => false,
        }
}

/// Days of the week: capitalised, never names.
pub fn is_weekday(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// Honorifics and titles written before a name ("Mr Sullivan", "Sir Digby
/// Jones", "Judge Letitia Clark"): they say a person follows, and are never
/// a name or a first name themselves.
pub fn is_title_word(w: &str) -> bool {
    in_sorted(
        TITLES,
        w.trim_end_matches('.').to_ascii_lowercase().as_str(),
    )
}

/// Sorted.
const TITLES: &[&str] = &[
    "archbishop",
    "ayatollah",
    "baron",
    "baroness",
    "bishop",
    "capt",
    "captain",
    "cardinal",
    "chancellor",
    "col",
    "colonel",
    "commissioner",
    "dame",
    "det",
    "detective",
    "dr",
    "gen",
    "gov",
    "governor",
    "insp",
    "inspector",
    "judge",
    "justice",
    "king",
    "lady",
    "lieutenant",
    "lord",
    "lt",
    "madam",
    "maj",
    "miss",
    "mister",
    "mme",
    "mr",
    "mrs",
    "ms",
    "mx",
    "pc",
    "pope",
    "pres",
    "president",
    "prince",
    "princess",
    "prof",
    "professor",
    "queen",
    "rabbi",
    "rep",
    "rev",
    "reverend",
    "sen",
    "senator",
    "sergeant",
    "sgt",
    "sheikh",
    "sir",
    "supt",
];

/// Nationality and regional adjectives whose form is not a place name plus
/// a suffix (Thai, French, British): adjectives, not names. Regular ones
/// (German, European, Russian) are recognised by [`super::names::derived`].
pub fn is_demonym(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    in_sorted(DEMONYMS, &w)
        || w.strip_suffix('s')
            .is_some_and(|one| one.len() > 3 && in_sorted(DEMONYMS, one))
}

/// The nationality adjectives [`is_demonym`] knows, lower case.
pub fn demonyms() -> &'static [&'static str] {
    DEMONYMS
}

/// Sorted.
const DEMONYMS: &[&str] = &[
    "afghan",
    "arab",
    "arabic",
    "basque",
    "british",
    "briton",
    "britons",
    "catalan",
    "chinese",
    "congolese",
    "croat",
    "cypriot",
    "czech",
    "danish",
    "dutch",
    "english",
    "filipino",
    "finnish",
    "flemish",
    "french",
    "gaelic",
    "greek",
    "icelandic",
    "irish",
    "israeli",
    "japanese",
    "kurdish",
    "lebanese",
    "maltese",
    "nepalese",
    "pakistani",
    "polish",
    "portuguese",
    "scots",
    "scottish",
    "serb",
    "slovak",
    "spanish",
    "sudanese",
    "swede",
    "swedish",
    "swiss",
    "taiwanese",
    "thai",
    "turkish",
    "vietnamese",
    "welsh",
];

/// Words that end an organisation's name ("Countryside Alliance", "Deutsche
/// Bank", "Scottish National Party"): the name before them is an organisation's.
pub fn is_organisation_head(w: &str) -> bool {
    in_sorted(ORG_HEADS, w.to_ascii_lowercase().as_str())
}

/// Sorted.
const ORG_HEADS: &[&str] = &[
    "academy",
    "agency",
    "airlines",
    "airways",
    "alliance",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "club",
    "co",
    "college",
    "commission",
    "committee",
    "communications",
    "company",
    "corp",
    "corporation",
    "council",
    "court",
    "department",
    "entertainment",
    "executive",
    "federation",
    "forum",
    "foundation",
    "fund",
    "group",
    "holdings",
    "inc",
    "industries",
    "institute",
    "league",
    "limited",
    "ltd",
    "media",
    "ministry",
    "motors",
    "network",
    "office",
    "organisation",
    "organization",
    "parliament",
    "partners",
    "party",
    "plc",
    "police",
    "records",
    "service",
    "services",
    "society",
    "software",
    "studios",
    "systems",
    "technologies",
    "trust",
    "union",
    "university",
];

/// Words before a place name ("in Glasgow", "from Wiltshire").
pub fn is_place_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "from"
            | "to"
            | "at"
            | "across"
            | "near"
            | "outside"
            | "into"
            | "throughout"
            | "around"
            | "inside"
            | "towards"
    )
}

/// Time units, in days.
pub fn time_unit(w: &str) -> Option<(&'static str, f64)> {
    let u = match w {
        "second" | "seconds" => ("second", 1.0 / 86400.0),
        "minute" | "minutes" => ("minute", 1.0 / 1440.0),
        "hour" | "hours" => ("hour", 1.0 / 24.0),
        "day" | "days" => ("day", 1.0),
        "week" | "weeks" => ("week", 7.0),
        "month" | "months" => ("month", 30.0),
        "year" | "years" => ("year", 365.0),
        "decade" | "decades" => ("decade", 3650.0),
        _ => return None,
    };
    Some(u)
}

/// Every code [`currency_symbol`] and [`currency_word`] return (a test holds them to it).
pub const CURRENCY_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "RUB", "GBX", "CENT", "UAH", "JPY", "CNY", "INR", "CHF", "ZAR", "ILS",
    "THB", "PESO", "KRONA", "PLN", "LIRA",
];

pub fn currency_symbol(c: &str) -> Option<&'static str> {
    match c {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "₽" => Some("RUB"),
        _ => None,
    }
}

pub fn currency_word(w: &str) -> Option<&'static str> {
    match w {
        "dollar" | "dollars" => Some("USD"),
        "euro" | "euros" => Some("EUR"),
        "pound" | "pounds" => Some("GBP"),
        "pence" | "penny" | "p" => Some("GBX"),
        "cent" | "cents" => Some("CENT"),
        "rouble" | "roubles" | "ruble" | "rubles" => Some("RUB"),
        "hryvnia" | "hryvnias" => Some("UAH"),
        "yen" => Some("JPY"),
        "yuan" | "renminbi" => Some("CNY"),
        "rupee" | "rupees" => Some("INR"),
        "franc" | "francs" => Some("CHF"),
        "rand" => Some("ZAR"),
        "shekel" | "shekels" => Some("ILS"),
        "baht" => Some("THB"),
        "peso" | "pesos" => Some("PESO"),
        "krona" | "kronor" | "krone" | "kroner" => Some("KRONA"),
        "zloty" | "zlotys" => Some("PLN"),
        "lira" => Some("LIRA"),
        _ => None,
    }
}

/// Words that flip a statement.
pub fn is_negator(w: &str) -> bool {
    matches!(
        w,
        "not" | "never" | "no" | "neither" | "nor" | "nobody" | "nothing" | "none" | "without"
    )
}

/// Verbs of denial: "denied that X" says the opposite of "confirmed that X".
pub fn is_denial(w: &str) -> bool {
    matches!(
        w,
        "deny" | "denies" | "denied" | "denying" | "refuted" | "refutes" | "rejected" | "rejects"
    )
}

pub fn is_affirmation(w: &str) -> bool {
    matches!(
        w,
        "confirm"
            | "confirms"
            | "confirmed"
            | "confirming"
            | "admitted"
            | "admits"
            | "acknowledged"
            | "acknowledges"
    )
}

/// Words of opposite polarity about one thing, by group: `(group, pole)`.
/// "acquitted" / "convicted", "raised" / "cut", "won" / "lost",
/// "welcomed" / "opposed", "approved" / "rejected". Said of one claim, the
/// two poles contradict each other.
pub fn polarity_pole(w: &str) -> Option<(u8, bool)> {
    let pole = match w {
        "acquitted" | "acquittal" | "cleared" => (0, true),
        "convicted" | "conviction" | "guilty" => (0, false),
        "raised" | "raises" | "raising" | "increased" | "increases" | "increasing" | "rose"
        | "risen" | "rises" | "higher" => (1, true),
        "cut" | "cuts" | "cutting" | "reduced" | "reduces" | "reducing" | "lowered" | "lowers"
        | "fell" | "fallen" | "falls" | "lower" => (1, false),
        "won" | "wins" | "winning" => (2, true),
        "lost" | "loses" | "losing" => (2, false),
        "welcomed" | "welcomes" | "welcoming" | "backed" | "backs" | "supported" | "supports"
        | "approved" | "approves" => (3, true),
        "opposed" | "opposes" | "opposing" | "condemned" | "condemns" | "rejected" | "rejects"
        | "vetoed" => (3, false),
        "up" => (4, true),
        "down" => (4, false),
        _ => return None,
    };
    Some(pole)
}

/// A word as the lists and stems expect it: lower case, typographic
/// apostrophes straightened ("Russia’s" → "russia's").
pub fn normalise(w: &str) -> String {
    if w.is_ascii() {
        w.to_ascii_lowercase()
    } else if w.contains('’') {
        w.to_lowercase().replace('’', "'")
    } else {
        w.to_lowercase()
    }
}

/// A crude English stemmer: enough to match "signed"/"sign", "colonies"/"colony".
pub fn stem(w: &str) -> String {
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    let w = w.trim_end_matches(['\'', '’']);
    let n = w.len();
    let s = if n > 5 && w.ends_with("ation") {
        &w[..n - 5]
    } else if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    } else if n > 5 && w.ends_with("ing") {
        &w[..n - 3]
    } else if n > 4
        && (w.ends_with("ed")
            || w.ends_with("ses")
            || w.ends_with("xes")
            || w.ends_with("ches")
            || w.ends_with("shes"))
    {
        &w[..n - 2]
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        // A plural stems as its singular does ("ounces", "ounce": "ounc").
        let one = &w[..n - 1];
        if one.len() > 4 && one.ends_with('e') {
            &one[..one.len() - 1]
        } else {
            one
        }
    } else if n > 4 && w.ends_with('e') {
        &w[..n - 1]
    } else {
        w
    };
    s.to_string()
}

/// Expand English contractions so "don't" and "do not" compare equal.
pub fn expand_contraction(w: &str) -> Vec<String> {
    let w = w.replace('’', "'");
    let fixed: Option<&[&str]> = match w.as_str() {
        "can't" | "cannot" => Some(&["can", "not"]),
        "won't" => Some(&["will", "not"]),
        "shan't" => Some(&["shall", "not"]),
        "i'm" => Some(&["i", "am"]),
        _ => None,
    };
    if let Some(f) = fixed {
        return f.iter().map(|s| s.to_string()).collect();
    }
    for (suf, exp) in [
        ("n't", "not"),
        ("'re", "are"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'d", "would"),
    ] {
        if let Some(base) = w.strip_suffix(suf) {
            if !base.is_empty() {
                return vec![base.to_string(), exp.to_string()];
            }
        }
    }
    vec![w]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_are_never_names_possessives_may_be() {
        for w in ["We’ve", "They'll", "Isn’t", "It's", "I’m"] {
            assert!(never_a_name(w), "{w}");
        }
        for w in ["Putin's", "O'Brien", "D'Souza"] {
            assert!(!never_a_name(w), "{w}");
        }
    }

    #[test]
    fn every_currency_code_is_listed_for_the_persisted_index() {
        let words = [
            "dollar", "euro", "pound", "pence", "cent", "rouble", "ruble", "hryvnia", "yen",
            "yuan", "renminbi", "rupee", "franc", "rand", "shekel", "baht", "peso", "krona",
            "krone", "zloty", "lira",
        ];
        for code in words.iter().filter_map(|w| currency_word(w)).chain(
            ["$", "€", "£", "₽"]
                .iter()
                .filter_map(|c| currency_symbol(c)),
        ) {
            assert!(
                CURRENCY_CODES.contains(&code),
                "{code} missing from CURRENCY_CODES"
            );
        }
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for l in [STOPWORDS, ATTRIBUTION, SPEECH, LABEL_WORDS] {
            let mut s = l.to_vec();
            s.sort();
            assert_eq!(s, l);
        }
    }

    #[test]
    fn stems_and_contractions() {
        assert_eq!(stem("signed"), stem("sign"));
        assert_eq!(stem("colonies"), "colony");
        assert_eq!(stem("prisoners"), stem("prisoner"));
        assert_eq!(expand_contraction("don’t"), vec!["do", "not"]);
        assert_eq!(
            expand_contraction("I'm".to_lowercase().as_str()),
            vec!["i", "am"]
        );
        assert_eq!(number_word("twenty-five"), Some(25.0));
        assert!(
            is_english_word("abandon") && is_english_word("Minister") && is_english_word("zoom")
        );
        assert!(!is_english_word("Tabalov") && !is_english_word("abandonx"));
    }

    #[test]
    fn the_word_table_holds_every_listed_word_and_nothing_else() {
        let listed: std::collections::HashSet<&str> =
            ENGLISH.lines().filter(|w| w.len() >= 4).collect();
        assert!(listed.len() > 50_000);
        assert!(listed.iter().all(|w| in_english_table(w)));
        // Near misses of listed words: prefixes, and words with a letter added.
        for w in ENGLISH.lines().step_by(7) {
            for probe in [&w[..w.len() - 1], &format!("{w}q"), &format!("q{w}")] {
                assert_eq!(in_english_table(probe), listed.contains(probe), "{probe}");
            }
        }
    }
}

static ENGLISH: &str = include_str!("../../data/english-words.txt");

/// Whether `w` (any case) is an English dictionary word of four letters or
/// more (see `data/README.md`). Used to keep common words out of name checks.
pub fn is_english_word(w: &str) -> bool {
    if w.len() < 4 || w.len() > 255 {
        return false;
    }
    if w.bytes().all(|b| b.is_ascii_lowercase()) {
        in_english_table(w)
    } else {
        in_english_table(&w.to_lowercase())
    }
}

/// The capitalised words of the SCOWL list, sorted (`data/README.md`).
static PROPER_NAMES: &str = include_str!("../../data/proper-names.txt");

/// `w` is a name the dictionary lists (first names, surnames, places:
/// Toni, Tyndall, Pompeii), written as it lists it.
pub fn is_listed_name(w: &str) -> bool {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| PROPER_NAMES.lines().collect())
        .binary_search(&w)
        .is_ok()
}

/// The hash table `build.rs` lays out over [`ENGLISH`] (see there).
static ENGLISH_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english-table.bin"));

fn in_english_table(w: &str) -> bool {
    let slots = ENGLISH_TABLE.len() / 4;
    let mut i = super::wordhash::fnv1a(w.as_bytes()) as usize & (slots - 1);
    loop {
        let b = &ENGLISH_TABLE[i * 4..i * 4 + 4];
        let slot = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if slot == u32::MAX {
            return false;
        }
        let (off, len) = ((slot >> 8) as usize, (slot & 0xff) as usize);
        if ENGLISH.as_bytes().get(off..off + len) == Some(w.as_bytes()) {
            return true;
        }
        i = (i + 1) & (slots - 1);
    }
}

// ---- Figures and dates (branch `figures`): wire units, ordinals, time words ----

/// Currency codes [`wire_currency_word`] returns, beyond [`CURRENCY_CODES`].
pub const WIRE_CURRENCY_CODES: &[&str] = &["DEM", "NLG", "ITL", "ESP", "SEK", "NOK", "DKK"];

/// Currency words of wire copy and other currencies ("mln dlrs", "stg",
/// "marks", "guilders").
pub fn wire_currency_word(w: &str) -> Option<&'static str> {
    match w {
        "dlrs" | "dlr" => Some("USD"),
        "stg" | "sterling" => Some("GBP"),
        "mark" | "marks" | "deutschmark" | "deutschmarks" => Some("DEM"),
        "guilder" | "guilders" => Some("NLG"),
        "lire" => Some("ITL"),
        "peseta" | "pesetas" => Some("ESP"),
        "crown" | "crowns" => Some("SEK"),
        _ => None,
    }
}

/// Scale words of wire copy ("bln", "mn").
pub fn wire_scale_word(w: &str) -> Option<f64> {
    match w {
        "mn" => Some(1e6),
        "bln" | "bil" => Some(1e9),
        "tln" => Some(1e12),
        _ => None,
    }
}

/// Fractions as words ("half", "thirds", "quarter"): the share of one.
pub fn fraction_word(w: &str) -> Option<f64> {
    match w {
        "half" => Some(0.5),
        "third" | "thirds" => Some(1.0 / 3.0),
        "quarter" | "quarters" => Some(0.25),
        "fifth" | "fifths" => Some(0.2),
        "tenth" | "tenths" => Some(0.1),
        _ => None,
    }
}

/// Words for "per cent" written as one word ("pct" in wire copy).
pub fn percent_word(w: &str) -> bool {
    matches!(w, "percent" | "pct")
}

/// Ordinal words: "third" is 3. "First" is left out: it is mostly a fixed
/// phrase ("for the first time", "first-half"), not a ranked fact.
pub fn ordinal_word(w: &str) -> Option<f64> {
    let v = match w {
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fourteenth" => 14.0,
        "fifteenth" => 15.0,
        "sixteenth" => 16.0,
        "seventeenth" => 17.0,
        "eighteenth" => 18.0,
        "nineteenth" => 19.0,
        "twentieth" => 20.0,
        _ => return None,
    };
    Some(v)
}

/// Words before an ordinal that make it a rank ("his third title", "a
/// second term"), not a time unit ("one second") or an adverb ("came second").
pub fn ordinal_determiner(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "my" | "your" | "this"
    ) || w.ends_with("'s")
        || w.ends_with("’s")
}

/// Words that tie a value to the moment it was written ("last week",
/// "yesterday", "now"): such a value may differ from story to story.
pub fn relative_time_word(w: &str) -> bool {
    matches!(
        w,
        "yesterday"
            | "today"
            | "tonight"
            | "weekly"
            | "week"
            | "overnight"
            | "midmorning"
            | "midday"
            | "midsession"
            | "so-far"
    )
}

/// The year a sentence names relative to its story ("last year", "next
/// year"), as -1 or 1: a value "in January last year" is another
/// period's than one "in January". A comparison ("a year earlier") names
/// no year of its own.
pub fn relative_year(text: &str) -> Option<i8> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(2)
        .find_map(|w| match (w[0].as_str(), w[1].as_str()) {
            ("last", "year") => Some(-1),
            ("next", "year") => Some(1),
            _ => None,
        })
}

/// Relative-time words that name one day ("yesterday", "today"): they
/// date an event, where "week" or "overnight" name a period whose value
/// recurs.
pub fn day_word(w: &str) -> bool {
    matches!(w, "yesterday" | "today" | "tonight")
}

/// Words of market levels and prices quoted from moment to moment
/// (exchange rates, share and index levels, money supply): such a value
/// differs from story to story and is no fixed fact.
pub fn market_level_word(w: &str) -> bool {
    matches!(
        w,
        "quoted"
            | "traded"
            | "trading"
            | "futures"
            | "index"
            | "indices"
            | "bourse"
            | "yield"
            | "yields"
            | "m1"
            | "m2"
            | "m3"
            | "remaining"
    )
}
// ---- end of the figures and dates block ----
// ---------------------------------------------------------------------------
// Polarity cues (used by `checks::contradiction::polarity`). Language
// knowledge only: pairs of opposite words, and what negates a predicate.
// ---------------------------------------------------------------------------

/// A kind of claim that has two opposite poles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opposition {
    /// acquitted / convicted, guilty.
    Verdict,
    /// rose, climbed, raised / fell, slipped, cut.
    Movement,
    /// won / lost.
    Contest,
    /// backed, approved, welcomed / opposed, rejected, condemned.
    Stance,
    /// upheld / quashed, overturned.
    Appeal,
    /// confirmed, admitted / denied.
    Truth,
    /// up / down (only before a figure: "down 3.75p").
    Direction,
}

/// The oppositions a word takes a pole of (`true`: the first pole named on
/// [`Opposition`]). A word may take part in two ("lost": a contest, or a
/// movement of a price).
pub fn opposition_poles(w: &str) -> &'static [(Opposition, bool)] {
    use Opposition::*;
    match w {
        "acquitted" | "acquittal" | "cleared" => &[(Verdict, true)],
        "convicted" | "conviction" | "guilty" => &[(Verdict, false)],
        "rose" | "risen" | "rise" | "rises" | "rising" | "increased" | "increase" | "increases"
        | "increasing" | "raised" | "raises" | "raising" | "climbed" | "climbs" | "climb"
        | "climbing" | "gained" | "jumped" | "jumps" | "soared" | "soars" | "surged" | "surges"
        | "higher" | "upgraded" => &[(Movement, true)],
        "fell" | "fallen" | "fall" | "falls" | "falling" | "decreased" | "decrease"
        | "decreases" | "decreasing" | "cut" | "cuts" | "cutting" | "reduced" | "reduces"
        | "reducing" | "lowered" | "lowers" | "declined" | "declines" | "dropped" | "drops"
        | "slipped" | "slips" | "slumped" | "slumps" | "plunged" | "plunges" | "tumbled"
        | "lower" | "downgraded" => &[(Movement, false)],
        "won" | "wins" | "win" | "winning" => &[(Contest, true)],
        "lost" | "loses" => &[(Contest, false), (Movement, false)],
        "lose" | "losing" => &[(Contest, false)],
        "backed" | "backs" | "backing" | "supported" | "supports" | "welcomed" | "welcomes"
        | "welcoming" | "endorsed" | "endorses" | "approved" | "approves" | "approve"
        | "accepted" | "accepts" => &[(Stance, true)],
        "opposed" | "opposes" | "oppose" | "opposing" | "condemned" | "condemns" | "rejected"
        | "rejects" | "reject" | "vetoed" => &[(Stance, false)],
        "upheld" | "upholds" => &[(Appeal, true)],
        "quashed" | "quashes" | "overturned" | "overturns" => &[(Appeal, false)],
        "confirmed" | "confirms" | "confirm" | "confirming" | "admitted" | "admits"
        | "acknowledged" | "acknowledges" => &[(Truth, true)],
        "denied" | "denies" | "deny" | "denying" | "refuted" | "refutes" => &[(Truth, false)],
        "up" => &[(Direction, true)],
        "down" => &[(Direction, false)],
        _ => &[],
    }
}

/// A word that negates the predicate after it: "not", "never", "no",
/// "without", a contraction ("didn't"), "cannot"; "failed" and "refused"
/// when "to" follows (checked by the caller).
pub fn negates(w: &str) -> bool {
    is_negator(w) || w == "cannot" || w.ends_with("n't")
}

/// Verbs that negate the infinitive after them ("failed to win").
pub fn negates_infinitive(w: &str) -> bool {
    matches!(w, "failed" | "fails" | "refused" | "refuses")
}

/// Words of time that sit between a subject and its verb ("Sir John last
/// month opposed…"): not what a claim is about.
pub fn is_time_word(w: &str) -> bool {
    month(w).is_some()
        || is_weekday(w)
        || matches!(
            w,
            "week"
                | "month"
                | "year"
                | "day"
                | "today"
                | "yesterday"
                | "earlier"
                | "later"
                | "previously"
                | "recently"
                | "quarter"
                | "weekend"
                | "morning"
                | "evening"
                | "night"
                | "time"
        )
}

/// Words of order that qualify a noun ("the first quarter", "early
/// January"): never what a claim is about.
pub fn is_order_word(w: &str) -> bool {
    matches!(
        w,
        "first"
            | "second"
            | "third"
            | "fourth"
            | "fifth"
            | "latest"
            | "early"
            | "earliest"
            | "late"
            | "final"
    )
}

/// Words that make what follows a prospect, a wish or a forecast rather
/// than a fact: modal verbs, and "to" of an infinitive ("tipped to win").
pub fn is_modal(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "should"
            | "shall"
            | "can"
            | "must"
            | "to"
            | "'ll"
            | "'d"
    )
}

// ---- end of polarity cues ----

/// Words a number names an item of rather than counts ("band three bank
/// bills", "phase two", "article 50", "page 3"): the number after them is
/// a label. Sorted.
const LABEL_WORDS: &[&str] = &[
    "article", "band", "chapter", "clause", "division", "grade", "page", "phase", "platform",
    "section", "stage", "tier",
];

/// Whether `w` (lower case) is a word a number after it labels ([`LABEL_WORDS`]).
pub fn is_label_word(w: &str) -> bool {
    in_sorted(LABEL_WORDS, w)
}
