//! Inputs the fuzzer (fuzz/, target `pii_mask`) found, as regression tests.

use pii_mask::masker::Masker;
use pii_mask::policy::load_policies;
use pii_mask::response::AnswerStream;
use serde_json::{json, Value};

const CONFIG: &str = r#"{"default":{"detectors":{"private_key":{"action":"redact"}},
    "response":{"scan":true,"windowBytes":64}}}"#;

const KEY_BODY: &str = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

/// The client's text of an OpenAI stream whose content arrives in these pieces.
fn streamed(pieces: &[&str]) -> String {
    let policy = load_policies(CONFIG.as_bytes(), &|_| None)
        .unwrap()
        .default
        .unwrap();
    let mut masker = Masker::new(policy, 1);
    let mut stream = AnswerStream::new();
    let mut out = Vec::new();
    for p in pieces {
        let chunk = json!({"id": "c", "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": null}]});
        out.extend(stream.push(&mut masker, format!("data: {chunk}\n\n").as_bytes()));
    }
    out.extend(stream.push(&mut masker, b"data: [DONE]\n\n"));
    out.extend(stream.finish(&mut masker));
    let mut parser = llm_filters_core::sse::SseParser::new();
    let mut events = parser.push(&out);
    events.extend(parser.finish());
    events
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(&e.data).ok())
        .filter_map(|v| {
            v.pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect()
}

/// Found by `pii_mask` (FUZZ_STRICT=1): a PEM private key streamed in small pieces reached the
/// client unmasked. The hold-back lets the block go as soon as `-----END` has arrived, before
/// the detector can see the whole `-----END PRIVATE KEY-----` line, so the key's body is
/// released first and the block is never found whole.
/// Fuzz input (base64): BQMFEQItLS0tLUJFR0lOIFBSSVZBVEUgS0VZLS0tLS0KTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0MKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQ==
#[test]
fn a_private_key_streamed_in_small_pieces_is_masked() {
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----");
    let mut pieces = Vec::new();
    let mut rest = pem.as_str();
    for len in [6, 18, 3].into_iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (piece, tail) = rest.split_at(len.min(rest.len()));
        pieces.push(piece);
        rest = tail;
    }
    let whole = streamed(&[pem.as_str()]);
    assert!(!whole.contains(KEY_BODY), "{whole}");
    let client = streamed(&pieces);
    assert!(
        !client.contains(KEY_BODY),
        "the key reached the client: {client}"
    );
}

/// Found by `pii_mask` (FUZZ_STRICT=1): an email longer than the hold-back window, streamed,
/// went out unmasked while the whole answer masked it. `@` did not belong to a token run, so
/// the local part was released once the window had passed it, and the rest was no address.
/// Fuzz input (base64): CwMFEQJCZWFyZXIgZUBKaGJHY2lKSVV6STFOaUlzSW5SU0k2SVNma3B2YUc0Z1JHOWxJaXdpYVdGMElqb3hOVEVNMjVNTWpESXlmUS5TZmxLeHdSU2ZrcHZhRzRnUkc5cUlpd2lhV0YwSWpveE5URU0yNU1NakRJeWZRLlNmbEt6ZFdJaU9pSZ5Nak0wTlRZM09EazY3ODlBQkNEIGFfYWRRc3N3NWM=
#[test]
fn an_email_longer_than_the_window_is_masked_in_streams() {
    let config = r#"{"default":{"detectors":{"email":{"action":"redact"}},
        "response":{"scan":true,"windowBytes":64}}}"#;
    let domain = format!("{}.example.com", "d".repeat(120));
    let answer = format!("write to e@{domain} today");
    let policy = load_policies(config.as_bytes(), &|_| None)
        .unwrap()
        .default
        .unwrap();
    let run = |pieces: &[&str]| {
        let mut masker = Masker::new(policy.clone(), 1);
        let mut stream = AnswerStream::new();
        let mut out = Vec::new();
        for p in pieces {
            let chunk = json!({"choices": [{"index": 0, "delta": {"content": p}}]});
            out.extend(stream.push(&mut masker, format!("data: {chunk}\n\n").as_bytes()));
        }
        out.extend(stream.finish(&mut masker));
        String::from_utf8(out).unwrap()
    };
    let pieces: Vec<String> = answer
        .as_bytes()
        .chunks(5)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    let piece_refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
    for client in [run(&[answer.as_str()]), run(&piece_refs)] {
        assert!(!client.contains("ddddd"), "{client}");
        assert!(!client.contains("e@"), "{client}");
    }
}

