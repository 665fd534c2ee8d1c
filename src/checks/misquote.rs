use super::Options;
use crate::corpus::Corpus;
use crate::finding::Finding;
use crate::model::Doc;

pub fn check(_corpus: &Corpus, _draft: &Doc, _opts: &Options) -> Vec<Finding> {
    Vec::new()
}
