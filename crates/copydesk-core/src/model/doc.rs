//! [`Doc`]: one text analysed — sentences with tokens and content words,
//! quotations with their speakers, figures, and capitalised name mentions.

use super::figures::{self, Figure};
use super::lexicon::{self as lx, is_stopword};
use crate::text::prose::{self, Format, Prose};
use crate::text::tokens::{Kind, Token, tokenize};
use crate::text::{LineIndex, quotes, sentences};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Index into [`Doc::blocks`].
    pub block: usize,
    pub heading: bool,
    pub tokens: Vec<Token>,
    /// Stems of the content words (no function words, no numbers), unique.
    pub content: Vec<String>,
    /// The content that carries the claim: without who says it or its
    /// polarity ("said", "denies", "not"), for comparing claims.
    pub claim: Vec<String>,
    /// Names a source outside quotation marks ("said", "according to", …).
    pub attributed: bool,
    /// Who the sentence says is speaking, as written (a name form or a pronoun).
    pub speaker: Option<Speaker>,
    /// Its mentions: a range of indexes into [`Doc::mentions`].
    pub mentions: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Speaker {
    /// Index into [`Doc::mentions`] of the speaker's last name token.
    Name(usize),
    Pronoun,
}

/// A capitalised name token.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    /// Span of the name itself (possessive `'s` and glued words excluded).
    pub span: Range<usize>,
    /// The name as written, possessive removed.
    pub form: String,
    pub sentence: usize,
    /// First word of its sentence (capitalised for grammar, not as a name).
    pub initial: bool,
    /// In a heading or headline (title case).
    pub heading: bool,
    /// The mention right before it in the same name phrase ("Alexei" for "Tabalov").
    pub prev: Option<usize>,
    /// Whether it was found glued to the following word ("Peskovin").
    pub glued: bool,
    /// The form is an English dictionary word or a function word ("Group",
    /// "The"): rarely a surname. Settled once here for every later test.
    pub ordinary: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Quote {
    pub inner: Range<usize>,
    pub outer: Range<usize>,
    pub block: usize,
    /// Normalised words (lowercase, contractions expanded) with their spans.
    pub words: Vec<(String, Range<usize>)>,
    /// The speaker's name as written (pronouns resolved), if found.
    pub speaker: Option<String>,
    /// Whether the speaker is named in the quotation's own sentence.
    pub speaker_explicit: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Doc {
    pub text: String,
    pub format: Format,
    pub prose: Prose,
    pub lines: LineIndex,
    pub sentences: Vec<Sentence>,
    pub quotes: Vec<Quote>,
    pub figures: Vec<Figure>,
    pub mentions: Vec<Mention>,
    /// Lowercase words the text uses in lower case (evidence a word is not a name).
    /// Word → how often it is written in lower case.
    pub lower_vocab: super::wordhash::WordMap<String, usize>,
}

impl Doc {
    /// Analyse a draft.
    pub fn parse(text: &str, format: Format) -> Doc {
        Doc::build(text, format, false, None).0
    }

    /// Analyse a new version of a draft, reusing the work done on `prev` for
    /// every sentence that did not change (same text, same quotation marks
    /// around it). The result is the same as [`Doc::parse`]; the second value
    /// says, for each sentence, which sentence of `prev` it was copied from.
    pub fn reparse(text: &str, format: Format, prev: &Doc) -> (Doc, Vec<Option<usize>>) {
        Doc::build(text, format, false, Some(prev))
    }

    /// Analyse a corpus article: its first line is the headline.
    pub fn parse_article(text: &str, format: Format) -> Doc {
        Doc::build(text, format, true, None).0
    }

    /// Sentence containing byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.range.end < offset);
        (i < self.sentences.len() && self.sentences[i].range.start <= offset).then_some(i)
    }

    /// What sentence `si`'s own analysis depends on (see [`SentenceKey`]).
    fn key(&self, si: usize, quote_spans: &[Range<usize>]) -> SentenceKey<'_> {
        let s = &self.sentences[si];
        let r = s.range.clone();
        let first = quote_spans.partition_point(|q| q.end <= r.start);
        let quoted = quote_spans[first..]
            .iter()
            .take_while(|q| q.start < r.end)
            .map(|q| (q.start.max(r.start) - r.start, q.end.min(r.end) - r.start))
            .collect();
        SentenceKey {
            text: &self.text[r.clone()],
            masked: &self.prose.masked[r],
            heading: s.heading,
            quoted,
        }
    }

    fn build(
        text: &str,
        format: Format,
        headline: bool,
        prev: Option<&Doc>,
    ) -> (Doc, Vec<Option<usize>>) {
        let prose = prose::prose(text, format);
        let (sents, quotes_raw) = Self::split(text, &prose, headline, prev);
        let mut doc = Doc {
            text: text.to_string(),
            format,
            prose,
            lines: LineIndex::new(text),
            sentences: sents,
            quotes: Vec::new(),
            figures: Vec::new(),
            mentions: Vec::new(),
            lower_vocab: Default::default(),
        };
        let quote_spans: Vec<Range<usize>> =
            quotes_raw.iter().map(|(_, q, _)| q.outer.clone()).collect();
        let reused = doc.reusable(prev, &quote_spans);
        // Per sentence: where its analysis is copied from (the previous
        // version, its sentence there, how offsets move), if anywhere.
        let from: Vec<Origin> = reused
            .iter()
            .zip(&doc.sentences)
            .map(|(r, s)| {
                prev.zip(*r).map(|(p, pi)| {
                    (
                        p,
                        pi,
                        Shift::new(p.sentences[pi].range.start, s.range.start),
                    )
                })
            })
            .collect();
        let masked = doc.prose.masked.clone();
        doc.tokenize(&from, &masked);
        doc.count_lower_words(&masked);
        // Mentions, then what each sentence says and who says it, then its figures.
        doc.find_mentions(&from, &masked);
        doc.analyse_sentences(&from, &masked, &quote_spans);
        doc.build_quotes(quotes_raw);
        doc.find_figures(&from, &masked);
        (doc, reused)
    }

    /// The sentences and quotations of each paragraph (the analyses left
    /// empty). A paragraph the previous version had, same masked text,
    /// has the same sentence and quotation boundaries, shifted.
    fn split(
        text: &str,
        prose: &prose::Prose,
        headline: bool,
        prev: Option<&Doc>,
    ) -> (Vec<Sentence>, Vec<RawQuote>) {
        let first_line_end = text.find(['\n', '\r']).unwrap_or(text.len());
        let mut sents = Vec::new();
        let mut quotes_raw: Vec<RawQuote> = Vec::new();
        let prev_blocks: HashMap<&str, usize> = match prev {
            Some(p) => p
                .prose
                .blocks
                .iter()
                .enumerate()
                .rev()
                .map(|(i, b)| (&p.prose.masked[b.range.clone()], i))
                .collect(),
            None => HashMap::new(),
        };
        for (bi, b) in prose.blocks.iter().enumerate() {
            let heading = b.heading || (headline && b.range.start < first_line_end);
            let same = prev.zip(prev_blocks.get(&prose.masked[b.range.clone()]));
            let ranges: Vec<Range<usize>> = match same {
                Some((p, &pbi)) => {
                    let shift = Shift::new(p.prose.blocks[pbi].range.start, b.range.start);
                    let a = p.quotes.partition_point(|q| q.block < pbi);
                    let z = p.quotes.partition_point(|q| q.block <= pbi);
                    quotes_raw.extend(p.quotes[a..z].iter().map(|q| {
                        let quotation = quotes::Quotation {
                            inner: shift.range(&q.inner),
                            outer: shift.range(&q.outer),
                        };
                        let words = q
                            .words
                            .iter()
                            .map(|(w, r)| (w.clone(), shift.range(r)))
                            .collect();
                        (bi, quotation, Some(words))
                    }));
                    let a = p.sentences.partition_point(|s| s.block < pbi);
                    let z = p.sentences.partition_point(|s| s.block <= pbi);
                    p.sentences[a..z]
                        .iter()
                        .map(|s| shift.range(&s.range))
                        .collect()
                }
                None => {
                    quotes_raw.extend(
                        quotes::find(&prose.masked, b.range.clone())
                            .into_iter()
                            .map(|q| (bi, q, None)),
                    );
                    sentences::split(&prose.masked, b.range.clone())
                }
            };
            sents.extend(ranges.into_iter().map(|r| Sentence {
                range: r,
                block: bi,
                heading,
                tokens: Vec::new(),
                content: Vec::new(),
                claim: Vec::new(),
                attributed: false,
                speaker: None,
                mentions: 0..0,
            }));
        }
        (sents, quotes_raw)
    }

    /// For each sentence, the previous version's sentence whose analysis
    /// can be copied (same text, same quotations), if any.
    fn reusable(&self, prev: Option<&Doc>, quote_spans: &[Range<usize>]) -> Vec<Option<usize>> {
        let Some(p) = prev else {
            return vec![None; self.sentences.len()];
        };
        let prev_quotes: Vec<Range<usize>> = p.quotes.iter().map(|q| q.outer.clone()).collect();
        let mut by_key: HashMap<SentenceKey, usize> = HashMap::with_capacity(p.sentences.len());
        for pi in (0..p.sentences.len()).rev() {
            by_key.insert(p.key(pi, &prev_quotes), pi);
        }
        (0..self.sentences.len())
            .map(|si| by_key.get(&self.key(si, quote_spans)).copied())
            .collect()
    }

    /// Each sentence's tokens: copied and shifted, or made.
    fn tokenize(&mut self, from: &[Origin], masked: &str) {
        for (s, from) in self.sentences.iter_mut().zip(from) {
            s.tokens = match from {
                Some((p, pi, shift)) => p.sentences[*pi]
                    .tokens
                    .iter()
                    .map(|t| Token {
                        span: shift.range(&t.span),
                        kind: t.kind,
                    })
                    .collect(),
                None => tokenize(masked, s.range.clone()),
            };
        }
    }

    /// How often the draft writes each word in lower case.
    fn count_lower_words(&mut self, masked: &str) {
        for s in &self.sentences {
            for t in &s.tokens {
                let w = t.text(masked);
                if t.kind == Kind::Word && w.starts_with(char::is_lowercase) {
                    *self.lower_vocab.entry(w.to_string()).or_default() += 1;
                }
            }
        }
    }

    /// Each sentence's name mentions: copied and shifted, or found.
    fn find_mentions(&mut self, from: &[Origin], masked: &str) {
        for (si, &from) in from.iter().enumerate() {
            let base = self.mentions.len();
            let found = match from {
                Some((p, pi, shift)) => {
                    let ps = &p.sentences[pi];
                    p.mentions[ps.mentions.clone()]
                        .iter()
                        .map(|m| Mention {
                            span: shift.range(&m.span),
                            form: m.form.clone(),
                            sentence: si,
                            prev: m.prev.map(|x| x - ps.mentions.start + base),
                            ..*m
                        })
                        .collect()
                }
                None => self.sentence_mentions(si, masked, base),
            };
            self.mentions.extend(found);
            self.sentences[si].mentions = base..self.mentions.len();
        }
    }

    /// What each sentence says and who says it: copied, or analysed.
    fn analyse_sentences(&mut self, from: &[Origin], masked: &str, quote_spans: &[Range<usize>]) {
        for (si, &from) in from.iter().enumerate() {
            match from {
                Some((p, pi, _)) => {
                    let ps = &p.sentences[pi];
                    let s = &mut self.sentences[si];
                    s.content = ps.content.clone();
                    s.claim = ps.claim.clone();
                    s.attributed = ps.attributed;
                    s.speaker = match ps.speaker {
                        Some(Speaker::Name(m)) => {
                            Some(Speaker::Name(m - ps.mentions.start + s.mentions.start))
                        }
                        ref x => x.clone(),
                    };
                }
                None => self.analyse_sentence(si, masked, quote_spans),
            }
        }
    }

    /// Each sentence's figures: copied and shifted, or extracted.
    fn find_figures(&mut self, from: &[Origin], masked: &str) {
        for (si, &from) in from.iter().enumerate() {
            match from {
                Some((p, pi, shift)) => {
                    let a = p.figures.partition_point(|f| f.sentence < pi);
                    let b = p.figures.partition_point(|f| f.sentence <= pi);
                    self.figures.extend(p.figures[a..b].iter().map(|f| Figure {
                        span: shift.range(&f.span),
                        sentence: si,
                        ..f.clone()
                    }));
                }
                None => {
                    self.figures
                        .extend(figures::extract(masked, &self.sentences[si].tokens, si))
                }
            }
        }
    }

    /// The name mentions of sentence `si`; the first will have index `base`.
    fn sentence_mentions(&self, si: usize, masked: &str, base: usize) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let s = &self.sentences[si];
        let mut seen_word = false;
        let mut prev_tok_end: Option<(usize, usize)> = None; // (token index, index into `out`)
        for (ti, t) in s.tokens.iter().enumerate() {
            let prev_punct = ti > 0 && s.tokens[ti - 1].kind == Kind::Punct;
            let after_opener = ti > 0
                && matches!(
                    s.tokens[ti - 1].text(masked),
                    "“" | "\"" | ":" | "—" | "(" | "‘"
                );
            if t.kind != Kind::Word {
                continue;
            }
            let raw = t.text(masked);
            let initial = !seen_word || after_opener;
            seen_word = true;
            let Some((off, form, glued_lower)) = name_part(raw) else {
                continue;
            };
            let start = t.span.start + off;
            let span = start..start + form.len();
            // "Alexei Tabalov": the name before is part of one phrase —
            // unless it is an ordinary word ("The Kremlin", "Free Buryatia").
            let prev = match prev_tok_end {
                Some((pti, mi)) if pti + 1 == ti && !prev_punct && off == 0 => {
                    (!out[mi].ordinary).then_some(base + mi)
                }
                _ => None,
            };
            out.push(Mention {
                span,
                form: form.to_string(),
                sentence: si,
                initial: initial && off == 0,
                heading: s.heading,
                prev,
                glued: glued_lower,
                ordinary: is_stopword(&form.to_lowercase()) || lx::is_english_word(form),
            });
            // A possessive or hyphenated word ends the name phrase ("Russia's Federal").
            let whole = off == 0 && form.len() == raw.len();
            prev_tok_end = whole.then_some((ti, out.len() - 1));
        }
        out
    }

    /// Indexes of the mentions in sentence `si`.
    fn mentions_in(&self, si: usize) -> impl Iterator<Item = usize> + '_ {
        self.sentences[si].mentions.clone()
    }

    /// Content and claim words, attribution and speaker of sentence `si`.
    fn analyse_sentence(&mut self, si: usize, masked: &str, quote_spans: &[Range<usize>]) {
        // Quotations do not overlap and come in text order.
        let in_quote = |r: &Range<usize>| {
            let i = quote_spans.partition_point(|q| q.start <= r.start);
            i > 0 && r.end <= quote_spans[i - 1].end
        };
        let s = &self.sentences[si];
        let words: Vec<Option<String>> = s
            .tokens
            .iter()
            .map(|t| (t.kind == Kind::Word).then(|| lx::normalise(t.text(masked))))
            .collect();
        let mut content: Vec<String> = Vec::new();
        let mut claim: Vec<String> = Vec::new();
        for w in words.iter().flatten() {
            if is_stopword(w) || lx::number_word(w).is_some() || w.len() < 2 {
                continue;
            }
            let st = lx::stem(w);
            // The claim leaves out who says it and its polarity.
            let framing = lx::is_attribution(w)
                || lx::is_denial(w)
                || lx::is_affirmation(w)
                || lx::is_negator(w)
                || lx::polarity_pole(w).is_some()
                || matches!(
                    w.as_str(),
                    "statement" | "actually" | "reportedly" | "allegedly"
                );
            if !framing && !claim.contains(&st) {
                claim.push(st.clone());
            }
            if !content.contains(&st) {
                content.push(st);
            }
        }
        let mut attributed = false;
        let mut speaker = None;
        for (ti, t) in s.tokens.iter().enumerate() {
            let Some(w) = &words[ti] else { continue };
            if in_quote(&t.span) {
                continue;
            }
            // "The United States", "Reports" as a name: verbs are written in lower case.
            let written = t.text(masked);
            if written.starts_with(char::is_uppercase) && w != "according" {
                continue;
            }
            let according =
                w == "according" && words.get(ti + 1).and_then(|x| x.as_deref()) == Some("to");
            let per = w == "per"
                && s.tokens
                    .get(ti + 1)
                    .is_some_and(|n| n.text(masked).starts_with(char::is_uppercase));
            let reports_noun = matches!(w.as_str(), "reports" | "report")
                && words.get(ti + 1).and_then(|x| x.as_deref()) != Some("that");
            // "It is estimated", "are reported to": passive with no one named.
            let passive = lx::is_attribution(w) && w.ends_with("ed") && {
                let before = |k: usize| ti.checked_sub(k).and_then(|j| words[j].as_deref());
                let be = |x: Option<&str>| {
                    matches!(
                        x,
                        Some("is" | "are" | "was" | "were" | "be" | "been" | "being")
                    )
                };
                (be(before(1)) || (be(before(2)) && before(1).is_some_and(adverb)))
                    && !words[ti + 1..]
                        .iter()
                        .take(PASSIVE_AGENT_WINDOW)
                        .any(|x| x.as_deref() == Some("by"))
            };
            if (lx::is_attribution(w) && w != "according" && !reports_noun && !passive)
                || according
                || per
            {
                attributed = true;
                if speaker.is_none() {
                    speaker = if according || per {
                        self.mention_after(si, ti + 1, 6)
                    } else if lx::is_speech_verb(w) || lx::is_attribution(w) {
                        self.speaker_around(si, ti, &words)
                    } else {
                        None
                    };
                }
            }
        }
        let s = &mut self.sentences[si];
        s.claim = claim;
        s.content = content;
        s.attributed = attributed;
        s.speaker = speaker;
    }

    /// First name phrase starting within `window` tokens after token `ti`;
    /// returns the phrase's last mention.
    fn mention_after(&self, si: usize, ti: usize, window: usize) -> Option<Speaker> {
        let s = &self.sentences[si];
        let lim = s
            .tokens
            .get((ti + window).min(s.tokens.len().saturating_sub(1)))?
            .span
            .end;
        let from = s.tokens.get(ti)?.span.start;
        let first = self
            .mentions_in(si)
            .find(|&i| self.mentions[i].span.start >= from && self.mentions[i].span.start < lim)?;
        let mut last = first;
        while self
            .mentions
            .get(last + 1)
            .is_some_and(|m| m.prev == Some(last))
        {
            last += 1;
        }
        Some(Speaker::Name(last))
    }

    /// The last mention of a person's name that fills tokens `a..b` of
    /// sentence `si` exactly (first name and surname, nothing else).
    fn name_between(&self, si: usize, a: usize, b: usize) -> Option<usize> {
        let s = &self.sentences[si];
        if b < a + 2 {
            return None;
        }
        let last = self.mention_ending_at(si, &s.tokens[b - 1])?;
        let mut first = last;
        while let Some(p) = self.mentions[first].prev {
            first = p;
        }
        (self.is_person(last) && self.mentions[first].span.start == s.tokens[a].span.start)
            .then_some(last)
    }

    fn mention_ending_at(&self, si: usize, tok: &Token) -> Option<usize> {
        self.mentions_in(si).find(|&i| {
            let m = &self.mentions[i];
            m.span.end == tok.span.end.min(m.span.end)
                && tok.span.start <= m.span.start
                && m.span.start < tok.span.end
        })
    }

    /// The subject of a speech verb at token `vi`: the name (or pronoun)
    /// before it, skipping auxiliaries and an appositive between commas, or
    /// the name right after it ("said Alexei Tabalov").
    fn speaker_around(&self, si: usize, vi: usize, words: &[Option<String>]) -> Option<Speaker> {
        let s = &self.sentences[si];
        let masked = &self.prose.masked;
        let mut k = vi;
        while k > 0
            && matches!(
                words[k - 1].as_deref(),
                Some(
                    "has"
                        | "had"
                        | "have"
                        | "also"
                        | "later"
                        | "then"
                        | "previously"
                        | "earlier"
                        | "once"
                )
            )
        {
            k -= 1;
        }
        if k > 0 {
            let t = &s.tokens[k - 1];
            if t.text(masked) == "," {
                // "X, head of Y, told": jump over the appositive.
                let mut j = k - 1;
                while j > 0 && s.tokens[j - 1].text(masked) != "," {
                    j -= 1;
                }
                // "Nato's secretary general, Jens Stoltenberg, said": the
                // part between the commas is the person's name itself.
                if let Some(m) = self.name_between(si, j, k - 1) {
                    return Some(Speaker::Name(m));
                }
                if j > 1 {
                    if let Some(m) = self.mention_ending_at(si, &s.tokens[j - 2]) {
                        return Some(Speaker::Name(m));
                    }
                }
            } else if let Some(w) = &words[k - 1] {
                if matches!(w.as_str(), "he" | "she" | "they") {
                    return (w != "they").then_some(Speaker::Pronoun);
                }
                if let Some(m) = self.mention_ending_at(si, t) {
                    return Some(Speaker::Name(m));
                }
            }
        }
        // After the verb, only when inverted (“…,” said Kofman; …, said the
        // spokesman …, Dmitry Peskov) or at the start of the sentence.
        let inverted = vi == 0
            || matches!(s.tokens[vi - 1].text(masked), "," | "”" | "\"" | "’" | ":")
            || words[..vi].iter().all(|w| w.is_none());
        if !inverted || !lx::is_speech_verb(words[vi].as_deref().unwrap_or("")) {
            return None;
        }
        let mut j = vi + 1;
        let mut fallback = None;
        let mut after_possessive = false;
        while j < s.tokens.len() && j <= vi + 12 {
            let t = &s.tokens[j];
            let tx = t.text(masked);
            if matches!(tx, "“" | "\"" | "." | ";") {
                break;
            }
            if let Some(m) = self.mentions_in(si).find(|&i| {
                self.mentions[i].span.start >= t.span.start
                    && self.mentions[i].span.start < t.span.end
            }) {
                let mut last = m;
                while self
                    .mentions
                    .get(last + 1)
                    .is_some_and(|x| x.prev == Some(last))
                {
                    last += 1;
                }
                if last > m && self.is_person(last) {
                    return Some(Speaker::Name(last));
                }
                // "said Xbox's Peter Moore": a possessive names whose, not who.
                let after = masked.get(self.mentions[m].span.end..).unwrap_or("");
                let possessive = after.starts_with("'s") || after.starts_with("’s");
                if j == vi + 1 && !possessive {
                    // "said Paul King": the whole name, though its last
                    // word is also an English word; not "said Reuters Tuesday".
                    let whole = last > m && !lx::is_weekday(&self.mentions[last].form);
                    return Some(Speaker::Name(if whole { last } else { m }));
                }
                if after_possessive {
                    // "Xbox's Peter Moore": the whole name after the possessive,
                    // first names that are also words ("Peter") included.
                    let mut end = m;
                    while self.mentions.get(end + 1).is_some_and(|x| {
                        x.sentence == si
                            && masked.get(self.mentions[end].span.end..x.span.start) == Some(" ")
                    }) {
                        end += 1;
                    }
                    return Some(Speaker::Name(end));
                }
                after_possessive = possessive && j == vi + 1;
                if !after_possessive {
                    fallback.get_or_insert(m);
                }
                j += 1 + (last - m);
                continue;
            }
            if matches!(words[j].as_deref(), Some("he" | "she")) && j == vi + 1 {
                return Some(Speaker::Pronoun);
            }
            j += 1;
        }
        fallback.map(Speaker::Name)
    }

    /// The name sentence `si` gives as its source, as written with its whole
    /// phrase ("the Free Buryatia Foundation", "Alexei Tabalov").
    pub fn speaker_name(&self, si: usize) -> Option<String> {
        let Some(Speaker::Name(last)) = self.sentences.get(si)?.speaker else {
            return None;
        };
        let mut first = last;
        while let Some(p) = self.mentions.get(first)?.prev {
            first = p;
        }
        let mut the = false;
        while first < last && matches!(self.mentions[first].form.as_str(), "The" | "A" | "An") {
            the = true;
            first += 1;
        }
        let start = self.mentions[first].span.start;
        let name = self.text.get(start..self.mentions[last].span.end)?;
        let before = self.text[..start].trim_end_matches(' ');
        the |= before.ends_with(" the")
            || before.ends_with(" The")
            || before == "the"
            || before == "The";
        (!name.contains(['\n', '\r'])).then(|| {
            if the {
                format!("the {name}")
            } else {
                name.to_string()
            }
        })
    }

    /// A person's name: a surname after a first name, neither an ordinary
    /// word ("Wagner Group", "Russian Presidency" are not people).
    pub fn is_person(&self, mi: usize) -> bool {
        let m = &self.mentions[mi];
        m.prev.is_some() && !m.ordinary
    }

    /// Whom "he" or "she" in sentence `si` stands for: going back through
    /// its paragraph, the speaker of the nearest earlier attribution or the
    /// subject of the nearest sentence naming a person ("X met Y on Monday.
    /// He said …" is X), the sentence's own subject before the pronoun first.
    fn antecedent(
        &self,
        si: usize,
        resolved: &[Option<(String, bool)>],
        persons: &HashSet<String>,
        quote_spans: &[Range<usize>],
    ) -> Option<String> {
        let block = self.sentences[si].block;
        let before = self.pronoun_at(si, quote_spans);
        if let Some(n) = self.subject(si, before, persons, quote_spans) {
            return Some(n);
        }
        (0..si)
            .rev()
            .take_while(|&sj| self.sentences[sj].block == block)
            .find_map(|sj| {
                resolved[sj]
                    .as_ref()
                    .map(|r| r.0.clone())
                    .or_else(|| self.subject(sj, usize::MAX, persons, quote_spans))
            })
    }

    /// Where the first "he" or "she" outside quotation marks in sentence
    /// `si` starts (the end of the sentence when there is none).
    fn pronoun_at(&self, si: usize, quote_spans: &[Range<usize>]) -> usize {
        let s = &self.sentences[si];
        s.tokens
            .iter()
            .find(|t| {
                let w = t.text(&self.prose.masked);
                matches!(w, "he" | "she" | "He" | "She")
                    && !quote_spans.iter().any(|q| q.contains(&t.span.start))
            })
            .map_or(s.range.end, |t| t.span.start)
    }

    /// The grammatical subject of sentence `si`, as news English writes it:
    /// the first person named before byte `before`, outside quotation marks
    /// and not a possessive ("Rod Macqueen's team" names whose, not who),
    /// by the last word of their name.
    fn subject(
        &self,
        si: usize,
        before: usize,
        persons: &HashSet<String>,
        quote_spans: &[Range<usize>],
    ) -> Option<String> {
        let masked = &self.prose.masked;
        let mut i = self.sentences[si].mentions.start;
        let end = self.sentences[si].mentions.end;
        while i < end && self.mentions[i].span.start < before {
            let mut last = i;
            while last + 1 < end && self.mentions[last + 1].prev == Some(last) {
                last += 1;
            }
            let m = &self.mentions[last];
            let after = masked.get(m.span.end..).unwrap_or("");
            let possessive = after.starts_with("'s") || after.starts_with("’s");
            let quoted = quote_spans.iter().any(|q| q.contains(&m.span.start));
            if persons.contains(&m.form) && !possessive && !quoted {
                return Some(m.form.clone());
            }
            i = last + 1;
        }
        None
    }

    /// A name right after an honorific or title ("Mr Okafor", "Dr Varela"):
    /// a person, though named by surname alone.
    fn titled(&self, mi: usize) -> bool {
        let m = &self.mentions[mi];
        mi > 0 && !m.ordinary && {
            let t = &self.mentions[mi - 1];
            t.sentence == m.sentence
                && lx::is_title_word(&t.form)
                && self.text.get(t.span.end..m.span.start) == Some(" ")
        }
    }

    fn build_quotes(&mut self, raw: Vec<RawQuote>) {
        let masked = self.prose.masked.clone();
        // Resolve each sentence's speaker to a name, pronouns included.
        let mut resolved: Vec<Option<(String, bool)>> = vec![None; self.sentences.len()];
        let mut last_speaker: Option<String> = None;
        let mut persons: HashSet<String> = HashSet::new();
        for mi in 0..self.mentions.len() {
            // "Wagner Group", "Associated Press": the last word of an
            // organisation's name is an English word; a surname rarely is.
            if self.is_person(mi) || self.titled(mi) {
                persons.insert(self.mentions[mi].form.clone());
            }
        }
        let quote_spans: Vec<Range<usize>> = raw.iter().map(|(_, q, _)| q.outer.clone()).collect();
        for (si, s) in self.sentences.iter().enumerate() {
            let r = match &s.speaker {
                Some(Speaker::Name(m)) if is_stopword(&self.mentions[*m].form.to_lowercase()) => {
                    None
                }
                Some(Speaker::Name(m)) => Some((self.mentions[*m].form.clone(), true)),
                Some(Speaker::Pronoun) => self
                    .antecedent(si, &resolved, &persons, &quote_spans)
                    .or_else(|| last_speaker.clone())
                    .map(|n| (n, false)),
                None => None,
            };
            if let Some((n, _)) = &r {
                last_speaker = Some(n.clone());
            }
            resolved[si] = r;
        }
        let mut out: Vec<Quote> = Vec::new();
        for (bi, q, words) in raw {
            let words = words.unwrap_or_else(|| quote_words(&masked, q.inner.clone()));
            let end_s = self.sentence_at(q.outer.end.saturating_sub(1));
            let start_s = self.sentence_at(q.outer.start);
            let sp = end_s
                .and_then(|i| resolved[i].clone())
                .or_else(|| start_s.and_then(|i| resolved[i].clone()));
            out.push(Quote {
                inner: q.inner,
                outer: q.outer,
                block: bi,
                words,
                speaker: sp.as_ref().map(|x| x.0.clone()),
                speaker_explicit: sp.is_some_and(|x| x.1),
            });
        }
        // A quotation with no speaker of its own takes its paragraph's.
        let mut by_block: HashMap<usize, String> = HashMap::new();
        for q in &out {
            if let Some(sp) = &q.speaker {
                by_block.entry(q.block).or_insert_with(|| sp.clone());
            }
        }
        for q in &mut out {
            if q.speaker.is_none() {
                q.speaker = by_block.get(&q.block).cloned();
            }
        }
        self.quotes = out;
    }
}

