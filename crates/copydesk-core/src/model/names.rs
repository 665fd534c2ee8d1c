//! Comparing name spellings: transliteration-aware skeletons, edit distance,
//! and the pairs that must never be called misspellings (gendered forms,
//! derived words, British/American spelling).

/// Lowercase, accents removed.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' | 'č' | 'ć' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            '’' => '\'',
            c => c,
        })
        .collect()
}

/// A spelling skeleton under which common transliteration variants of one
/// Russian or Ukrainian name coincide: zh/j/soft g, kh/h, ch/tch/kk/ck/c/k/q,
/// w/v, y/i, ph/f, x/ks, -ine/-in, ye-/e-, and doubled letters.
pub fn skeleton(s: &str) -> String {
    let f = fold(s);
    let mut t = f.replace(['\'', '-', '.'], "");
    if let Some(rest) = t.strip_prefix("ye") {
        t = format!("e{rest}");
    }
    if let Some(rest) = t.strip_prefix("yu") {
        t = format!("iu{rest}");
    }
    for (a, b) in [
        ("dzh", "j"),
        ("zh", "j"),
        ("tch", "k"),
        ("ch", "k"),
        ("ck", "k"),
        ("kh", "h"),
        ("ph", "f"),
        ("x", "ks"),
        ("q", "k"),
        ("w", "v"),
    ] {
        t = t.replace(a, b);
    }
    // Soft g before e/i sounds like zh in French-style transliterations (Prigogine).
    let chars: Vec<char> = t.chars().collect();
    let mut u = String::with_capacity(t.len());
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let c = match c {
            'g' if matches!(next, Some('e' | 'i' | 'y')) && i > 0 => 'j',
            'c' => 'k',
            'y' => 'i',
            c => c,
        };
        u.push(c);
    }
    if u.len() > 5 && u.ends_with("ine") {
        u.truncate(u.len() - 1);
    }
    // ii / iy endings and doubled letters.
    let mut out = String::with_capacity(u.len());
    for c in u.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Damerau-Levenshtein distance between the folded forms, or between their
/// skeletons if that is smaller.
pub fn distance(a: &str, b: &str) -> usize {
    let raw = strsim::damerau_levenshtein(&fold(a), &fold(b));
    let sk = strsim::damerau_levenshtein(&skeleton(a), &skeleton(b));
    raw.min(sk)
}

