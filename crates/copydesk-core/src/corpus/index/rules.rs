//! Domain rules the index and the checks share: which figures count the
//! same thing, how a value is keyed, when two figures disagree.

use super::Index;
use super::search::{SAME_THING, global_sentence};
use crate::corpus::tables::{BagKind, IndexTables};
use crate::model::figures::{Figure, FigureKind};

/// How a figure's value is written, for the value postings: its kind and
/// exact value; none for dates, vague ranges and small counts (any story
/// has "three").
pub(super) fn value_key(f: &Figure) -> Option<String> {
    if f.vague
        || matches!(f.kind, crate::model::figures::FigureKind::Date { .. })
        || f.value.abs() < 100.0 && matches!(f.kind, crate::model::figures::FigureKind::Count)
    {
        return None;
    }
    Some(format!("{:?}\u{1}{}", f.kind, f.value))
}

/// Nouns that count the same things (for matching figures, not for facts).
pub fn same_noun(a: &str, b: &str) -> bool {
    a == b || noun_group(a).is_some_and(|g| noun_group(b) == Some(g))
}

/// Nouns counted that name the same kind of thing: the group's number.
pub(super) fn noun_group(w: &str) -> Option<usize> {
    const GROUPS: &[&[&str]] = &[
        &["prisoner", "inmate", "convict", "applicant"],
        &[
            "soldier",
            "troop",
            "serviceman",
            "servicemen",
            "reservist",
            "conscript",
            "recruit",
            "fighter",
        ],
        &["man", "men", "people", "person", "individual"],
        &[
            "organization",
            "organisation",
            "entity",
            "entitie",
            "group",
            "battalion",
        ],
    ];
    GROUPS.iter().position(|g| g.contains(&w))
}

/// Figures `i` and `j`, of different articles, count the same thing in
/// sentences about the same thing (similar, or stating another figure
/// alike: "… in 20 regions"), and disagree.
pub(super) fn disagree<T: IndexTables + ?Sized>(t: &T, i: u32, j: u32) -> bool {
    let (Some(a), Some(b)) = (t.figure(i), t.figure(j)) else {
        return false;
    };
    if a.doc == b.doc || !a.figure.comparable(&b.figure) {
        return false;
    }
    let nouns_agree = match (&a.figure.noun, &b.figure.noun) {
        (Some(x), Some(y)) => same_noun(x, y),
        _ => false,
    };
    if !nouns_agree {
        return false;
    }
    let (ga, gb) = (global_sentence(t, &a), global_sentence(t, &b));
    let others = |g: u32, not: u32| {
        t.sentence_figures(g)
            .filter(|&k| k != not)
            .filter_map(|k| t.figure(k))
            .collect::<Vec<_>>()
    };
    let (oa, ob) = (others(ga, i), others(gb, j));
    let sibling = oa.iter().any(|x| {
        ob.iter().any(|y| {
            x.figure.comparable(&y.figure)
                && x.figure.compatible(&y.figure)
                && x.figure.noun.is_some()
                && x.figure.noun == y.figure.noun
        })
    });
    let (ba, bb) = (t.bag(BagKind::Content, ga), t.bag(BagKind::Content, gb));
    let (sa, sb) = (ba.view(), bb.view());
    if !sibling && Index::similarity(sa, sb).max(Index::similarity(sb, sa)) < SAME_THING {
        return false;
    }
    !a.figure.compatible(&b.figure) || opposite_bounds(&a.figure, &b.figure)
}

/// "at least 40" against "at most 40": the sources bound it from opposite sides.
fn opposite_bounds(a: &Figure, b: &Figure) -> bool {
    let lower = |f: &Figure| matches!(f.qualifier, Some("at least" | "more than"));
    let upper = |f: &Figure| matches!(f.qualifier, Some("up to" | "at most" | "fewer than"));
    matches!(
        a.kind,
        FigureKind::Count | FigureKind::Money(_) | FigureKind::Percent
    ) && ((lower(a) && upper(b)) || (upper(a) && lower(b)))
}
