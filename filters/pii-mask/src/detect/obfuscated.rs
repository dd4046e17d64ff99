//! Email addresses written so that a plain address pattern misses them, the way people hide
//! them from scrapers: `ann [at] example [dot] com`, `ann(at)example(dot)com`, `ann {at}
//! example.com`, `ann@example[.]com`, `ann@example dot com`, and the bare-word forms `ann at
//! example dot com` and `ann @ example.com` (an `@` with spaces).
//!
//! A bracketed `at` or `dot` (`[ ]`, `( )`, `{ }`, `< >`, with or without spaces inside) or an
//! `@` with a written-out dot is deliberate: found whatever the words around it. The bare-word
//! form is also how prose reads (`look at the dot com bubble`, `staying at home dot com`), so it
//! is an address only with strong evidence (so is a spaced `@`: `Lunch @ cafe.de` is a venue): a top-level domain of [`KNOWN_TLDS`], a local part
//! that is no pronoun or common verb ([`NOT_LOCAL`]) and a domain that starts with no article,
//! and either a mail cue before it in its line (`email`, `contact`, `write to`, `correo`,
//! `Kontakt`, ...) or a local part with what names rarely have (a digit or one of `._+-`).
//!
//! The finding is the whole written span, `ann [at] example [dot] com`: every piece of it is the
//! address. A scan for rare literals (`[at`, `(at`, `dot`, `[.`, ...) picks the places to look,
//! so text without any costs one fast search.

use regex::Regex;
use std::sync::OnceLock;

/// Where an obfuscated address may be: an opening bracket before `at`, `@` or `.`, or `dot`
/// (every written form has one). Spelled out as alternatives of literals (no ` ?`), so the
/// search is a literal search: 8.7 GB/s on prose, where `[\[({<] ?(?:at|@|\.)` ran at 0.23.
const ANCHOR: &str = r"(?i)dot|[\[({<](?:at|@|\.)|[\[({<] (?:at|@|\.)";

/// `ann @ example.com`, `ann @example.com`, `ann@ example.com`: an `@` with spaces on a side,
/// searched in one pass over the text (only when it holds ` @` or `@ `): a window per `@`, as
/// the anchors get, would cost a search of [`BEFORE`] + [`AFTER`] bytes for every `@` of
/// `@ @ @ …`.
const SPACED: &str = concat!(
    r"(?P<local>[\p{L}\p{N}._%+\-]+)",
    r"(?P<at>[ \t]{1,3}@[ \t]{0,3}|@[ \t]{1,3})",
    r"(?P<domain>[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+)",
);

/// One address: local part, the `at` (bracketed, a bare word, or `@` with optional spaces),
/// a domain whose labels are joined by dots of any of the three kinds.
const FULL: &str = concat!(
    r"(?i)(?P<local>[\p{L}\p{N}._%+\-]+)",
    r"(?P<at>\s{0,3}[\[({<]\s{0,2}(?:at|@)\s{0,2}[\])}>]\s{0,3}|\s{1,3}at\s{1,3}|\s{0,3}@\s{0,3})",
    r"(?P<domain>[\p{L}\p{N}\-]+",
    r"(?:(?:\s{0,3}[\[({<]\s{0,2}(?:dot|\.)\s{0,2}[\])}>]\s{0,3}|\s{1,3}dot\s{1,3}|\.)[\p{L}\p{N}\-]+)+)",
);

/// Top-level domains the bare-word form must end with.
const KNOWN_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "ai", "app", "dev",
    "me", "us", "uk", "de", "fr", "es", "it", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl",
    "pt", "ie", "eu", "ca", "au", "nz", "jp", "cn", "in", "br", "mx", "ar", "cl", "ru", "ua", "tr",
    "za", "kr", "sg", "hk", "tw", "cz", "gr", "hu", "ro", "il", "ae", "sa", "id", "vn", "th", "my",
    "ph", "sk", "si", "hr", "rs", "bg", "lt", "lv", "ee", "is", "lu", "pe", "ve", "uy", "eg", "ng",
    "ke", "ma", "pk", "bd", "xyz", "online", "site", "tech", "email", "mail",
];