/// Found by `pii_mask`: escapes decoded before detection hid a value the raw text shows
/// (`\\\\\\\r@example.de` decodes to a line break before `@`), and the prompt went out with it.
/// Fuzz input (base64): tAMFEQJCZWFyZXIgZUc5bEkAAAAAAAAAAWpveE5URTJNak01TUR/AAAALlNmbEt4d1J3cm90ZUpTTWVLS0YyUVQ0ZmxlXFxcXFxcXHJAZXhhbXBsZS5kZSB3cm95ZSA8RU1BNTY7IHAsb2plY3QgZmFsY29uOyAxMC4wMDF3cE1lSmYzNlBPazZ5PUpWX2FkUXNzdzVj
#[test]
fn a_value_only_the_raw_text_shows_is_masked_too() {
    let config = r#"{"default":{"detectors":{"email":{"action":"redact"}}}}"#;
    let policy = load_policies(config.as_bytes(), &|_| None)
        .unwrap()
        .default
        .unwrap();
    for text in [
        r"note \\\\\\\r@example.de today",
        r"escaped j\u00fcrgen@example.de and raw \\\r@example.de",
    ] {
        let mut masked = text.to_string();
        Masker::new(policy.clone(), 1).mask_request_text(&mut masked, false);
        assert!(!masked.contains("@example.de"), "{text} -> {masked}");
    }
}

/// Found by `pii_mask` (FUZZ_STRICT=1): an address with letters outside ASCII (`ü`, `é`) longer
/// than the hold-back window went out in part when streamed: `ü` is no token character, so
/// the cut fell inside the address and the part before it was released before the address
/// could be seen whole. Streamed in any piece length, the client must read the whole answer.
#[test]
fn a_non_ascii_email_longer_than_the_window_streams_as_the_whole_answer() {
    let config = r#"{"default":{"detectors":{"email":{"action":"redact"}},
        "response":{"scan":true,"windowBytes":64}}}"#;
    let policy = load_policies(config.as_bytes(), &|_| None)
        .unwrap()
        .default
        .unwrap();
    let run = |pieces: &[String]| {
        let mut masker = Masker::new(policy.clone(), 1);
        let mut stream = AnswerStream::new();
        let mut out = Vec::new();
        for p in pieces {
            let chunk = json!({"choices": [{"index": 0, "delta": {"content": p}}]});
            out.extend(stream.push(&mut masker, format!("data: {chunk}\n\n").as_bytes()));
        }
        out.extend(stream.finish(&mut masker));
        let mut parser = llm_filters_core::sse::SseParser::new();
        let mut events = parser.push(&out);
        events.extend(parser.finish());
        events
            .iter()
            .filter_map(|e| serde_json::from_str::<Value>(&e.data).ok())
            .filter_map(|v| {
                v.pointer("/choices/0/delta/content")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect::<String>()
    };
    for answer in [
        format!("Schreib an {}@beispiel.de bitte", "jürgen.müller".repeat(4)),
        format!("écrire à é{}@exemple.fr merci", "é".repeat(30)),
        format!("to ann@{}.de now", "müller".repeat(30)),
        format!("mail é@{}.example.com ok", "d".repeat(150)),
    ] {
        let whole = run(std::slice::from_ref(&answer));
        assert!(whole.contains("[EMAIL]"), "{whole}");
        for len in [1, 3, 5, 7, 13, 64] {
            let chars: Vec<char> = answer.chars().collect();
            let pieces: Vec<String> = chars.chunks(len).map(|c| c.iter().collect()).collect();
            assert_eq!(run(&pieces), whole, "pieces of {len} chars");
        }
    }
}

/// Found by `pii_mask` (CI): two phone numbers written back to back, `+1 415 555 01+1 415 555
/// 01`. The second one reads as a number only once the first is gone (a digit before `+` is no
/// start of a number), so masking replaced the first and sent the second. A masked text is
/// read again until nothing new shows.
/// Fuzz input (base64): AAAAAAJDb250YWN0OsKgYW5uQGV4YW1wbGUuY28rbSBvciBhY3Q6wqBhbm5AZXhhbXBsZS5jbyttIG9yICsxIDQxNSA1NTUgMDErMSA0MTUgNTU1IDAxpzA=
#[test]
fn a_value_its_masked_neighbour_uncovers_is_masked_too() {
    let config = r#"{"default":{"detectors":{"phone":{"action":"placeholder"},
        "email":{"action":"redact"}}}}"#;
    let policy = load_policies(config.as_bytes(), &|_| None)
        .unwrap()
        .default
        .unwrap();
    for (text, gone) in [
        ("or +1 415 555 01+1 415 555 01 today", "415"),
        ("call +1 415 555 0100+1 212 555 0199.", "555"),
        (
            "call +1 415 555 0100+1 212 555 0199 or ann@example.com",
            "555",
        ),
    ] {
        let mut masked = text.to_string();
        Masker::new(policy.clone(), 1).mask_request_text(&mut masked, false);
        assert!(!masked.contains(gone), "{text} -> {masked}");
        assert!(!masked.contains('@'), "{text} -> {masked}");
        // What was around the numbers stays.
        assert!(masked.starts_with(&text[..3]), "{masked}");
    }
}

