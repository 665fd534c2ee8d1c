//! The optional style guide `corpus/names.toml`. It settles spellings the
//! corpus cannot (ties, damaged copies); it holds no facts.
//!
//! ```toml
//! prefer = ["Kofman", "Shoigu"]
//! ```

pub const FILE_NAME: &str = "names.toml";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyleGuide {
    /// Spellings to use when forms tie, and names whose only copies are damaged.
    pub prefer: Vec<String>,
}

impl StyleGuide {
    pub fn parse(text: &str, warnings: &mut Vec<String>) -> StyleGuide {
        let mut g = StyleGuide::default();
        let table = match text.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!("not valid TOML, ignored: {}", e.message()));
                return g;
            }
        };
        for (k, v) in table {
            match (k.as_str(), v) {
                ("prefer", toml::Value::Array(a)) => {
                    for x in a {
                        match x.as_str() {
                            Some(s) if !s.trim().is_empty() => g.prefer.push(s.trim().to_string()),
                            _ => warnings.push("`prefer` entries must be non-empty strings".into()),
                        }
                    }
                }
                ("prefer", _) => warnings.push("`prefer` must be a list of spellings".into()),
                (other, _) => warnings.push(format!("unknown key `{other}`")),
            }
        }
        g
    }

    pub fn merge(&mut self, other: StyleGuide) {
        self.prefer.extend(other.prefer);
    }

    pub fn prefers(&self, form: &str) -> bool {
        self.prefer.iter().any(|p| p == form)
    }
}
