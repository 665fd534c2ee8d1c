//! The model of one text (a corpus article or a draft): sentences, tokens,
//! quotations with speakers, figures and name mentions, all with byte spans.
//! The same extraction runs on both sides, so a draft and the corpus are
//! compared like for like.

pub mod doc;
pub mod figures;
pub mod lexicon;
pub mod names;
pub mod roles;
pub mod wordhash;

pub use doc::{Doc, Mention, Quote, Sentence};
pub use figures::{Figure, FigureKind};