/// Words before a bare ` at ` that are no mailbox (`email me at`, `look at`, `based at`).
const NOT_LOCAL: &[&str] = &[
    "me", "us", "you", "him", "her", "them", "it", "i", "we", "they", "someone", "anyone",
    "everyone", "one", "people", "look", "looking", "looked", "meet", "see", "stay", "staying",
    "stayed", "live", "lives", "living", "work", "works", "working", "based", "arrive", "arrived",
    "here", "there", "this", "that", "what", "who", "which", "is", "are", "was", "were", "be",
    "and", "or", "but", "not", "only", "just", "even", "also", "still", "now", "then", "all",
    "both", "me", "directly", "again", "home", "back", "out", "up", "down",
];

/// A domain starting so is prose (`at the dot com`).
const NOT_DOMAIN: &[&str] = &[
    "the", "a", "an", "this", "that", "my", "your", "our", "his", "her", "their", "its", "some",
    "any", "least", "most", "home", "work", "night", "noon", "once",
];

/// Words that say an address follows, looked for as parts of the words before it in its line
/// (`email`, `e-mail`, `mailto`, `E-Mail-Adresse`, `courriel`, `contact`, `Kontakt`, ...).
const CUES: &[&str] = &[
    "mail",
    "✉",
    "📧",
    "contact",
    "kontakt",
    "contatt",
    "write",
    "reach",
    "address",
    "adresse",
    "correo",
    "courriel",
    "schreib",
    "escrib",
    "escríb",
    "écri",
    "scriv",
    "message",
    "send to",
    "forward to",
    // `mandad el acta a`, `envíalo a`, `adres`.
    "mandad",
    "mándame",
    "manda a",
    "envía",
    "envíe",
    "envíalo",
    "enviar a",
    "adres",
    // More languages: `Du når mig på`, `erreichen`, `skriv til`, `napisz`, `sähköposti`...
    "når",
    "nå meg",
    "erreich",
    "joindre",
    "skriv",
    "pisz",
    "escrev",
    "posta",
    "sähköposti",
    "e-post",
    "epost",
    "ulaş",
    "hubungi",
    "liên hệ",
    "почт",
    "пошт",
    "البريد",
    "דוא",
    "メール",
    "邮箱",
    "邮件",
    "이메일",
    "อีเมล",
    "ईमेल",
    // Bulgarian, Persian, Urdu, Swahili, Indonesian, Bengali, Greek, Vietnamese, Chinese.
    "имейл",
    "ایمیل",
    "ای میل",
    "barua pepe",
    "ইমেল",
    "ইমেইল",
    "ταχυδρομ",
    "διεύθυνσ",
    "thư điện tử",
    "郵箱",
    "電郵",
    "郵件",
];

/// Words for a mail address, as the text after one names it.
const ADDRESS_WORDS: &[&str] = &[
    "mail",
    "address",
    "adres",
    "adress",
    "correo",
    "courriel",
    // Catalan `adreça electrònica`, `correu`.
    "adreça",
    "correu",
    "e-post",
    "epost",
    "pašto",
    "posta",
    "почт",
    "пошт",
    "メール",
    "邮箱",
    "邮件",
    "이메일",
    "ईमेल",
    "البريد",
    "דוא",
    // Bulgarian, Persian, Urdu, Swahili, Indonesian, Bengali, Greek, Vietnamese, Chinese.
    "имейл",
    "ایمیل",
    "ای میل",
    "barua pepe",
    "ইমেল",
    "ইমেইল",
    "ταχυδρομ",
    "διεύθυνσ",
    "thư điện tử",
    "郵箱",
    "電郵",
    "郵件",
];

/// Local parts that are mailboxes by their name (`support at example dot in`).
const MAILBOXES: &[&str] = &[
    "info",
    "support",
    "contact",
    "kontakt",
    "sales",
    "admin",
    "hello",
    "office",
    "service",
    "billing",
    "help",
    "helpdesk",
    "team",
    "noreply",
    "no-reply",
    "mail",
    "post",
    "jobs",
    "hr",
    "careers",
    "press",
    "privacy",
    "security",
    "abuse",
    "webmaster",
    "postmaster",
    "invoices",
    "invoice",
    "accounts",
    "accounting",
    "finance",
    "orders",
    "bookings",
    "reservations",
];

/// Bytes before an anchor searched for the address start; bytes after it for the end.
const BEFORE: usize = 160;
const AFTER: usize = 320;

