//! Words, numbers and punctuation with byte spans.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// Letters, with inner apostrophes, hyphens and dots (`don't`, `mid-July`, `Gulagu.net`).
    Word,
    /// Digits, with inner `,` and `.` (`10,000`, `5.4`, `3rd`).
    Number,
    /// Any other single non-space character.
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    pub span: Range<usize>,
    pub kind: Kind,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.span.clone()]
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenise `src[range]`; spans are offsets into `src`.
pub fn tokenize(src: &str, range: Range<usize>) -> Vec<Token> {
    let s = &src[range.clone()];
    let base = range.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let kind = if c.is_alphabetic() {
            Kind::Word
        } else if c.is_ascii_digit() {
            Kind::Number
        } else {
            let end = start + c.len_utf8();
            out.push(Token {
                span: base + start..base + end,
                kind: Kind::Punct,
            });
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let next = chars.get(j + 1).map(|x| x.1);
            let ok = match kind {
                Kind::Word => {
                    c.is_alphanumeric()
                        || ((is_apostrophe(c) || c == '-' || c == '.')
                            && next.is_some_and(|n| n.is_alphabetic()))
                }
                _ => {
                    c.is_ascii_digit()
                        || ((c == ',' || c == '.') && next.is_some_and(|n| n.is_ascii_digit()))
                        // ordinal suffixes: 3rd, 21st
                        || (c.is_ascii_alphabetic() && ordinal_suffix(&chars[j..]))
                }
            };
            if !ok {
                break;
            }
            if kind == Kind::Number && c.is_ascii_alphabetic() {
                j += 2;
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |x| x.0);
        out.push(Token {
            span: base + start..base + end,
            kind,
        });
        i = j;
    }
    out
}

fn ordinal_suffix(rest: &[(usize, char)]) -> bool {
    let two: String = rest
        .iter()
        .take(2)
        .map(|x| x.1.to_ascii_lowercase())
        .collect();
    let after = rest.get(2).map(|x| x.1);
    matches!(two.as_str(), "st" | "nd" | "rd" | "th") && !after.is_some_and(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s, 0..s.len()).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn splits_words_numbers_punct() {
        assert_eq!(
            words("Gulagu.net said 10,000 don't, mid-July $5.4 3rd Army."),
            vec![
                "Gulagu.net",
                "said",
                "10,000",
                "don't",
                ",",
                "mid-July",
                "$",
                "5.4",
                "3rd",
                "Army",
                "."
            ]
        );
        assert_eq!(
            words("“Hi,” he said 2,150."),
            vec!["“", "Hi", ",", "”", "he", "said", "2,150", "."]
        );
    }
}
