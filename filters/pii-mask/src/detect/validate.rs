//! Checks beyond the pattern: checksums, number ranges, structure. Each takes the candidate text
//! exactly as it appeared and says whether it is really a value of that kind.

/// Luhn (mod 10) over the digits, separators ignored.
pub fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d.wrapping_sub(b'0') % 10);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Card numbers: 13–19 digits (12–19 for Maestro: IIN 50, 56–69), Luhn, and an issuer prefix (IIN) of a real network, which keeps
/// the one-in-ten random digit strings that pass Luhn (order numbers, ids) out.
pub fn card(digits: &[u8]) -> bool {
    let n = digits.len();
    if !(12..=19).contains(&n) || !luhn(digits) {
        return false;
    }
    let prefix = |k: usize| -> u32 {
        digits
            .get(..k)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    let p4 = prefix(4);
    let p2 = prefix(2);
    // Maestro (Mastercard's debit brand): IIN 50 and 56–69, 12 to 19 digits.
    let maestro = p2 == 50 || (56..=69).contains(&p2);
    if n == 12 || p4 == 604 {
        // Only Maestro issues 12-digit cards (and the `0604` range).
        return p4 == 604 || maestro;
    }
    if n == 15 && matches!(p4, 1800 | 2131) {
        return true; // JCB's old 15-digit ranges
    }
    let (p1, p3) = (prefix(1), prefix(3));
    match p1 {
        4 => matches!(n, 13 | 16 | 19), // Visa
        // Mastercard, Maestro; 16–19 digits from 51–55 too (as before the Maestro ranges:
        // recall first, and co-badged debit cards run long).
        5 => (51..=55).contains(&p2) && n == 16 || (50..=59).contains(&p2) && n >= 16 || maestro,
        2 => (2221..=2720).contains(&p4) && n == 16, // Mastercard 2-series
        3 => {
            (p2 == 34 || p2 == 37) && n == 15                                    // Amex
            || p2 == 35 && n >= 16                                                // JCB
            || (p2 == 36 || p2 == 38 || p2 == 39 || (300..=305).contains(&p3)) && n >= 14
        } // Diners
        6 => n >= 16 || maestro,                     // Discover, UnionPay, Maestro
        _ => false,
    }
}

/// US SSN `AAA-GG-SSSS`: area not 000, 666 or 9xx; group not 00; serial not 0000; and not one
/// of the famous numbers printed on sample cards.
pub fn ssn(area: u32, group: u32, serial: u32) -> bool {
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && !matches!(
            (area, group, serial),
            (78, 5, 1120) | (219, 9, 9999) | (123, 45, 6789)
        )
}

/// Length of an IBAN per country (ISO 13616 registry).
fn iban_length(country: &str) -> Option<usize> {
    const TABLE: &[(&str, usize)] = &[
        ("AD", 24),
        ("AE", 23),
        ("AL", 28),
        ("AT", 20),
        ("AZ", 28),
        ("BA", 20),
        ("BE", 16),
        ("BG", 22),
        ("BH", 22),
        ("BR", 29),
        ("BY", 28),
        ("CH", 21),
        ("CR", 22),
        ("CY", 28),
        ("CZ", 24),
        ("DE", 22),
        ("DK", 18),
        ("DO", 28),
        ("EE", 20),
        ("EG", 29),
        ("ES", 24),
        ("FI", 18),
        ("FO", 18),
        ("FR", 27),
        ("GB", 22),
        ("GE", 22),
        ("GI", 23),
        ("GL", 18),
        ("GR", 27),
        ("GT", 28),
        ("HR", 21),
        ("HU", 28),
        ("IE", 22),
        ("IL", 23),
        ("IQ", 23),
        ("IS", 26),
        ("IT", 27),
        ("JO", 30),
        ("KW", 30),
        ("KZ", 20),
        ("LB", 28),
        ("LC", 32),
        ("LI", 21),
        ("LT", 20),
        ("LU", 20),
        ("LV", 21),
        ("LY", 25),
        ("MC", 27),
        ("MD", 24),
        ("ME", 22),
        ("MK", 19),
        ("MR", 27),
        ("MT", 31),
        ("MU", 30),
        ("NL", 18),
        ("NO", 15),
        ("PK", 24),
        ("PL", 28),
        ("PS", 29),
        ("PT", 25),
        ("QA", 29),
        ("RO", 24),
        ("RS", 22),
        ("SA", 24),
        ("SC", 31),
        ("SE", 24),
        ("SI", 19),
        ("SK", 24),
        ("SM", 27),
        ("ST", 25),
        ("SV", 28),
        ("TL", 23),
        ("TN", 24),
        ("TR", 26),
        ("UA", 29),
        ("VA", 22),
        ("VG", 24),
        ("XK", 20),
    ];
    TABLE.iter().find(|(c, _)| *c == country).map(|(_, n)| *n)
}

/// The expected length of an IBAN starting with this country code.
pub fn iban_expected_len(compact: &str) -> Option<usize> {
    iban_length(compact.get(..2)?)
}

/// IBAN without spaces: country length and ISO 7064 mod-97 == 1.
pub fn iban(compact: &str) -> bool {
    let bytes = compact.as_bytes();
    let (Some(head), Some(rest)) = (bytes.get(..4), bytes.get(4..)) else {
        return false;
    };
    if iban_expected_len(compact) != Some(bytes.len())
        || !head.iter().skip(2).all(u8::is_ascii_digit)
    {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in rest.iter().chain(head) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Dotted quad with octets 0–255 and no leading zeros (`01.2.3.4` is a version, not an address).
pub fn ipv4(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) && !(p.len() > 1 && p.starts_with('0')) && p.parse::<u16>().is_ok_and(|v| v <= 255))
        // `0.x.y.z` is how version numbers start; the unspecified address itself is fine.
        && (parts.first() != Some(&"0") || text == "0.0.0.0")
}

/// A real IPv6 address (std's parser), with at least two groups holding something, and not a
/// clock time or a `Type::member` path.
pub fn ipv6(text: &str) -> bool {
    // A multicast group (`ff02::fb`, mDNS) names a service every host joins, no one's host.
    let Ok(address) = text.parse::<std::net::Ipv6Addr>() else {
        return false;
    };
    if address.is_multicast() {
        return false;
    }
    let groups: Vec<&str> = text.split(':').filter(|g| !g.is_empty()).collect();
    let has_digit = |g: &&str| g.bytes().any(|b| b.is_ascii_digit());
    // A prefix alone (`fe80::`, `2a01::`): four hex digits, one a digit, then `::` — no
    // `Type::` path is written so.
    let prefix = text.ends_with("::")
        && groups.len() == 1
        && groups.iter().all(|g| g.len() == 4 && has_digit(g));
    prefix || (groups.len() >= 2 && (groups.len() >= 4 || groups.iter().any(has_digit)))
}

/// An OpenAI key: `sk-` and a random body of 20 characters or more past its kind's prefix
/// (`proj-`, `svcacct-`, `admin-`). A prefix with a short body (`sk-proj-hE3a99HCv9K9`) is a key
/// cut short for a log or an audit trail, no key; an Anthropic prefix (`sk-ant-api03-…` too
/// short for an Anthropic key) is never an OpenAI key.
pub fn openai_key(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("sk-") else {
        return false;
    };
    if rest.starts_with("ant-") {
        return false;
    }
    let body = ["proj-", "svcacct-", "admin-"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    body.len() >= 20 && looks_random(rest)
}

/// Base64url without padding.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// A JWS or JWE (JWT): its first segment decodes (base64url) to a JOSE header, a JSON object
/// naming an `alg`; whatever the payload is (signed non-JSON payloads, truncated or re-encoded
/// tokens are secrets too), as long as something follows the header.
pub fn jwt(token: &str) -> bool {
    let mut parts = token.split('.');
    let Some(header) = parts.next().and_then(base64url_decode) else {
        return false;
    };
    let rest: usize = parts.map(str::len).sum();
    rest >= 8 && jose_header(&header)
}

fn jose_header(header: &[u8]) -> bool {
    if let Ok(h) = serde_json::from_slice::<serde_json::Value>(header) {
        return h.get("alg").is_some_and(serde_json::Value::is_string);
    }
    // A header cut or padded oddly still names its algorithm near the start.
    header.first() == Some(&b'{') && header.windows(5).any(|w| w == b"\"alg\"")
}

/// A bearer token: long, several distinct characters, and a digit or mixed case.
pub fn bearer(token: &str) -> bool {
    let mixed_case = token.bytes().any(|b| b.is_ascii_uppercase())
        && token.bytes().any(|b| b.is_ascii_lowercase());
    let mut distinct = [false; 128];
    token.bytes().for_each(|b| mark(&mut distinct, b));
    token.len() >= 16
        && distinct.iter().filter(|d| **d).count() >= 8
        && (mixed_case || token.bytes().any(|b| b.is_ascii_digit()))
}

/// A secret assigned to a key named for one (`token = "…"`): as random as a bearer token,
/// with digits and both cases, or long hex with digits (`secret: db-credentials-2024` names a
/// Kubernetes object). Values a provider's format claims (`sk-`, `ghp_`, `AKIA`, `eyJ`) are
/// their detectors' to judge: one they reject is cut short or a placeholder.
pub fn assigned_secret(value: &str) -> bool {
    const PROVIDER_PREFIXES: &[&str] = &[
        "sk-",
        "gh",
        "github_pat_",
        "AKIA",
        "ASIA",
        "ABIA",
        "ACCA",
        "eyJ",
        "xox",
    ];
    let has = |f: fn(&u8) -> bool| value.as_bytes().iter().any(f);
    let mixed =
        has(u8::is_ascii_digit) && has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase);
    let hex = value.len() >= 20
        && value.bytes().all(|b| b.is_ascii_hexdigit())
        && has(u8::is_ascii_digit);
    !PROVIDER_PREFIXES.iter().any(|p| value.starts_with(p))
        && bearer(value)
        && looks_random(value)
        && (mixed || hex)
}

/// Random-looking secret: letters and digits both present, several distinct characters, and no
/// character repeated six times in a row (`sk-xxxxxxxxxxxxxxxxxxxxxxxx`, `sk-ant-api03-xxxx…` in
/// docs: a random body of base62 has such a run about once in 10⁸ keys).
pub fn looks_random(secret: &str) -> bool {
    let has_digit = secret.bytes().any(|b| b.is_ascii_digit());
    let has_alpha = secret.bytes().any(|b| b.is_ascii_alphabetic());
    let mut distinct = [false; 128];
    secret.bytes().for_each(|b| mark(&mut distinct, b));
    let repeated = secret
        .as_bytes()
        .windows(6)
        .any(|w| w.iter().all(|b| Some(b) == w.first()));
    has_digit && has_alpha && !repeated && distinct.iter().filter(|d| **d).count() >= 8
}

fn mark(distinct: &mut [bool; 128], b: u8) {
    if let Some(seen) = distinct.get_mut(usize::from(b)) {
        *seen = true;
    }
}

/// AWS access key ids: a 4-letter prefix, then 16 upper-case letters and digits. The ids AWS
/// issues are base32 (A–Z, 2–7); an id with a `0`, `1`, `8` or `9` is taken only when the text
/// around it says it is a credential (`said_credential`): secret scanners take any digit, and a
/// pasted key with a digit mistyped still gets a redaction, while a reference number that merely
/// starts with `AKIA` does not. Placeholders are not keys: runs of four (`0123`, `ABCD`, `XXXX`)
/// and the documentation's `…EXAMPLE` ids.
pub fn aws_key_id(id: &str, said_credential: bool) -> bool {
    let Some(body) = id
        .as_bytes()
        .get(4..)
        .filter(|b| id.len() == 20 && b.len() == 16)
    else {
        return false;
    };
    let base32 = body
        .iter()
        .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(b));
    let alphanumeric = body
        .iter()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    (base32 || (alphanumeric && said_credential))
        && !body.windows(4).any(placeholder_run)
        && !id.ends_with("EXAMPLE")
}