/// How many edits a name of this length may be away from another and still
/// be the same name misspelled.
fn allowed(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// Female/male forms of one surname: Navalny/Navalnaya, Peskov/Peskova,
/// Zelensky/Zelenska, Tolstoy/Tolstaya.
pub fn gendered(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    const PAIRS: &[(&str, &str)] = &[
        ("", "a"),
        ("y", "aya"),
        ("iy", "aya"),
        ("yy", "aya"),
        ("ii", "aya"),
        ("i", "aya"),
        ("oy", "aya"),
        ("y", "a"),
        ("i", "a"),
        ("iy", "a"),
        ("ij", "aja"),
        ("o", "a"),
    ];
    for (m, f) in PAIRS {
        for (x, y) in [(&a, &b), (&b, &a)] {
            if let (Some(sx), Some(sy)) = (x.strip_suffix(m), y.strip_suffix(f)) {
                if sx == sy && sx.len() >= 3 {
                    return true;
                }
            }
        }
    }
    false
}

/// One is a word derived from the other (Russia/Russian, Ukraine/Ukrainians,
/// Siberia/Siberian), or a longer word that starts with the other.
pub fn derived(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if let Some(rest) = long.strip_prefix(short.as_str()) {
        // A doubled last letter is a misspelling (Kofman/Kofmann), not a derivation.
        let doubled = rest.len() == 1 && short.ends_with(rest);
        return !doubled
            && (rest.len() >= 3
                || matches!(
                    rest,
                    "n" | "an" | "s" | "es" | "ns" | "i" | "is" | "ic" | "ia" | "'s"
                ));
    }
    if demonym_of(&a, &b) || demonym_of(&b, &a) {
        return true;
    }
    let trimmed = short.trim_end_matches(['a', 'e', 'y', 'i', 'o']);
    if trimmed.len() >= 4 && long.len() > short.len() && long.starts_with(trimmed) {
        let rest = &long[trimmed.len()..];
        return matches!(
            rest,
            "ian"
                | "ians"
                | "an"
                | "ans"
                | "ese"
                | "i"
                | "is"
                | "ish"
                | "ic"
                | "ite"
                | "ites"
                | "ia"
        );
    }
    false
}

/// Endings that make a word for a place's people or things (Texan, Kansans).
const DEMONYM_ENDINGS: &[&str] = &["ians", "ian", "ans", "an", "ese", "ish", "ites", "ite"];
/// A demonym keeps at least this much of its place's name.
const DEMONYM_STEM: usize = 3;
/// A place's name may end in this many letters its demonym drops (Texas/Texan).
const DEMONYM_DROPPED: usize = 2;
/// The letters a demonym drops from its place's name: vowels and "s"
/// (Texas/Texan); Jordon is not a demonym of Jordan.
const DEMONYM_DROPS: &[char] = &['a', 'e', 'i', 'o', 's', 'y'];

/// `word` is the people or things of `place`, written with a demonym
/// ending in place of the place name's last letters (Texas/Texan,
/// Kansas/Kansans, Chile/Chilean): folded forms.
fn demonym_of(word: &str, place: &str) -> bool {
    DEMONYM_ENDINGS.iter().any(|e| {
        word.strip_suffix(e).is_some_and(|stem| {
            stem.chars().count() >= DEMONYM_STEM
                && place.len() > stem.len()
                && place.len() - stem.len() <= DEMONYM_DROPPED
                && place
                    .strip_prefix(stem)
                    .is_some_and(|rest| rest.chars().all(|c| DEMONYM_DROPS.contains(&c)))
                && !place.ends_with(e)
        })
    })
}

/// The same word in British and American spelling (Defence/Defense,
/// Centre/Center, Labour/Labor, Organisation/Organization, Programme/Program).
pub fn spelling_variant(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    a != b && american(&a) == american(&b)
}

/// A word folded and written the American way (the first British ending
/// or infix of each kind replaced): two words with the same key and
/// different folded forms are [`spelling_variant`]s. Lets a caller key
/// many words once instead of comparing every pair.
pub fn american(s: &str) -> String {
    let mut s = fold(s);
    for (gb, am) in [
        ("isation", "ization"),
        ("ence", "ense"),
        ("our", "or"),
        ("ise", "ize"),
        ("ogue", "og"),
        ("mme", "m"),
        ("lled", "led"),
        ("lling", "ling"),
    ] {
        // A byte window, not `str::find`: these words are short, and a
        // substring searcher costs more to set up than the search.
        if let Some(p) = s
            .as_bytes()
            .windows(gb.len())
            .position(|w| w == gb.as_bytes())
        {
            s.replace_range(p..p + gb.len(), am);
        }
    }
    if s.ends_with("re") && s.len() > 4 {
        let n = s.len();
        s.replace_range(n - 2..n, "er");
    }
    s
}

/// Whether `b` is plausibly `a` misspelled (or transliterated otherwise):
/// the same skeleton, or a few edits apart, and not a gendered pair, a
/// derived word or a British/American spelling.
pub fn is_variant(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb || fa.chars().count() < 4 || fb.chars().count() < 4 {
        return false;
    }
    if gendered(a, b) || derived(a, b) || spelling_variant(a, b) {
        return false;
    }
    let (sa, sb) = (skeleton(a), skeleton(b));
    if sa == sb {
        return true;
    }
    // The first sound must agree (Russia is not Prussia).
    if sa.chars().next() != sb.chars().next() {
        return false;
    }
    let len = fa.chars().count().min(fb.chars().count());
    distance(a, b) <= allowed(len)
}

/// The same spelling in another script's convention: full points in an
/// abbreviation (U.A.V.s, UAVs), German umlauts written out
/// (Schröder, Schroeder) or diacritics left off (Erdoğan, Erdogan;
/// Wałęsa, Walesa). A house style, never a slip.
pub fn same_written_otherwise(a: &str, b: &str) -> bool {
    a != b && (plain(a) == plain(b) || bare_letters(a) == bare_letters(b))
}

/// Lower case, full points dropped, German umlauts written out.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '.' => {}
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// Lower case without diacritics: each letter decomposed (Unicode NFD) and
/// its combining marks dropped, and the letters that carry a stroke
/// rather than a mark (ł, ø, đ, ı) written plain.
fn bare_letters(s: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            'ı' => 'i',
            c => c,
        })
        .collect()
}

/// `written` is `name` with one letter left out or two neighbours swapped
/// (Godron, Chares for Gordon, Charles): a typing slip. Unlike a letter
/// added or changed (Garry, Aidan beside Gary, Aiden), it rarely makes
/// another real name.
pub fn dropped_or_swapped(written: &str, name: &str) -> bool {
    let (w, n): (Vec<char>, Vec<char>) = (
        fold(written).chars().collect(),
        fold(name).chars().collect(),
    );
    dropped_or_swapped_letters(&w, &n)
}

