//! Numbers with structure: phone numbers, payment cards, US SSNs and IPv4 addresses.
//!
//! A byte scan finds runs of digits with the separators these values use; each run is cut into
//! digit groups, and every span of consecutive groups is tried against the structures, longest
//! first, so `room 12 415-555-2671` still yields the phone and `4111 1111 1111 1111 2024` the
//! card. A number that continues with `.`, `-` or `/` into more digits (versions, order ids,
//! dates) is not a value; neither is one glued to letters.

use super::tcpdump;
use super::Kind;
use super::{table, validate};

/// One group of digits, with its byte span in the text (parentheses included).
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    digits: usize,
    paren: bool,
}

/// The separator before a group: a character (or [`TWO_SPACES`]), or `None` right after a `)`.
type Sep = Option<u8>;

/// Two spaces between groups (`4111  1111  1111  1111`, spacing that evades a one-space
/// pattern): a separator style of its own, so a value needs it between all of its groups.
const TWO_SPACES: u8 = 0x02;

/// Whether the two spaces at `i` join card-sized groups (4–6 digits each side, and two spaces
/// between every group of the segment): columns of logs and tables are two-spaced too
/// (`12:00:01  10.0.0.1`, `ID 1042  4111 1111 1111 1111`), and stay apart.
fn two_spaces_join(bytes: &[u8], seg: &Segment, i: usize, end: usize) -> bool {
    let card_sized = |n: usize| (4..=6).contains(&n);
    let before_ok = seg
        .groups
        .last()
        .is_some_and(|g| !g.paren && card_sized(g.digits))
        && seg.seps.last().is_none_or(|s| *s == Some(TWO_SPACES));
    let next = i + 2;
    let digits = bytes
        .get(next..end)
        .map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count());
    let after = next + digits;
    // `4111  1111 1111`: a group that goes on with one separator is no two-spaced card's.
    let goes_on_singly = matches!(at(bytes, after), b' ' | b'-' | b'.' | b'/')
        && at(bytes, after + 1).is_ascii_digit();
    let after_ok = after >= end || !goes_on_singly;
    before_ok && card_sized(digits) && after_ok
}

#[derive(Debug, Default)]
struct Segment {
    /// Where a leading `+` is.
    plus: Option<usize>,
    groups: Vec<Group>,
    /// `seps[k]` is between `groups[k]` and `groups[k + 1]`.
    seps: Vec<Sep>,
    /// [`too_long_for_a_phone`], decided once: every span of the segment asks it, and a
    /// segment can hold thousands of groups (`1 1 1 ...`).
    too_long: bool,
}

/// Which numeric kinds the caller wants.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted {
    pub phone: bool,
    pub card: bool,
    pub ssn: bool,
    pub ipv4: bool,
}

/// The smallest number of digits any numeric value has (`1.1.1.1`).
const MIN_DIGITS: usize = 4;

/// The byte at `i`, or 0 (no byte of interest) past the end.
fn at(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).copied().unwrap_or(0)
}

/// `text[a..b]`, or "" when that is not a range of whole characters.
fn sub(text: &str, a: usize, b: usize) -> &str {
    text.get(a..b).unwrap_or("")
}

fn run_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b' ' | b'(' | b')' | b'.' | b'-' | b'/')
}

/// Runs of digits and separators (what `patterns::NUMBER_RUN` describes), with a leading `+`
/// or `(`, holding at least [`MIN_DIGITS`] digits. Hand-written: prose is full of short numbers
/// and a regex search per number costs more than the scan.
pub fn runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
    {
        let first = i + off;
        let mut start = first;
        if start > 0 && matches!(at(bytes, start - 1), b'+' | b'(') {
            start -= 1;
            // `+(`, and `(+34) 612 ...` with the country code in parentheses.
            if start > 0
                && matches!(
                    (at(bytes, start - 1), at(bytes, start)),
                    (b'+', b'(') | (b'(', b'+')
                )
            {
                start -= 1;
            }
        }
        let mut end = first;
        let mut digits = 0;
        while let Some(&b) = bytes.get(end).filter(|b| run_byte(**b)) {
            digits += usize::from(b.is_ascii_digit());
            end += 1;
        }
        if digits >= MIN_DIGITS {
            out.push((start, end));
        }
        i = end;
    }
    out
}

/// Scans one run (`text[start..end]`) and pushes findings `(start, end, kind)`.
pub fn scan_run(
    text: &str,
    start: usize,
    end: usize,
    wanted: Wanted,
    out: &mut Vec<(usize, usize, Kind)>,
) {
    for segment in segments(text.as_bytes(), start, end) {
        scan_segment(text, &segment, wanted, out);
    }
}

fn segments(bytes: &[u8], start: usize, end: usize) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut seg = Segment::default();
    let mut i = start;
    let mut pending_sep: Sep = None;
    let mut have_sep = false;
    while i < end {
        let b = at(bytes, i);
        let group_start = i;
        if b == b'+' && seg.groups.is_empty() && seg.plus.is_none() {
            seg.plus = Some(i);
            i += 1;
            continue;
        }
        if b == b'(' && at(bytes, i + 1) == b'+' && seg.groups.is_empty() && seg.plus.is_none() {
            // `(+34)`: a `+` country code, written in parentheses.
            let mut j = i + 2;
            while j < end && at(bytes, j).is_ascii_digit() {
                j += 1;
            }
            if (1..=3).contains(&(j - i - 2)) && at(bytes, j) == b')' {
                seg.plus = Some(i);
                seg.groups.push(Group {
                    start: i + 2,
                    end: j + 1,
                    digits: j - i - 2,
                    paren: false,
                });
                i = j + 1;
                let sep = at(bytes, i);
                have_sep = i < end
                    && matches!(sep, b' ' | b'-' | b'.')
                    && at(bytes, i + 1).is_ascii_digit();
                if have_sep {
                    pending_sep = Some(sep);
                    i += 1;
                }
                continue;
            }
        }
        let paren = b == b'(';
        let mut j = if paren { i + 1 } else { i };
        let digits_start = j;
        while j < end && at(bytes, j).is_ascii_digit() {
            j += 1;
        }
        let digits = j - digits_start;
        let closed = !paren || (j < end && at(bytes, j) == b')');
        if digits == 0 || !closed {
            // Not a group: the segment ends here.
            push_segment(&mut out, &mut seg);
            i = if paren {
                i + 1
            } else {
                skip_non_start(bytes, i, end)
            };
            have_sep = false;
            continue;
        }
        if paren {
            j += 1;
        }
        if !seg.groups.is_empty() && !have_sep {
            // Two groups with nothing between: only around parentheses (`(415)555`, `+44(0)20`).
            let prev_paren = seg.groups.last().is_some_and(|g| g.paren);
            if !prev_paren && !paren {
                push_segment(&mut out, &mut seg);
            }
        }
        if !seg.groups.is_empty() {
            seg.seps.push(if have_sep { pending_sep } else { None });
        }
        seg.groups.push(Group {
            start: group_start,
            end: j,
            digits,
            paren,
        });
        i = j;
        // A separator is one character followed by the next group, or ` / ` / ` - ` (German
        // `030 / 12345678`, Dutch `06 - 12345678`).
        have_sep = false;
        // Only after the first group (an area code): `030 1234567 / 0171 1234567` is two numbers.
        let spaced = (at(bytes, i), at(bytes, i + 2)) == (b' ', b' ') && seg.groups.len() == 1;
        if i + 3 < end
            && spaced
            && matches!(at(bytes, i + 1), b'/' | b'-')
            && at(bytes, i + 3).is_ascii_digit()
        {
            pending_sep = Some(at(bytes, i + 1));
            have_sep = true;
            i += 3;
        } else if i + 2 < end
            && (at(bytes, i), at(bytes, i + 1)) == (b' ', b' ')
            && two_spaces_join(bytes, &seg, i, end)
        {
            pending_sep = Some(TWO_SPACES);
            have_sep = true;
            i += 2;
        } else if i < end && matches!(at(bytes, i), b' ' | b'-' | b'.' | b'/') {
            let next = bytes.get(i + 1).copied();
            if i + 1 < end && next.is_some_and(|n| n.is_ascii_digit() || n == b'(') {
                pending_sep = Some(at(bytes, i));
                have_sep = true;
                i += 1;
            } else {
                push_segment(&mut out, &mut seg);
                i += 1;
            }
        }
    }
    push_segment(&mut out, &mut seg);
    out
}

fn skip_non_start(bytes: &[u8], mut i: usize, end: usize) -> usize {
    i += 1;
    while i < end
        && !(at(bytes, i).is_ascii_digit() || at(bytes, i) == b'(' || at(bytes, i) == b'+')
    {
        i += 1;
    }
    i
}

fn push_segment(out: &mut Vec<Segment>, seg: &mut Segment) {
    let mut seg = std::mem::take(seg);
    if !seg.groups.is_empty() {
        seg.too_long = too_long_for_a_phone(&seg);
        out.push(seg);
    }
}

/// How many leading groups belong to an identifier the run is glued to: an IBAN's groups (by
/// its country's length, valid or not: `DE89 3704 0044 0532 0130 01` is no phone), else the
/// glued group alone (`1Z999AA1 0123`).
fn glued_groups(text: &str, seg: &Segment) -> usize {
    let Some(first) = seg.plus.or(seg.groups.first().map(|g| g.start)) else {
        return 0;
    };
    let token_start = sub(text, 0, first)
        .char_indices()
        .rev()
        .take_while(|(_, c)| glued(*c))
        .last()
        .map(|(i, _)| i);
    let (mut count, len) = match token_start {
        Some(token_start) => {
            let prefix = sub(text, token_start, first);
            // A key glued on with `_` labels the number, it is no part of it (`ssn_536221234`).
            if prefix.len() >= 4 && prefix.to_ascii_lowercase().ends_with("ssn_") {
                return 0;
            }
            let iban_len = (prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase()))
                .then(|| validate::iban_expected_len(sub(text, token_start, text.len())))
                .flatten();
            let Some(len) = iban_len else { return 1 };
            (2, len)
        }
        None => match iban_groups_before(text, first) {
            Some(counted) => counted,
            None => return 0,
        },
    };
    for (k, g) in seg.groups.iter().enumerate() {
        count += g.digits;
        if count >= len {
            return k + 1;
        }
    }
    seg.groups.len()
}

/// `GB12 NWBK 9767 0668 2906 98`: a run that continues an IBAN written in groups of four, after a
/// group with letters ended the run before it (valid or not: no piece of it is a phone). The
/// characters of the IBAN before the run, and the IBAN's length.
fn iban_groups_before(text: &str, first: usize) -> Option<(usize, usize)> {
    let mut end = first.checked_sub(1)?;
    let mut counted = 0;
    for _ in 0..8 {
        if sub(text, end, end + 1) != " " {
            return None;
        }
        let group_start = end.saturating_sub(4);
        let group = sub(text, group_start, end);
        if group.len() != 4 || !group.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        counted += 4;
        let country = group
            .get(..2)
            .filter(|c| c.bytes().all(|b| b.is_ascii_alphabetic()));
        let check = group
            .get(2..)
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
        if let (Some(country), true) = (country, check) {
            if word_before(text, group_start) {
                return None;
            }
            let len = validate::iban_expected_len(&country.to_ascii_uppercase())?;
            return Some((counted, len));
        }
        end = group_start.checked_sub(1)?;
    }
    None
}