#[derive(Debug)]
pub struct Obfuscated {
    anchor: Regex,
    /// [`SPACED`], compiled on the first text with a spaced `@`.
    spaced: OnceLock<Regex>,
    /// Compiled on the first anchor: its Unicode classes cost about 19 M instructions to
    /// build, which a policy whose texts never hold an anchor should not pay at load.
    full: OnceLock<Regex>,
}

/// How an `at` or a dot is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Written {
    /// `@`, `.`
    Plain,
    /// ` at `, ` dot `
    Word,
    /// `[at]`, `(dot)`, `[.]`, ...
    Bracketed,
    /// ` @ `, `@ `: an `@` with spaces around it.
    Spaced,
}

fn written(token: &str) -> Written {
    let t = token.trim();
    if t.starts_with(['[', '(', '{', '<']) {
        Written::Bracketed
    } else if t == "@" && t != token {
        Written::Spaced
    } else if t == "@" || t == "." {
        Written::Plain
    } else {
        Written::Word
    }
}

impl Obfuscated {
    pub fn new() -> Obfuscated {
        Obfuscated {
            anchor: Regex::new(ANCHOR).expect("anchor pattern compiles"),
            spaced: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    fn full(&self) -> &Regex {
        self.full
            .get_or_init(|| Regex::new(FULL).expect("obfuscated email pattern compiles"))
    }

    /// Pushes `(start, end)` of every obfuscated address in `text`.
    pub fn find(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        let mut done = 0;
        for a in self.anchor.find_iter(text) {
            if a.start() < done {
                continue;
            }
            let from = super::table::floor_boundary(text, a.start().saturating_sub(BEFORE));
            let to = ceil(text, a.end().saturating_add(AFTER).min(text.len()));
            let window = text.get(from..to).unwrap_or("");
            // Every search starts past the last one's start: at most one per match in the
            // window, as a plain walk through its matches would do.
            let mut pos = 0;
            while let Some(caps) = self.full().captures_at(window, pos) {
                let Some(m) = caps.get(0) else { break };
                let (start, end) = (from + m.start(), from + m.end());
                let part = |n: &str| caps.name(n).map_or("", |p| p.as_str());
                if end <= a.start() {
                    // An earlier address-like run (`me at tech.ops` in `reach me at
                    // tech.ops(at)...`) may have eaten the local part of this one: look again
                    // from just after its local part.
                    let next = m.start() + part("local").len().max(1);
                    pos = ceil(window, next);
                    continue;
                }
                if start > a.end() {
                    break;
                }
                // `liv dot marsh at …`: the local part's own dots written out too.
                let start = spelled_local_start(text, start);
                let local_end = from + m.start() + part("local").len();
                let local = text.get(start..local_end).unwrap_or("");
                if start >= done
                    && !(m.start() == 0 && from > 0)
                    && address(text, start, end, local, part("at"), part("domain"))
                {
                    out.push((start, end));
                    done = end;
                }
                break;
            }
        }
        if text.contains(" @") || text.contains("@ ") {
            let spaced = self
                .spaced
                .get_or_init(|| Regex::new(SPACED).expect("spaced @ pattern compiles"));
            for caps in spaced.captures_iter(text) {
                let Some(m) = caps.get(0) else { continue };
                let part = |n: &str| caps.name(n).map_or("", |p| p.as_str());
                if address(
                    text,
                    m.start(),
                    m.end(),
                    part("local"),
                    part("at"),
                    part("domain"),
                ) {
                    out.push((m.start(), m.end()));
                }
            }
        }
    }
}

impl Default for Obfuscated {
    fn default() -> Self {
        Obfuscated::new()
    }
}

/// The start of a local part whose dots are written out before `start` (`liv dot marsh`,
/// `liv [dot] marsh`): up to three more words, none a word of prose before an `at` (`look
/// dot …` is no mailbox), or `start`.
fn spelled_local_start(text: &str, start: usize) -> usize {
    let mut at = start;
    for _ in 0..3 {
        let Some(rest) = text.get(..at).and_then(strip_written_dot) else {
            break;
        };
        let word_len: usize = rest
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '%'))
            .map(char::len_utf8)
            .sum();
        let word_start = rest.len() - word_len;
        let word = rest.get(word_start..).unwrap_or("").to_lowercase();
        if word_len == 0
            || word_len > 64
            || NOT_LOCAL.contains(&word.as_str())
            || NOT_DOMAIN.contains(&word.as_str())
        {
            break;
        }
        at = word_start;
    }
    at
}

