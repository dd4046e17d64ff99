//! Deny lists: words and phrases, case-insensitive, on word boundaries, any whitespace between
//! the words of a phrase. One regex per list.

use crate::config::{DenyAction, DenyList};
use regex::Regex;

#[derive(Debug)]
pub struct CompiledDeny {
    pub name: String,
    pub action: DenyAction,
    regex: Regex,
}

pub fn compile(lists: &[DenyList]) -> Vec<CompiledDeny> {
    lists
        .iter()
        .map(|list| {
            let alternatives: Vec<String> =
                list.phrases.iter().map(|p| phrase_pattern(p)).collect();
            let regex = Regex::new(&format!("(?i)(?:{})", alternatives.join("|")))
                .expect("escaped phrases compile");
            CompiledDeny {
                name: list.name.clone(),
                action: list.action,
                regex,
            }
        })
        .collect()
}

/// `Project  Falcon` → `\bproject\s+falcon\b` (boundaries only next to word characters, so
/// a phrase like `c++` still matches).
fn phrase_pattern(phrase: &str) -> String {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    let body = words.join(r"\s+");
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let start = if word(phrase.trim().chars().next()) {
        r"\b"
    } else {
        ""
    };
    let end = if word(phrase.trim().chars().next_back()) {
        r"\b"
    } else {
        ""
    };
    format!("{start}{body}{end}")
}

impl CompiledDeny {
    pub fn matches(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(phrases: &[&str]) -> CompiledDeny {
        let lists = [DenyList {
            name: "l".into(),
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            action: DenyAction::Block,
        }];
        compile(&lists).pop().unwrap()
    }

    #[test]
    fn words_phrases_case_and_boundaries() {
        let d = list(&["Project Falcon", "zeta", "c++"]);
        assert!(d.matches("about PROJECT\n  falcon today"));
        assert!(d.matches("Zeta!"));
        assert!(d.matches("we use c++ here"));
        assert!(!d.matches("zetas and project falconry"));
        assert!(!d.matches("projectfalcon"));
        let d = list(&["geheim"]);
        assert!(
            d.matches("das ist GEHEIM, ok") && !d.matches("Geheimnis") && !d.matches("ungeheim")
        );
        assert!(d.matches("«geheim»"));
        assert!(
            !d.matches("ägeheim"),
            "a non-ASCII letter is a word character"
        );
    }
}