/// Whether a letter, digit or `_` ends the text before `i`.
fn word_before(text: &str, i: usize) -> bool {
    sub(text, 0, i)
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Longest-first search over spans of groups; a found value resumes the search after it.
fn scan_segment(text: &str, seg: &Segment, wanted: Wanted, out: &mut Vec<(usize, usize, Kind)>) {
    let n = seg.groups.len();
    // A run glued to letters (`DE89 3704 ...`, `1Z999AA1...`) is part of an identifier: none
    // of its groups is a value on its own.
    let mut i = glued_groups(text, seg);
    while i < n {
        let mut found = None;
        for j in (i..n.min(i + 8)).rev() {
            if let Some(kind) = classify(text, seg, i, j, wanted) {
                found = Some((j, kind));
                break;
            }
        }
        match found {
            Some((j, kind)) => {
                let group_start = seg.groups.get(i).map_or(0, |g| g.start);
                let start = if i == 0 {
                    seg.plus.unwrap_or(group_start)
                } else {
                    group_start
                };
                if let Some(last) = seg.groups.get(j) {
                    let (start, end) = match (kind, last.paren && i == j) {
                        (Kind::CreditCard | Kind::Ssn, true) => {
                            (start + 1, last.end.saturating_sub(1))
                        }
                        _ => (start, last.end),
                    };
                    out.push((start, end, kind));
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

fn classify(text: &str, seg: &Segment, i: usize, j: usize, wanted: Wanted) -> Option<Kind> {
    let groups = seg.groups.get(i..=j)?;
    let seps = seg.seps.get(i..j)?;
    let plus = i == 0 && seg.plus.is_some();
    // Four dotted groups: an IPv4 address decides its own neighbours (ranges, CIDR suffixes).
    if wanted.ipv4 && j == i + 3 && ipv4_span(text, seg, i) {
        return Some(Kind::Ipv4);
    }
    // Continuation into more digits through `.`, `-` or `/` means a longer identifier.
    let joins = |s: Option<&Sep>| matches!(s, Some(Some(b'.' | b'-' | b'/')));
    if (i > 0 && joins(seg.seps.get(i - 1))) || (j + 1 < seg.groups.len() && joins(seg.seps.get(j)))
    {
        return None;
    }
    let start = if plus {
        seg.plus?
    } else {
        groups.first()?.start
    };
    let end = groups.last()?.end;
    // `SSN-536221234`, `SSN-536-22-1234`, `ssn_536221234`: the label glued on with a dash or
    // an underscore (any other word before makes it a piece of a longer identifier).
    let ssn_dash = (groups.len() == 1 || groups.iter().map(|g| g.digits).eq([3, 2, 4]))
        && sub(text, 0, start)
            .get(start.saturating_sub(4)..)
            .is_some_and(|b| b.eq_ignore_ascii_case("ssn-") || b.eq_ignore_ascii_case("ssn_"));
    let bounded = left_ok(text, start);
    if !bounded && !ssn_dash {
        return None;
    }
    let after = sub(text, end, text.len()).chars().next();
    let right_ok = !after.is_some_and(|c| glued(c) || c == '@');
    let extension_follows = after == Some('x')
        && sub(text, end + 1, text.len()).starts_with(|c: char| c.is_ascii_digit());
    let digits: Vec<u8> = sub(text, start, end)
        .bytes()
        .filter(u8::is_ascii_digit)
        .collect();
    let any_paren = groups.iter().any(|g| g.paren);
    let same_sep = seps.windows(2).all(|w| w.first() == w.last());
    let sizes: Vec<usize> = groups.iter().map(|g| g.digits).collect();

    // `(5207489623172348)`: a compact card alone in parentheses (the span drops them).
    if let ([g], true, false, true) = (groups, wanted.card, plus, right_ok) {
        if g.paren && !code_context(text, start) && validate::card(&digits) {
            return Some(Kind::CreditCard);
        }
    }
    // Nine bare (or dotted 3-2-4) digits are an SSN only after an SSN cue (`SSN 536221234`,
    // `soc. sec. no.`): recall first there, and nine-digit ids without a cue stay. The label
    // may be glued on with a dash (`SSN-536221234`) or the number set in parentheses
    // (`SSN (536221234)`).
    let bare_ssn = || {
        // (Dashes and spaces too: a label glued on with a dash, `SSN-536-22-1234`, leaves the
        // number unbounded for the plain 3-2-4 rule below.)
        let bare_or_dotted = sizes == [9]
            || (sizes == [3, 2, 4] && matches!(seps.first(), Some(Some(b'.' | b'-' | b' '))));
        let part = |a: usize, b: usize| {
            digits
                .get(a..b)
                .and_then(|d| std::str::from_utf8(d).ok())
                .and_then(|d| d.parse::<u32>().ok())
                .unwrap_or(0)
        };
        wanted.ssn
            && right_ok
            && !plus
            && same_sep
            && digits.len() == 9
            && bare_or_dotted
            && (!any_paren || sizes == [9])
            && validate::ssn(part(0, 3), part(3, 5), part(5, 9))
            && (ssn_cue(text, start)
                || (ssn_named_after(text, end) && !id_label(text, start, false))
                || (ssn_glossed(text, start, end) && !id_label(text, start, false)))
    };
    if bare_ssn() {
        return Some(Kind::Ssn);
    }
    if !bounded {
        return None;
    }
    if right_ok && !plus && !any_paren && same_sep {
        // Dashed or spaced 3-2-4, the SSN's own shapes; spaced, not after a measure or an id
        // word (`size 200 55 1024`, `rows 200 55 1024`, `ports 443 80 8080`) unless an SSN cue
        // labels it (`SSN count: 536 22 1234` is no figure), nor before an id word.
        let figures = || {
            line_words(text, start)
                .iter()
                .rev()
                .take(3)
                .any(|w| FIGURES.contains(&w.as_str()) || id_word(w, true))
        };
        // (The words around are read last: after the shape, which rejects most spans.)
        let ssn_seps = || match seps.first() {
            Some(Some(b'-')) => {
                !id_label_before(text, start) || ssn_cue(text, start) || ssn_named_after(text, end)
            }
            Some(Some(b' ')) => {
                ssn_named_after(text, end)
                    || (!figures() && !id_named_after(text, end))
                    || ssn_cue(text, start)
            }
            _ => false,
        };
        if let ([a, b, c], true) = (groups, wanted.ssn) {
            let num = |g: &Group| sub(text, g.start, g.end).parse::<u32>().unwrap_or(0);
            if [a.digits, b.digits, c.digits] == [3, 2, 4]
                && validate::ssn(num(a), num(b), num(c))
                && ssn_seps()
            {
                return Some(Kind::Ssn);
            }
        }
        // Dots too (`4111.1111.1111.1111`): a dotted number Luhn and an issuer accept is a card.
        // Groups of four may end in a shorter one (a 13-digit Visa as `4338 1677 2512 6`).
        let fours_then_rest = sizes.len() >= 3
            && sizes.split_last().is_some_and(|(last, fours)| {
                (1..=4).contains(last) && fours.iter().all(|n| *n == 4)
            });
        let card_groups = sizes.len() == 1
            || (seps
                .iter()
                .all(|s| matches!(s, Some(b' ' | b'-' | b'.' | TWO_SPACES)))
                && (sizes.iter().all(|n| (3..=6).contains(n)) || fours_then_rest));
        // A 12-digit card (Maestro) only standing alone: inside a longer run it is a piece of an id.
        let whole = i == 0 && j + 1 == seg.groups.len();
        let barcode = code_context(text, start);
        // A piece of a labelled id (`Sendungsnummer: 9429 2364 0403 3330 1333 30`) is no card,
        // even where Luhn accepts it.
        let piece_of_id = || {
            !whole
                && seg
                    .groups
                    .first()
                    .is_some_and(|g| id_label(text, g.start, false))
        };
        if wanted.card
            && card_groups
            && (digits.len() > 12 || whole)
            && !barcode
            && validate::card(&digits)
            // (After Luhn: the label check reads words, and most numbers are no card.)
            && (digits.len() > 12 || !id_label_before(text, start))
            && !piece_of_id()
        {
            return Some(Kind::CreditCard);
        }
    }
    // Ids after `order`, `invoice`, `tracking`, `#`... are not phones either.
    // (The context checks allocate: after the structure, which rejects most spans.)
    if wanted.phone
        && (right_ok || extension_follows)
        && !seg.too_long
        && phone(
            text,
            groups,
            seps,
            plus,
            &digits,
            i == 0 && j + 1 == seg.groups.len(),
        )
        && (plus || !overlaps_date(text, seg, i, j))
        && !sub(text, 0, start).ends_with('#')
        && !amount(text, start, end)
        && (plus || !code_tokens_before(text, start))
        && !id_label(text, start, plus)
    {
        return Some(Kind::Phone);
    }
    None
}

/// Phone numbers by structure:
/// - international: `+` (or `00`) and a 1–3 digit country code, 8–15 digits in all;
/// - North American: 3-3-4 digits, optionally `1` first, area code in parentheses allowed;
/// - national with a trunk `0` (UK, DE, FR, ...): 9–12 digits in 2–6 groups, or 10–11 bare.
///
/// Other bare runs of digits are phones only with `+`: without structure they are ids.
/// `whole`: the groups are the whole run of digits, not a piece of a longer one.
fn phone(
    text: &str,
    groups: &[Group],
    seps: &[Sep],
    plus: bool,
    digits: &[u8],
    whole: bool,
) -> bool {
    let sizes: Vec<usize> = groups.iter().map(|g| g.digits).collect();
    let first_size = sizes.first().copied();
    let later = sizes.get(1..).unwrap_or(&[]);
    let first_paren = groups.first().is_some_and(|g| g.paren);
    let first_digit = digits.first().copied();
    let mut kinds: Vec<Sep> = seps.to_vec();
    kinds.sort();
    kinds.dedup();
    if kinds.iter().filter(|k| k.is_some()).count() > 2 {
        return false;
    }
    // Groups after the first are never in parentheses, except NANP's `1 (415)`.
    let paren_at = groups.iter().position(|g| g.paren);
    let n = digits.len();
    // A `tel:` link says what it holds (`tel:0040748784013`, `tel:008170-2934-7688`); the
    // scheme is a word of its own (`hotel:20240315`, `intel:1234567` are keys).
    let tel_link = groups.first().is_some_and(|g| {
        g.start >= 4
            && text
                .get(g.start - 4..g.start)
                .is_some_and(|p| p.eq_ignore_ascii_case("tel:"))
            && !sub(text, 0, g.start - 4)
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    });
    let national = n - if digits.starts_with(b"00") { 2 } else { 0 };
    if tel_link && !plus && (7..=15).contains(&national) && paren_at.is_none() {
        return true;
    }
    if plus {
        let single = groups.len() == 1 && (8..=15).contains(&n);
        // `+44 (0)20 ...`: the trunk zero in parentheses right after the country code;
        // `+1 (415) 555-2671`: the area code.
        let paren_ok = groups
            .iter()
            .enumerate()
            .all(|(k, g)| !g.paren || (k == 1 && g.digits <= 5));
        let grouped = groups.len() >= 2
            && first_size.is_some_and(|s| (1..=5).contains(&s))
            && paren_ok
            && !first_paren
            && (8..=15).contains(&n)
            && later.iter().all(|s| (1..=11).contains(s));
        return single || grouped;
    }
    // After `+` a date is no reading (`+44-20-7946-0958`); without it, `15-01-2024` is one.
    if looks_like_date(text, groups, seps) {
        return false;
    }
    if sizes == [3, 2, 4] {
        return false; // the shape of an SSN, valid or not
    }
    // Four dotted groups of one to three digits are written like an IPv4 address: where the
    // words around speak of addresses (`Die Eingabe 709.61.66.70 ist keine gültige
    // IP-Adresse`), a mistyped one, unless a phone word labels it (`[777.75.76.85]` is a Czech
    // mobile).
    let ip_shaped = sizes.len() == 4
        && sizes.iter().all(|s| (1..=3).contains(s))
        && seps.iter().all(|s| *s == Some(b'.'));
    if ip_shaped {
        let (first, last) = (groups.first(), groups.last());
        let cue = first.is_some_and(|g| phone_cue(text, g.start));
        let ip_talk = first
            .zip(last)
            .is_some_and(|(f, l)| ip_words_near(text, f.start, l.end));
        if ip_talk && !cue {
            return false;
        }
    }
    // A US ZIP+4 after its state (`MA 02134-1234`).
    if sizes == [5, 4] && seps == [Some(b'-')] && after_state_code(text, groups) {
        return false;
    }
    if groups.len() >= 3
        && digits.starts_with(b"00")
        && digits.get(2) != Some(&b'0')
        && first_size.is_some_and(|s| (3..=5).contains(&s))
    {
        return (10..=17).contains(&n) && later.iter().all(|s| (1..=8).contains(s));
    }
    let nanp = |s: &[usize]| s == [3, 3, 4];
    if nanp(&sizes) && paren_at.is_none_or(|p| p == 0) {
        return true;
    }
    if sizes.len() == 4
        && first_digit == Some(b'1')
        && first_size == Some(1)
        && nanp(later)
        && paren_at.is_none_or(|p| p == 1)
    {
        return true;
    }
    // Spain (and others without a trunk 0): 9 digits from 6, 7, 8 or 9, as `612 345 678` or
    // `612 34 56 78` (not dotted 3-3-3: that is a thousands-grouped amount).
    let nine = n == 9
        && matches!(first_digit, Some(b'6'..=b'9'))
        && kinds.len() == 1
        && paren_at.is_none()
        && (sizes == [3, 2, 2, 2]
            || (sizes == [2, 3, 2, 2] && matches!(first_digit, Some(b'8' | b'9')))
            || (sizes == [3, 3, 3] && kinds.first() != Some(&Some(b'.'))));
    // `612 345 000`: round figures are amounts (thousands in spaces), not phones.
    let round = sizes == [3, 3, 3] && digits.ends_with(b"000");
    if !round && (nine || other_plan(text, groups, seps, digits, whole)) {
        return true;
    }
    // `0612345678`, `07700900123`: national numbers are often written without spaces, but a
    // bare run of digits is as often a case or reference number (`viitenumber: 0599848739`):
    // a phone only where a phone word names it, before or after.
    let bare_trunk = groups.len() == 1
        && (10..=11).contains(&n)
        && !first_paren
        && phone_word_around(text, groups);
    // One separator style, or DIN 5008's extension after a dash (`0201 123456-78`).
    let din_extension = kinds == [Some(b' '), Some(b'-')]
        && seps.last() == Some(&Some(b'-'))
        && seps.iter().filter(|s| **s == Some(b'-')).count() == 1;
    // The area code set off by `/` or `-`, the rest in spaces (`0171/123 45 67`, `010-123 45 67`).
    // (`03/2024 14 30` is a month, a year and a time.)
    let year_second = sizes.get(1) == Some(&4)
        && groups.get(1).is_some_and(|g| {
            sub(text, g.start, g.end)
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2099).contains(&y))
        });
    // ... or by a space, the rest in dashes (`093 879-63-90`, `044 123-45-67`).
    let area_set_off = !year_second
        && seps.split_first().is_some_and(|(first, rest)| {
            !rest.is_empty()
                && ((matches!(first, Some(b'/' | b'-')) && rest.iter().all(|s| *s == Some(b' ')))
                    || (*first == Some(b' ')
                        && first_size.is_some_and(|s| s >= 3)
                        && rest.iter().all(|s| *s == Some(b'-'))))
        });
    // Turkey: the trunk zero alone, the area in parentheses, then 3-2-2 (`0 (571) 536 69 36`).
    // Mobiles (from 5) also without them (`0 532 123 45 67`), landlines so after a phone word.
    let turkey = n == 11
        && first_size == Some(1)
        && later == [3, 3, 2, 2]
        && (paren_at == Some(1)
            || (paren_at.is_none()
                && (digits.get(1) == Some(&b'5')
                    || groups.first().is_some_and(|g| phone_cue(text, g.start)))))
        && seps.iter().all(|s| *s == Some(b' '));
    // India: a mobile with its trunk zero, 6-5 with a dash (`076939-72309`): Indian mobiles
    // start with 6–9 (`051223-00412` is a dated lot number).
    let india_std = n == 11
        && sizes == [6, 5]
        && seps == [Some(b'-')]
        && matches!(digits.get(1), Some(b'6'..=b'9'));
    // French special numbers with the trunk zero alone: `0 800 12 34 56`.
    let lone_zero = first_size == Some(1)
        && n == 10
        && matches!(digits.get(1), Some(b'8' | b'9'))
        && (later == [3, 2, 2, 2] || later == [3, 3, 3])
        && kinds.len() == 1;
    // A six-digit first group (`070898 25400`) only in two groups after a phone word.
    let six_first = || groups.len() == 2 && phone_word_around(text, groups);
    let grouped = (2..=6).contains(&groups.len())
        && first_size.is_some_and(|s| (2..=5).contains(&s) || (s == 6 && six_first()))
        && later.iter().all(|s| (2..=8).contains(s))
        && paren_at.is_none_or(|p| p == 0)
        && (kinds.len() == 1 || din_extension || area_set_off);
    // Argentina, mobiles: the trunk zero, the area, `15` and the subscriber (`011 15-7404-0451`).
    let argentina_mobile = n == 13
        && groups.len() >= 3
        && groups
            .get(1)
            .is_some_and(|g| sub(text, g.start, g.end) == "15")
        && (grouped || area_set_off);
    let national_plan = first_digit == Some(b'0')
        && digits.get(1) != Some(&b'0')
        && (((9..=12).contains(&n) && (grouped || bare_trunk || india_std))
            || lone_zero
            || turkey
            || argentina_mobile);
    // An area code in brackets, then the subscriber in groups (`(549) 666 58 24`, `(614) 535
    // 159`): brackets around the first of several groups are how phones are written.
    let bracketed_area = first_paren
        && first_size.is_some_and(|s| (2..=3).contains(&s))
        && paren_at == Some(0)
        && groups.len() >= 3
        && later.iter().all(|s| (2..=4).contains(s))
        && (8..=11).contains(&n)
        && kinds.len() == 1;
    national_plan || bracketed_area || named_grouped(text, groups, &sizes, n, grouped)
}

/// A number in groups that no plan above reads, where a phone word names it (`تلفن: (22) 86 95
/// 30`, `telefon → 8812 347-08-24`, Russia's trunk `8`): eight to twelve digits, in groups of
/// two or more, one separator style (or an area set off), not from `00`.
fn named_grouped(text: &str, groups: &[Group], sizes: &[usize], n: usize, grouped: bool) -> bool {
    let first_size = sizes.first().copied().unwrap_or(0);
    let shaped = (8..=12).contains(&n)
        && groups.len() >= 3
        && sizes.iter().all(|s| *s >= 2)
        && (grouped || (first_size == 2 && groups.first().is_some_and(|g| g.paren)));
    shaped && strong_phone_cue(text, groups)
}

/// National numbers of plans without a trunk `0` before every number (from the plans):
/// - Italy, mobiles: ten digits from `3` (`333 123 4567`, `333 1234567`, `333/1234567`);
/// - Portugal, landlines: nine digits from `2` (`21 123 4567`, `212 345 678`);
/// - Poland: nine digits, mobiles from 4–8 (`512 345 678`, `512 34 56 78`), landlines as a
///   two-digit area and 3-2-2 (`12 345 67 89`, `(12) 345-67-89`);
/// - Brazil: a two-digit area (`(11)` or bare) and 4-4 or 9+4-4 digits, the last group after a
///   dash or a space (`(11) 91234-5678`, `(11) 3456-7890`, `(11) 9 1234-5678`, `11 91234-5678`);
/// - China, mobiles: 3-4-4 digits from `13`–`19`;
/// - Hungary: `06`, an area of one or two digits, six or seven digits;
/// - Greece: ten digits from `2` or `69`, the area code set off.
///
/// Nine digits in three spaced triples from `2`, `4` or `5` (Portuguese landlines, Polish
/// mobiles) are written like amounts too: those need a phone word before them.
fn other_plan(text: &str, groups: &[Group], seps: &[Sep], digits: &[u8], whole: bool) -> bool {
    let sizes: Vec<usize> = groups.iter().map(|g| g.digits).collect();
    let n = digits.len();
    let first = digits.first().copied().unwrap_or(b'0');
    let at = |k: usize| digits.get(k).copied().unwrap_or(b'0');
    let paren_first = groups.first().is_some_and(|g| g.paren);
    let paren_later = groups.iter().skip(1).any(|g| g.paren);
    let uniform = seps.windows(2).all(|w| w.first() == w.last()) && !seps.contains(&None);
    let dotted = seps.first() == Some(&Some(b'.'));
    // Russia: trunk `8`, a three-digit area from 3, 4, 8 or 9 (in parentheses or not), then
    // 3-2-2 with dashes: `8 (912) 345-67-89`, `8 912 345-67-89`, `8-800-555-35-35`.
    // In spaces (`8 (912) 345 67 89`) only with the area in parentheses or after a phone word.
    let area_paren = groups.get(1).is_some_and(|g| g.paren);
    let tail_in = |sep: u8| {
        seps.get(2..)
            .is_some_and(|r| r.iter().all(|s| *s == Some(sep)))
    };
    let russia = n == 11
        && first == b'8'
        && matches!(at(1), b'3' | b'4' | b'8' | b'9')
        && sizes == [1, 3, 3, 2, 2]
        && !paren_first
        && groups.iter().skip(2).all(|g| !g.paren)
        && (tail_in(b'-')
            || (tail_in(b' ')
                && (area_paren || groups.first().is_some_and(|g| phone_cue(text, g.start)))))
        && seps.get(..2).is_some_and(|r| {
            // The area in parentheses may stand without spaces: `8(912)345-67-89`.
            r.iter()
                .all(|s| matches!(s, Some(b' ' | b'-')) || (area_paren && s.is_none()))
        });
    if russia {
        return true;
    }
    if paren_later {
        return false;
    }
    let italy_mobile = n == 10
        && first == b'3'
        && !paren_first
        && uniform
        && matches!(
            sizes.as_slice(),
            [3, 7] | [3, 3, 4] | [3, 4, 3] | [3, 3, 2, 2]
        );
    let triples = sizes == [3, 3, 3] && !dotted;
    // Spaced triples from 6–9 are phones already (Spain); from 2, 4 or 5 only after a phone word.
    let triples_ok = || {
        seps.first() == Some(&Some(b'-'))
            || groups.first().is_some_and(|g| phone_cue(text, g.start))
    };
    let portugal_landline = n == 9
        && first == b'2'
        && !paren_first
        && uniform
        && (sizes == [2, 3, 4] || (triples && triples_ok()));
    let poland_mobile = n == 9
        && (b'4'..=b'8').contains(&first)
        && !paren_first
        && uniform
        && ((triples && ((b'6'..=b'8').contains(&first) || triples_ok())) || sizes == [3, 2, 2, 2]);
    // `(12) 345 67 89`, `(22) 123-45-67`: the area in parentheses may be set off by a space.
    let rest_uniform = seps
        .get(1..)
        .is_some_and(|r| r.windows(2).all(|w| w.first() == w.last()) && !r.contains(&None));
    let poland_landline = n == 9
        && first != b'0'
        && sizes == [2, 3, 2, 2]
        && ((paren_first && rest_uniform) || (!paren_first && uniform && !dotted));
    let area = first != b'0' && at(1) != b'0';
    let last_dash_or_space = matches!(seps.last(), Some(Some(b'-' | b' ')));
    let brazil = area
        && sizes.first() == Some(&2)
        && last_dash_or_space
        && match sizes.get(1..) {
            // `(11) 91234-5678`, `11 91234-5678`: a mobile's nine digits start with 9.
            Some([5, 4]) => at(2) == b'9' && (paren_first || seps.last() == Some(&Some(b'-'))),
            // `(11) 3456-7890`: landlines only with the area in parentheses.
            Some([4, 4]) => paren_first && (b'2'..=b'5').contains(&at(2)),
            // `(11) 9 1234-5678`
            Some([1, 4, 4]) => at(2) == b'9' && paren_first,
            _ => false,
        };
    // China, mobiles: eleven digits from `1` and 3–9, as 3-4-4 (`138 0013 8000`,
    // `138-0013-8000`, `138.0013.8000`).
    let china_mobile = n == 11
        && first == b'1'
        && (b'3'..=b'9').contains(&at(1))
        && !paren_first
        && uniform
        && sizes == [3, 4, 4];
    // Hungary: the trunk `06`, Budapest's `1` or a two-digit area, then six or seven digits, the
    // pieces set off by spaces, dashes or slashes (`06-1-324-4430`, `06/30/375-5449`).
    let rest: Vec<usize> = sizes.iter().skip(2).copied().collect();
    let hungary = digits.starts_with(b"06")
        && at(2) != b'0'
        && !paren_first
        && sizes.first() == Some(&2)
        && match sizes.get(1) {
            Some(1) => at(2) == b'1' && matches!(rest.as_slice(), [3, 4] | [3, 2, 2] | [7]),
            Some(2) => matches!(rest.as_slice(), [3, 4] | [3, 3] | [3, 2, 2] | [7] | [6]),
            _ => false,
        }
        && seps.iter().all(|s| matches!(s, Some(b' ' | b'-' | b'/')));
    // Greece: ten digits from `2` (landlines, the area code set off by a space: `210 9191376`,
    // `2310 123456`) or `69` (mobiles); dotted only after a phone word (`210.8275334` is a
    // decimal too); with a dash, the shape of order numbers (`290-4029406`).
    let spaced = seps.iter().all(|s| *s == Some(b' '));
    let greece = n == 10
        && (first == b'2' || (first == b'6' && at(1) == b'9'))
        && !paren_first
        && uniform
        && matches!(sizes.as_slice(), [3, 7] | [4, 6] | [5, 5])
        && (spaced || (dotted && groups.first().is_some_and(|g| phone_cue(text, g.start))));
    // Both shapes below are also ranges, ZIP pairs, sizes and dimensions (`65000-75000`, `81
    // 1024 2048`): only after a phone word.
    let cue = || groups.first().is_some_and(|g| phone_cue(text, g.start));
    // India, mobiles: ten digits from 6–9 as 5-5 (`98765 43210`, `98765-43210`).
    let india_mobile = n == 10
        && (b'6'..=b'9').contains(&first)
        && !paren_first
        && uniform
        && sizes == [5, 5]
        && matches!(seps.first(), Some(Some(b' ' | b'-')))
        && cue();
    // Mexico: ten digits, the two-digit areas of Mexico City, Guadalajara and Monterrey then
    // 4-4 (`55 1234 5678`, `(33) 1234-5678`).
    let mexico = n == 10
        && matches!(digits.get(..2), Some(b"55" | b"33" | b"81"))
        && sizes == [2, 4, 4]
        && ((paren_first && rest_uniform) || (!paren_first && uniform && !dotted))
        && cue();
    // Plans without a trunk prefix and with fewer digits (Denmark, Norway, Singapore, Hong
    // Kong, the Baltics, Malta, Cyprus: eight; Iceland: seven; Chile, Lithuania: a leading `9`
    // or `8` and eight more): written so, they are amounts, codes and counts as often, so only
    // after a phone word (`Ring på 12 34 56 78`, `Call 9123 4567`), the whole run (not the
    // end of `(0)20 7946 0958`), and not two years or round figures (`2024 2025`, `1000 2000`).
    let group_value = |g: &Group| sub(text, g.start, g.end).parse::<u32>().unwrap_or(0);
    let years_or_round = sizes == [4, 4]
        && groups
            .iter()
            .all(|g| (1900..=2099).contains(&group_value(g)) || group_value(g) % 100 == 0);
    let short_plan = whole
        && !years_or_round
        && first != b'0'
        && !paren_first
        && uniform
        && !dotted
        && match n {
            // (In spaces: `call 555-1234` keeps the US reading, a local number without its area.)
            7 => sizes == [3, 4] && seps == [Some(b' ')],
            8 => matches!(
                sizes.as_slice(),
                [4, 4] | [2, 2, 2, 2] | [3, 2, 3] | [2, 3, 3] | [2, 6] | [3, 5]
            ),
            9 => matches!(
                (first, sizes.as_slice()),
                (b'9', [1, 4, 4]) | (b'8', [1, 3, 5])
            ),
            _ => false,
        }
        && strong_phone_cue(text, groups);
    short_plan
        || italy_mobile
        || india_mobile
        || mexico
        || portugal_landline
        || poland_mobile
        || poland_landline
        || brazil
        || china_mobile
        || hungary
        || greece
}

/// Words of network addresses in the 48 bytes before or after a number (`IP`, `IPv4`,
/// `Adresse IP`, `host`, `server`, `gateway`).
fn ip_words_near(text: &str, start: usize, end: usize) -> bool {
    const IP_WORDS: &[&str] = &[
        "ip", "ipv4", "ips", "host", "hostname", "server", "gateway", "subnet", "dns",
    ];
    let mut to = (end + 48).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    preceding_words(text, start, 48)
        .into_iter()
        .chain(words_of(sub(text, end, to)))
        .any(|w| IP_WORDS.contains(&w.as_str()))
}

/// Whether two upper-case letters (a US state: `MA`, `NJ`) stand right before the groups.
fn after_state_code(text: &str, groups: &[Group]) -> bool {
    let start = groups.first().map_or(0, |g| g.start);
    let before = sub(text, 0, start).trim_end_matches(' ');
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    word.chars().count() == 2 && word.chars().all(|c| c.is_ascii_uppercase())
}

/// A run in one separator style with more digits than E.164 allows (15) is one long number
/// (tracking, account, card-like ids: `0034 0434 1610 9404 2557`), and none of its pieces is a
/// phone.
fn too_long_for_a_phone(seg: &Segment) -> bool {
    let digits: usize = seg.groups.iter().map(|g| g.digits).sum();
    digits > 15 && seg.groups.len() >= 3 && seg.seps.windows(2).all(|w| w.first() == w.last())
}

/// A number with a currency or a unit next to it is an amount (`612 345 678 euros`,
/// `$ 912 345 678`, `612 345 Einwohner`), not a phone.
fn amount(text: &str, start: usize, end: usize) -> bool {
    const UNITS: &[&str] = &[
        "€",
        "$",
        "£",
        "¥",
        "%",
        "eur",
        "euro",
        "euros",
        "usd",
        "gbp",
        "chf",
        "dollars",
        "dollar",
        "pesos",
        "libras",
        "francs",
        "franken",
        "km",
        "mm",
        "cm",
        "miles",
        "meters",
        "metres",
        "metros",
        "metri",
        "mph",
        "kg",
        "m²",
        "km²",
        "habitants",
        "habitantes",
        "inhabitants",
        "einwohner",
        "people",
        "personas",
        "personnes",
        "menschen",
        "units",
        "unidades",
        "stück",
        "pièces",
        "mio",
        "millions",
        "millones",
        "millionen",
        "abitanti",
        "inwoners",
        "mieszkańców",
        "zł",
        "pln",
        "złotych",
        "reais",
        "brl",
        "r$",
    ];
    let after = sub(text, end, text.len());
    let after = after.strip_prefix(' ').unwrap_or(after);
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '€' | '$' | '£' | '¥' | '%' | '²'))
        .take(12)
        .collect::<String>()
        .to_lowercase();
    let before = sub(text, 0, start);
    let before = before.strip_suffix(' ').unwrap_or(before);
    let prev: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '€' | '$' | '£' | '¥'))
        .take(4)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    let currency_first = [
        "€", "$", "£", "¥", "eur", "usd", "gbp", "chf", "us$", "r$", "pln", "brl",
    ];
    UNITS.contains(&next.as_str())
        || after.starts_with(['€', '$', '£', '¥', '%'])
        || after.starts_with("m/s")
        || currency_first.contains(&prev.as_str())
        || before.ends_with(['€', '$', '£', '¥'])
}