/// [`dropped_or_swapped`] on the letters of folded forms (for a caller
/// that compares one word with many).
pub fn dropped_or_swapped_letters(w: &[char], n: &[char]) -> bool {
    if w.len() + 1 == n.len() {
        return (0..n.len()).any(|i| n[..i] == w[..i] && n[i + 1..] == w[i..]);
    }
    if w.len() != n.len() {
        return false;
    }
    let diff: Vec<usize> = (0..w.len()).filter(|&i| w[i] != n[i]).collect();
    diff.len() == 2
        && diff[1] == diff[0] + 1
        && w[diff[0]] == n[diff[1]]
        && w[diff[1]] == n[diff[0]]
}

/// How a spelling the archive never writes differs from the name it is
/// one slip from, from the kinds that most rarely make another real name
/// to the kind that most often does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlipKind {
    /// A letter left out or two neighbours swapped (Gogole, Engand).
    DroppedOrSwapped,
    /// A letter added (Googlle, Bancopr aside): doubled or stray.
    Added,
    /// The same transliteration skeleton: y for i, v for w, a doubled
    /// letter (Floryda, Kuvait, Clarrke).
    Transliterated,
    /// One letter changed for another (Londin, Hiward): the kind that
    /// most often makes another real name (Garry, Marta).
    Changed,
}

/// The kind of slip that turns `name` into `written` (one edit or the
/// same skeleton, see [`is_variant`]), the kinds tried in
/// [`SlipKind`]'s order.
pub fn slip_kind(written: &str, name: &str) -> SlipKind {
    if dropped_or_swapped(written, name) {
        SlipKind::DroppedOrSwapped
    } else if dropped_or_swapped(name, written) {
        SlipKind::Added
    } else if skeleton(written) == skeleton(name) {
        SlipKind::Transliterated
    } else {
        SlipKind::Changed
    }
}

/// Letters of a transliteration alternation longer than this are another
/// name, not another way of writing one ("ks"/"x", "iy"/"ii" are short).
const ALTERNATION_MAX: usize = 2;

/// How two spellings of one name differ, as a house style would make
/// them differ: the letters each has where the other has others, once the
/// letters both start and end with are set aside, in alphabetical order,
/// with `$` when they stand at the end (Sergei/Sergey and Dmitry/Dmitri
/// are both `i>y$`). `None` when the first letters differ, nothing
/// differs, or the differing letters are too long to be one sound.
pub fn alternation(a: &str, b: &str) -> Option<String> {
    let (a, b): (Vec<char>, Vec<char>) = (fold(a).chars().collect(), fold(b).chars().collect());
    let (p, s) = crate::text::common_ends(&a, &b);
    let x: String = a[p..a.len() - s].iter().collect();
    let y: String = b[p..b.len() - s].iter().collect();
    let longest = x.chars().count().max(y.chars().count());
    if p == 0 || longest == 0 || longest > ALTERNATION_MAX {
        return None;
    }
    // A doubled letter (Philip/Phillip) makes another English name or a
    // slip, not a transliteration.
    let added = if x.is_empty() { &y } else { &x };
    if x.is_empty() != y.is_empty() && added.chars().count() == 1 {
        let c = added.chars().next();
        if a.get(p - 1).copied() == c || a.get(p).copied() == c && b.get(p).copied() == c {
            return None;
        }
    }
    let (x, y) = if x <= y { (x, y) } else { (y, x) };
    // Letters at the very end are a way of writing endings (Sergei/Sergey,
    // Yuri/Yuriy), told apart from the same letters inside a name: a vowel
    // changed before the last letter (Russya, Putyn) is a slip.
    let end = if s == 0 { "$" } else { "" };
    Some(format!("{x}>{y}{end}"))
}

/// Whether an alternation could apply to `form`: one of its letter groups
/// is in the name after its first letter, at its end for an ending's
/// (an empty one applies to any name's end).
pub fn alternation_applies(alt: &str, form: &str) -> bool {
    let f = fold(form);
    let rest = f.char_indices().nth(1).map_or("", |(i, _)| &f[i..]);
    let end = alt.ends_with('$');
    let (x, y) = alt
        .trim_end_matches('$')
        .split_once('>')
        .unwrap_or(("", ""));
    [x, y].iter().any(|g| match (g.is_empty(), end) {
        (true, end) => end,
        (false, true) => rest.ends_with(g),
        (false, false) => rest.contains(g),
    })
}