/// A quotation found in block `.0`, with its words if they are already known.
/// Where a sentence's analysis is copied from: the previous version, its
/// sentence there, and how offsets move.
type Origin<'a> = Option<(&'a Doc, usize, Shift)>;

type RawQuote = (
    usize,
    quotes::Quotation,
    Option<Vec<(String, Range<usize>)>>,
);

/// Everything the analysis of one sentence depends on: its text as written
/// and as masked, whether it is a heading, and which parts of it are inside
/// quotation marks (relative offsets). Two sentences with equal keys get
/// equal analyses, shifted.
#[derive(Debug, PartialEq, Eq, Hash)]
struct SentenceKey<'a> {
    text: &'a str,
    masked: &'a str,
    heading: bool,
    quoted: Vec<(usize, usize)>,
}

/// Moves offsets from where a sentence was to where it is now.
#[derive(Debug, Clone, Copy)]
pub struct Shift {
    from: usize,
    to: usize,
}

impl Shift {
    pub fn new(from: usize, to: usize) -> Shift {
        Shift { from, to }
    }

    pub fn offset(self, x: usize) -> usize {
        // Wrapping: exact whenever the result is an offset, with no overflow panic.
        x.wrapping_sub(self.from).wrapping_add(self.to)
    }

    pub fn range(self, r: &Range<usize>) -> Range<usize> {
        self.offset(r.start)..self.offset(r.end)
    }
}