/// Whether groups `i..=j` overlap a date somewhere in the segment (`05 03 2024 14 30`: the
/// phone-shaped `03 2024 14 30` is part of the date and its time).
fn overlaps_date(text: &str, seg: &Segment, i: usize, j: usize) -> bool {
    // Only the dates that can overlap `i..=j` (those starting at most two groups before `i`):
    // the segment may be long, and every span asks.
    (i.saturating_sub(2)..=j).any(|t| {
        seg.groups
            .get(t..t + 3)
            .zip(seg.seps.get(t..t + 2))
            .is_some_and(|(g, s)| looks_like_date(text, g, s))
    })
}

/// `dd.mm.yyyy`, `yyyy-mm-dd`, `mm/dd/yyyy` inside the groups; with spaces only `dd mm yyyy`
/// with a day, a month and a year of 1900–2099 (`05 03 2024 14 30`: French phones are pairs,
/// no plan puts a four-digit group after two pairs).
fn looks_like_date(text: &str, groups: &[Group], seps: &[Sep]) -> bool {
    let value = |g: &Group| {
        sub(text, g.start, g.end)
            .trim_matches(['(', ')'])
            .parse::<u32>()
            .unwrap_or(u32::MAX)
    };
    groups.windows(3).zip(seps.windows(2)).any(|(g, s)| {
        let ([a, b, c], [s0, s1]) = (g, s) else {
            return false;
        };
        let punct = matches!(s0, Some(b'.' | b'-' | b'/'));
        let spaced = *s0 == Some(b' ')
            && a.digits <= 2
            && b.digits <= 2
            && c.digits == 4
            && (1..=31).contains(&value(a))
            && (1..=12).contains(&value(b))
            && (1900..=2099).contains(&value(c));
        s0 == s1
            && (punct || spaced)
            && g.iter().all(|g| !g.paren)
            && ((a.digits <= 2 && b.digits <= 2 && c.digits == 4 && value(b) <= 31)
                || (a.digits == 4 && b.digits <= 2 && c.digits <= 2 && value(b) <= 12))
    })
}