/// Found by review through Envoy: texts of one short unit repeated held a worker for tens of
/// seconds, the scan cost growing with the square of the length (every digit group of
/// `1 1 1 ...` asked questions about the whole run; every address of `a@b.coa@b.co...` searched
/// back to the text's start for whitespace; every title of `Mr. Mr. ...` walked all titles after
/// it; later, every word of `El El El ...` walked the particles after it, and every address
/// after a `/` the token before it). The findings here are what those texts hold; the inputs are long enough that the old
/// cost (minutes) would stall the test run, and the new one is a few milliseconds each.
#[test]
fn repeated_units_scan_in_linear_time() {
    use pii_mask::detect::{DetectorSpec, Kind, Scanner};
    let specs: Vec<DetectorSpec> = Kind::ALL.into_iter().map(DetectorSpec::Builtin).collect();
    let scanner = Scanner::new(&specs).unwrap();
    let n = 64 * 1024;
    let count = |unit: &str, kind: Kind| {
        let text = unit.repeat(n / unit.len());
        let found = scanner.scan(&text);
        found
            .iter()
            .filter(|f| scanner.kind(f.detector) == Some(kind))
            .count()
    };
    // No phone, card or SSN in single digits.
    assert_eq!(count("1 ", Kind::Phone), 0);
    assert_eq!(count("1 ", Kind::CreditCard), 0);
    // Titles with no name after them are no names; nor are runs of name particles (every
    // word walked the whole run after it: 13 s for 64 KB of `El `).
    assert_eq!(count("Mr. ", Kind::PersonName), 0);
    assert_eq!(count("El ", Kind::PersonName), 0);
    assert_eq!(count("Abu ", Kind::PersonName), 0);
    assert_eq!(count("bin ", Kind::PersonName), 0);
    // `a@b.coa@b.co`: the second `a` continues the first domain (`b.coa`), so every other
    // address stands on its own: one address per two units.
    let addresses = count("a@b.co", Kind::Email);
    assert!(addresses >= n / 6 / 2 - 1, "{addresses}");
    // Every dotted quad after a `/` read the token before it back to the text's start for a
    // host name (56 s for 1 MB of `a/10.1.2.3`): glued to a letter, no address.
    assert_eq!(count("a/10.1.2.3", Kind::Ipv4), 0);
    // A street field's value was looked for in the whole rest of the text, for every label
    // (seconds per 100 KB of `address: x `).
    assert_eq!(count("address: x ", Kind::StreetAddress), 0);
    // Transcript lines, each a speaker checked against the names found before it.
    assert_eq!(
        count("[00:00:01] Ann Lee: x\n", Kind::PersonName),
        n / "[00:00:01] Ann Lee: x\n".len()
    );
}
