//! `name-spelling`: a name spelled otherwise than the corpus spells it, a
//! first name that differs from the corpus person's, or a name the corpus
//! does not know that the draft itself spells two ways.

use super::Options;
use crate::corpus::{Corpus, NameEntry};
use crate::finding::{Code, Finding};
use crate::model::lexicon::is_english_word;
use crate::model::names::{is_variant, skeleton};
use crate::model::{Doc, Mention};
use std::collections::HashMap;

pub fn check(corpus: &Corpus, draft: &Doc, _opts: &Options) -> Vec<Finding> {
    let names = &corpus.names;
    let mut out = Vec::new();
    let mut unknown: Vec<usize> = Vec::new();
    let mut verdicts: HashMap<&str, Option<(usize, String)>> = HashMap::new();
    for (mi, m) in draft.mentions.iter().enumerate() {
        let form = m.form.as_str();
        if let Some(e) = names.entry_of(form) {
            let entry = &names.entries[e];
            if form != entry.canonical && !entry.ambiguous && !entry.given && !another_person(draft, m, entry) {
                out.push(spelling(corpus, m, form, entry));
            }
            out.extend(first_name(corpus, draft, m, entry));
            continue;
        }
        if is_common(draft, names, form) {
            continue;
        }
        let verdict = verdicts.entry(form).or_insert_with(|| names.closest(form));
        match verdict {
            Some((e, _)) => {
                let entry = &names.entries[*e];
                // A first name alone may belong to anyone; it is checked
                // against its surname (see `first_name`).
                if !entry.given && !another_person(draft, m, entry) {
                    out.push(spelling(corpus, m, form, entry));
                }
            }
            None => unknown.push(mi),
        }
    }
    out.extend(self_consistency(draft, &unknown));
    out
}

/// Words that are not names: English words, words the corpus or the draft
/// writes in lower case, function words.
fn is_common(draft: &Doc, names: &crate::corpus::NameIndex, form: &str) -> bool {
    let lower = form.to_lowercase();
    is_english_word(form) || names.is_common_word(form) || draft.lower_vocab.contains_key(&lower)
}

/// The draft names someone else who shares (a variant of) the surname:
/// its first name is neither the corpus person's nor a misspelling of it.
fn another_person(draft: &Doc, m: &Mention, entry: &NameEntry) -> bool {
    let Some(p) = m.prev else { return false };
    let first = &draft.mentions[p].form;
    !entry.first_names.is_empty()
        && !entry.first_names.iter().any(|f| f == first || is_variant(f, first) || skeleton(f) == skeleton(first))
}

fn spelling(corpus: &Corpus, m: &Mention, form: &str, entry: &NameEntry) -> Finding {
    let n = entry.count();
    let msg = format!(
        "‘{form}’ — the corpus spells this name ‘{}’ ({n} mention{} in {} article{})",
        entry.canonical,
        if n == 1 { "" } else { "s" },
        entry.articles,
        if entry.articles == 1 { "" } else { "s" }
    );
    Finding::new(Code::NameSpelling, m.span.clone(), msg)
        .with_suggestion(entry.canonical.clone())
        .with_sources(canonical_sources(corpus, entry))
}

/// Up to two corpus sentences that use the canonical spelling.
fn canonical_sources(corpus: &Corpus, entry: &NameEntry) -> Vec<crate::finding::Source> {
    let mut out: Vec<crate::finding::Source> = Vec::new();
    for &(d, mi) in &entry.mentions {
        let cm = &corpus.docs[d].doc.mentions[mi];
        // `starts_with`: a glued copy ("Shoiguhe") still shows the spelling.
        if cm.form.starts_with(entry.canonical.as_str()) && !out.iter().any(|s| s.doc == d) {
            // Point at the name itself, so go-to-definition lands on it.
            let name = cm.span.start..cm.span.start + entry.canonical.len();
            out.push(corpus.source(d, name, corpus.docs[d].doc.sentences[cm.sentence].range.clone()));
            if out.len() == 2 {
                break;
            }
        }
    }
    out
}

/// "Dmitri Peskov" where the corpus writes "Dmitry Peskov".
fn first_name(corpus: &Corpus, draft: &Doc, m: &Mention, entry: &NameEntry) -> Option<Finding> {
    let p = m.prev?;
    let first = &draft.mentions[p];
    if entry.first_names.contains(&first.form) {
        return None;
    }
    let right = entry.first_names.iter().find(|f| is_variant(f, &first.form) || skeleton(f) == skeleton(&first.form))?;
    // "Free Buriatia Foundation": the name before an ordinary word is not a first name.
    let msg = if m.ordinary {
        format!("‘{} {}’ — the corpus writes ‘{right} {}’", first.form, m.form, entry.canonical)
    } else {
        format!("‘{} {}’ — the corpus writes this person’s first name ‘{right}’ (‘{right} {}’)", first.form, m.form, entry.canonical)
    };
    Some(
        Finding::new(Code::NameSpelling, first.span.clone(), msg)
            .with_suggestion(right.clone())
            .with_sources(canonical_sources(corpus, entry)),
    )
}

/// Names the corpus does not know, spelled two ways in the draft: flag the
/// less frequent spelling (on a tie, the later one).
fn self_consistency(draft: &Doc, unknown: &[usize]) -> Vec<Finding> {
    let mut forms: Vec<(&str, Vec<usize>)> = Vec::new();
    for &mi in unknown {
        let f = draft.mentions[mi].form.as_str();
        match forms.iter_mut().find(|x| x.0 == f) {
            Some(x) => x.1.push(mi),
            None => forms.push((f, vec![mi])),
        }
    }
    let mut out = Vec::new();
    // Variants share their skeleton's first sound (see `is_variant`): a cheap test first.
    let first_sound: Vec<Option<char>> = forms.iter().map(|(f, _)| skeleton(f).chars().next()).collect();
    for (i, (a, am)) in forms.iter().enumerate() {
        // Find a more frequent (or earlier, equally frequent) variant.
        let better = forms.iter().enumerate().find(|(j, (b, bm))| {
            *j != i
                && (bm.len() > am.len() || (bm.len() == am.len() && *j < i))
                && first_sound[*j] == first_sound[i]
                && is_variant(a, b)
        });
        if let Some((_, (b, bm))) = better {
            for &mi in am {
                let m = &draft.mentions[mi];
                let msg = format!("‘{a}’ — this draft also spells the name ‘{b}’ ({} time{})", bm.len(), if bm.len() == 1 { "" } else { "s" });
                out.push(Finding::new(Code::NameSpelling, m.span.clone(), msg).with_suggestion(b.to_string()));
            }
        }
    }
    out
}