/// Whether the number is the tail of a spaced UPS tracking code (`1Z D4W YCC 08 77073767`):
/// code tokens (capitals and digits, two to six) run back from it to one starting `1Z`.
/// (Postcodes before a phone are no code: `London SW1A 1AA 020 7946 0958`, `ON M5V 3L9`.)
fn code_tokens_before(text: &str, start: usize) -> bool {
    let code = |t: &str| {
        (2..=6).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    let window = window_before(text, start, 32);
    let Some(tokens) = window.strip_suffix(' ') else {
        return false;
    };
    // (A quote or bracket may open the code: `"1Z D4W YCC 08 77073767"`.)
    tokens
        .rsplit(' ')
        .map(|t| t.trim_start_matches(['"', '\'', '(', '[', '`', '«', '“']))
        .take_while(|t| code(t))
        .any(|t| t.starts_with("1Z"))
}

/// Barcodes and book numbers pass Luhn as often as any digits do.
fn code_context(text: &str, start: usize) -> bool {
    const WORDS: &[&str] = &[
        "ean",
        "isbn",
        "gtin",
        "upc",
        "barcode",
        "sku",
        "tracking",
        "order",
        "invoice",
        "ref",
        "bestellung",
        "bestellnummer",
        "sendung",
        "rechnung",
        "commande",
        "facture",
        "pedido",
        "factura",
        "seguimiento",
    ];
    preceding_words(text, start, 16)
        .iter()
        .any(|w| WORDS.contains(&w.as_str()))
}

/// Whether the number is labelled as an id. The nearest content word before it, in its clause
/// (past fillers like `is`, `your`, `lautet`, `le`, number words like `no.`, `Nr.`, `numéro`
/// and other numbers), decides:
/// - a phone word (`call`, `Tel.`, `appelez`, `my`...) makes it a phone: `Questions about
///   your order? Call 415-555-2671`;
/// - an id word (`order`, `invoice`, `ticket`, `ref`, `SIREN`, `Bestellung`, `pedido`...), or a
///   German compound on `-nummer`/`-nr` whose stem is not a phone word (`Vorgangsnummer`,
///   `Bestell-Nr.`, but `Telefonnummer`, `Rufnummer`) makes it an id;
/// - any other word that qualifies a number word makes it an id too: English `membership
///   number`, `tax ID`, Romance `numéro d'adhérent`, `número de socio` (a phone's number word
///   is qualified by a phone word: `phone number`, `numéro de portable`);
/// - `ID`, `code`, `PIN` right before the number label it.
///
/// `customer`, `account`, `Kunden`... are ids only with a number word (`Customer no.`):
/// `Customer service: 415-555-2671` is a phone. After a possessive article they are the
/// number's owner, not its kind: `il numero del cliente`, `le numéro du client`, `die Nummer des
/// Kunden` is the customer's number (`numéro de client`, without the article, is an id).
///
/// An `international` number (`+33 …`) is written the way no id is: only a strong id word
/// (`order`, `invoice`, `Bestellnummer`...) or `ID`/`code` labels it.
fn id_label(text: &str, start: usize, international: bool) -> bool {
    match header_says(text, start) {
        Some(Said::Id) => return true,
        Some(Said::Phone) => return false,
        _ => {}
    }
    let words = clause_words(text, start);
    // Other numbers between the label and the value do not count (`ISBN-10: 0306406152`).
    let near: Vec<&str> = words
        .iter()
        .rev()
        .map(String::as_str)
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .take(6)
        .collect();
    let numbered = near
        .iter()
        .take(4)
        .any(|w| NUMBER_WORDS.contains(w) || german_id_compound(w));
    let at = |k: usize| near.get(k).copied().unwrap_or("");
    // The word nearest to the number that is a number word, if it is `id`, `code`...
    if STRONG_NUMBER_WORDS.contains(&at(0)) && !phone_word(at(1)) {
        return true;
    }
    let mut qualifies_number_word = false;
    for (k, &w) in near.iter().enumerate() {
        if phone_word(w) {
            return false;
        }
        let owner = WEAK.iter().any(|s| w.starts_with(s)) && POSSESSIVE.contains(&at(k + 1));
        if owner {
            continue;
        }
        if id_word(w, numbered && !international) {
            return true;
        }
        if NUMBER_WORDS.contains(&w) {
            qualifies_number_word = true;
            continue;
        }
        if ID_FILLER.contains(&w) {
            qualifies_number_word = false;
            continue;
        }
        // A content word that is neither: it labels the number if it qualifies a number word
        // (`membership number`, `numéro d'adhérent`, `número de socio`).
        // Romance order: `numéro client`, `code promo`, `numéro d'adhérent`.
        // (A short function word is no qualifier: Polish `Mój numer to 512 345 678`.)
        // (`phone number field`, `número de teléfono`: the number word is a phone's.)
        if FORM_NOUNS.contains(&w) {
            continue;
        }
        let romance =
            (w.chars().count() > 2 && NUMBER_WORDS.contains(&at(k + 1)) && !phone_word(at(k + 2)))
                || (matches!(at(k + 1), "de" | "d" | "du" | "del" | "des")
                    && NUMBER_WORDS.contains(&at(k + 2)));
        return !international && (qualifies_number_word || romance);
    }
    false
}

/// What the header of the table column a number stands in says it is.
#[derive(PartialEq)]
enum Said {
    Id,
    Phone,
    Ssn,
}

/// `phone`, `Tel.`, `Mobile number` say phone; `ticket`, `zip`, `customer_no`, `id` say id;
/// `ssn`, `social security` say SSN. Other headers (`value`, `contact`) say nothing.
fn header_says(text: &str, start: usize) -> Option<Said> {
    let words = words_of(table::column_header(text, start)?);
    let has = |w: &str| words.iter().any(|x| x == w);
    // (`ssn_count`, `ssn_checked` hold figures and flags, not SSNs.)
    let figure = words.iter().any(|w| {
        FIGURES.contains(&w.as_str())
            || matches!(
                w.as_str(),
                "checked" | "verified" | "valid" | "status" | "flag" | "hash" | "last4" | "masked"
            )
    });
    if !figure && (has("ssn") || (has("social") && has("security"))) {
        return Some(Said::Ssn);
    }
    if words.iter().any(|w| phone_word(w)) {
        return Some(Said::Phone);
    }
    let numbered = words.iter().any(|w| NUMBER_WORDS.contains(&w.as_str()));
    let id = words
        .iter()
        .any(|w| id_word(w, numbered) || STRONG_NUMBER_WORDS.contains(&w.as_str()));
    id.then_some(Said::Id)
}

/// Articles that make the word after them a number's owner (`numero del cliente`).
const POSSESSIVE: &[&str] = &["del", "della", "dello", "dei", "degli", "du", "des"];

/// Whether a phone word is among the last words of the clause before `start`
/// (`Zadzwoń pod numer 512 345 678`, `Telefone: 212 345 678`).
/// A phone word that names the number itself in the four words before it: not a pronoun or a
/// preposition that only often stands before phones (`my`, `mi`, `unter`, `pod`), nor a place
/// (`home`, `office`) — `my pin is 1234 5678` is no phone.
fn strong_phone_cue(text: &str, groups: &[Group]) -> bool {
    const WEAK_CUES: &[&str] = &[
        "my", "me", "mein", "meine", "mich", "mir", "mon", "ma", "moi", "mi", "mio", "mia", "meu",
        "minha", "mijn", "mój", "moj", "pod", "unter", "home", "work", "office", "bureau",
        "domicile", "ufficio", "direct", "service", "servicio", "support", "text", "reach",
    ];
    let Some(first) = groups.first() else {
        return false;
    };
    // Words that may stand between the phone word and the number (`Call me at`, `Ring på`).
    const BETWEEN: &[&str] = &[
        "me", "us", "at", "on", "is", "number", "no", "nr", "num", "på", "til", "op", "an",
        "under", "auf", "en", "a", "the", "my", "our", "your", "or", "and", "og", "eller", "oder",
        "ou", "o", "numurs", "numeris", "numer", "numero", "número", "numéro", "nummer", "nº",
    ];
    if header_says(text, first.start) == Some(Said::Phone) {
        return true;
    }
    // The nearest word past those is a phone word (`call or text`), and one of the four names
    // the number: `Phone model 1234 5678`, `phone PIN`, `Call duration 12 34 56 78` do not.
    let words = clause_words(text, first.start);
    let near: Vec<&str> = words.iter().rev().take(4).map(String::as_str).collect();
    near.iter()
        .find(|w| !BETWEEN.contains(w))
        .is_some_and(|w| phone_word(w))
        && near.iter().any(|w| phone_word(w) && !WEAK_CUES.contains(w))
}

/// Whether a phone word names the number, before it or after it.
fn phone_word_around(text: &str, groups: &[Group]) -> bool {
    groups
        .first()
        .zip(groups.last())
        .is_some_and(|(f, l)| phone_cue(text, f.start) || phone_named_after(text, l.end))
}

/// Whether a phone word is among the first three words after a number on its line
/// (`„097395 26528“ — … தொலைபேசி எண் …`, `0612345678 is my mobile`).
fn phone_named_after(text: &str, end: usize) -> bool {
    words_within_after(text, end, 96)
        .iter()
        .take(3)
        .any(|w| phone_word(w))
}

fn phone_cue(text: &str, start: usize) -> bool {
    header_says(text, start) == Some(Said::Phone)
        || clause_words(text, start)
            .iter()
            .rev()
            .take(4)
            .any(|w| phone_word(w))
}

/// Words that label a number as an id wherever they stand before it.
const IDS: &[&str] = &[
    // FA, AR: order, invoice (`سفارش شماره 06098279126`).
    "سفارش",
    "فاکتور",
    "طلب",
    "الطلب",
    "فاتورة",
    "الفاتورة",
    "ean",
    "isbn",
    "issn",
    "gtin",
    "upc",
    "barcode",
    "sku",
    "imei",
    "sn",
    "tracking",
    "order",
    "orders",
    "invoice",
    "ref",
    "refs",
    "réf",
    "reference",
    "ticket",
    "booking",
    "reservation",
    "confirmation",
    "serial",
    "badge",
    "transaction",
    "batch",
    "session",
    "trace",
    "request",
    "job",
    "task",
    "uid",
    "uuid",
    "guid",
    "claim",
    "voucher",
    "coupon",
    "receipt",
    "shipment",
    "parcel",
    "incident",
    "siren",
    "siret",
    "tva",
    "vat",
    "nif",
    "cif",
    "dni",
    "nie",
    "iban",
    "bic",
    "blz",
    "az",
    "vorgang",
    "aktenzeichen",
    "kennung",
    "konto",
    "commande",
    "facture",
    "dossier",
    "référence",
    "réservation",
    "suivi",
    "colis",
    "série",
    "sinistre",
    "pedido",
    "factura",
    "seguimiento",
    "referencia",
    "expediente",
    "reserva",
    "localizador",
    "albarán",
    "serie",
    "incidencia",
    "matrícula",
    // IT, PT, NL, PL
    "ordine",
    "fattura",
    "pratica",
    "iva",
    "partita",
    "encomenda",
    "fatura",
    "contribuinte",
    "protocolo",
    "fiscal",
    "factuur",
    "bestelling",
    "zamówienie",
    "zamówienia",
    "zamowienie",
    "faktura",
    "faktury",
    "nip",
    "regon",
    "pesel",
    "bsn",
    "kvk",
    "cpf",
    "cnpj",
    "matricola",
    "tessera",
    "prot",
    "protocollo",
    // Postal codes (`zip: 02723-4722`, `mã bưu chính`, `מיקוד`).
    "zip",
    "zipcode",
    "postal",
    "postcode",
    "plz",
    "postleitzahl",
    "bưu",
    "מיקוד",
    "郵便番号",
    "우편번호",
    "pocztowy",
    "irányítószám",
    "psč",
    "postnummer",
    "postinumero",
];

/// German compound stems of ids: `Bestellnummer`, `Rechnungs-Nr.`, `Auftragsnr`...
const ID_STEMS: &[&str] = &["bestell", "rechnung", "auftrag", "sendung", "referenz"];

/// Ids only with a number word (`customer number`, `Kunden-Nr.`, `numéro client`, `case
/// no.`): `Customer service: 415-555-2671`, `In case of emergency: ...` are phones.
const WEAK: &[&str] = &[
    "customer", "client", "cliente", "kunden", "account", "case", "part", "lot", "contract",
    "contrat", "contrato", "vertrag", "policy", "police", "póliza", "member", "mitglied", "socio",
    "compte", "cuenta",
];

const NUMBER_WORDS: &[&str] = &[
    "number",
    "no",
    "nr",
    "nº",
    "n°",
    "º",
    "num",
    "id",
    "nummer",
    "numéro",
    "número",
    "numero",
    "n",
    "code",
    "código",
    "codigo",
    "pin",
    "codice",
    "numer",
    "شماره",
    "رقم",
];

/// Number words that label an id on their own, right before the number (`ID: 0612345678`).
const STRONG_NUMBER_WORDS: &[&str] = &["id", "code", "código", "codigo", "pin", "codice"];

const PHONE_WORDS: &[&str] = &[
    // Turkish `cep` (mobile); a Brazilian CEP (`01310-100`) has too few digits for a phone.
    "cep",
    // `Tel.` as OCR reads it (`Te1.`, `Té1.`).
    "te1",
    "té1",
    // Nordic and Finnish abbreviations, Icelandic.
    "tlf",
    "puh",
    "sími",
    // Catalan.
    "telèfon",
    "mòbil",
    "call",
    "caller",
    "phone",
    "tel",
    "telephone",
    "mobile",
    "cell",
    "fax",
    "ring",
    "reach",
    "dial",
    "text",
    "whatsapp",
    "sms",
    "contact",
    "hotline",
    "helpline",
    "service",
    "support",
    "helpdesk",
    "home",
    "work",
    "office",
    "landline",
    "emergency",
    "callback",
    "direct",
    "switchboard",
    "telefon",
    "handy",
    "mobil",
    "rufen",
    "anrufen",
    "unter",
    "erreichbar",
    "durchwahl",
    "festnetz",
    "tél",
    "téléphone",
    "portable",
    "fixe",
    "domicile",
    "bureau",
    "urgence",
    "appelez",
    "appeler",
    "joindre",
    "contactez",
    "llame",
    "llamar",
    "llámame",
    "llámenos",
    "llámeme",
    "teléfono",
    "móvil",
    "celular",
    "fijo",
    "contacto",
    "servicio",
    "atención",
    "my",
    "me",
    "mein",
    "meine",
    "mich",
    "mir",
    "mon",
    "ma",
    "moi",
    "mi",
    // IT, PT, NL, PL
    "telefono",
    "cellulare",
    "fisso",
    "chiamami",
    "chiamare",
    "chiamate",
    "chiami",
    "chiamaci",
    "interno",
    "ufficio",
    "mio",
    "mia",
    "telefone",
    "telemóvel",
    "telemovel",
    "ligue",
    "ligar",
    "liga",
    "contato",
    "meu",
    "minha",
    "telefoon",
    "mobiel",
    "gsm",
    "bel",
    "bellen",
    "mijn",
    "zadzwoń",
    "zadzwon",
    "pod",
    "komórka",
    "komórkowy",
    "kom",
    "mój",
    "moj",
    "тел",
    "simu",
];

/// Words between a label and its number that change nothing.
/// Where a form puts a number (`phone number field`, `number box`): no kind of their own.
const FORM_NOUNS: &[&str] = &[
    "field", "box", "input", "column", "cell", "slot", "entry", "line", "feld", "champ", "campo",
];

const ID_FILLER: &[&str] = &[
    "is", "ist", "lautet", "est", "es", "your", "our", "the", "ihre", "ihr", "die", "votre", "le",
    "la", "de", "du", "d", "su", "el", "del", "o", "des", "è", "il", "lo", "é", "het", "jest",
];

/// Stems a phone word starts with in its inflections and compounds (`telefonu`, `telefonszám`,
/// `telefonní`, `puhelinnumero`, `τηλέφωνο`, `電話番号`, `전화번호`, `phonenumber`).
const PHONE_WORD_STEMS: &[&str] = &[
    // Latvian `tālrunis`, `tālruņa numurs`, `tālr.`
    "tālr",
    "telefon",
    "telef",
    "telepon",
    "phone",
    "mobil",
    "puhelin",
    "τηλ",
    "κινητ",
    "טלפון",
    "נייד",
    "電話",
    "携帯",
    "전화",
    "휴대",
    "điện",
    "thoại",
    "telf",
    // Cyrillic, Arabic, Persian, Indic, Thai, Malay/Tagalog, Swahili.
    "телеф",
    "моб",
    "هاتف",
    "الهاتف",
    "جوال",
    "الجوال",
    "تلفن",
    "موبایل",
    "फ़ोन",
    "फोन",
    "मोबाइल",
    "टेलीफ़ोन",
    "टेलीफोन",
    "ফোন",
    "মোবাইল",
    "โทร",
    "มือถือ",
    // Tamil, Telugu, Kannada, Malayalam, Gujarati, Punjabi.
    "தொலைபேசி",
    "கைபேசி",
    "போன்",
    "ఫోన్",
    "ಫೋನ್",
    "ഫോൺ",
    "ફોન",
    "ਫ਼ੋਨ",
    "ਫੋਨ",
];

fn phone_word(w: &str) -> bool {
    // Chinese, Japanese and Korean write words without spaces between them: a run of them
    // holds the phone word (`周五前能把电话改成`).
    const CJK: &[&str] = &[
        "电话",
        "電話",
        "手机",
        "手機",
        "携帯",
        "전화",
        "휴대폰",
        "핸드폰",
    ];
    PHONE_WORDS.contains(&w)
        || CJK.iter().any(|s| w.contains(s))
        || PHONE_WORD_STEMS.iter().any(|s| w.starts_with(s))
        || ["service", "dienst", "hotline", "telefon", "phone"]
            .iter()
            .any(|s| w.ends_with(s))
}

fn id_word(w: &str, numbered: bool) -> bool {
    IDS.contains(&w)
        || ID_STEMS.iter().any(|s| w.starts_with(s))
        || (numbered && WEAK.iter().any(|s| w.starts_with(s)))
        || german_id_compound(w)
}

/// Whether an id label stands right before the number (`Ärendenummer 148-74-9966`, `parcel
/// ID 773-06-1463`, `member no. 456-97-5627`, `order #321-32-8981`): a case, order or member
/// number in the 3-2-4 shape. (Not a social security number's own compound:
/// `Sozialversicherungsnummer`.)
fn id_label_before(text: &str, start: usize) -> bool {
    const SOCIAL: &[&str] = &[
        "sozial",
        "social",
        "försäkring",
        "forsikring",
        "sofi",
        "ssn",
    ];
    let words = line_words(text, start);
    let last = words.last().map_or("", String::as_str);
    let before_last = words.iter().rev().nth(1).map_or("", String::as_str);
    let numbered = matches!(last, "no" | "nr" | "number" | "num" | "id");
    sub(text, 0, start).trim_end().ends_with('#')
        || (id_word(last, true) && !SOCIAL.iter().any(|s| last.contains(s)))
        || (numbered && id_word(before_last, true))
}

/// `Vorgangsnummer`, `Kundennr`: a compound on `-nummer`/`-nr` whose stem is no phone word
/// (`Telefonnummer`, `Rufnummer`, `Handynr`, `Servicenummer` are phones).
fn german_id_compound(w: &str) -> bool {
    const PHONE_STEMS: &[&str] = &[
        "telefon",
        "tel",
        "handy",
        "mobil",
        "fax",
        "ruf",
        "durchwahl",
        "notruf",
        "notfall",
        "service",
        "hotline",
        "kontakt",
        "festnetz",
        "privat",
        "büro",
        "zentrale",
        "direkt",
        "funk",
        "sms",
        "whatsapp",
        "mobiel",
        "gsm",
    ];
    let stem = w
        .strip_suffix("nummer")
        .or_else(|| w.strip_suffix("nr"))
        .unwrap_or("");
    // `tel` only as the stem's start: Dutch `bestelnummer` is an order number.
    stem.chars().count() >= 3
        && !PHONE_STEMS
            .iter()
            .any(|s| stem.contains(s) && (*s != "tel" || stem.starts_with(s)))
}
/// The words of the clause before `start` (48 bytes at most): a `?`, `!`, `;`, `,` or a
/// sentence-ending `.` (not an abbreviation's: `Nr.`, `Ref.`) with a space after ends the clause
/// before it, and so does a blank line (`Re: ticket #86897` above a paragraph labels nothing in it).
fn clause_words(text: &str, start: usize) -> Vec<String> {
    let window = window_before(text, start, 48);
    let window = match window.rfind("\n\n").max(window.rfind("\n\r\n")) {
        Some(blank) => sub(window, blank + 1, window.len()),
        None => window,
    };
    let cut = window
        .char_indices()
        .zip(window.chars().skip(1))
        .filter(|((i, c), next)| {
            next.is_whitespace()
                && match c {
                    '?' | '!' | ';' | ',' | '¿' | '¡' => true,
                    '.' => {
                        let word = sub(window, 0, *i)
                            .rsplit(|c: char| !c.is_alphanumeric())
                            .next()
                            .unwrap_or("");
                        word.chars().count() > 3
                    }
                    _ => false,
                }
        })
        .map(|((i, _), _)| i)
        .last();
    words_of(sub(window, cut.unwrap_or(0), window.len()))
}

/// The text in the `bytes` before `start` (from a character boundary).
fn window_before(text: &str, start: usize, bytes: usize) -> &str {
    let mut from = start.saturating_sub(bytes);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    sub(text, from, start)
}

/// The lower-case words in the `bytes` before `start`.
pub(super) fn preceding_words(text: &str, start: usize, bytes: usize) -> Vec<String> {
    words_of(window_before(text, start, bytes))
}

/// The lower-case words of `window`, without the pieces of e-mail addresses and domains
/// (`a@staff.orbitlabs.id`): a domain's `id` or `no` labels nothing.
fn words_of(window: &str) -> Vec<String> {
    // A JSON string's escaped line break or tab (`"电话:\n  453 89 100"`) parts words as the
    // break itself would, not leaving an `n` behind.
    let unescaped;
    let window = if window.contains('\\') {
        unescaped = window
            .replace("\\n", " ")
            .replace("\\r", " ")
            .replace("\\t", " ");
        unescaped.as_str()
    } else {
        window
    };
    window
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '\'' | '|' | '<' | '>'))
        .filter(|token| !token.contains('@') && !domain_like(token))
        .flat_map(|token| token.split(|c: char| !c.is_alphanumeric() && !combining_mark(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Marks that belong to the letter before them but are not letters themselves: Latin, Greek
/// and Cyrillic accents, Hebrew and Arabic points, the nukta and virama of Indic scripts
/// (`फ़ोन`, `नम्बर`), Thai vowels and tones. Words are not split at them.
pub(super) fn combining_mark(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36F}'
        | '\u{483}'..='\u{489}'
        | '\u{591}'..='\u{5C7}'
        | '\u{610}'..='\u{61A}'
        | '\u{64B}'..='\u{65F}'
        | '\u{670}'
        | '\u{6D6}'..='\u{6ED}'
        | '\u{E31}'
        | '\u{E34}'..='\u{E3A}'
        | '\u{E47}'..='\u{E4E}'
    ) || (('\u{900}'..='\u{DFF}').contains(&c) && !matches!(c, '\u{964}' | '\u{965}' | '\u{970}'))
}

/// `orbitlabs.id`, `www.example.co.uk`: letters, dots between, a final label of letters.
fn domain_like(token: &str) -> bool {
    let token = token.trim_matches(|c: char| !c.is_alphanumeric());
    let labels: Vec<&str> = token.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|l| {
            (2..=4).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase())
        })
        && labels.first().is_some_and(|l| l.chars().count() > 3)
}