/// Split a capitalised token into its name part: `(offset, form, glued)`.
/// Handles possessives (Putin's), hyphenated descriptors (Kremlin-linked),
/// and a lowercase function word glued in front (theUkrainian).
fn name_part(raw: &str) -> Option<(usize, &str, bool)> {
    let mut off = 0;
    let mut w = raw;
    let first = w.chars().next()?;
    if !first.is_uppercase() {
        // theUkrainian → Ukrainian
        let p = w.find(char::is_uppercase)?;
        if !is_stopword(&w[..p]) {
            return None;
        }
        off = p;
        w = &w[p..];
    }
    for suf in ["'s", "’s", "'", "’"] {
        if let Some(x) = w.strip_suffix(suf) {
            w = x;
            break;
        }
    }
    if let Some((head, tail)) = w.split_once('-') {
        if tail.starts_with(char::is_lowercase) {
            w = head;
        }
    }
    if !w
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
    {
        return None;
    }
    if !w
        .chars()
        .all(|c| c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c) || !c.is_alphabetic())
    {
        return None; // not Latin script
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2
        || w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return None; // acronyms: GUR, FSB
    }
    Some((off, w, false))
}

/// Normalised words of a quotation with their spans: lower case,
/// contractions written out, wire abbreviations as words ("40 mln dlrs" is
/// "40 million dollars", "5 pct" and "5%" are "5 per cent"), and words in
/// brackets left out (the writer's insertions: "(yen-denominated bonds)").
pub fn quote_words(src: &str, r: Range<usize>) -> Vec<(String, Range<usize>)> {
    let toks = tokenize(src, r);
    let mut out: Vec<(String, Range<usize>)> = Vec::new();
    let mut closes: Vec<usize> = Vec::new(); // where each open bracket closes
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let tx = t.text(src);
        i += 1;
        if closes.last() == Some(&(i - 1)) {
            closes.pop();
            continue;
        }
        if t.kind == Kind::Punct {
            if let Some(c) = matches!(tx, "(" | "[")
                .then(|| bracket_close(src, &toks, i - 1))
                .flatten()
            {
                closes.push(c);
            } else if tx == "%" && closes.is_empty() {
                push_words(&mut out, &["per", "cent"], t.span.clone());
            }
            continue;
        }
        if !closes.is_empty() {
            continue;
        }
        let w = tx.to_lowercase();
        // "No-one", "debt-free": a hyphen joins words a writer may also
        // write apart ("no one"), so each part is a word.
        if w.contains('-') {
            let parts: Vec<&str> = w.split('-').filter(|p| !p.is_empty()).collect();
            push_words(&mut out, &parts, t.span.clone());
            continue;
        }
        let next = toks[i..]
            .iter()
            .find(|x| x.kind != Kind::Punct)
            .map(|x| x.text(src).to_lowercase());
        match wire_word(&w) {
            Some(words) => push_words(&mut out, words, t.span.clone()),
            None => {
                for part in spoken_forms(&w, next.as_deref()) {
                    out.push((part, t.span.clone()));
                }
            }
        }
    }
    out
}

