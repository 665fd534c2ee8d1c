//! Markdown or plain text → prose.
//!
//! The result keeps byte offsets identical to the source: [`Prose::masked`]
//! is the source with everything that is not prose (Markdown syntax, code,
//! HTML, link destinations, front matter, URLs) replaced by spaces, so every
//! later stage works on plain prose and reports offsets into the original.

use crate::finding::Code;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// How to read a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    Markdown,
    Plain,
}

impl Format {
    /// `.md`/`.markdown` files are Markdown; everything else is plain text.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx") {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
}

/// A block of prose: a paragraph, heading, list item or table cell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    pub range: Range<usize>,
    pub heading: bool,
}

/// A range where some (or all) checks are switched off by an inline comment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    pub range: Range<usize>,
    /// `None`: every code.
    pub codes: Option<Vec<Code>>,
}

impl Suppression {
    pub fn covers(&self, offset: usize, code: Code) -> bool {
        self.range.contains(&offset) && self.codes.as_ref().is_none_or(|c| c.contains(&code))
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Prose {
    pub masked: String,
    pub blocks: Vec<Block>,
    pub suppressions: Vec<Suppression>,
}

pub fn prose(text: &str, format: Format) -> Prose {
    let mut masked = blank(text);
    let mut breaks: Vec<usize> = vec![0, text.len()];
    let mut headings: Vec<Range<usize>> = Vec::new();
    let mut comments: Vec<Range<usize>> = Vec::new();
    match format {
        Format::Markdown => markdown(text, &mut masked, &mut breaks, &mut headings, &mut comments),
        Format::Plain => {
            copy(text, &mut masked, 0..text.len());
            for (i, b) in text.bytes().enumerate() {
                if b == b'\n' || b == b'\r' {
                    breaks.push(i);
                }
            }
            comments = find_html_comments(text);
            mask(&mut masked, comments.iter().cloned());
        }
    }
    mask_urls(&mut masked);
    if text.starts_with('\u{feff}') {
        mask(&mut masked, std::iter::once(0..3));
    }
    breaks.sort_unstable();
    breaks.dedup();
    // Headings do not nest or overlap; in order, the one that may hold a
    // block is the last starting at or before it.
    headings.sort_unstable_by_key(|h| h.start);
    let mut blocks = Vec::new();
    for w in breaks.windows(2) {
        let r = w[0]..w[1];
        let slice = &masked[r.clone()];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        if lead == slice.len() {
            continue;
        }
        let r = r.start + lead..r.end - trail;
        let i = headings.partition_point(|h| h.start <= r.start);
        let heading = i > 0 && r.end <= headings[i - 1].end;
        blocks.push(Block { range: r, heading });
    }
    let suppressions = directives(text, &comments);
    Prose {
        masked,
        blocks,
        suppressions,
    }
}

/// The text with every byte but line ends turned into a space.
fn blank(text: &str) -> String {
    let bytes: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    // Only spaces and line ends: always UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

fn copy(text: &str, masked: &mut String, r: Range<usize>) {
    // SAFETY-free: both strings have equal length and `r` is on char
    // boundaries of `text`; we rebuild via bytes to keep it simple.
    let mut bytes = std::mem::take(masked).into_bytes();
    bytes[r.clone()].copy_from_slice(&text.as_bytes()[r]);
    *masked = String::from_utf8(bytes).unwrap_or_default();
}

/// Blank `ranges` (on char boundaries) of `masked`, keeping line ends. All
/// at once: checking the result is UTF-8 costs a pass over the whole text.
fn mask(masked: &mut String, ranges: impl IntoIterator<Item = Range<usize>>) {
    let mut bytes = std::mem::take(masked).into_bytes();
    for r in ranges {
        for b in &mut bytes[r] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    *masked = String::from_utf8(bytes).unwrap_or_default();
}

fn markdown(
    text: &str,
    masked: &mut String,
    breaks: &mut Vec<usize>,
    headings: &mut Vec<Range<usize>>,
    comments: &mut Vec<Range<usize>>,
) {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut bytes = std::mem::take(masked).into_bytes();
    let src = text.as_bytes();
    // Depth of constructs whose text is not prose.
    let mut skip = 0usize;
    for (ev, r) in Parser::new_ext(text, opts).into_offset_iter() {
        match ev {
            Event::Start(tag) => {
                match &tag {
                    Tag::CodeBlock(_)
                    | Tag::MetadataBlock(_)
                    | Tag::Image { .. }
                    | Tag::HtmlBlock => skip += 1,
                    // An autolink's text is its destination: not prose.
                    Tag::Link { .. } if text[r.clone()].starts_with('<') => skip += 1,
                    _ => {}
                }
                if is_block(&tag) {
                    breaks.push(r.start);
                    if matches!(tag, Tag::Heading { .. }) {
                        headings.push(r.clone());
                    }
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::CodeBlock
                    | TagEnd::MetadataBlock(_)
                    | TagEnd::Image
                    | TagEnd::HtmlBlock => skip = skip.saturating_sub(1),
                    TagEnd::Link if text[r.clone()].starts_with('<') => {
                        skip = skip.saturating_sub(1)
                    }
                    _ => {}
                }
                if is_block_end(&end) {
                    breaks.push(r.end);
                }
            }
            Event::Text(_) if skip == 0 => {
                bytes[r.clone()].copy_from_slice(&src[r]);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                comments.extend(
                    find_html_comments(&text[r.clone()])
                        .into_iter()
                        .map(|c| c.start + r.start..c.end + r.start),
                );
                // An HTML block ends prose as a block would.
                breaks.push(r.start);
                breaks.push(r.end);
            }
            _ => {}
        }
    }
    *masked = String::from_utf8(bytes).unwrap_or_else(|_| blank(text));
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::CodeBlock(_)
            | Tag::Table(_)
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::CodeBlock
            | TagEnd::Table
    )
}

fn find_html_comments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(s) = text[from..].find("<!--") {
        let s = from + s;
        match text[s + 4..].find("-->") {
            Some(e) => {
                let e = s + 4 + e + 3;
                out.push(s..e);
                from = e;
            }
            None => {
                out.push(s..text.len());
                break;
            }
        }
    }
    out
}

/// Blank out bare URLs (`http://…`, `https://…`, `www.…`) and e-mail addresses.
fn mask_urls(masked: &mut String) {
    let mut ranges = Vec::new();
    let b = masked.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !masked.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &masked[i..];
        let starts_url = (rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.starts_with("www."))
            && (i == 0 || b[i - 1].is_ascii_whitespace() || matches!(b[i - 1], b'(' | b'<' | b'['));
        if starts_url {
            let mut j = i;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'"') {
                j += 1;
            }
            // Trailing sentence punctuation is not part of the URL.
            while j > i && matches!(b[j - 1], b'.' | b',' | b';' | b':' | b')' | b'!' | b'?') {
                j -= 1;
            }
            ranges.push(i..j);
            i = j.max(i + 1);
        } else if b[i] == b'@' && i > 0 && b[i - 1].is_ascii_alphanumeric() {
            let mut s = i;
            while s > 0
                && (b[s - 1].is_ascii_alphanumeric()
                    || matches!(b[s - 1], b'.' | b'_' | b'-' | b'+'))
            {
                s -= 1;
            }
            let mut e = i + 1;
            while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'.' | b'-')) {
                e += 1;
            }
            while e > i && b[e - 1] == b'.' {
                e -= 1;
            }
            if masked[i + 1..e].contains('.') {
                ranges.push(s..e);
            }
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
    mask(masked, ranges);
}