/// Four dotted numbers that are a version or a section number: right after a version word
/// (`version`, `build`, `firmware`, `v`, `section`, `§`...), or two words after one when the
/// word between is a filler (`version number 1.2.3.4`, `firmware version ...`; `the build server
/// 10.0.0.1` is an address); after `update`/`upgrade` only when `to` or `from` follows it
/// (`upgrade from 4.19.2.1`); after another dotted number and `to` when that number is itself a
/// version (`upgrade from 4.19.2.1 to 4.20.0.3`, `4.19.2 to 4.20.0.3`; `traffic moved from
/// 10.0.0.1 to 10.0.0.2` holds two addresses). `Please update the account: 78.202.144.134` is
/// an address. `depth` bounds how far back a chain of `to`s is followed.
fn version_context(text: &str, start: usize, depth: u8) -> bool {
    const VERSION: &[&str] = &[
        "version",
        "versión",
        "versao",
        "versão",
        "versione",
        "versie",
        "wersja",
        "ver",
        "v",
        "rev",
        "release",
        "build",
        "firmware",
        "fw",
        "patch",
        "kernel",
        "tag",
        "sdk",
        "section",
        "sections",
        "chapter",
        "clause",
        "paragraph",
        "article",
        "art",
        "abschnitt",
        "kapitel",
        "absatz",
        "ziffer",
        "chapitre",
        "paragraphe",
        "sección",
        "capítulo",
        "apartado",
        "sezione",
        "capitolo",
        "secção",
        "hoofdstuk",
        "oid",
    ];
    const FILLER: &[&str] = &[
        "number", "no", "nr", "num", "is", "was", "now", "id", "string", "level", "code", "nummer",
        "numéro", "número", "numero",
    ];
    const CHANGE: &[&str] = &[
        "bump",
        "bumped",
        "bumps",
        "update",
        "upgrade",
        "downgrade",
        "aktualisieren",
        "updated",
        "upgraded",
    ];
    const TO: &[&str] = &["to", "from", "auf", "von", "vers", "de", "a", "->"];
    let words = preceding_words(text, start, 40);
    let last = |k: usize| words.len().checked_sub(k).and_then(|i| words.get(i));
    let is = |w: Option<&String>, set: &[&str]| w.is_some_and(|w| set.contains(&w.as_str()));
    // `fileversion`, `sdkversion`: compounds on `version`, not the words that end so.
    const NOT_COMPOUNDS: &[&str] = &[
        "conversion",
        "diversion",
        "inversion",
        "reversion",
        "subversion",
        "aversion",
        "perversion",
        "introversion",
        "extroversion",
        "extraversion",
        "animadversion",
    ];
    let version = |w: Option<&String>| {
        is(w, VERSION)
            || w.is_some_and(|w| w.ends_with("version") && !NOT_COMPOUNDS.contains(&w.as_str()))
    };
    let before = sub(text, 0, start).trim_end();
    let after_dotted = before
        .strip_suffix("to")
        .or_else(|| before.strip_suffix("->"))
        .or_else(|| before.strip_suffix('-'))
        .map(str::trim_end)
        .is_some_and(|b| {
            let len = b
                .bytes()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == b'.')
                .count();
            let from = b.len() - len;
            let tail = sub(b, from, b.len());
            let dotted = tail.contains('.') && tail.ends_with(|c: char| c.is_ascii_digit());
            // The number before is a version unless it is an address itself (`v4.19.2.1` is
            // glued to its `v`).
            dotted
                && (depth == 0
                    || glued_before(b, from)
                    || !validate::ipv4(tail)
                    || version_context(text, from, depth - 1))
        });
    version(last(1))
        || camel_case_version(text, start)
        || (version(last(2)) && (is(last(1), FILLER) || version(last(1))))
        // `upgrade to 4.20.0.3`; `bump version to 6.6.1.53`
        || (is(last(1), TO) && is(last(2), CHANGE))
        || (last(1).is_some_and(|w| w == "to") && version(last(2)) && is(last(3), CHANGE))
        || after_dotted
        || before.ends_with('§')
}

/// `AssemblyVersion("4.12.4.94")`, `minVersion = 10.0.0.1`: an identifier whose last part is
/// `Version` (capitalised: `conversion 10.20.30.40` and `diversion` are words, not compounds).
fn camel_case_version(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(64);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = sub(text, from, start);
    let word_end = before.trim_end_matches([' ', '(', '"', '\'', '=', ':']);
    word_end.ends_with("Version")
        && word_end
            .strip_suffix("Version")
            .is_some_and(|stem| stem.ends_with(|c: char| c.is_ascii_alphabetic()))
}

/// Whether the number at `start` of `text` is glued to a word before it (`v1.2.3.4`).
fn glued_before(text: &str, start: usize) -> bool {
    sub(text, 0, start).chars().next_back().is_some_and(glued)
}

/// The ways threat reports and chats defang a dot so nothing links the address
/// (`192[.]168[.]1[.]10`, `10(.)0(.)0(.)1`, `10{.}0{.}0{.}1`, `10[dot]0[dot]0[dot]1`).
const DEFANGED_DOTS: &[&str] = &["[.]", "(.)", "{.}", "[dot]", "(dot)"];

/// [`DEFANGED_DOTS`] as one regex of literals.
pub const DEFANGED_DOT_PATTERN: &str = r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)";

/// IPv4 addresses with at least one defanged dot (the plain ones are [`scan_run`]'s): an address
/// written so it cannot be clicked is still an address. `dots` finds [`DEFANGED_DOTS`]
/// ([`DEFANGED_DOT_PATTERN`]: one literal search over the text). Pushes `(start, end, Ipv4)`.
pub fn defanged_ipv4(text: &str, dots: &regex::Regex, out: &mut Vec<(usize, usize, Kind)>) {
    let mut from = 0;
    for dot in dots.find_iter(text) {
        if dot.start() < from {
            continue;
        }
        if let Some((start, end)) = address_around(text, dot.start()) {
            out.push((start, end, Kind::Ipv4));
            from = end;
        }
    }
}

/// The length of the dot (plain or defanged) `text` starts with, and whether it is defanged.
fn dot_at(text: &str) -> Option<(usize, bool)> {
    if text.starts_with('.') {
        return Some((1, false));
    }
    DEFANGED_DOTS
        .iter()
        .find(|d| text.starts_with(**d))
        .map(|d| (d.len(), true))
}

/// The length of the dot (plain or defanged) `text` ends with.
fn dot_before(text: &str) -> Option<usize> {
    if text.ends_with('.') {
        return Some(1);
    }
    DEFANGED_DOTS
        .iter()
        .find(|d| text.ends_with(**d))
        .map(|d| d.len())
}

fn digits_at(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// A valid address with a defanged dot that holds the dot at `dot`: its span.
fn address_around(text: &str, dot: usize) -> Option<(usize, usize)> {
    // Where its first octet may start: up to three octets back from the dot.
    let mut starts = Vec::with_capacity(3);
    let mut pos = dot;
    for _ in 0..3 {
        let before = sub(text, 0, pos);
        let n = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 3 {
            break;
        }
        starts.push(pos - n);
        match dot_before(sub(text, 0, pos - n)) {
            Some(len) => pos = pos - n - len,
            None => break,
        }
    }
    // The earliest start first: `10.0[.]0.1` is one address from `10`.
    starts.iter().rev().find_map(|&start| {
        let mut octets = Vec::with_capacity(4);
        let mut at = start;
        let mut defanged = false;
        loop {
            let n = digits_at(sub(text, at, text.len()));
            if n == 0 || n > 3 {
                return None;
            }
            octets.push(sub(text, at, at + n));
            at += n;
            if octets.len() == 4 {
                break;
            }
            let (len, fanged) = dot_at(sub(text, at, text.len()))?;
            defanged |= fanged;
            at += len;
        }
        let after = sub(text, at, text.len());
        // In a defanged URL too: `hxxp://185[.]220[.]101[.]4/`, `hxxp://user@185[.]220…`.
        let authority =
            url_host_starts(sub(text, 0, start)) || ssh_user_before(sub(text, 0, start));
        let bounded = (left_ok(text, start) || authority)
            && dot_before(sub(text, 0, start)).is_none()
            && !after.starts_with(|c: char| glued(c))
            && !(after.starts_with('.')
                && after
                    .get(1..)
                    .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
                && !tcpdump::port_after(text, start, at))
            && dot_at(after).is_none_or(|(_, fanged)| !fanged);
        (defanged && at > dot && bounded && validate::ipv4(&octets.join(".")))
            .then_some((start, at))
    })
}

/// Whether `before` ends with a login's `user@` as ssh and scp write it (`ssh ops@172[.]25…`).
fn ssh_user_before(before: &str) -> bool {
    before.strip_suffix('@').is_some_and(|b| {
        let user = b
            .rsplit(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`'))
            .next()
            .unwrap_or("");
        !user.is_empty()
            && user.len() <= 32
            && user
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
    })
}

/// Whether a URL's host starts where `before` ends: its token (from the last space or quote)
/// is `//`, or a scheme and `://`, then at most a user (`user@`, `u:p@`).
fn url_host_starts(before: &str) -> bool {
    // Looked for in the last 256 bytes only: a text of candidates without a space must not cost
    // a walk back to its start for each of them.
    let window = sub(
        before,
        table::floor_boundary(before, before.len().saturating_sub(256)),
        before.len(),
    );
    let token = window
        .rsplit(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '"' | '\'' | '(' | '<' | '[' | '=' | '`' | '*' | ',' | ';' | '|'
                )
        })
        .next()
        .unwrap_or("");
    let scheme_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    };
    let rest = match token.strip_prefix("//") {
        Some(rest) => rest,
        None => match token.split_once("://") {
            Some((scheme, rest)) if scheme_ok(scheme) => rest,
            _ => return false,
        },
    };
    rest.is_empty()
        || rest
            .strip_suffix('@')
            .is_some_and(|user| !user.is_empty() && !user.contains(['@', '/']))
}

/// The character before a value must not make it part of a word or a longer identifier.
pub fn left_ok(text: &str, start: usize) -> bool {
    let before = sub(text, 0, start);
    !before
        .chars()
        .next_back()
        .is_some_and(|c| glued(c) || matches!(c, '-' | '.' | '/' | '@' | '+'))
        || hebrew_prefix(before)
}

/// `ל-054-825-0660`, `מ-92.112.144.179`: a Hebrew one-letter preposition joined to a number by
/// a hyphen or maqaf, the letter a word of its own.
fn hebrew_prefix(before: &str) -> bool {
    let mut rev = before.chars().rev();
    matches!(rev.next(), Some('-' | '\u{05be}'))
        && matches!(rev.next(), Some('ב' | 'ל' | 'מ' | 'כ' | 'ש' | 'ה' | 'ו'))
        && rev.next().is_none_or(|c| !c.is_alphanumeric())
}

/// A neighbour that makes a number part of a word. Chinese, Japanese and Korean text puts no
/// space between a number and its words (`服务器10.0.0.1已经`, `10.0.0.1에`): those letters do
/// not glue.
fn glued(c: char) -> bool {
    (c.is_alphanumeric() && !spaceless_script(c)) || c == '_'
}

/// Letters of scripts written without spaces between words (CJK, Hangul, Thai, Lao, Khmer,
/// Myanmar): a value glued to them (`キーghp_…を`, `ที่081-586-4001ค่ะ`) still stands alone.
pub(super) fn spaceless_script(c: char) -> bool {
    matches!(c,
        '\u{0e00}'..='\u{0eff}' // Thai, Lao
        | '\u{1000}'..='\u{109f}' // Myanmar
        | '\u{1780}'..='\u{17ff}' // Khmer
    ) || cjk(c)
}

fn cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11ff}' // Hangul Jamo
        | '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
        | '\u{3130}'..='\u{318f}' // Hangul compatibility Jamo
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{ac00}'..='\u{d7af}' // Hangul syllables
        | '\u{f900}'..='\u{faff}' // CJK compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}' // half-width Katakana
    )
}

/// Groups `i..i+4` of `seg` as an IPv4 address: four dotted groups, valid octets (or all
/// zero-padded to three digits: `192.168.001.010`), not a netmask, not a version by context,
/// not glued to a word. Its neighbours may be a range (`10.0.0.1-10.0.0.9`, `10.0.0.1-254`), a
/// CIDR prefix (`10.0.0.0/24`), a URL's `//`, a `user@`; any other dotted, dashed or slashed
/// continuation makes it part of a longer number (`1.2.3.4.5`, `1.2.3.4-5.6`).
fn ipv4_span(text: &str, seg: &Segment, i: usize) -> bool {
    let (Some(groups), Some(seps)) = (seg.groups.get(i..i + 4), seg.seps.get(i..i + 3)) else {
        return false;
    };
    if (i == 0 && seg.plus.is_some())
        || groups.iter().any(|g| g.paren)
        || !seps.iter().all(|s| *s == Some(b'.'))
    {
        return false;
    }
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return false;
    };
    let (start, end) = (first.start, last.end);
    let value = sub(text, start, end);
    let padded = groups.iter().all(|g| {
        g.digits == 3
            && sub(text, g.start, g.end)
                .parse::<u16>()
                .is_ok_and(|v| v <= 255)
    }) && !value.starts_with("000");
    if !(validate::ipv4(value) || padded) || netmask(value) {
        return false;
    }
    let n = seg.groups.len();
    let octet = |k: usize| {
        seg.groups.get(k).is_some_and(|g| {
            g.digits <= 3
                && !g.paren
                && sub(text, g.start, g.end)
                    .parse::<u16>()
                    .is_ok_and(|v| v <= 255)
        })
    };
    let dotted_ip = |k: usize| {
        (k..k + 3).all(|t| seg.seps.get(t) == Some(&Some(b'.')))
            && seg
                .groups
                .get(k)
                .zip(seg.groups.get(k + 3))
                .is_some_and(|(a, b)| validate::ipv4(sub(text, a.start, b.end)))
    };
    // The group after `k` ends the segment or is not joined on.
    let ends = |k: usize| k + 1 >= n || !matches!(seg.seps.get(k), Some(Some(b'.' | b'-' | b'/')));
    let left = if i == 0 {
        ip_left_ok(text, start, seg.groups.get(i + 3).map_or(start, |g| g.end))
    } else {
        match seg.seps.get(i - 1) {
            Some(Some(b'-')) => i >= 4 && dotted_ip(i - 4),
            Some(Some(b' ')) => true,
            _ => false,
        }
    };
    let right = i + 4 >= n
        || match seg.seps.get(i + 3) {
            // `10.0.0.1-10.0.0.9`, `10.0.0.1-254`
            Some(Some(b'-')) => dotted_ip(i + 4) || (octet(i + 4) && ends(i + 4)),
            // `10.0.0.0/24`
            Some(Some(b'/')) => {
                ends(i + 4)
                    && seg.groups.get(i + 4).is_some_and(|g| {
                        g.digits <= 2
                            && sub(text, g.start, g.end)
                                .parse::<u8>()
                                .is_ok_and(|v| v <= 32)
                    })
            }
            // `IP 10.0.0.5.443 > …`: tcpdump's port.
            Some(Some(b'.')) => ends(i + 4) && tcpdump::port_after(text, start, end),
            _ => true,
        };
    let rest = sub(text, end, text.len());
    let after = rest.chars().next();
    left && right
        && after != Some('@')
        && !(after.is_some_and(glued) && version_suffix(rest))
        && !version_context(text, start, 2)
}

/// Whether the word glued to the right of a dotted quad (`rest` starts with it) makes the quad
/// a version: a pre-release or patch tag (`1.2.3.4a`, `1.2.3.4b2`, `4.0.0.1rc1`,
/// `2.1.0.3-beta` is not glued), or digits (`1.2.3.45`: one group, never here). Any other
/// letters glued on (`10.9.8.7x`, `10.0.0.1and`, `192.168.1.1ms`) leave the address an address:
/// the letters are a typo, a unit or an evasion, and a missed address leaks it; the finding
/// is the quad alone, the letters stay.
fn version_suffix(rest: &str) -> bool {
    const TAGS: &[&str] = &[
        "alpha", "beta", "rc", "dev", "pre", "post", "preview", "snapshot", "final", "nightly",
        "hotfix", "stable", "lts", "build", "patch", "release", "sp",
    ];
    let word: String = rest
        .chars()
        .take_while(|c| glued(*c))
        .take(24)
        .flat_map(char::to_lowercase)
        .collect();
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    // Patch letters (OpenSSL's `1.0.2k`, `1.2.3.4a`) run from `a`; `p`/`r` + digits (patch,
    // revision); tags, numbered or not.
    matches!(letters, "a" | "b" | "c" | "d" | "e" | "f")
        || (matches!(letters, "p" | "r") && letters.len() < word.len())
        || TAGS.contains(&letters)
        || word.starts_with(|c: char| c.is_ascii_digit())
}

