//! How adjacent request texts (text parts of one message, consecutive messages of one role)
//! are read joined.
//!
//! Two texts that touch without a space (`…ann@x.io` + `and more`, `…Evergreen` + `Terrace…`)
//! are ambiguous: a value may run on across them (`john.do` + `e@x.com`) or the second text
//! may start a new word. Read only tight, the first case is found but the address swallows the
//! client's `and` and `Evergreen` + `Terrace` reads as one word; read only with a space, the
//! split address is lost. So each touching boundary is decided on its own:
//! - **break** (read with a space between) when the texts up to it already end with a complete
//!   value (`ann@x.io` | `and`): that value ends where its text ends and the next text is kept
//!   whole, unless it is an address whose domain, read tight, goes on with another label
//!   (`ann@example.co` | `m.au` is `ann@example.com.au`); or when only the spaced reading finds
//!   a value across it (`742 Evergreen` | `Terrace`, `4111 1111` | `1111 1111`);
//! - **join** (read tight) otherwise, and between two digits (`192.168.1.1` | `0`: a number
//!   split by a client is one number) unless only a space there finds a value (`4111 1111` |
//!   `1111 1111`), and when the complete value is a credential (`sk-…` | `…`: a key's prefix is
//!   a complete key, and a miss leaks the rest of the key).
//!
//! What stays ambiguous, by choice: a text that ends inside a value right where its piece is
//! a complete value itself (`ann@example.co` | `m`) is read as that value (masked) and the next
//! text (`m`) is forwarded; a word that touches the start of a value in the next text (`Dear` |
//! `ann@x.io`) is read with it (`Dearann@x.io` is masked whole), because a text ending inside an
//! address's local part (`john.do` | `e@x.com`) looks the same.

use crate::detect::{Finding, Kind, Scanner};

/// Texts read as one, with a space inserted at some boundaries.
pub struct Reading {
    pub text: String,
    /// Where each text starts in `text`.
    pub starts: Vec<usize>,
    /// Each text's length.
    pub lens: Vec<usize>,
}

impl Reading {
    /// `parts` joined, with a space before part `k` where `breaks[k]`.
    pub fn new(parts: &[String], breaks: &[bool]) -> Reading {
        let mut text = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
        let mut starts = Vec::with_capacity(parts.len());
        for (k, p) in parts.iter().enumerate() {
            if breaks.get(k).copied().unwrap_or(false) {
                text.push(' ');
            }
            starts.push(text.len());
            text.push_str(p);
        }
        let lens = parts.iter().map(String::len).collect();
        Reading { text, starts, lens }
    }

    /// The (non-empty) part holding byte `at`; `None` for an inserted space.
    pub fn part_at(&self, at: usize) -> Option<usize> {
        (0..self.starts.len()).find(|&k| {
            let (s, n) = (self.starts.get(k).copied(), self.lens.get(k).copied());
            matches!((s, n), (Some(s), Some(n)) if s <= at && at < s + n)
        })
    }

    /// The parts where a finding starts and ends (its last byte), skipping inserted spaces.
    pub fn span_parts(&self, f: &Finding) -> Option<(usize, usize)> {
        if f.end <= f.start {
            return None;
        }
        let first = self
            .part_at(f.start)
            .or_else(|| self.part_at(f.start + 1))?;
        let last = self
            .part_at(f.end - 1)
            .or_else(|| f.end.checked_sub(2).and_then(|i| self.part_at(i)))?;
        Some((first, last))
    }
}

/// Boundaries where two non-empty texts touch without whitespace: the index of the part on the
/// right, with the last character before it and the first of it.
fn touching(parts: &[String]) -> Vec<(usize, char, char)> {
    let mut out = Vec::new();
    let mut last: Option<char> = None;
    for (k, p) in parts.iter().enumerate() {
        let Some(first) = p.chars().next() else {
            continue;
        };
        if let Some(l) = last {
            if !l.is_whitespace() && !first.is_whitespace() {
                out.push((k, l, first));
            }
        }
        last = p.chars().next_back();
    }
    out
}