/// Inline switches:
/// `<!-- copydesk-disable-next-line [code…] -->`,
/// `<!-- copydesk-disable [code…] -->` … `<!-- copydesk-enable -->`.
fn directives(text: &str, comments: &[Range<usize>]) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Option<Vec<Code>>)> = None;
    for c in comments {
        let inner = text[c.clone()]
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        let mut words = inner.split_whitespace();
        let Some(cmd) = words.next() else { continue };
        let codes: Vec<Code> = words
            .filter_map(|w| w.trim_matches(',').parse().ok())
            .collect();
        let codes = if codes.is_empty() { None } else { Some(codes) };
        match cmd {
            "copydesk-disable-next-line" => {
                // The next line that has text on it.
                let mut start = match text[c.end..].find('\n') {
                    Some(n) => c.end + n + 1,
                    None => continue,
                };
                while start < text.len() {
                    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
                    if !text[start..end].trim().is_empty() {
                        out.push(Suppression {
                            range: start..end,
                            codes: codes.clone(),
                        });
                        break;
                    }
                    start = end + 1;
                }
            }
            "copydesk-disable-line" => {
                let start = text[..c.start].rfind('\n').map_or(0, |n| n + 1);
                let end = text[c.end..].find('\n').map_or(text.len(), |n| c.end + n);
                out.push(Suppression {
                    range: start..end,
                    codes,
                });
            }
            "copydesk-disable" if open.is_none() => {
                open = Some((c.end, codes));
            }
            "copydesk-enable" => {
                if let Some((s, codes)) = open.take() {
                    out.push(Suppression {
                        range: s..c.start,
                        codes,
                    });
                }
            }
            _ => {}
        }
    }
    if let Some((s, codes)) = open {
        out.push(Suppression {
            range: s..text.len(),
            codes,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_of(md: &str) -> String {
        prose(md, Format::Markdown).masked
    }

    #[test]
    fn masks_markdown_syntax_code_and_links() {
        let md = "# Title 5\n\nSee [the 300 report](http://x.org/400) and `500 x`.\n\n```\n600 lines\n```\n";
        let m = prose_of(md);
        assert_eq!(m.len(), md.len());
        assert!(m.contains("Title 5"));
        assert!(m.contains("the 300 report"));
        assert!(!m.contains("400"));
        assert!(!m.contains("500"));
        assert!(!m.contains("600"));
        assert!(!m.contains('#'));
    }

    #[test]
    fn masks_front_matter_comments_and_urls() {
        let md = "---\ntitle: 42 things\n---\n\nText <!-- 77 --> visit https://a.b/c?d=9 now.\n";
        let m = prose_of(md);
        assert!(!m.contains("42"));
        assert!(!m.contains("77"));
        assert!(!m.contains("d=9"));
        assert!(m.contains("visit"));
        assert!(m.contains("now."));
    }

    #[test]
    fn blocks_split_list_items_and_headings() {
        let md = "# Head\n\n- one item\n- two item\n\nPara\ncontinues.\n";
        let p = prose(md, Format::Markdown);
        let texts: Vec<&str> = p.blocks.iter().map(|b| &md[b.range.clone()]).collect();
        assert_eq!(
            texts,
            vec!["Head", "one item", "two item", "Para\ncontinues."]
        );
        assert!(p.blocks[0].heading);
    }

    #[test]
    fn byte_order_mark_is_not_prose() {
        let t = "\u{feff}Alexei Tabalov said.";
        let p = prose(t, Format::Plain);
        assert_eq!(p.masked.len(), t.len());
        assert!(p.masked.starts_with("   Alexei"));
    }

    #[test]
    fn plain_text_blocks_are_lines() {
        let t = "Headline\nFirst para.\r\n\r\nSecond.";
        let p = prose(t, Format::Plain);
        let texts: Vec<&str> = p.blocks.iter().map(|b| &t[b.range.clone()]).collect();
        assert_eq!(texts, vec!["Headline", "First para.", "Second."]);
    }

    #[test]
    fn directives_cover_next_line_and_regions() {
        let md = "<!-- copydesk-disable-next-line name-spelling -->\nPeskow said.\n\n<!-- copydesk-disable -->\nA\n<!-- copydesk-enable -->\nB\n";
        let p = prose(md, Format::Markdown);
        let pe = md.find("Peskow").unwrap();
        assert!(
            p.suppressions
                .iter()
                .any(|s| s.covers(pe, Code::NameSpelling))
        );
        assert!(!p.suppressions.iter().any(|s| s.covers(pe, Code::Misquote)));
        let a = md.find("\nA\n").unwrap() + 1;
        let b = md.find("\nB\n").unwrap() + 1;
        assert!(p.suppressions.iter().any(|s| s.covers(a, Code::Misquote)));
        assert!(!p.suppressions.iter().any(|s| s.covers(b, Code::Misquote)));
    }
}