/// Four characters that repeat one (`XXXX`) or count up by one (`0123`, `WXYZ`).
fn placeholder_run(w: &[u8]) -> bool {
    let step = |d: u8| {
        w.windows(2).all(|p| {
            p.first()
                .zip(p.get(1))
                .is_some_and(|(a, b)| b.wrapping_sub(*a) == d)
        })
    };
    step(0) || step(1)
}

/// The body of a PEM block holds base64 (with optional `Key: value` header lines).
pub fn pem_body(block: &str) -> bool {
    let base64ish = block
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        .count();
    base64ish >= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> Vec<u8> {
        s.bytes().filter(u8::is_ascii_digit).collect()
    }

    #[test]
    fn cards() {
        assert!(card(&digits("4111 1111 1111 1111")));
        assert!(card(&digits("5500-0000-0000-0004")));
        assert!(card(&digits("378282246310005")));
        assert!(card(&digits("6011111111111117")));
        assert!(!card(&digits("4111 1111 1111 1112")), "Luhn");
        assert!(
            !card(&digits("1234567812345670")),
            "passes Luhn, no issuer starts with 1"
        );
        assert!(!card(&digits("411111111111")), "too short");
        assert!(card(&digits("502015244937")), "12-digit Maestro");
    }

    /// Maestro: IIN 50 and 56–69, every length from 12 to 19 (check digits computed by hand
    /// from ISO/IEC 7812-1 Annex B, cross-checked with Python).
    #[test]
    fn maestro_lengths_and_ranges() {
        for number in [
            "6767707391049",       // 13, Maestro UK 676770
            "5020739104829",       // 13
            "50187391048265",      // 14
            "603739104826551",     // 15, IIN 60
            "676774739104829",     // 15, Maestro UK 676774
            "5038739104826555",    // 16
            "69739104826550314",   // 17
            "50739104826550314",   // 17, IIN 50
            "6759739104826550314", // 19
            "697391048264",        // 12, IIN 69
            "607391048263",        // 12, IIN 60
        ] {
            assert!(luhn(&digits(number)), "{number}: the sample passes Luhn");
            assert!(card(&digits(number)), "{number}");
        }
        assert!(luhn(&digits("5473910482656")) && luhn(&digits("707391048261")));
        assert!(
            !card(&digits("5473910482656")),
            "13 digits, IIN 54: Mastercard has 16 only"
        );
        assert!(
            !card(&digits("707391048261")),
            "12 digits, IIN 70: no network"
        );
    }

    #[test]
    fn ssns() {
        assert!(ssn(536, 22, 1234));
        assert!(!ssn(0, 22, 1234));
        assert!(
            !ssn(666, 12, 3456)
                && !ssn(901, 12, 3456)
                && !ssn(123, 0, 4567)
                && !ssn(123, 45, 0)
                && !ssn(78, 5, 1120)
        );
    }

    #[test]
    fn ibans() {
        assert!(iban("DE89370400440532013000"));
        assert!(iban("GB82WEST12345698765432"));
        assert!(iban("FR1420041010050500013M02606"));
        assert!(!iban("DE89370400440532013001"), "mod 97");
        assert!(!iban("DE8937040044053201300"), "length");
        assert!(!iban("XX89370400440532013000"), "country");
    }

    #[test]
    fn ips() {
        assert!(ipv4("192.168.1.20") && ipv4("8.8.8.8") && ipv4("0.0.0.0"));
        assert!(!ipv4("256.1.1.1") && !ipv4("01.2.3.4") && !ipv4("0.9.1.2") && !ipv4("1.2.3"));
        assert!(
            ipv6("2001:db8::8a2e:370:7334")
                && ipv6("fe80::1")
                && ipv6("2001:0db8:85a3:0000:0000:8a2e:0370:7334")
        );
        assert!(!ipv6("10:30:00") && !ipv6("::") && !ipv6("ab::cd") && !ipv6("std::vector"));
    }

    #[test]
    fn jwts() {
        let jwt_text = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert!(jwt(jwt_text));
        assert!(
            !jwt("eyJub3Rqd3QiOjF9.eyJzdWIiOiIxIn0.abcdefgh"),
            "header has no alg"
        );
    }

    #[test]
    fn secrets_and_keys() {
        assert!(looks_random("proj-Ab3dEf9hIjK2mNoPqRsT"));
        assert!(!looks_random("xxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(!looks_random("ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(aws_key_id("AKIAZ6QK2WJ3PLM4RT5V", false));
        assert!(
            !aws_key_id("AKIAIOSFODNN7EXAMPLE", true),
            "the documentation's example"
        );
        assert!(
            aws_key_id("AKIAFZXG3FT6212LPTNJ", true) && !aws_key_id("AKIAFZXG3FT6212LPTNJ", false),
            "0, 1, 8, 9 are not base32: taken where the text says credential"
        );
        assert!(
            !aws_key_id("AKIA0123456789ABCDEF", true),
            "a counting placeholder"
        );
        assert!(
            !aws_key_id("AKIAXXXXXXXXXXXXXXXX", true),
            "a repeated placeholder"
        );
        assert!(!aws_key_id("AKIAZ6QK2WJ3PLM4RT5", true), "19 characters");
        assert!(!aws_key_id("AKIAZ6QK2WJ3PLM4RT5é", true), "not ASCII");
    }
}