/// How much text on each side of a boundary is read to decide it: longer than any value
/// but long keys, tokens and PEM blocks, which without a decision are read tight anyway.
const WINDOW: usize = 1024;

/// The parts around boundary `k` (about [`WINDOW`] bytes each side, the outer parts cut to
/// it), read with `breaks`; and where part `k` starts and the text before it ends in it.
fn around(parts: &[String], breaks: &[bool], k: usize) -> (String, usize, usize) {
    let mut first = k;
    let mut before = 0;
    while first > 0 && before < WINDOW {
        first -= 1;
        before += parts.get(first).map_or(0, String::len);
    }
    let mut last = k;
    let mut after = parts.get(k).map_or(0, String::len);
    while last + 1 < parts.len() && after < WINDOW {
        last += 1;
        after += parts.get(last).map_or(0, String::len);
    }
    let mut text = String::new();
    let (mut end, mut start) = (0, 0);
    for j in first..=last {
        let p = parts.get(j).map_or("", String::as_str);
        let p = if j == first && j < k && p.len() > WINDOW {
            p.get(ceil_char_boundary(p, p.len() - WINDOW)..)
                .unwrap_or("")
        } else if j == last && j > k && p.len() > WINDOW {
            p.get(..floor_char_boundary(p, WINDOW)).unwrap_or("")
        } else {
            p
        };
        if j == k {
            end = text.len();
        }
        if j > first && breaks.get(j).copied().unwrap_or(false) {
            text.push(' ');
        }
        if j == k {
            start = text.len();
        }
        text.push_str(p);
    }
    (text, end, start)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Where no value decides: a letter or digit followed by a capital or a digit starts a new
/// word (`Evergreen` | `Terrace`, `742` | `Evergreen`), but not a digit after a digit or a
/// small letter after anything (`E` | `vergreen`); punctuation continues.
fn looks_like_a_new_word(left: char, right: char) -> bool {
    left.is_alphanumeric()
        && right.is_alphanumeric()
        && !(left.is_numeric() && right.is_numeric())
        && !right.is_lowercase()
}

/// Rounds of decisions at most (each reads every touching boundary twice).
const PASSES: usize = 3;

/// Touching boundaries decided per request; each costs up to `PASSES` × 8 scans of
/// `2 × WINDOW` bytes (at most about 12 MB scanned for a whole request).
pub const MAX_DECIDED: usize = 256;

/// What the detectors find at boundary `k` read with `breaks`: a value across it, a value
/// ending exactly at it that is no credential, and an address across it whose domain goes on
/// past it with another label (`ann@example.co` | `m.au`).
fn at_boundary(
    scanner: &Scanner,
    parts: &[String],
    breaks: &[bool],
    k: usize,
) -> (bool, bool, bool) {
    let (text, end, start) = around(parts, breaks, k);
    let found = scanner.scan(&text);
    let across = found.iter().any(|f| f.start < end && start < f.end);
    let ends = found.iter().any(|f| {
        f.end == end
            && f.start < end
            && !scanner.kind(f.detector).is_some_and(|k| k.is_credential())
    });
    let domain_goes_on = found.iter().any(|f| {
        f.start < end
            && start < f.end
            && scanner.kind(f.detector) == Some(Kind::Email)
            && text.get(end..f.end).is_some_and(|tail| tail.contains('.'))
            && text
                .get(f.start..end)
                .is_some_and(|head| head.contains('@'))
    });
    (across, ends, domain_goes_on)
}

/// The reading whose findings across boundaries are the values to replace (see the module
/// documentation for the rule). Boundaries are decided from the first to the last, each read
/// with the others as decided so far (at first as [`looks_like_a_new_word`] guesses), until
/// no decision changes: `4` + `111 1111 1111 1111` + `thanks` is a card, so is `D` + `E89 3704
/// … 00` + `then`, and `742` + `E` + `vergreen` + `Terrace` a street.
///
/// `budget` is how many more boundaries this request may decide so: past it, touching texts
/// are read tight (as before this rule), so a body of many tiny texts costs a bounded number
/// of scans.
pub fn reading(scanner: &Scanner, parts: &[String], budget: &mut usize) -> (Reading, Vec<Finding>) {
    let mut boundaries = touching(parts);
    boundaries.truncate(*budget);
    *budget -= boundaries.len();
    // The others' state while one is read: at first the guess, then as decided (the guess
    // where nothing decides).
    let mut guess = vec![false; parts.len()];
    for &(k, left, right) in &boundaries {
        if let Some(b) = guess.get_mut(k) {
            *b = looks_like_a_new_word(left, right);
        }
    }
    // What is read: broken only where a value says so.
    let mut breaks = vec![false; parts.len()];
    // A decision can depend on the others (`742` + `E` + `vergreen` + `Terrace`: the first
    // boundary is a space only once the second is read tight; `D` + `E89 3704 … 00` + `then`:
    // the second only once the first is): each is read with the others all tight, all broken
    // and as decided so far, again until nothing changes (a few rounds at most).
    let mut tight = vec![false; parts.len()];
    let mut broken = tight.clone();
    for &(k, _, _) in &boundaries {
        if let Some(b) = broken.get_mut(k) {
            *b = true;
        }
    }
    // And with only the boundaries where a value ends broken (`D` + `E` + `89 … 00` + `later`
    // is an IBAN only read so).
    let mut ends_only = tight.clone();
    for _ in 0..PASSES {
        let before = guess.clone();
        for &(k, left, right) in &boundaries {
            let digits = left.is_numeric() && right.is_numeric();
            let (mut ends_here, mut split, mut joined) = (false, false, false);
            let mut domain_goes_on = false;
            let contexts = [&mut tight, &mut broken, &mut guess, &mut ends_only];
            for (n, context) in contexts.into_iter().enumerate() {
                let was = context.get(k).copied().unwrap_or(false);
                if let Some(b) = context.get_mut(k) {
                    *b = true;
                }
                let (across_broken, ends, _) = at_boundary(scanner, parts, context, k);
                if let Some(b) = context.get_mut(k) {
                    *b = false;
                }
                let (across_tight, _, goes_on) = at_boundary(scanner, parts, context, k);
                domain_goes_on |= goes_on;
                if let Some(b) = context.get_mut(k) {
                    *b = was;
                }
                // With every other boundary broken, word pieces read as values of their own
                // (`742 Ever` + `gr` + `een` reads `742 Ever gr`): no value ends here for that.
                ends_here |= ends && !digits && n != 1;
                split |= across_broken && !across_tight;
                joined |= across_tight;
            }
            // A value ending here wins, but not over an address whose domain read tight runs
            // on with more labels (`ann@example.co` | `m.au`: `m.au` is no word, the domain is
            // `example.com.au`); a value only a space here finds loses to one found tight; with
            // neither, tight (a key split anywhere stays one run), and the guess as the context
            // of the others.
            let decided = (ends_here && !domain_goes_on) || (!joined && split);
            if let Some(b) = breaks.get_mut(k) {
                *b = decided;
            }
            if let Some(b) = guess.get_mut(k) {
                *b = decided || (!joined && looks_like_a_new_word(left, right));
            }
            if let Some(b) = ends_only.get_mut(k) {
                *b = ends_here;
            }
        }
        if guess == before {
            break;
        }
    }
    let chosen = Reading::new(parts, &breaks);
    let found = scanner.scan(&chosen.text);
    (chosen, found)
}

#[cfg(test)]
mod tests {
    use crate::masker::tests::policy;
    use crate::masker::Masker;

    const CONFIG: &str = r#"{"default":{"detectors":{"email":{"action":"redact"},"credit_card":{"action":"redact"},
        "ipv4":{"action":"redact"},"openai_key":{"action":"redact"},"street_address":{"action":"redact"},
        "person_name":{"action":"redact"},"phone":{"action":"redact"}}}}"#;

    /// What the request side does with adjacent texts: across them first, then each alone.
    fn through(parts: &[&str]) -> Vec<String> {
        let mut m = Masker::new(policy(CONFIG), 1);
        let mut texts: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        m.mask_across_parts(&mut texts);
        for t in texts.iter_mut() {
            m.mask_request_text(t, false);
        }
        texts
    }

    #[test]
    fn a_value_ending_where_its_text_ends_keeps_the_next_text() {
        // The bug: `ann@x.io` + `and more` was replaced as the address `ann@x.ioand`.
        assert_eq!(
            through(&["Mail ann@x.io", "and more"]),
            ["Mail [EMAIL]", "and more"]
        );
        assert_eq!(
            through(&["Mail ann@x.io", "Thanks!"]),
            ["Mail [EMAIL]", "Thanks!"]
        );
        assert_eq!(
            through(&["Mail ann@x.io", "bob@y.org too"]),
            ["Mail [EMAIL]", "[EMAIL] too"]
        );
        // Three texts: joined at the first boundary, broken at the second.
        assert_eq!(
            through(&["john.do", "e@x.io", "and more"]),
            ["[EMAIL]", "", "and more"]
        );
    }

    #[test]
    fn values_split_across_texts_are_still_found() {
        assert_eq!(
            through(&["john.do", "e@x.com please"]),
            ["[EMAIL]", " please"]
        );
        assert_eq!(
            through(&["card 4111 1111", " 1111 1111"]),
            ["card [CREDIT_CARD]", ""]
        );
        // The group space left out at the boundary: read with a space.
        assert_eq!(
            through(&["card 4111 1111", "1111 1111 ok"]),
            ["card [CREDIT_CARD]", " ok"]
        );
        // Digits touching digits are one number, even when the first piece is complete.
        assert_eq!(
            through(&["host 192.168.1.1", "0 is down"]),
            ["host [IPV4]", " is down"]
        );
        // A credential's prefix is a complete key: the rest is the key too.
        assert_eq!(
            through(&["key sk-proj-Ab3dEf9hIjK2mNoPqRsT", "4uVwXyZ0 end"]),
            ["key [OPENAI_KEY]", " end"]
        );
    }

    #[test]
    fn words_touching_across_texts_are_words() {
        assert_eq!(
            through(&["I live at 742 Evergreen", "Terrace, Springfield"]),
            ["I live at [STREET_ADDRESS]", ", Springfield"]
        );
        assert_eq!(
            through(&["Please ask John", "Smith today"]),
            ["Please ask [PERSON_NAME]", " today"]
        );
    }

    #[test]
    fn past_the_decided_boundaries_texts_are_read_tight() {
        // 2,000 touching texts cost 256 decisions, not 2,000; the split address at the end is
        // still found (read tight).
        let mut parts = vec!["a,"; 2000];
        parts.extend(["john.do", "e@x.com"]);
        let out = through(&parts);
        assert_eq!(out[out.len() - 2], "[EMAIL]");
        assert_eq!(out[out.len() - 1], "");
        assert!(out[..2000].iter().all(|p| p == "a,"));
    }

    #[test]
    fn the_ambiguous_cases_resolve_as_documented() {
        // The first piece is a complete address: masked, and the next text forwarded.
        assert_eq!(through(&["ann@example.co", "m"]), ["[EMAIL]", "m"]);
        // Unless the next text goes on with more of a domain: one address.
        assert_eq!(through(&["ann@example.co", "m.au"]), ["[EMAIL]", ""]);
        assert_eq!(
            through(&["Mail ann@example.co", "m.au today"]),
            ["Mail [EMAIL]", " today"]
        );
        assert_eq!(through(&["ann@mail.example", ".org"]), ["[EMAIL]", ""]);
        // A `+` ends a domain: the address is `ann@example.co` in one text and in two.
        assert_eq!(through(&["ann@example.co+m"]), ["[EMAIL]+m"]);
        assert_eq!(through(&["ann@example.co", "+m"]), ["[EMAIL]", "+m"]);
        // A sentence after an address is no domain (`.` then a space).
        assert_eq!(
            through(&["Mail ann@x.io", ". Thanks"]),
            ["Mail [EMAIL]", ". Thanks"]
        );
        // A word touching an address's start cannot be told from a split local part.
        assert_eq!(through(&["Dear", "ann@x.io"]), ["[EMAIL]", ""]);
    }
}