/// The keys under which a spelling is filed for near-miss lookup: its
/// folded form and every form with one letter deleted (a deletion
/// neighbourhood, as in SymSpell). Two spellings one edit apart (a letter
/// changed, added, dropped or two swapped) share a key, so candidates come
/// from a lookup, never from comparing all pairs.
pub fn deletion_keys(s: &str) -> Vec<String> {
    let f: Vec<char> = fold(s).chars().filter(|c| c.is_alphanumeric()).collect();
    let mut out = Vec::with_capacity(f.len() + 1);
    out.push(f.iter().collect::<String>());
    for i in 0..f.len() {
        let k: String = f[..i].iter().chain(&f[i + 1..]).collect();
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_told_apart_by_kind() {
        for (written, name, kind) in [
            ("Gogole", "Google", SlipKind::DroppedOrSwapped),
            ("Engand", "England", SlipKind::DroppedOrSwapped),
            ("Frankfurtt", "Frankfurt", SlipKind::Added),
            ("Floryda", "Florida", SlipKind::Transliterated),
            ("Kuvait", "Kuwait", SlipKind::Transliterated),
            ("Londin", "London", SlipKind::Changed),
        ] {
            assert_eq!(slip_kind(written, name), kind, "{written} for {name}");
        }
    }

    #[test]
    fn transliteration_variants_match() {
        for (a, b) in [
            ("Tabalov", "Tabarov"),
            ("Osechkin", "Osekkin"),
            ("Kofman", "Coffman"),
            ("Garmazhapova", "Garmazapova"),
            ("Prigozhin", "Prigogine"),
            ("Prigozhin", "Prigozine"),
            ("Peskov", "Peskow"),
            ("Shoigu", "Shoygu"),
            ("Dmitry", "Dmitri"),
            ("Yevgeny", "Evgeny"),
            ("Michael", "Micheal"),
            ("Kofman", "Kofmann"),
            ("Lugansk", "Luhansk"),
            ("Jordan", "Jordon"),
            ("Pakistan", "Pakisten"),
        ] {
            assert!(is_variant(a, b), "{a} ~ {b}");
        }
    }

    #[test]
    fn never_flag_pairs() {
        for (a, b) in [
            ("Navalny", "Navalnaya"),
            ("Peskov", "Peskova"),
            ("Zelensky", "Zelenska"),
            ("Russia", "Russian"),
            ("Ukraine", "Ukrainian"),
            ("Russia", "Prussia"),
            ("Defense", "Defence"),
            ("Center", "Centre"),
            ("Kyiv", "Kiev"),
            ("Peskov", "Peskovin"),
            ("Tver", "Tvar"),
            ("Texas", "Texan"),
            ("Kansas", "Kansans"),
        ] {
            assert!(!is_variant(a, b), "{a} !~ {b}");
        }
    }

    #[test]
    fn alternations_name_the_letters_two_spellings_differ_in() {
        assert_eq!(alternation("Sergei", "Sergey").as_deref(), Some("i>y$"));
        assert_eq!(alternation("Dmitry", "Dmitri").as_deref(), Some("i>y$"));
        assert_eq!(alternation("Yuriy", "Yuri").as_deref(), Some(">y$"));
        // Before the last letter: a slip as often as a style (Russya).
        assert_eq!(alternation("Zelenskiy", "Zelensky").as_deref(), Some(">i"));
        assert_eq!(alternation("Alexei", "Aleksei").as_deref(), Some("ks>x"));
        assert_eq!(alternation("Michael", "Mychael").as_deref(), Some("i>y"));
        // Another name, not another spelling.
        assert_eq!(alternation("Kiev", "Lviv"), None);
        assert_eq!(alternation("Morgan", "Morrison"), None);
        assert_eq!(alternation("Philip", "Phillip"), None);
        assert!(alternation_applies("i>y$", "Dmitry"));
        assert!(alternation_applies(">y$", "Yuri"));
        assert!(same_written_otherwise("Schröder", "Schroeder"));
        assert!(dropped_or_swapped("Godron", "Gordon"));
        assert!(dropped_or_swapped("Chares", "Charles"));
        assert!(!dropped_or_swapped("Garry", "Gary"));
        assert!(!dropped_or_swapped("Aidan", "Aiden"));
        assert!(same_written_otherwise("U.A.V.s", "UAVs"));
        assert!(!same_written_otherwise("Schroder", "Schroeder"));
        // Diacritics left off, marks or strokes: the same letters.
        assert!(same_written_otherwise("Erdogan", "Erdoğan"));
        assert!(same_written_otherwise("Walesa", "Wałęsa"));
        assert!(!same_written_otherwise("Erdogen", "Erdoğan"));
        assert!(!alternation_applies("i>y$", "Russia"));
        assert!(!alternation_applies("ks>x", "Dmitry"));
    }
}
