//! Indexes over the corpus: names with their variants, figures, quotes.
use super::{Article, StyleGuide};

#[derive(Debug, Default)]
pub struct NameEntry {}

#[derive(Debug, Default)]
pub struct NameIndex {}

impl NameIndex {
    pub fn build(_docs: &[Article], _style: &StyleGuide) -> NameIndex {
        NameIndex {}
    }

    pub fn canonical_names(&self) -> Vec<&str> {
        Vec::new()
    }
}

#[derive(Debug, Default)]
pub struct Index {}

impl Index {
    pub fn build(_docs: &[Article], _names: &NameIndex) -> Index {
        Index {}
    }
}