/// `before` without the written-out dot it ends with (` dot `, `[dot] `, `(.)`), or None.
fn strip_written_dot(before: &str) -> Option<&str> {
    let trimmed = before.trim_end_matches([' ', '\t']);
    for (open, close) in [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>')] {
        if let Some(inner) = trimmed.strip_suffix(close) {
            let pos = inner.rfind(open)?;
            let word = inner.get(pos + 1..)?.trim();
            let dot = word.eq_ignore_ascii_case("dot") || word == ".";
            return dot.then(|| inner.get(..pos).unwrap_or("").trim_end_matches([' ', '\t']));
        }
    }
    let spaced = trimmed.len() < before.len();
    let cut = trimmed.len().checked_sub(3)?;
    let word = trimmed.get(cut..)?;
    let rest = trimmed.get(..cut)?;
    (spaced && word.eq_ignore_ascii_case("dot") && rest.ends_with([' ', '\t']))
        .then(|| rest.trim_end_matches([' ', '\t']))
}

fn ceil(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The domain's labels and how each dot between them is written.
fn labels(domain: &str) -> (Vec<&str>, Vec<Written>) {
    let label_char = |c: char| c.is_alphanumeric() || c == '-';
    let (mut labels, mut dots) = (Vec::new(), Vec::new());
    let mut rest = domain;
    while !rest.is_empty() {
        let n = rest.find(|c: char| !label_char(c)).unwrap_or(rest.len());
        let (label, tail) = rest.split_at(n);
        labels.push(label);
        let m = tail.find(label_char).unwrap_or(tail.len());
        let (dot, tail) = tail.split_at(m);
        if !dot.is_empty() {
            dots.push(written(dot));
        }
        rest = tail;
    }
    (labels, dots)
}

fn address(text: &str, start: usize, end: usize, local: &str, at: &str, domain: &str) -> bool {
    let (labels, dots) = labels(domain);
    // `ann AT example DOT de`: the words in capitals around a lower-case address are written
    // to be read as `@` and `.`, as brackets are.
    let shouted = at.trim() == "AT"
        && domain.contains(" DOT ")
        && !domain.contains(" dot ")
        && !labels
            .iter()
            .filter(|l| **l != "DOT")
            .chain([&local])
            .any(|l| l.chars().any(char::is_uppercase));
    let at = written(at);
    let tld = labels.last().copied().unwrap_or("");
    let tld_ok = (2..=24).contains(&tld.chars().count())
        && tld.chars().all(char::is_alphabetic)
        // Spelled out, an address is not used as a file name: any extension is a file's.
        && !super::FILE_EXTENSIONS
            .iter()
            .any(|e| tld.eq_ignore_ascii_case(e));
    let local_ok = local.len() <= 64
        && labels.iter().all(|l| l.len() <= 63)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let before = super::char_before(text, start);
    let after = super::char_after(text, end);
    let bounded = !super::word_char(before)
        && !matches!(before, Some('@' | '.' | '/' | '-'))
        && !super::word_char(after)
        && !matches!(after, Some('@' | '/'))
        && labels
            .iter()
            .all(|l| !l.starts_with('-') && !l.ends_with('-'));
    let wrapped = enclosed(before, after);
    if !(tld_ok && local_ok && bounded && !labels.is_empty()) {
        return false;
    }
    let any = |w: Written| at == w || dots.contains(&w);
    if !any(Written::Bracketed) && !any(Written::Word) && at != Written::Spaced {
        // A plain address: the email pattern's.
        return false;
    }
    if any(Written::Bracketed) || (at == Written::Plain && dots.contains(&Written::Word)) {
        return true;
    }
    let lower = |s: &str| s.to_lowercase();
    let tld = lower(tld);
    let first = labels.first().map_or(String::new(), |l| lower(l));
    let words_ok = KNOWN_TLDS.contains(&tld.as_str())
        && !NOT_LOCAL.contains(&lower(local).as_str())
        && !NOT_DOMAIN.contains(&first.as_str());
    // `ann at example dot com`, `ann @ example.com`: only with strong evidence (`Lunch @
    // cafe.de`, `weights @ inputs.io` are a venue and code).
    // The 64 bytes before the address, from the start of its line (searched in those bytes
    // only: a text of candidates without a newline must not cost a search back to its start for
    // each of them).
    let context = text
        .get(super::table::floor_boundary(text, start.saturating_sub(64))..start)
        .unwrap_or("");
    let context = lower(context.rsplit('\n').next().unwrap_or(""));
    // Or a word for an address after it in its line (`ann at example dot com (el. pašto
    // adresas)`, `… is my email`; not a verb: `customers at amazon dot com send feedback`).
    // (128 bytes: in Cyrillic or Persian `— this is what I have as e-mail` takes about 90.)
    let after = text
        .get(end..super::table::floor_boundary(text, (end + 128).min(text.len())))
        .unwrap_or("");
    let after = lower(after.split('\n').next().unwrap_or(""));
    // A mail cue before it in its line, or the header of the table column it stands in.
    let cue = CUES.iter().any(|c| context.contains(c))
        || ADDRESS_WORDS.iter().any(|c| after.contains(c))
        || [context.as_str(), after.as_str()]
            .iter()
            .any(|t| has_word(t, "surel"))
        || super::table::column_header(text, start)
            .is_some_and(|h| CUES.iter().any(|c| lower(h).contains(c)))
        // (Written in lower case, as addresses are: `Sales at Amazon dot com rose` is prose.)
        || (MAILBOXES.contains(&local) && !labels.iter().any(|l| l.chars().any(char::is_uppercase)))
        // The whole of a quoted or bracketed value, in lower case (`notify = "ann @ ex.fr"`,
        // `<ann @ ex.fr>`): a field or header that holds an address and nothing else.
        || (wrapped && !local.chars().chain(domain.chars()).any(char::is_uppercase));
    // (A space in the local part is a dot written out: `liv dot marsh`.)
    let unusual = local
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | '+' | '-' | ' '));
    words_ok && (cue || unusual || shouted)
}