/// `255.255.255.0`, `255.255.0.0`: a mask (ones, then zeros), not an address.
fn netmask(value: &str) -> bool {
    let mut bits: u32 = 0;
    for part in value.split('.') {
        bits = (bits << 8) | part.parse::<u32>().unwrap_or(0);
    }
    let inverse = !bits;
    bits >> 24 == 255 && inverse & inverse.wrapping_add(1) == 0
}

/// Before an IPv4 address (`start..end`), a URL's `//` (`http://10.0.0.1/`), a user's `@`
/// (`root@10.0.0.1`) and the `/` of a socket address as Java prints it (`Connection refused:
/// /10.0.0.1:5432`: a token of its own or after a label; `db.internal/10.0.0.1:5432`: after a
/// host name, with a port) are fine; other glue is not (`libs/1.2.3.4`, `2024/10.1.2.3`,
/// `Newtonsoft.Json/13.0.0.1`, a version after a package name).
fn ip_left_ok(text: &str, start: usize, end: usize) -> bool {
    let before = sub(text, 0, start);
    // (The host read from the last 64 bytes only: a text of `a/10.1.2.3a/10.1.2.3…` must not
    // cost a search back to its start for every address.)
    let socket_slash = window_before(text, start, 64)
        .strip_suffix('/')
        .is_some_and(|host| {
            let token = host
                .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '=' | ','))
                .next()
                .unwrap_or("");
            let port = sub(text, end, text.len())
                .strip_prefix(':')
                .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()));
            // (`refused:/10.0.0.1`: after a label's colon.)
            token.ends_with(':')
                || token.is_empty()
                || token == "localhost"
                || (port
                    && token.contains('.')
                    && token.ends_with(|c: char| c.is_ascii_alphabetic())
                    && token
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
        });
    before.ends_with("//") || before.ends_with('@') || socket_slash || left_ok(text, start)
}

/// Whether an SSN cue labels the number. The nearest word of its line past fillers (`is`,
/// `number`, `no.`, `my`, `on file`, whose number it is...) is `SSN`, `SS` (`SS#`, `SS No.`),
/// `S.S.N.` or `my social`; or `SSN` itself (in camelCase keys and CJK text too:
/// `socialSecurityNumber`, `applicantSSN`, `従業員のSSN`), `social security`, `soc. sec.` or
/// `seguro social` stands up to three other words before it (`the SSN we have on record is`,
/// `SSN provided by the employee:`, `SSN/TIN`), none an id, phone or measure word
/// (`SSN and order number 536221234`, `ssn_count=`, `SSN lookup took 536221234 ns`).
/// Words that stand between an SSN label and its number without naming another kind.
/// Words that deny what follows them (`536221234 has no SSN`, `… kein SSN`).
const NEGATIONS: &[&str] = &[
    "no", "not", "isn", "never", "kein", "keine", "nicht", "pas", "non", "nie", "niet", "geen",
    "ni", "nem", "ei", "inte", "ikke",
];

const SSN_FILLER: &[&str] = &[
    "is",
    "was",
    "number",
    "no",
    "nr",
    "num",
    "n",
    "número",
    "numero",
    "the",
    "my",
    "your",
    "his",
    "her",
    "their",
    "our",
    "on",
    "file",
    "of",
    "de",
    "del",
    "es",
    "su",
    "mi",
    "a",
    "an",
    "and",
    "full",
    "that",
    "this",
    "it",
    "as",
    // Whose number it is (`SSN del empleado: 701.08.2257`, `SSN of the patient`).
    "employee",
    "empleado",
    "empleada",
    "patient",
    "paciente",
    "applicant",
    "member",
    "client",
    "cliente",
    "customer",
];

fn ssn_cue(text: &str, start: usize) -> bool {
    if header_says(text, start) == Some(Said::Ssn) || ssn_asked_before(text, start) {
        return true;
    }
    let words = line_words(text, start);
    let near: Vec<&str> = words.iter().rev().map(String::as_str).take(8).collect();
    let at = |k: usize| near.get(k).copied().unwrap_or("");
    let mut others = 0;
    for (k, &word) in near.iter().enumerate() {
        let (prev, before_prev) = (at(k + 1), at(k + 2));
        let nearest = others == 0;
        // `My social is 149653377`: the word alone after a possessive, as people say it
        // (`social 245112908` in a marketing report is a channel's figure).
        let possessive = matches!(prev, "my" | "your" | "his" | "her" | "their" | "our");
        let term = (word == "security" && prev == "social")
            || (word == "sec" && matches!(prev, "soc" | "social"))
            || (word == "social" && prev == "seguro");
        // Short or common words count only right before the number (past fillers).
        let short = (word == "social" && possessive)
            || matches!(word, "ss" | "socsec")
            || (word == "n" && prev == "s" && before_prev == "s");
        if word == "ssn" || glued_ssn(word) || term || (nearest && short) {
            return true;
        }
        // `SSN (US): …` names the country, not microseconds (a FIGURES word).
        if SSN_FILLER.contains(&word) || (word == "us" && prev == "ssn") {
            continue;
        }
        // `SSN` itself is no word of prose: it names a number five words on (`SSN-nummer vóór
        // vrijdag wijzigen in 596.76.1295`); other words only three.
        let limit = if near.iter().skip(k).any(|w| *w == "ssn") {
            5
        } else {
            3
        };
        if id_word(word, true) || phone_word(word) || FIGURES.contains(&word) || others == limit {
            return false;
        }
        others += 1;
    }
    false
}

/// Whether the sentence before names an SSN and the number's own sentence only points back
/// to it (`Can you update my SSN? The new one is 524810101`, `What is your SSN? It's
/// 536221234`): the previous sentence ends with `SSN` or `social security number`, the
/// number's holds fillers and pointing words only.
fn ssn_asked_before(text: &str, start: usize) -> bool {
    const POINTING: &[&str] = &[
        "new", "one", "here", "correct", "right", "updated", "s", "it's",
    ];
    let window = window_before(text, start, 96);
    let Some(cut) = window.rfind(['?', '.', '!']) else {
        return false;
    };
    let own = words_of(sub(window, cut + 1, window.len()));
    let points_back = own.len() <= 6
        && own
            .iter()
            .all(|w| SSN_FILLER.contains(&w.as_str()) || POINTING.contains(&w.as_str()));
    let before = words_of(sub(window, 0, cut));
    let last = |k: usize| before.iter().rev().nth(k).map(String::as_str);
    points_back
        && !window.contains('\n')
        && (last(0) == Some("ssn")
            || last(0).is_some_and(glued_ssn)
            || (last(1) == Some("security") && matches!(last(0), Some("number" | "no")))
            || (last(0) == Some("security") && last(1) == Some("social")))
}

/// The first words after a number on its line (up to 48 bytes).
fn words_after(text: &str, end: usize) -> Vec<String> {
    words_within_after(text, end, 48)
}

/// The words in the `bytes` after `end` on its line (Indic and Thai words take three bytes a
/// letter: three of them can fill 96 bytes).
fn words_within_after(text: &str, end: usize, bytes: usize) -> Vec<String> {
    // (The window first: a search for the line's end would read the rest of the text.)
    let rest = sub(text, end, text.len());
    let window = rest.get(..table::floor_boundary(rest, bytes)).unwrap_or("");
    words_of(window.split('\n').next().unwrap_or(""))
}

/// Whether an id or measure word follows the number right away (`536 22 1234 order id`).
fn id_named_after(text: &str, end: usize) -> bool {
    words_after(text, end)
        .first()
        .is_some_and(|w| id_word(w, true) || FIGURES.contains(&w.as_str()))
}

/// Whether the words after a number on its line name it an SSN (`613 13 1134 is the SSN on
/// file`, `536221234 (social security number)`, `536.22.1234 is my SSN`): `SSN` or `social
/// security` among the first four words, only fillers and at most one other word (a copula
/// of another language: Swahili `"315339274" ndiyo SSN`) before it (`536221234 has no SSN`
/// and `536221234 (no SSN)` do not name it).
fn ssn_named_after(text: &str, end: usize) -> bool {
    let words = words_after(text, end);
    let mut others = 0;
    for (k, word) in words.iter().take(4).enumerate() {
        let next = words.get(k + 1).map(String::as_str);
        if word == "ssn" || glued_ssn(word) || (word == "social" && next == Some("security")) {
            // (Not a figure of SSNs: `536 22 1234 ssn lookups`.)
            return !next.is_some_and(|n| FIGURES.contains(&n));
        }
        // (After the number `no` denies: `536221234 (no SSN)`.)
        if NEGATIONS.contains(&word.as_str())
            || id_word(word, true)
            || FIGURES.contains(&word.as_str())
        {
            return false;
        }
        if !SSN_FILLER.contains(&word.as_str()) {
            others += 1;
            if others > 1 {
                return false;
            }
        }
    }
    false
}

/// Whether `(SSN)` glosses the number's line with no other number between them, after it
/// (`*747700397* — det står som amerikansk trygdenummer (SSN) hos meg.`) or before it
/// (`सोशल सिक्योरिटी नंबर (SSN) के लिए यह नोट कर लें: 419481368`): the term in brackets
/// after words of any language names what the sentence is about.
///
/// In capitals as a gloss is written: code's `encrypt(ssn)` or `users(ssn)` names a column.
fn ssn_glossed(text: &str, start: usize, end: usize) -> bool {
    const GLOSS: &str = "(SSN)";
    let no_digits = |s: &str| !s.bytes().any(|b| b.is_ascii_digit());
    let rest = sub(text, end, text.len());
    let after = rest.get(..table::floor_boundary(rest, 160)).unwrap_or("");
    let after = after.split('\n').next().unwrap_or("");
    if after
        .find(GLOSS)
        .is_some_and(|at| no_digits(sub(after, 0, at)))
    {
        return true;
    }
    let before = window_before(text, start, 160);
    let before = before.rsplit('\n').next().unwrap_or("");
    before
        .rfind(GLOSS)
        .is_some_and(|at| no_digits(sub(before, at, before.len())))
}

/// Words that make the number a figure or a measure (`ssn_count=`, `SSN lookups:`,
/// `took 536221234 ns`, `commit 536221234`).
const FIGURES: &[&str] = &[
    "count",
    "counts",
    "total",
    "totals",
    "sum",
    "lookups",
    "lookup",
    "requests",
    "hits",
    "rows",
    "errors",
    "error",
    "events",
    "calls",
    "tickets",
    "build",
    "builds",
    "version",
    "records",
    "size",
    "took",
    "duration",
    "ns",
    "ms",
    "us",
    "line",
    "offset",
    "commit",
    "pr",
    "issue",
    "paid",
    "amount",
    "balance",
    "due",
    "score",
    "processed",
    "scanned",
    "detected",
    "cache",
    "port",
    "ports",
    "scores",
    "grid",
    "dimensions",
    "resolution",
    "page",
    "step",
    "run",
    "job",
    "batch",
    "missing",
    "mismatch",
    "failed",
    "invalid",
    "impressions",
    "wages",
    "tax",
];

/// [`clause_words`] of the number's own line, or of the line before when the number opens
/// its line (`SSN:` above it): a label on an earlier line with text between labels nothing.
fn line_words(text: &str, start: usize) -> Vec<String> {
    let words = clause_words(text, start);
    let window = window_before(text, start, 48);
    match window.rfind('\n').and_then(|i| window.get(i..)) {
        Some(line) if !line.trim().is_empty() => {
            let on_line = words_of(line).len();
            let skip = words.len().saturating_sub(on_line);
            words.into_iter().skip(skip).collect()
        }
        _ => words,
    }
}

