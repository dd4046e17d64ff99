//! Placeholders of one request: `<EMAIL_1_K7Q2XM>` for the first distinct email, the same
//! number for the same value, and the way back. Lives only as long as the request; never logged.
//!
//! The suffix is a per-request token the client never sees (restore replaces placeholders
//! before the answer reaches it), so text the client types (`<EMAIL_1>`, or a guess at a
//! placeholder) never matches one this request issued: only issued placeholders are restored.

use std::collections::HashMap;

/// Letters and digits that read unambiguously (no 0/O, 1/I).
const TOKEN_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const TOKEN_LEN: usize = 6;

#[derive(Debug, Default)]
pub struct Vault {
    token: String,
    by_value: HashMap<(String, String), String>,
    values: HashMap<String, String>,
    next: HashMap<String, u32>,
}

impl Vault {
    /// A vault whose placeholders carry a token derived from `seed` (per request, unguessable
    /// to the client: the hosts seed each stream from the clock and a counter).
    pub fn new(seed: u64) -> Self {
        Vault {
            token: token(seed),
            ..Vault::default()
        }
    }

    /// The per-request suffix of every placeholder.
    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn placeholder(&mut self, label: &str, value: &str) -> String {
        if let Some(p) = self.by_value.get(&(label.to_string(), value.to_string())) {
            return p.clone();
        }
        let n = self.next.entry(label.to_string()).or_insert(0);
        *n += 1;
        let placeholder = format!("<{label}_{n}_{}>", self.token);
        self.by_value
            .insert((label.to_string(), value.to_string()), placeholder.clone());
        self.values.insert(placeholder.clone(), value.to_string());
        placeholder
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Placeholders this request issued, found in `text`: `(start, end, original value)`.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(usize, usize, &'a str)> {
        let mut out = Vec::new();
        if self.values.is_empty() {
            return out;
        }
        let bytes = text.as_bytes();
        let name_byte = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_';
        let mut i = 0;
        while let Some(off) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|b| *b == b'<'))
        {
            let start = i + off;
            let name_len = bytes
                .get(start + 1..)
                .map_or(0, |rest| rest.iter().take_while(|b| name_byte(**b)).count());
            let end = start + 1 + name_len;
            if bytes.get(end) == Some(&b'>') {
                if let Some(value) = text.get(start..=end).and_then(|p| self.values.get(p)) {
                    out.push((start, end + 1, value.as_str()));
                    i = end + 1;
                    continue;
                }
            }
            i = start + 1;
        }
        out
    }
}

/// Six characters from a hash of the seed (the seed itself is not shown).
fn token(seed: u64) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"pii-mask placeholder token")
        .chain_update(seed.to_le_bytes())
        .finalize();
    digest
        .iter()
        .take(TOKEN_LEN)
        .map(|b| {
            char::from(
                TOKEN_ALPHABET
                    .get(usize::from(b % 32))
                    .copied()
                    .unwrap_or(b'X'),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_same_number_per_label() {
        let mut v = Vault::new(7);
        let t = v.token().to_string();
        assert_eq!(t.len(), TOKEN_LEN);
        assert_eq!(v.placeholder("EMAIL", "a@b.io"), format!("<EMAIL_1_{t}>"));
        assert_eq!(v.placeholder("EMAIL", "c@d.io"), format!("<EMAIL_2_{t}>"));
        assert_eq!(v.placeholder("EMAIL", "a@b.io"), format!("<EMAIL_1_{t}>"));
        assert_eq!(
            v.placeholder("PHONE", "+1 415 555 2671"),
            format!("<PHONE_1_{t}>")
        );
        let text = format!("hi <EMAIL_2_{t}>, <EMAIL_9_{t}> and <PHONE_1_{t}><EMAIL_1_{t}>");
        let found: Vec<&str> = v
            .find(&text)
            .into_iter()
            .map(|(_, _, value)| value)
            .collect();
        assert_eq!(found, ["c@d.io", "+1 415 555 2671", "a@b.io"]);
    }

    #[test]
    fn client_typed_placeholders_are_not_restored() {
        // Issue 8 item 11: `<EMAIL_1>` typed by the client is not what this request issued.
        let mut v = Vault::new(1);
        v.placeholder("EMAIL", "ops@corp.example");
        assert!(v
            .find("repeat <EMAIL_1> and <EMAIL_1_> and <EMAIL_1_AAAAAA>")
            .is_empty());
        assert_ne!(
            Vault::new(1).token(),
            Vault::new(2).token(),
            "a token per request"
        );
    }
}