/// Whether the characters around a value are a pair of quotes or angle brackets.
fn enclosed(before: Option<char>, after: Option<char>) -> bool {
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('\''), Some('\''))
            | (Some('<'), Some('>'))
            | (Some('«'), Some('»'))
            | (Some('“'), Some('”'))
            | (Some('„'), Some('“'))
    )
}

/// Whether `word` stands in `text` as a word of its own (Indonesian `surel`, e-mail, is the
/// start of English `surely`).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        !letter(text.get(..at).and_then(|b| b.chars().next_back()))
            && !letter(text.get(at + word.len()..).and_then(|a| a.chars().next()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Obfuscated::new().find(text, &mut out);
        out.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    /// Bare-word addresses vouched for by a mailbox name, the column they stand in, or a mail
    /// cue of more languages; prose with the same words is none.
    #[test]
    fn bare_words_with_mailbox_names_columns_and_more_cues() {
        for (text, address) in [
            (
                "Du når mig på mads at chithi dot in efter lunch.",
                "mads at chithi dot in",
            ),
            (
                "\"kontakt at kwiatmail dot pl\"",
                "kontakt at kwiatmail dot pl",
            ),
            ("support at chithi dot in", "support at chithi dot in"),
            (
                "id,email\n1,ann at huaxinmail dot cn",
                "ann at huaxinmail dot cn",
            ),
            ("Sähköposti: aino at posti dot fi", "aino at posti dot fi"),
            // A word for an address after it; a mailbox name.
            (
                "invoices at vientosur dot com dot ar (el. pašto adresas)",
                "invoices at vientosur dot com dot ar",
            ),
        ] {
            assert_eq!(find(text), [address], "{text}");
        }
        for text in [
            "help at home dot com",
            "team at work dot com",
            "id,city\n1,ann at huaxinmail dot cn",
            "look at the dot com bubble",
            "Sales at Amazon dot com rose 12%",
            "Security at Yahoo dot com was lax",
            "customers at amazon dot com send feedback",
            "The envoy at example dot com environment",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn bracketed_and_written_forms() {
        for (text, want) in [
            (
                "mail ann [at] example [dot] com please",
                "ann [at] example [dot] com",
            ),
            ("ann(at)example(dot)com", "ann(at)example(dot)com"),
            ("ANN [AT] EXAMPLE [DOT] COM", "ANN [AT] EXAMPLE [DOT] COM"),
            (
                "write to j.doe {at} mail.example.co.uk.",
                "j.doe {at} mail.example.co.uk",
            ),
            ("ann <at> example <dot> org", "ann <at> example <dot> org"),
            ("ann@example[.]com", "ann@example[.]com"),
            ("ann@example(.)co(.)uk!", "ann@example(.)co(.)uk"),
            ("ann@example dot com", "ann@example dot com"),
            ("ann [@] example [.] com", "ann [@] example [.] com"),
            (
                "ann [ at ] example [ dot ] com",
                "ann [ at ] example [ dot ] com",
            ),
            ("ann at example [dot] com", "ann at example [dot] com"),
            ("jürgen(at)beispiel(dot)de", "jürgen(at)beispiel(dot)de"),
            ("(ann(at)example(dot)com)", "ann(at)example(dot)com"),
            // An earlier `x at y.z` run must not hide the address after it.
            (
                "reach me at tech.ops(at)example(dot)co(dot)jp for the files",
                "tech.ops(at)example(dot)co(dot)jp",
            ),
        ] {
            assert_eq!(find(text), [want], "{text}");
        }
    }

    #[test]
    fn bare_words_only_with_strong_evidence() {
        for (text, want) in [
            ("Email me: ann at example dot com", "ann at example dot com"),
            (
                "contact sales at example dot org today",
                "sales at example dot org",
            ),
            ("Kontakt: max at beispiel dot de", "max at beispiel dot de"),
            ("ann.lee at example dot com", "ann.lee at example dot com"),
            (
                "bob_99 at mail dot example dot co dot uk",
                "bob_99 at mail dot example dot co dot uk",
            ),
            (
                "reach me at ml.research at societe-alpha dot fr for the files",
                "ml.research at societe-alpha dot fr",
            ),
            (
                "escríbeme a contact at example dot ae",
                "contact at example dot ae",
            ),
        ] {
            assert_eq!(find(text), [want], "{text}");
        }
        for prose in [
            "look at the dot com bubble",
            "I was staying at home dot com",
            "ann at example dot com",
            "email me at gmail dot com",
            "they met at noon dot com era",
            "Contact sales at example dot zz",
            "meet at google dot com",
            "please send it at once dot com",
        ] {
            assert!(find(prose).is_empty(), "{prose}: {:?}", find(prose));
        }
    }

    #[test]
    fn spaced_at_sign() {
        for (text, want) in [
            (
                "escríbeme a sales.north @ foretag.se",
                "sales.north @ foretag.se",
            ),
            ("Mail an billing @ sharika.sa bitte", "billing @ sharika.sa"),
            ("email: ann @example.com", "ann @example.com"),
            (
                "ann.lee@ mail.example.co.uk.",
                "ann.lee@ mail.example.co.uk",
            ),
            ("jd2031 @ shili.com.cn", "jd2031 @ shili.com.cn"),
        ] {
            assert_eq!(find(text), [want], "{text}");
        }
        for prose in [
            "scores = q @ k.transpose(-2, -1)",
            "y = x @ w.T + b",
            "see me @ home.com",
            "meet @ the.io stand",
            "cc @ 5.30 pm",
            "Lunch @ cafe.de tomorrow",
            "Tickets @ ticketmaster.com",
            "great talk @ pycon.us",
            "out = weights @ inputs.io",
            "A @ B.it",
        ] {
            assert!(find(prose).is_empty(), "{prose}: {:?}", find(prose));
        }
    }

    /// Many addresses before an anchor do not hide it.
    #[test]
    fn a_list_of_addresses_is_found_whole() {
        let list = "ann [at] acme [dot] io, bob [at] acme [dot] io, cy [at] acme [dot] io, \
                    dee [at] acme [dot] io, eve [at] acme [dot] io, fay [at] acme [dot] io";
        assert_eq!(find(list).len(), 6, "{:?}", find(list));
        let mixed = "cc: ann@x.io, bob@x.io, cy@x.io, dee@x.io; private: eve [at] acme [dot] io";
        assert_eq!(find(mixed), ["eve [at] acme [dot] io"]);
        let spaced = "mail: ann.b @ ex.com ".repeat(50);
        assert_eq!(find(&spaced).len(), 50);
    }

    #[test]
    fn plain_addresses_and_look_alikes_are_not_this_detectors() {
        assert!(find("ann@example.com").is_empty());
        assert!(find("see [at] the end, a dotted line (.) here").is_empty());
        assert!(find("logo[at]2x[dot]png").is_empty());
        assert!(find("https://ann[at]example[dot]com/x").is_empty());
        assert!(find("anecdote: dot matrix at example dot").is_empty());
    }
}
