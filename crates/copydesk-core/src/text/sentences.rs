//! Sentence boundaries inside a block of prose.

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "jr",
    "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr", "aug", "sep",
    "sept", "oct", "nov", "dec", "prof", "maj", "adm", "pres", "ave", "approx", "est", "fig",
    "u.s", "u.k", "e.u", "u.n", "a.m", "p.m",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

/// Split `text[range]` into sentences; each range is trimmed.
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len()
                && (matches!(chars[j].1, '.' | '!' | '?') || is_closer(chars[j].1))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(s.len(), |x| x.0);
            // Must be followed by space and a plausible sentence start.
            let mut k = j;
            let mut saw_space = false;
            while k < chars.len() && chars[k].1.is_whitespace() {
                saw_space = true;
                k += 1;
            }
            let next = chars.get(k).map(|x| x.1);
            let boundary = match next {
                None => true,
                Some(n) => {
                    saw_space
                        && (n.is_uppercase()
                            || n.is_ascii_digit()
                            || is_opener(n)
                            || n == '$'
                            || n == '—')
                }
            };
            if boundary && !(c == '.' && is_abbreviation(s, pos)) {
                push_trimmed(&mut out, range.start, s, start..end);
                start = end;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_trimmed(&mut out, range.start, s, start..s.len());
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, base: usize, s: &str, r: Range<usize>) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead < piece.len() {
        out.push(base + r.start + lead..base + r.end - trail);
    }
}

/// Whether the period at `dot` ends an abbreviation or an initial.
fn is_abbreviation(s: &str, dot: usize) -> bool {
    let before = &s[..dot];
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single capital letter: an initial ("J. Smith").
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        return c.is_uppercase();
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        split(s, 0..s.len()).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn splits_on_terminal_punctuation() {
        assert_eq!(
            sents("Gulagu.net said 10 men left. Another 60 signed. \"Why?\" he asked."),
            vec![
                "Gulagu.net said 10 men left.",
                "Another 60 signed.",
                "\"Why?\" he asked."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_decimals_and_quotes_together() {
        assert_eq!(
            sents("The U.S. will pay $5.4 million. Mr. Smith agreed."),
            vec!["The U.S. will pay $5.4 million.", "Mr. Smith agreed."]
        );
        assert_eq!(
            sents("“It ended.” She left."),
            vec!["“It ended.”", "She left."]
        );
        assert_eq!(
            sents("in St. Petersburg today."),
            vec!["in St. Petersburg today."]
        );
    }
}