fn push_words(out: &mut Vec<(String, Range<usize>)>, words: &[&str], span: Range<usize>) {
    out.extend(words.iter().map(|w| (w.to_string(), span.clone())));
}

/// Where the bracket opened at token `open` closes, within a few words
/// (an aside, not a stray mark): the index of the closing token.
fn bracket_close(src: &str, toks: &[Token], open: usize) -> Option<usize> {
    let want = if toks[open].text(src) == "(" {
        ")"
    } else {
        "]"
    };
    toks.iter()
        .enumerate()
        .skip(open + 1)
        .take(BRACKET_ASIDE_MAX + 1)
        .find(|(_, t)| t.text(src) == want)
        .map(|(k, _)| k)
}

/// A writer's bracketed insertion in a quotation is a few words ("(are)",
/// "(yen-denominated bonds)", "[the president]"); a longer bracket is
/// part of what was said.
const BRACKET_ASIDE_MAX: usize = 6;

/// Wire abbreviations of amounts, as the words they stand for.
fn wire_word(w: &str) -> Option<&'static [&'static str]> {
    Some(match w {
        "mln" => &["million"],
        "bln" => &["billion"],
        "dlrs" => &["dollars"],
        "dlr" => &["dollar"],
        "pct" | "percent" => &["per", "cent"],
        _ => return None,
    })
}