/// The label inside one word: keys in camelCase (`socialSecurityNumber`, `applicantSSN`,
/// `ssnNumber`; words arrive lower-cased), glued to words of a script written without spaces
/// (`従業員のSSN`, `SSN번호`), or the term in Japanese, Chinese and Korean (`社会保障番号`,
/// `사회보장번호`).
fn glued_ssn(word: &str) -> bool {
    const OWNERS: &[&str] = &[
        "applicant",
        "employee",
        "patient",
        "customer",
        "client",
        "member",
        "user",
        "my",
        "spouse",
        "borrower",
        "coborrower",
        "taxpayer",
        "insured",
        "dependent",
        "primary",
        "beneficiary",
        "holder",
        "owner",
        "student",
        "worker",
        "person",
        "contact",
    ];
    const NUMBER: &[&str] = &["", "number", "no", "nr", "num", "id"];
    let non_ascii_edge = |part: &str, last: bool| {
        let c = if last {
            part.chars().next_back()
        } else {
            part.chars().next()
        };
        c.is_some_and(|c| !c.is_ascii())
    };
    let social = word
        .find("socialsecurity")
        .map(|i| i + "socialsecurity".len());
    social.is_some_and(|end| NUMBER.contains(&word.get(end..).unwrap_or("-")))
        || word.contains("社会保障")
        || word.contains("사회보장")
        || word
            .strip_suffix("ssn")
            .is_some_and(|stem| non_ascii_edge(stem, true) || OWNERS.contains(&stem))
        || word
            .strip_prefix("ssn")
            .is_some_and(|rest| NUMBER.contains(&rest) || non_ascii_edge(rest, false))
        // Inside CJK text: `申请表上的SSN是`.
        || word.match_indices("ssn").any(|(i, _)| {
            let (before, after) = (word.get(..i).unwrap_or(""), word.get(i + 3..).unwrap_or(""));
            (before.is_empty() || non_ascii_edge(before, true))
                && (after.is_empty() || non_ascii_edge(after, false))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `find` reads as phones in `text`.
    fn phones_in(text: &str) -> Vec<(Kind, &str)> {
        find(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Phone)
            .collect()
    }

    fn find(text: &str) -> Vec<(Kind, &str)> {
        let wanted = Wanted {
            phone: true,
            card: true,
            ssn: true,
            ipv4: true,
        };
        let mut out = Vec::new();
        for (start, end) in runs(text.as_bytes()) {
            scan_run(text, start, end, wanted, &mut out);
        }
        out.into_iter().map(|(s, e, k)| (k, &text[s..e])).collect()
    }

    #[test]
    fn phones_by_structure() {
        for phone in [
            "+1 415 555 2671",
            "+14155552671",
            "(415) 555-2671",
            "(415)555-2671",
            "415-555-2671",
            "415.555.2671",
            "1-415-555-2671",
            "+44 20 7946 0958",
            "020 7946 0958",
            "07700 900123",
            "+49 30 12345678",
            "030 12345678",
            "01 23 45 67 89",
            "+33 1 23 45 67 89",
            "001-415-555-2671",
            "+1-415-555-2671",
            "+44(0)115 4960914",
            "+49 (0) 9141 777631",
            "+33 (0)1 41 63 60 83",
            "(01632) 960391",
            "+49(0)6812415868",
        ] {
            let text = format!("Ruf mich an: {phone}, danke — ça va?");
            assert_eq!(find(&text), vec![(Kind::Phone, phone)], "{text}");
        }
    }

    #[test]
    fn not_phones() {
        for text in [
            "order ORD-2024-884213 shipped",
            "at 2024-01-15 10:30:00 UTC",
            "version 1.2.3.4.5",
            "on 15.01.2024",
            "build 20240115",
            "tracking 1Z999AA10123456784",
            "invoice 4155552671",
            "v10.4.12",
            "call 555-1234",
            "ids 12-34-56",
            "rev 2021-555-1234-77",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn cards_ssns_ips() {
        assert_eq!(
            find("Karte 4111 1111 1111 1111 2024"),
            vec![(Kind::CreditCard, "4111 1111 1111 1111")]
        );
        assert_eq!(
            find("card=5500-0000-0000-0004."),
            vec![(Kind::CreditCard, "5500-0000-0000-0004")]
        );
        assert_eq!(
            find("amex 378282246310005"),
            vec![(Kind::CreditCard, "378282246310005")]
        );
        assert!(find("bad 4111 1111 1111 1112").is_empty());
        assert_eq!(find("SSN: 536-22-1234."), vec![(Kind::Ssn, "536-22-1234")]);
        // A case or customer number in the SSN's shape, unless an SSN cue names it.
        for id in [
            "Ärendenummer 148-74-9966",
            "Klantnummer 452-72-1235",
            "Bestellnummer: 452-72-1235",
        ] {
            assert_eq!(find(id), vec![], "{id}");
        }
        assert_eq!(
            find("Sozialversicherungsnummer 452-72-1235"),
            vec![(Kind::Ssn, "452-72-1235")]
        );

        assert!(find("SSN: 666-22-1234").is_empty());
        assert_eq!(
            find("host 192.168.10.20:8080"),
            vec![(Kind::Ipv4, "192.168.10.20")]
        );
        assert!(find("version 1.2.3.4.5 and 999.1.1.1").is_empty());
    }

    /// A dotted quad with letters glued on the right: an address unless the letters are a
    /// version's tag (decision in `version_suffix`).
    #[test]
    fn addresses_with_letters_glued_on() {
        for (text, ip) in [
            ("ping 10.9.8.7x now", "10.9.8.7"),
            ("10.9.8.7x", "10.9.8.7"),
            ("host 10.0.0.1and 10.0.0.2", "10.0.0.1"),
            ("latency to 192.168.1.20ms is high", "192.168.1.20"),
            ("at 10.1.2.3abc", "10.1.2.3"),
            ("server 172.16.0.9X2", "172.16.0.9"),
        ] {
            let f = find(text);
            assert_eq!(f.first(), Some(&(Kind::Ipv4, ip)), "{text}: {f:?}");
        }
        assert_eq!(
            find("host 10.0.0.1and 10.0.0.2"),
            [(Kind::Ipv4, "10.0.0.1"), (Kind::Ipv4, "10.0.0.2")]
        );
        for version in [
            "run 1.2.3.4a",
            "install 1.2.3.4b2 first",
            "ship 4.0.0.1rc1",
            "ship 4.0.0.1RC2",
            "tested on 2.1.0.3beta",
            "use 10.0.0.1p3",
            "old 1.1.1.1f",
            "then 3.2.1.0alpha",
            "v1.2.3.4x",
            "version 10.9.8.7x",
            "root@10.0.0.1@host",
        ] {
            assert!(find(version).is_empty(), "{version}: {:?}", find(version));
        }
    }

    /// The formats issue 12 names, written from the national numbering plans (not from any
    /// corpus): EN (US/UK), DE, FR, ES, national and international, with space, dot, dash and
    /// slash separators, parentheses and extensions. (NBSP and thin spaces are read as spaces
    /// before this scan: `normalize`.)
    #[test]
    fn phone_formats_of_four_languages() {
        let mut missed = Vec::new();
        for phone in [
            // US / NANP
            "(415) 555-2671",
            "(415) 555 2671",
            "(415) 555.2671",
            "(415)-555-2671",
            "415 555 2671",
            "415/555-2671",
            "1 (415) 555-2671",
            "1.415.555.2671",
            "1 415 555 2671",
            "+1 (415) 555-2671",
            "+1 (415) 555 2671",
            "+1(415)555-2671",
            "+1.415.555.2671",
            "+1 415-555-2671",
            "+1-415-555-2671",
            "001 415 555 2671",
            // UK
            "020 7946 0958",
            "(020) 7946 0958",
            "020-7946-0958",
            "020.7946.0958",
            "07700 900 123",
            "07700-900-123",
            "07700.900.123",
            "0161 496 0000",
            "01632 960391",
            "+44 20 7946 0958",
            "+44 (0) 20 7946 0958",
            "+44 (0)7700 900123",
            "+44-20-7946-0958",
            "+44.20.7946.0958",
            "+44 7700 900123",
            "0044 20 7946 0958",
            "0044 (0)20 7946 0958",
            // Germany
            "030 12345678",
            "030/12345678",
            "030 / 12345678",
            "030-12345678",
            "(030) 12345678",
            "030 123 456 78",
            "030 1234 5678",
            "0171 1234567",
            "0171/1234567",
            "0171-1234567",
            "0171 123 45 67",
            "089 12345-678",
            "0201 123456-78",
            "06221 54-3210",
            "+49 30 12345678",
            "+49 (0)30 12345678",
            "+49 (0) 30 12345678",
            "+49-30-12345678",
            "+49.30.12345678",
            "+49 171 1234567",
            "+49 30 123456-78",
            "+49 (0)171 123 45 67",
            "0049 30 12345678",
            "0049 171 1234567",
            "+49 30/12345678",
            // France
            "01 23 45 67 89",
            "01.23.45.67.89",
            "01-23-45-67-89",
            "06 12 34 56 78",
            "06.12.34.56.78",
            "+33 1 23 45 67 89",
            "+33 6 12 34 56 78",
            "+33 (0)1 23 45 67 89",
            "+33 (0)6 12 34 56 78",
            "+33.1.23.45.67.89",
            "+33-1-23-45-67-89",
            "+33 123 456 789",
            "0033 1 23 45 67 89",
            "0033 6 12 34 56 78",
            // Spain
            "612 345 678",
            "612 34 56 78",
            "612-345-678",
            "91 123 45 67",
            "912 345 678",
            "91-123-45-67",
            "93 456 78 90",
            "+34 612 345 678",
            "+34 612 34 56 78",
            "+34 91 123 45 67",
            "+34-612-345-678",
            "+34.612.345.678",
            "0034 612 345 678",
            "0034 91 123 45 67",
            "(+34) 91 123 45 67",
            "+34 912 345 678",
        ] {
            for frame in [
                "Call {} today.",
                "Tel.: {}",
                "Telefon: {}, bitte.",
                "Mon numéro : {}.",
                "Llámame al {}.",
                "phone ({})",
                "{}",
            ] {
                let text = frame.replace("{}", phone);
                if find(&text) != vec![(Kind::Phone, phone)] {
                    missed.push(format!("{text:?} -> {:?}", find(&text)));
                }
            }
        }
        // Extensions: the number is found, the extension may stay.
        for (text, phone) in [
            ("Call 415-555-2671 ext. 204.", "415-555-2671"),
            ("Call (415) 555-2671 x204.", "(415) 555-2671"),
            ("Call +1 415 555 2671 ext 12", "+1 415 555 2671"),
            ("Tel. 030 12345678 Durchwahl 12", "030 12345678"),
            ("Tél. 01 23 45 67 89 poste 123", "01 23 45 67 89"),
            ("Tel. +44 20 7946 0958 ext. 3", "+44 20 7946 0958"),
            ("Tel. 91 123 45 67 ext. 45", "91 123 45 67"),
        ] {
            let hits = find(text);
            if !hits
                .iter()
                .any(|(k, v)| *k == Kind::Phone && v.starts_with(phone))
            {
                missed.push(format!("{text:?} -> {hits:?}"));
            }
        }
        assert!(
            missed.is_empty(),
            "{} missed:\n{}",
            missed.len(),
            missed.join("\n")
        );
    }

    #[test]
    fn hungarian_greek_and_inflected_phone_words() {
        for (text, phone) in [
            ("Telefonszám: 06-1-324-4430", "06-1-324-4430"),
            ("tel. 06/30/375-5449", "06/30/375-5449"),
            ("τηλέφωνο: 210 9191376", "210 9191376"),
            ("Numer telefonu: 22 560 98 08", "22 560 98 08"),
            ("Numer telefonu: 587-032-990.", "587-032-990"),
            ("tel 210.8275334", "210.8275334"),
            ("[777.75.76.85]", "777.75.76.85"),
        ] {
            assert_eq!(phones_in(text), vec![(Kind::Phone, phone)], "{text}");
        }
        for text in [
            "Die Eingabe 709.61.66.70 ist keine gültige IP-Adresse.",
            "注文 290-4029406 の商品が破損して届きました。",
            "211-1523531 numaralı sipariş hasarlı geldi.",
            "the value 210.8275334 is a decimal",
            "2022-11-06T19:07:35Z INFO job=sync zip=\"02723-4722\" took=739ms",
            "Open https://example.com/item?id=0612345678&ref=mail to view it.",
        ] {
            assert!(phones_in(text).is_empty(), "{text}: {:?}", phones_in(text));
        }
    }

    #[test]
    fn phones_near_id_words_and_ids_labelled_as_such() {
        for (text, phone) in [
            (
                "Questions about your order? Call 415-555-2671.",
                "415-555-2671",
            ),
            (
                "Fragen zur Rechnung? Rufen Sie 030 12345678 an.",
                "030 12345678",
            ),
            (
                "Pour votre commande, appelez le 01 23 45 67 89.",
                "01 23 45 67 89",
            ),
            ("Sobre su pedido: llame al 612 345 678.", "612 345 678"),
            ("Ticket closed; +44 20 7946 0958 works", "+44 20 7946 0958"),
            ("Customer service: 415-555-2671", "415-555-2671"),
            ("Kundenservice: 030 12345678", "030 12345678"),
            ("Service client : 01 23 45 67 89", "01 23 45 67 89"),
            ("In case of emergency: +34 612 345 678", "+34 612 345 678"),
            (
                "Your order shipped. Questions: 415-555-2671",
                "415-555-2671",
            ),
            (
                "For the booking my number is 020 7946 0958",
                "020 7946 0958",
            ),
            (
                "Zur Bestellung erreichen Sie mich unter 0171 1234567.",
                "0171 1234567",
            ),
        ] {
            assert_eq!(find(text), vec![(Kind::Phone, phone)], "{text}");
        }
        for text in [
            "Order no. 0123 456 789 shipped",
            "Ihre Kundennummer lautet 030 1234 5678.",
            "Ticket 0171 1234567 is open",
            "Numéro de dossier : 01 23 45 67 89",
            "Referencia del pedido 612 345 678",
            "Case number 415-555-2671",
            "Booking reference: 020 7946 0958",
            "Customer no. 0171 1234567",
            "Kunden-Nr. 030 1234 5678",
            "numéro client 01 23 45 67 89",
        ] {
            let hits = phones_in(text);
            assert!(hits.is_empty(), "{text}: {hits:?}");
        }
    }

    #[test]
    fn phone_look_alikes_stay() {
        for text in [
            "version 2.14.3.1 released",
            "release 10.0.19041.1415",
            "on 2024-01-15 at 10:30",
            "am 15.01.2024 um 10 Uhr",
            "le 15/01/2024",
            "on 01/15/2024",
            "order 2024-884213-11",
            "Order #4155552671",
            "invoice 2024 0042 1187",
            "ref 030 1234 5678",
            "tracking 1Z999AA10123456784",
            "price 1.234.567,89 €",
            "total $1,234,567.89",
            "costs 12 345 678 EUR",
            "IP 192.168.100.200",
            "ISBN 978-3-16-148410-0",
            "pedido 612-345-678",
            "id 123-456-7890-12",
            "SKU 4006381333931",
            "batch 20240115-0042",
            "time 12:30:45.123",
            "coords 48.8566, 2.3522",
            "6.123.456 habitants",
            "1 234 567 people",
            "v1.2.3-beta.4",
            "Population 83 200 000",
            "serial 0001-2345-6789",
        ] {
            let hits = phones_in(text);
            assert!(hits.is_empty(), "{text}: {hits:?}");
        }
    }

    /// Numbers that are not phones, in the frames phones appear in (EN/DE/FR/ES), written for
    /// issue 12 from how ids, dates and amounts are written (not from any corpus), and phones
    /// in the same frames.
    #[test]
    fn ids_dates_and_amounts_with_a_phones_shape() {
        let mut wrong = Vec::new();
        for text in [
            // Labelled ids: compounds, qualified number words, Romance order.
            "Ihre Vorgangsnummer lautet 0123 456789.",
            "Versicherungsnummer 0171 1234567",
            "Mitgliedsnummer: 0612 345678",
            "Ticketnummer 0800 123 4567 wurde geschlossen.",
            "Kontonummer 0532013000 bei der Sparkasse.",
            "Your membership number is 0171 1234567.",
            "Please quote licence number 020 7946 0958.",
            "Tax ID 0612 345 678",
            "Booking ID: 020 7946 0958.",
            "ID: 0612345678",
            "user_id=0612345678",
            "{\"customer\": {\"id\": \"0171234567\"}}",
            "Votre numéro d'adhérent est le 06 12 34 56 78.",
            "Numéro de réservation : 0612345678.",
            "Code promo 06 12 34 56 78",
            "Número de socio 0612 345 678.",
            "Su localizador es 612 34 56 78.",
            "SIREN 732 829 320",
            "ISBN-10: 0306406152",
            "session=0171234567 took 12 ms",
            // Long numbers in one style: no piece is a phone.
            "Tracking 0034 0434 1610 9404 2557",
            "Número de cuenta 0049 1500 05 1234567890.",
            "Parcel 0612 3456 7890 1234 arrived.",
            // Amounts and counts.
            "Le budget atteint 612 345 678 euros.",
            "El presupuesto es de 912 345 678 € en total.",
            "The fund holds $612 345 678 in bonds.",
            "EUR 612 345 678",
            "Die Stadt hat 612 345 Einwohner.",
            // Dates written with spaces.
            "le 05 03 2024 14 30",
        ] {
            let hits = phones_in(text);
            if !hits.is_empty() {
                wrong.push(format!("{text:?} -> {hits:?}"));
            }
        }
        for (text, phone) in [
            ("My phone number is 0171 1234567.", "0171 1234567"),
            ("Mon numéro de portable : 06 12 34 56 78", "06 12 34 56 78"),
            ("Numéro de téléphone : 01 23 45 67 89", "01 23 45 67 89"),
            ("Teléfono de contacto: 612 345 678", "612 345 678"),
            ("Número de móvil: 612 345 678", "612 345 678"),
            ("Telefonnummer: 030 12345678", "030 12345678"),
            ("Rufnummer 0171 1234567", "0171 1234567"),
            ("Servicenummer 0800 123 4567", "0800 123 4567"),
            ("Tel.-Nr. 089 1234567", "089 1234567"),
            ("Caller ID 020 7946 0958", "020 7946 0958"),
            ("Contact number: +44 20 7946 0958", "+44 20 7946 0958"),
            ("Mon numéro : 06 12 34 56 78", "06 12 34 56 78"),
            ("Atención al cliente: 912 345 678", "912 345 678"),
            ("Durchwahl 030 123456-78", "030 123456-78"),
            (
                "Sie erreichen uns am 15.03.2024 unter 030 12345678.",
                "030 12345678",
            ),
            (
                "Joignable le 15/03/2024 au 06 12 34 56 78.",
                "06 12 34 56 78",
            ),
            ("Call 415 555 2671 24/7", "415 555 2671"),
            ("Phone 0171 1234567, invoice 2024-0042.", "0171 1234567"),
        ] {
            let hits = find(text);
            if hits != vec![(Kind::Phone, phone)] {
                wrong.push(format!("{text:?} -> {hits:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Bare SSNs after a cue (recall first), and nine-digit ids without one (written from how
    /// forms and people write SSNs, not from any corpus).
    #[test]
    fn bare_ssns_after_a_cue() {
        let mut wrong = Vec::new();
        for (text, ssn) in [
            ("SSN 536221234", "536221234"),
            ("SSN: 536221234.", "536221234"),
            ("SSN#536221234", "536221234"),
            ("SSN # 536221234", "536221234"),
            ("My SSN is 536221234.", "536221234"),
            ("social security number: 536221234", "536221234"),
            ("Social Security No. 536221234", "536221234"),
            ("soc. sec. no. 536221234", "536221234"),
            ("SS# 536221234", "536221234"),
            ("SSN (on file): 536221234", "536221234"),
            ("Patient: J. Doe, SSN 536221234", "536221234"),
            ("número de seguro social: 536221234", "536221234"),
            ("\"ssn\": \"536221234\"", "536221234"),
            // Words between the label and the number, labels glued on.
            ("the SSN we have on record is 536221234", "536221234"),
            ("SSN provided by the employee: 536221234", "536221234"),
            ("SSN/TIN 536221234", "536221234"),
            ("S.S.N. 536221234", "536221234"),
            ("SSN des Mitarbeiters lautet 536221234", "536221234"),
            ("従業員のSSN：536221234", "536221234"),
            ("SSN-536221234", "536221234"),
            ("SSN-536-22-1234", "536-22-1234"),
            ("申请表上的SSN是536.22.1234。", "536.22.1234"),
            ("ssn_536221234", "536221234"),
            ("SSN (536221234)", "536221234"),
            ("{\"socialSecurityNumber\": \"536221234\"}", "536221234"),
            ("applicantSSN=536221234", "536221234"),
            ("{\"spouseSSN\": \"536221234\"}", "536221234"),
            ("SSN:\n  536221234", "536221234"),
            ("<ssnNumber>536221234</ssnNumber>", "536221234"),
            ("社会保障番号 536221234", "536221234"),
            ("SSN번호 536221234", "536221234"),
            ("SSN 536.22.1234", "536.22.1234"),
            ("SSN: 536-22-1234", "536-22-1234"),
            // Spaced 3-2-4 with a cue before or after it.
            ("SSN 536 22 1234", "536 22 1234"),
            ("536 22 1234 is the SSN on file", "536 22 1234"),
            ("536 22 1234 (social security number)", "536 22 1234"),
            ("536221234 (SSN)", "536221234"),
            ("536.22.1234 is my SSN", "536.22.1234"),
            ("536221234 is the SSN on file", "536221234"),
            // An SQL insert names the column far from the value.
            (
                "INSERT INTO customers (id, SSN) VALUES (16904, '536221234');",
                "536221234",
            ),
        ] {
            if find(text) != vec![(Kind::Ssn, ssn)] {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        for text in [
            "Order 536221234 has shipped.",
            "Invoice number 536221234",
            "Routing number 021000021",
            "size 200 55 1024",
            "rows: 536 22 1234",
            "id-536-22-1234",
            "INSERT INTO t (ssn_count, x) VALUES (536221234, 1)",
            "Customer ID 536221234",
            "The SSN field is empty; order 536221234 is pending.",
            "Reference 536221234 (SSN verified separately).",
            "SSN 666221234",
            "SSN 900221234",
            "SSN 536001234",
            "SSN 123456789",
            "SSN and order number 536221234",
            "SSN checked, then the invoice 536221234 was paid",
            "ORD-536221234",
            "(536221234)",
            "{\"lessnNumber\": \"536221234\"}",
            "ssn_count=536221234",
            "SSN lookups: 536221234 requests served",
            "SSN field removed in build 536221234",
            "SSNs scanned: 536221234",
            "pii_ssn_detected{route=\"a\"} 536221234",
            "SSN lookup took 536221234 ns",
            "SSN cache size 536221234",
            "ssn check duration_ns=536221234",
            "SSN masking shipped in PR 536221234",
            "The SSN field was renamed in commit 536221234",
            "SSN validation error on line 536221234",
            "SSN on file\nAmount due 536221234",
            "Our social channels drove 536221234 impressions",
            "Social Security paid out 536221234 in benefits last year",
            "socialSecurityWages: 536221234",
            "HH:mm:ss took 536221234 us",
            // Three spaced numbers without a cue: ports, sizes, scores.
            "open ports 443 80 8080",
            "grid 224 32 1024",
            "Scores: 536 22 1234",
            "536 22 1234 order id, SSN pending",
            "Order 536221234 has no SSN",
            "536221234 (no SSN)",
            "Invoice 536221234 is the SSN batch",
            "cache hits 536 22 1234 ssn lookups",
        ] {
            if find(text).iter().any(|(k, _)| *k == Kind::Ssn) {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// IPv4 addresses wherever plain text puts them, and the dotted numbers that are not.
    #[test]
    fn ipv4_in_every_position() {
        let mut wrong = Vec::new();
        for (text, ips) in [
            (
                "Please update 10.20.30.40 in the allow list.",
                &["10.20.30.40"][..],
            ),
            (
                "Please update the record: 78.202.144.134.",
                &["78.202.144.134"],
            ),
            ("The build server 10.1.2.3 is offline.", &["10.1.2.3"]),
            ("API gateway 10.1.2.3 returns 502.", &["10.1.2.3"]),
            (
                "Servers: 10.0.0.1, 10.0.0.2 and 10.0.0.3.",
                &["10.0.0.1", "10.0.0.2", "10.0.0.3"],
            ),
            ("Hosts [8.8.8.8, 1.1.1.1]", &["8.8.8.8", "1.1.1.1"]),
            ("Connect to 192.168.1.20:8080 first.", &["192.168.1.20"]),
            ("Open http://192.168.1.1/admin now", &["192.168.1.1"]),
            ("curl https://10.0.0.5:8443/api", &["10.0.0.5"]),
            ("ssh root@10.0.0.7", &["10.0.0.7"]),
            // A socket address as Java prints it; a version after a package name is none.
            (
                "Connection refused: /192.168.196.48:5432",
                &["192.168.196.48"],
            ),
            ("db.internal/10.1.2.3:5432", &["10.1.2.3"]),
            ("loaded Newtonsoft.Json/13.0.0.1 and libs/1.2.3.4", &[]),
            (
                "Traffic moved from 10.0.0.1 to 10.0.0.2.",
                &["10.0.0.1", "10.0.0.2"],
            ),
            (
                "Block the range 10.0.0.1-10.0.0.9.",
                &["10.0.0.1", "10.0.0.9"],
            ),
            ("Block 10.0.0.1-254 too.", &["10.0.0.1"]),
            ("Subnet 10.8.0.0/24 is ours.", &["10.8.0.0"]),
            ("Ping 8.8.4.4!", &["8.8.4.4"]),
            ("Hosts: 10.0.0.1 10.0.0.2", &["10.0.0.1", "10.0.0.2"]),
            ("服务器地址是10.0.0.1，请检查。", &["10.0.0.1"]),
            ("サーバー10.0.0.1に接続できません。", &["10.0.0.1"]),
            ("inet 10.0.0.4 netmask 255.255.255.0", &["10.0.0.4"]),
            (
                "Legacy host 192.168.001.010 still answers.",
                &["192.168.001.010"],
            ),
            ("1. 10.0.0.1\n2. 10.0.0.2", &["10.0.0.1", "10.0.0.2"]),
        ] {
            let got: Vec<&str> = find(text)
                .into_iter()
                .filter(|(k, _)| *k == Kind::Ipv4)
                .map(|(_, v)| v)
                .collect();
            if got != ips {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        for text in [
            "Version 1.2.3.4 is out.",
            "firmware version 2.4.1.7",
            "Product version number 3.1.4.1",
            "Upgrade from 4.19.2.1 to 4.20.0.3 now.",
            "Update to 2.14.3.1 today.",
            "Section 1.2.3.4 of the spec applies.",
            "See § 4.3.2.1.",
            "Abschnitt 2.1.3.4 gilt.",
            "OID 1.3.6.1.4.1.311",
            "from v4.19.2.1 to 4.20.0.3",
            "netmask 255.255.255.0",
            "version 1.2.3.4.5",
            "1.2.3.4-5.6",
        ] {
            if find(text).iter().any(|(k, _)| *k == Kind::Ipv4) {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Italian, Portuguese, Dutch, Polish and Brazilian numbers as people write them (from the
    /// national plans), more forms of the four languages above, and ids of those languages.
    #[test]
    fn phones_of_india_and_mexico_after_a_phone_word_only() {
        let mut wrong = Vec::new();
        for phone in [
            "98765 43210",
            "98765-43210",
            "55 1234 5678",
            "(33) 1234-5678",
            "81-1234-5678",
        ] {
            for frame in [
                "Call {} today.",
                "Mobile: {}",
                "Teléfono: {}",
                "WhatsApp {}",
            ] {
                let text = frame.replace("{}", phone);
                if find(&text) != vec![(Kind::Phone, phone)] {
                    wrong.push(format!("{text:?} -> {:?}", find(&text)));
                }
            }
        }
        for text in [
            "price range ₹65000-75000",
            "mosh uses UDP ports 60000-61000",
            "ZIPs 90210 90211",
            "rows 65536 98304",
            "dimensions 81 1024 2048",
            "batch sizes 55 2048 4096",
            "wc output: 81 1024 8192 file.txt",
        ] {
            if !find(text).is_empty() {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// A national number with a six-digit first group, and phone words of scripts whose marks
    /// are no letters (the nukta of `फ़ोन`), Cyrillic, Arabic: only after such a word.
    #[test]
    fn six_digit_first_groups_and_phone_words_of_more_scripts() {
        let mut wrong = Vec::new();
        for (text, phone) in [
            ("phone: 070898 25400", "070898 25400"),
            ("{\"tel\": \"070827 03352\"}", "070827 03352"),
            ("puhelinnumero: 098721 18053", "098721 18053"),
            ("फ़ोन नंबर: 070898 25400. धन्यवाद!", "070898 25400"),
            ("телефон: 097 123 4567", "097 123 4567"),
            ("رقم الهاتف: 050 123 4567", "050 123 4567"),
            (
                "INSERT INTO t (id, tel) VALUES (7, '070898 25400')",
                "070898 25400",
            ),
            // Ukraine (area, then dashes), Turkey (trunk alone, area in parentheses), India
            // (STD code and number, 6-5 with a dash): no phone word needed.
            ("Пишіть мені на 093 879-63-90, відповім", "093 879-63-90"),
            (
                "Bana 0 (571) 536 69 36 üzerinden ulaşabilirsiniz.",
                "0 (571) 536 69 36",
            ),
            ("मुझसे 076939-72309 पर संपर्क करें।", "076939-72309"),
            // Russia and Turkey all in spaces: the area in parentheses, a Turkish mobile, or a
            // phone word.
            ("Звоните: 8 (912) 345 67 89", "8 (912) 345 67 89"),
            ("мой телефон 8 912 345 67 89", "8 912 345 67 89"),
            ("Cep: 0 532 123 45 67", "0 532 123 45 67"),
            (
                "Beni 0 532 123 45 67 numarasından arayın",
                "0 532 123 45 67",
            ),
            ("Telefon 0 212 345 67 89", "0 212 345 67 89"),
            // Plans without a trunk prefix and fewer digits, after a phone word.
            ("Ring på 12 34 56 78", "12 34 56 78"),
            ("Tlf. 412 34 567", "412 34 567"),
            ("Call 9123 4567 after six", "9123 4567"),
            ("WhatsApp: 5123 4567", "5123 4567"),
            ("Sími: 612 3456", "612 3456"),
            ("Teléfono: 9 8765 4321", "9 8765 4321"),
            ("Tel. 8 612 34567", "8 612 34567"),
        ] {
            if find(text) != vec![(Kind::Phone, phone)] {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        for text in [
            "order 070898 25400",
            "070898 25400",
            "тело 070898 25400",
            "simulation 070898 25400",
            "سفارش شماره 06098279126 ارسال شد.",
            "رقم الطلب 0501234567",
            "version 2024 123-45-67",
            "Lot 051223-00412",
            "Case 030424-11873",
            "table 05 101-22-33",
            "scores 8 912 345 67 89",
            "rows 0 212 345 67 89",
            "12 34 56 78",
            "scores 12 34 56 78",
            "my pin is 1234 5678",
            "Phone: 2024 2025",
            "Tel: 1000 2000",
            "Call me at (0)20 7946 0958",
            "Phone model 1234 5678",
            "Call duration 12 34 56 78",
            "phone PIN 1234 5678",
        ] {
            if !find(text).is_empty() {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn phone_formats_of_more_plans() {
        let mut wrong = Vec::new();
        for phone in [
            // Italy
            "333 123 4567",
            "333 1234567",
            "333-1234567",
            "333/1234567",
            "333.123.4567",
            "+39 333 123 4567",
            "+39 3331234567",
            "0039 333 1234567",
            "02 12345678",
            "06/1234567",
            "(06) 1234 5678",
            "+39 06 1234 5678",
            "0521 123456",
            // Portugal
            "912 345 678",
            "21 123 4567",
            "212 345 678",
            "+351 912 345 678",
            "+351 21 123 4567",
            "(+351) 912 345 678",
            "00351 212 345 678",
            // Netherlands
            "020 123 4567",
            "020-1234567",
            "06 12345678",
            "06-12345678",
            "010-123 45 67",
            "06 - 12345678",
            "(020) 1234567",
            "+31 6 12345678",
            "+31 (0)20 123 4567",
            "+31 (0)6-12345678",
            "0031 20 1234567",
            // Poland
            "512 345 678",
            "512-345-678",
            "+48 512 345 678",
            "12 345 67 89",
            "(12) 345 67 89",
            "(22) 123-45-67",
            "+48 12 345 67 89",
            // Brazil
            "(11) 91234-5678",
            "(11) 3456-7890",
            "(11) 9 1234-5678",
            "(11)91234-5678",
            "11 91234-5678",
            "+55 11 91234-5678",
            "+55 (11) 91234-5678",
            // More of DE, FR, US
            "0171/123 45 67",
            "030-123 456 78",
            "0 800 12 34 56",
            "+49 (0)30-12345678",
            "1(415)555-2671",
            // Russia (trunk 8)
            "8 (912) 345-67-89",
            "8(912)345-67-89",
            "8 912 345-67-89",
            "8-800-555-35-35",
        ] {
            for frame in [
                "Chiamami al {}.",
                "Telefone: {}",
                "Bel me op {}.",
                "Zadzwoń pod numer {}.",
                "Call {} today.",
                "[{}]",
            ] {
                // Spaced triples from 2 or 5 need a phone word (amounts are written so too).
                if frame == "[{}]" && matches!(phone, "212 345 678" | "512 345 678") {
                    continue;
                }
                let text = frame.replace("{}", phone);
                if find(&text) != vec![(Kind::Phone, phone)] {
                    wrong.push(format!("{text:?} -> {:?}", find(&text)));
                }
            }
        }
        for text in [
            "Numero d'ordine 333 1234567",
            "Partita IVA 01234567890",
            "Codice cliente 0612345678",
            "Encomenda n.º 212 345 678",
            "NIF 212 345 678",
            "Factuur 020-1234567 is betaald.",
            "Klantnummer: 06 12345678",
            "Zamówienie nr 512 345 678 wysłane.",
            "NIP 123-456-78-90",
            "CPF 123.456.789-09",
            "Il budget è di 512 345 678 euro.",
            "Budżet to 512 345 678 zł.",
            "O orçamento é de 212 345 678 reais.",
            "Pages 212 - 345",
            "Range 10 - 20 and 30 - 40",
            "Der Umsatz lag bei 512 768 426.",
            "O volume foi de 214 893 643.",
            "Revenue reached 612 345 000 last year.",
            "Datum 03/2024 14 30 Uhr",
            "Scores 0 123 45 67 89",
            "Lot 212 345 678",
            "Boston, MA 02134-1234",
        ] {
            let hits = phones_in(text);
            if !hits.is_empty() {
                wrong.push(format!("{text:?} -> {hits:?}"));
            }
        }
        // Prepositions are no fillers between an id word and a number, units are not words
        // that happen to follow (`m-f`, Spanish `mi`).
        for (text, phone) in [
            ("Send the invoice to 415-555-2671", "415-555-2671"),
            ("Envíe el pedido a 612 345 678.", "612 345 678"),
            ("Call 415-555-2671 m-f", "415-555-2671"),
            ("Call me on +34 612 345 678 mi amigo", "+34 612 345 678"),
        ] {
            if find(text) != vec![(Kind::Phone, phone)] {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        // Two numbers side by side are two numbers.
        for (text, phones) in [
            (
                "Tel. 030 1234567 / 0171 1234567",
                &["030 1234567", "0171 1234567"][..],
            ),
            (
                "Call 415-555-2671 - 415-555-2672",
                &["415-555-2671", "415-555-2672"],
            ),
        ] {
            let got: Vec<&str> = find(text).into_iter().map(|(_, v)| v).collect();
            if got != phones {
                wrong.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    /// Whose number it is, written the way people do (from the grammar of each language: a
    /// possessive article names the owner, `+` says international).
    #[test]
    fn owners_plans_and_pieces() {
        for (text, phone) in [
            ("Il numero del cliente è 333 123 4567.", "333 123 4567"),
            (
                "Le numéro du client est le +33 6 12 34 56 78.",
                "+33 6 12 34 56 78",
            ),
            (
                "Die Telefonnummer des Kunden lautet 0171-9071416.",
                "0171-9071416",
            ),
            (
                "Die Telefonnummer des Kunden lautet +49 30 57129904.",
                "+49 30 57129904",
            ),
            ("请在六点以后拨打 138-0013-8000 联系我。", "138-0013-8000"),
            ("电话 138 0013 8000", "138 0013 8000"),
            ("tel 138.0013.8000", "138.0013.8000"),
        ] {
            assert_eq!(phones_in(text), vec![(Kind::Phone, phone)], "{text}");
        }
        for id in [
            "Numéro de client 0612345678",
            "Kundennummer 0612345678",
            "Bestellnummer: +49 30 57129904",
            "order 128-0013-8000",
        ] {
            assert!(phones_in(id).is_empty(), "{id}: {:?}", phones_in(id));
        }
        for (text, ssn) in [
            ("My social is 536221234, is that enough?", "536221234"),
            ("SSN del empleado: 536.22.1234.", "536.22.1234"),
            ("SSN of the patient: 536221234", "536221234"),
        ] {
            assert_eq!(find(text), vec![(Kind::Ssn, ssn)], "{text}");
        }
        // A Luhn-valid stretch inside a labelled tracking number is no card; alone it is one.
        assert!(find("Sendungsnummer: 9429 4111 1111 1111 1111 30").is_empty());
        assert_eq!(
            find("Karte 4111 1111 1111 1111"),
            vec![(Kind::CreditCard, "4111 1111 1111 1111")]
        );
        for address in [
            "conversion 10.20.30.40",
            "Diversion from 10.20.30.40 to backup",
            "bump to the DNS server 10.0.0.7",
        ] {
            assert_eq!(find(address).len(), 1, "{address}: {:?}", find(address));
        }
        assert!(find("Spend by channel: social 245112908").is_empty());
        for version in [
            "bump version to 6.6.1.53",
            "[assembly: AssemblyVersion(\"4.12.4.94\")]",
            "minVersion 10.0.0.1",
        ] {
            assert!(find(version).is_empty(), "{version}: {:?}", find(version));
        }
        assert_eq!(
            find("Please update the account: 78.202.144.134."),
            vec![(Kind::Ipv4, "78.202.144.134")]
        );
        // Two spaces join card groups only: columns of logs and tables stay apart.
        assert_eq!(
            find("card 4111  1111  1111  1111."),
            vec![(Kind::CreditCard, "4111  1111  1111  1111")]
        );
        for (text, ip) in [
            ("2024-05-01 12:00:01  10.0.0.1 GET /", "10.0.0.1"),
            ("eth0  1500  10.0.0.1  255.255.255.0", "10.0.0.1"),
            ("404  192.168.1.10  /admin", "192.168.1.10"),
        ] {
            assert!(
                find(text).contains(&(Kind::Ipv4, ip)),
                "{text}: {:?}",
                find(text)
            );
        }
        for text in [
            "ID 1042  4111 1111 1111 1111  12/27",
            "Kundennummer 123  4111 1111 1111 1111",
            "Invoice 2024001  4111111111111111",
        ] {
            assert!(
                find(text).contains(&(Kind::CreditCard, "4111 1111 1111 1111"))
                    || find(text).contains(&(Kind::CreditCard, "4111111111111111")),
                "{text}: {:?}",
                find(text)
            );
        }
        // The rest of an IBAN whose bank code ended the run: no phone in it.
        assert!(phones_in("GB12 NWBK 9767 0668 2906 98").is_empty());
        assert!(phones_in("gb12 nwbk 9767 0668 2906 98").is_empty());
        assert_eq!(
            phones_in("Ref AB 0612 345 678"),
            vec![(Kind::Phone, "0612 345 678")]
        );
    }
}
