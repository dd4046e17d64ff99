//! Placeholders of one request: `<EMAIL_1>` for the first distinct email, the same number for
//! the same value, and the way back. Lives only as long as the request; never logged.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Vault {
    by_value: HashMap<(String, String), String>,
    values: HashMap<String, String>,
    next: HashMap<String, u32>,
}

impl Vault {
    pub fn placeholder(&mut self, label: &str, value: &str) -> String {
        if let Some(p) = self.by_value.get(&(label.to_string(), value.to_string())) {
            return p.clone();
        }
        let n = self.next.entry(label.to_string()).or_insert(0);
        *n += 1;
        let placeholder = format!("<{label}_{n}>");
        self.by_value
            .insert((label.to_string(), value.to_string()), placeholder.clone());
        self.values.insert(placeholder.clone(), value.to_string());
        placeholder
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Known placeholders in `text`: `(start, end, original value)`.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(usize, usize, &'a str)> {
        let mut out = Vec::new();
        if self.values.is_empty() {
            return out;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(off) = bytes[i..].iter().position(|b| *b == b'<') {
            let start = i + off;
            let mut end = start + 1;
            while end < bytes.len()
                && (bytes[end].is_ascii_uppercase()
                    || bytes[end].is_ascii_digit()
                    || bytes[end] == b'_')
            {
                end += 1;
            }
            if end < bytes.len() && bytes[end] == b'>' {
                if let Some(value) = self.values.get(&text[start..=end]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_same_number_per_label() {
        let mut v = Vault::default();
        assert_eq!(v.placeholder("EMAIL", "a@b.io"), "<EMAIL_1>");
        assert_eq!(v.placeholder("EMAIL", "c@d.io"), "<EMAIL_2>");
        assert_eq!(v.placeholder("EMAIL", "a@b.io"), "<EMAIL_1>");
        assert_eq!(v.placeholder("PHONE", "+1 415 555 2671"), "<PHONE_1>");
        let text = "hi <EMAIL_2>, <EMAIL_9> and <PHONE_1><EMAIL_1>";
        let found: Vec<&str> = v
            .find(text)
            .into_iter()
            .map(|(_, _, value)| value)
            .collect();
        assert_eq!(found, ["c@d.io", "+1 415 555 2671", "a@b.io"]);
    }
}