/// A word as said: contractions written out, "it's" as "it is" (or "it
/// has" before a participle: "it's been"), "let's" as "let us".
fn spoken_forms(w: &str, next: Option<&str>) -> Vec<String> {
    let parts = lx::expand_contraction(w);
    let [one] = parts.as_slice() else {
        return parts;
    };
    if one == "let's" {
        return vec!["let".into(), "us".into()];
    }
    match one.strip_suffix("'s") {
        Some(base) if S_IS_BASES.contains(&base) => {
            let has = matches!(next, Some("been" | "got" | "had" | "gone" | "done"));
            vec![base.to_string(), if has { "has" } else { "is" }.to_string()]
        }
        _ => parts,
    }
}

/// Words whose "'s" is always "is" or "has", never a possessive.
const S_IS_BASES: [&str; 16] = [
    "it",
    "that",
    "there",
    "here",
    "he",
    "she",
    "what",
    "who",
    "where",
    "how",
    "this",
    "everything",
    "everyone",
    "nothing",
    "something",
    "someone",
];

/// "It is estimated … by the council" names its source: the agent comes
/// within this many words of the participle.
const PASSIVE_AGENT_WINDOW: usize = 8;

/// An adverb between "is" and a participle ("is widely reported").
fn adverb(w: &str) -> bool {
    (w.len() > 4 && w.ends_with("ly"))
        || matches!(w, "also" | "now" | "still" | "already" | "often")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_speakers_of_quotes() {
        let t = "“We are not at war,” Peskov told Bosnian broadcaster ATV.\n\n\"I get messages every day,\" said Alexandra Garmazhapova.\n\nAlexei Tabalov spoke. “And more,” he added.\n\n\"Halo 2 will sell,\" said Xbox's Peter Moore.\n";
        let d = Doc::parse(t, Format::Plain);
        let sp: Vec<Option<&str>> = d.quotes.iter().map(|q| q.speaker.as_deref()).collect();
        assert_eq!(
            sp,
            vec![
                Some("Peskov"),
                Some("Garmazhapova"),
                Some("Tabalov"),
                Some("Moore")
            ]
        );
        assert!(d.quotes[0].speaker_explicit);
        assert!(!d.quotes[2].speaker_explicit);
    }

    #[test]
    fn pronoun_speakers_are_the_subject_not_the_nearest_name() {
        let t = "Lucia Varela will coach the team against Emeka Okafor's side on Monday. \"I am looking forward to it,\" she said.\n\nLucia Varela met Emeka Okafor in Lagos. \"We talked,\" she said.\n\n“We must prepare,” the alliance's secretary general, Jens Stoltenberg, said in an interview with the German newspaper Bild.\n\n\"We will win the next one,\" said Jens King.\n";
        let d = Doc::parse(t, Format::Plain);
        let sp: Vec<Option<&str>> = d.quotes.iter().map(|q| q.speaker.as_deref()).collect();
        assert_eq!(
            sp,
            vec![
                Some("Varela"),
                Some("Varela"),
                Some("Stoltenberg"),
                Some("King")
            ]
        );
    }

    #[test]
    fn quotation_words_in_wire_style_and_spoken_forms() {
        let t =
            "\"It's been 40 mln dlrs, 5 pct (net) of it's sales; there's 5% left-over,\" he said.";
        let d = Doc::parse(t, Format::Plain);
        let w: Vec<&str> = d.quotes[0].words.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            w,
            vec![
                "it", "has", "been", "40", "million", "dollars", "5", "per", "cent", "of", "it",
                "is", "sales", "there", "is", "5", "per", "cent", "left", "over"
            ]
        );
    }

    #[test]
    fn attribution_and_mentions() {
        let t = "Alexandra Garmazhapova, head of the Free Buryatia Foundation, told the AP that 150 men left. Another 60 prisoners signed. The Kremlin-linked group's Putin's chef spoke reportedly.";
        let d = Doc::parse(t, Format::Plain);
        assert!(d.sentences[0].attributed);
        assert!(!d.sentences[1].attributed);
        assert!(!d.sentences[2].attributed);
        assert_eq!(d.sentences[0].speaker, Some(Speaker::Name(1)));
        let forms: Vec<&str> = d.mentions.iter().map(|m| m.form.as_str()).collect();
        assert_eq!(
            forms,
            vec![
                "Alexandra",
                "Garmazhapova",
                "Free",
                "Buryatia",
                "Foundation",
                "Another",
                "The",
                "Kremlin",
                "Putin"
            ]
        );
        assert_eq!(d.mentions[1].prev, Some(0));
    }
}
