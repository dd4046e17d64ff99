//! Replacement texts for the `redact`, `mask` and `hash` actions.

use crate::detect::Kind;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `[EMAIL]`
pub fn redact(label: &str) -> String {
    format!("[{label}]")
}

/// `[EMAIL:3f9a0c1d2b4e5f60]`: HMAC-SHA256 of the value under the configured key, so the same
/// value always gives the same pseudonym and nobody without the key can test guesses.
pub fn hash(label: &str, key: &[u8], value: &str, hex_len: usize) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(value.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex.truncate(hex_len);
    format!("[{label}:{hex}]")
}

/// Partial masking that keeps what a reader needs to recognise the value and no more.
pub fn mask(kind: Option<Kind>, label: &str, value: &str) -> String {
    match kind {
        Some(Kind::Email) => {
            let (local, domain) = value.split_once('@').unwrap_or((value, ""));
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        // Every digit but the last four, separators kept: `**** **** **** 1111`, `***-**-6789`.
        Some(Kind::CreditCard | Kind::Phone | Kind::Ssn) => {
            // `is_numeric`: full-width digits are digits too.
            keep_last(value, 4, char::is_numeric)
        }
        Some(Kind::Iban) => {
            let masked = keep_last(value, 4, char::is_alphanumeric);
            // The country code stays readable.
            let country: String = value.chars().take(2).collect();
            let rest: String = masked.chars().skip(2).collect();
            format!("{country}{rest}")
        }
        Some(Kind::Ipv4) => {
            let first = value.split('.').next().unwrap_or("");
            format!("{first}.*.*.*")
        }
        Some(Kind::Ipv6) => {
            let first = value.split(':').next().unwrap_or("");
            format!("{first}:*:*")
        }
        // Secrets: a recognisable prefix only, never the length.
        Some(
            Kind::OpenaiKey
            | Kind::AnthropicKey
            | Kind::AwsAccessKey
            | Kind::GithubToken
            | Kind::Jwt
            | Kind::BearerToken,
        ) => {
            let prefix: String = value.chars().take(4).collect();
            format!("{prefix}****")
        }
        Some(Kind::PrivateKey) => redact(label),
        // Initials: `J*** S****`.
        Some(Kind::PersonName) => value
            .split(' ')
            .map(|w| {
                let first: String = w.chars().take(1).collect();
                format!("{first}***")
            })
            .collect::<Vec<_>>()
            .join(" "),
        Some(Kind::StreetAddress) => redact(label),
        None => keep_last(value, 4, char::is_alphanumeric),
    }
}

/// Replaces every `masked` char with `*` except the last `keep` of them.
fn keep_last(value: &str, keep: usize, masked: impl Fn(char) -> bool) -> String {
    let total = value.chars().filter(|c| masked(*c)).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if !masked(c) {
                return c;
            }
            seen += 1;
            if seen + keep > total {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(
            mask(Some(Kind::Email), "EMAIL", "jane.doe@example.com"),
            "j***@example.com"
        );
        assert_eq!(
            mask(Some(Kind::CreditCard), "CREDIT_CARD", "4111 1111 1111 1111"),
            "**** **** **** 1111"
        );
        assert_eq!(mask(Some(Kind::Ssn), "SSN", "536-22-1234"), "***-**-1234");
        assert_eq!(
            mask(Some(Kind::Phone), "PHONE", "+1 (415) 555-2671"),
            "+* (***) ***-2671"
        );
        assert_eq!(
            mask(Some(Kind::Iban), "IBAN", "DE89 3704 0044 0532 0130 00"),
            "DE** **** **** **** **30 00"
        );
        assert_eq!(mask(Some(Kind::Ipv4), "IPV4", "192.168.1.20"), "192.*.*.*");
        assert_eq!(
            mask(Some(Kind::OpenaiKey), "OPENAI_KEY", "sk-proj-abc123"),
            "sk-p****"
        );
        assert_eq!(mask(None, "EMPLOYEE_ID", "EMP-123456"), "***-**3456");
        assert_eq!(
            mask(Some(Kind::Email), "EMAIL", "ürsula@bëispiel.de"),
            "ü***@bëispiel.de"
        );
    }

    #[test]
    fn hashes_are_keyed_stable_and_truncated() {
        let a = hash("EMAIL", b"k1", "a@b.io", 16);
        assert_eq!(a, hash("EMAIL", b"k1", "a@b.io", 16));
        assert_ne!(a, hash("EMAIL", b"k2", "a@b.io", 16));
        assert!(
            a.starts_with("[EMAIL:") && a.len() == "[EMAIL:]".len() + 16,
            "{a}"
        );
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
        assert_eq!(
            hash("X", b"Jefe", "what do ya want for nothing?", 64),
            "[X:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843]"
        );
    }
}
