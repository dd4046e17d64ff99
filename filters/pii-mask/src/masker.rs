//! Applying a policy to texts: the request side (mask, block, deny lists) and the answer side
//! (scan what the model wrote, restore placeholders), with what happened counted for metrics.

use crate::config::{Action, DenyAction};
use crate::detect::DetectorId;
use crate::escapes::{json_escape, View};
use crate::mask;
use crate::policy::Policy;
use crate::vault::Vault;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// One request's masking state.
#[derive(Debug)]
pub struct Masker {
    pub policy: Arc<Policy>,
    pub vault: Vault,
    /// Values found, by detector, action and direction.
    pub counts: BTreeMap<(DetectorId, Action, Direction), u64>,
    /// The first detector whose action is `block` and that found something.
    pub blocked_by: Option<DetectorId>,
    /// Deny lists that matched, by index in the policy.
    pub deny_hits: Vec<usize>,
    /// Placeholders given back their value in the answer.
    pub restored: u64,
    /// Token-like runs in answers longer than `response.maxTokenBytes`, replaced whole.
    pub long_runs: u64,
    /// Touching boundaries of adjacent request texts this request may still decide (see
    /// [`crate::joined::reading`]).
    pub joined_budget: usize,
}

/// What a span of an answer becomes.
enum Span {
    /// A placeholder of this request: its value.
    Restore(String),
    /// A value a detector found.
    Found(DetectorId),
    /// A token-like run longer than the configured bound.
    LongRun,
}

/// What a streamed channel is in the middle of dropping (after an over-long secret was
/// replaced at the bound).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Skip {
    #[default]
    Nothing,
    /// The rest of a run of token characters.
    Run,
    /// The rest of a PEM block, up to its `-----END ... PRIVATE KEY-----` line.
    Pem,
}

/// How often a masked request text is read again for values its replacements uncovered.
const MAX_REREADS: usize = 3;

/// The replacement of a token-like run longer than `response.maxTokenBytes`.
pub const LONG_RUN: &str = "[TOKEN]";

/// Characters of keys, tokens, JWTs, base64, URLs and emails (`@`: a local part sent before its
/// domain arrived could no longer be found): a run of them may be a secret that is not complete
/// yet, so a stream never releases part of one.
/// Invisible, full-width and look-alike characters count too: detection reads through them (see
/// `detect::normalize`), so a key with one inside is still one run.
pub fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=' | '%' | '@')
        || matches!(
            c,
            '\u{ff01}'..='\u{ff5e}' | '\u{fe6b}' | '\u{fe52}' | '\u{ff61}' | '\u{2024}'
        )
        || crate::detect::normalize::invisible(c)
}

impl Masker {
    /// `seed` differs per request: it makes this request's placeholders (see [`Vault`]).
    pub fn new(policy: Arc<Policy>, seed: u64) -> Self {
        Masker {
            policy,
            vault: Vault::new(seed),
            counts: BTreeMap::new(),
            blocked_by: None,
            deny_hits: Vec::new(),
            restored: 0,
            long_runs: 0,
            joined_budget: crate::joined::MAX_DECIDED,
        }
    }

    /// The first deny list that blocks, if any matched.
    pub fn denied_by(&self) -> Option<&str> {
        self.deny_hits
            .iter()
            .filter_map(|&i| self.policy.deny.get(i))
            .find(|d| d.action == DenyAction::Block)
            .map(|d| d.name.as_str())
    }

    /// Deny lists that only alert, comma-separated.
    pub fn alerts(&self) -> Vec<&str> {
        self.deny_hits
            .iter()
            .filter_map(|&i| self.policy.deny.get(i))
            .filter(|d| d.action == DenyAction::Alert)
            .map(|d| d.name.as_str())
            .collect()
    }

    /// Request side: checks deny lists and rewrites the values in place. Returns whether it
    /// changed. Detection runs on the text with its JSON escapes decoded (`\u002d` is `-`);
    /// `json_text` marks JSON text (tool-call arguments), whose replacements are JSON-escaped.
    pub fn mask_request_text(&mut self, text: &mut String, json_text: bool) -> bool {
        let policy = self.policy.clone();
        let view = View::decode(text, true);
        for (i, list) in policy.deny.iter().enumerate() {
            if !self.deny_hits.contains(&i)
                && (list.matches(&view.text)
                    || (view.text.len() != text.len() && list.matches(text)))
            {
                self.deny_hits.push(i);
            }
        }
        let decoded = view.text.len() != text.len() || view.text != *text;
        let first = self.mask_findings(text, &view, json_text, &[]);
        if first.is_none() && !decoded {
            return false;
        }
        let (mut out, mut replaced) = first.unwrap_or_else(|| (text.clone(), Vec::new()));
        // Escapes can also hide a value that only the raw text shows (`\\r@example.de`
        // decodes to a line break before `@`), and the provider may read either; and a
        // replacement changes what is around the next value (`+1 415 555 01+1 415 555 01`
        // shows its second number once the first is a placeholder). So the result is read
        // again, as it is, until nothing new shows; replacements already made are kept.
        for _ in 0..MAX_REREADS {
            if self.blocked_by.is_some() {
                break; // refused anyway
            }
            let view = View::identity(&out);
            let Some(next) = self.mask_findings(&out, &view, json_text, &replaced) else {
                break;
            };
            (out, replaced) = next;
        }
        let changed = out != *text;
        *text = out;
        changed
    }

    /// `text` with every value `view` (a view of `text`) shows replaced, except values that
    /// overlap `kept` (ranges of `text` that are replacements already). `None` when there was
    /// nothing to replace; else the new text and where its replacements are (`kept` too).
    fn mask_findings(
        &mut self,
        text: &str,
        view: &View<'_>,
        json_text: bool,
        kept: &[(usize, usize)],
    ) -> Option<(String, Vec<(usize, usize)>)> {
        let policy = self.policy.clone();
        let findings: Vec<_> = policy
            .scanner
            .scan(&view.text)
            .into_iter()
            .filter(|f| {
                let (s, e) = (view.raw(f.start), view.raw(f.end));
                !kept.iter().any(|&(ks, ke)| s < ke && ks < e)
            })
            .collect();
        if findings.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        // Replacements made here: (start, end) in `text`, and where they are in `out`.
        let mut edits: Vec<(usize, usize, usize, usize)> = Vec::new();
        for f in findings {
            let action = policy.action(f.detector);
            *self
                .counts
                .entry((f.detector, action, Direction::Request))
                .or_insert(0) += 1;
            if action == Action::Block {
                self.blocked_by.get_or_insert(f.detector);
                continue;
            }
            let (s, e) = (view.raw(f.start), view.raw(f.end));
            out.push_str(text.get(at..s).unwrap_or(""));
            let replacement = self.replacement(
                f.detector,
                action,
                view.text.get(f.start..f.end).unwrap_or(""),
            );
            let out_start = out.len();
            out.push_str(&encode(&replacement, json_text));
            edits.push((s, e, out_start, out.len()));
            at = e;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        let mut replaced: Vec<(usize, usize)> = edits.iter().map(|&(_, _, a, b)| (a, b)).collect();
        // A kept range moves by what the edits before it changed in length.
        for &(ks, ke) in kept {
            let shift: isize = edits
                .iter()
                .filter(|&&(_, e, _, _)| e <= ks)
                .map(|&(s, e, a, b)| (b - a) as isize - (e - s) as isize)
                .sum();
            let moved = |i: usize| i.saturating_add_signed(shift);
            replaced.push((moved(ks), moved(ke)));
        }
        replaced.sort_unstable();
        Some((out, replaced))
    }

    /// Request side, adjacent texts (text parts of one message, consecutive messages of one
    /// role: `"card 4111 1111"`, `" 1111 1111"`): a value running across them is replaced as
    /// one, the replacement where it starts and the rest of it removed from the next texts.
    /// Texts that touch without a space are read as [`crate::joined`] decides, so a value
    /// ending where its text ends does not swallow the start of the next one. A value inside
    /// one text that only the texts around it show (`see agai` + `n more +44 20 7946 0958`:
    /// alone, `n` reads as a number label) is replaced here too; the rest is left to
    /// [`Masker::mask_request_text`] on each text. Returns whether a text changed.
    pub fn mask_across_parts(&mut self, parts: &mut [String]) -> bool {
        if parts.len() < 2 {
            return false;
        }
        self.deny_across(parts);
        let policy = self.policy.clone();
        let (reading, found) =
            crate::joined::reading(&policy.scanner, parts, &mut self.joined_budget);
        // Replacements in reading order (placeholders are numbered in it), applied from the
        // last so earlier offsets stay valid.
        let mut edits = Vec::new();
        // What each text alone shows is left to the pass over each text (which numbers
        // placeholders in document order); only what needs the texts around it is done here.
        let mut alone: Vec<Option<Vec<(usize, usize)>>> = vec![None; parts.len()];
        for f in &found {
            let Some((a, b)) = reading.span_parts(f) else {
                continue;
            };
            if a == b {
                let start = reading.starts.get(a).copied().unwrap_or_default();
                let spans = alone.get_mut(a).map(|slot| {
                    slot.get_or_insert_with(|| {
                        let text = parts.get(a).map_or("", String::as_str);
                        let found = policy.scanner.scan(text);
                        found
                            .iter()
                            .map(|g| (start + g.start, start + g.end))
                            .collect()
                    })
                });
                if spans.is_some_and(|spans| spans.contains(&(f.start, f.end))) {
                    continue;
                }
            }
            let action = policy.action(f.detector);
            *self
                .counts
                .entry((f.detector, action, Direction::Request))
                .or_insert(0) += 1;
            if action == Action::Block {
                self.blocked_by.get_or_insert(f.detector);
                continue;
            }
            let value = reading.text.get(f.start..f.end).unwrap_or("");
            let replacement = self.replacement(f.detector, action, value);
            edits.push((*f, a, b, replacement));
        }
        let changed = !edits.is_empty();
        for (f, a, b, replacement) in edits.into_iter().rev() {
            let a_start = reading.starts.get(a).copied().unwrap_or_default();
            let b_start = reading.starts.get(b).copied().unwrap_or_default();
            let tail = parts
                .get(b)
                .and_then(|last| last.get(f.end.saturating_sub(b_start)..))
                .unwrap_or("")
                .to_string();
            for middle in parts.iter_mut().take(b).skip(a + 1) {
                middle.clear();
            }
            if a < b {
                if let Some(last) = parts.get_mut(b) {
                    *last = tail.clone();
                }
            }
            if let Some(first) = parts.get_mut(a) {
                let head = first
                    .get(..f.start.saturating_sub(a_start))
                    .unwrap_or("")
                    .to_string();
                *first = head + &replacement + if a == b { tail.as_str() } else { "" };
            }
        }
        changed
    }

    /// Deny phrases split across adjacent texts: read joined as they are (`proj` +
    /// `ect falcon`) and with a line break between them (`project` + `falcon`).
    pub fn deny_across(&mut self, parts: &[String]) {
        if parts.len() < 2 || self.policy.deny.is_empty() {
            return;
        }
        let policy = self.policy.clone();
        let joined = parts.concat();
        let lines = parts.join("\n");
        for (i, list) in policy.deny.iter().enumerate() {
            if !self.deny_hits.contains(&i) && (list.matches(&joined) || list.matches(&lines)) {
                self.deny_hits.push(i);
            }
        }
    }

    /// The first detector that finds something in a `model` name (counted as a block).
    pub fn scan_model(&mut self, model: &str) -> Option<String> {
        let policy = self.policy.clone();
        let view = View::decode(model, true);
        let found = policy.scanner.scan(&view.text).into_iter().next()?;
        *self
            .counts
            .entry((found.detector, Action::Block, Direction::Request))
            .or_insert(0) += 1;
        Some(policy.detector_name(found.detector).to_string())
    }

    fn replacement(&mut self, id: DetectorId, action: Action, value: &str) -> String {
        let policy = self.policy.clone();
        let label = policy.label(id);
        match action {
            Action::Redact | Action::Block => mask::redact(label),
            Action::Mask => mask::mask(policy.scanner.kind(id), label, value),
            Action::Hash => {
                let key = policy.hash_key.as_deref().unwrap_or_default();
                mask::hash(
                    label,
                    key,
                    value,
                    policy.config.hash.as_ref().map_or(16, |h| h.length),
                )
            }
            Action::Placeholder => self.vault.placeholder(label, value),
        }
    }

    /// Whether answers need rewriting at all.
    pub fn rewrites_answers(&self) -> bool {
        let response = &self.policy.config.response;
        (response.restore && !self.vault.is_empty())
            || (response.scan && !self.policy.scanner.is_empty())
    }

    /// Answer side, streaming-safe. `context` is the tail of the answer already sent (for word
    /// boundaries), `pending` what has not been sent. Returns how many bytes of `pending` are
    /// settled and their rewritten text; the rest must wait for more text unless `last`.
    ///
    /// Settled means: at least `windowBytes` before the end of what is known (so any value or
    /// placeholder shorter than the window is seen whole), never inside a value, a placeholder
    /// or an open PEM block, and (with `response.scan`) never inside a run of token characters
    /// that may still continue: a key or JWT of any length is seen whole before any of it is
    /// sent. A run longer than `response.maxTokenBytes` is replaced by `[TOKEN]` whole, in
    /// streams (then `skipping` is set and the rest of the run is dropped as it arrives) and in
    /// whole answers alike, so every chunking gives the same text.
    ///
    /// `json_text` marks tool-call arguments: detection sees their JSON escapes decoded and
    /// replacements are JSON-escaped.
    pub fn rewrite_answer(
        &mut self,
        skip: &mut Skip,
        context: &str,
        pending: &str,
        last: bool,
        json_text: bool,
    ) -> (usize, String) {
        let policy = self.policy.clone();
        let response = &policy.config.response;
        let mut full = String::with_capacity(context.len() + pending.len());
        full.push_str(context);
        full.push_str(pending);
        let view = if json_text {
            View::decode(&full, last)
        } else {
            View::identity(&full)
        };
        let text: &str = &view.text;
        let raw_base = context.len();
        let mut base = view.decoded(raw_base);
        match *skip {
            Skip::Nothing => {}
            Skip::Run => {
                // The rest of an over-long run: dropped, up to the first character that ends it.
                let run = text
                    .get(base..)
                    .unwrap_or("")
                    .find(|c: char| !token_char(c));
                match run {
                    None if !last => return (view.raw_len.saturating_sub(raw_base), String::new()),
                    None => base = text.len(),
                    Some(k) => base += k,
                }
                *skip = Skip::Nothing;
            }
            Skip::Pem => match pem_end(text, base) {
                Some(end) => {
                    base = end;
                    *skip = Skip::Nothing;
                }
                None if last => {
                    base = text.len();
                    *skip = Skip::Nothing;
                }
                None => {
                    // Keep what could be the start of the END line.
                    let keep =
                        floor_char_boundary(text, text.len().saturating_sub(PEM_END_MAX)).max(base);
                    return (view.raw(keep).saturating_sub(raw_base), String::new());
                }
            },
        }
        let mut spans: Vec<(usize, usize, Span)> = Vec::new();
        if response.restore {
            for (s, e, value) in self.vault.find(text) {
                if s >= base {
                    spans.push((s, e, Span::Restore(value.to_string())));
                }
            }
        }
        let mut cut = if last {
            text.len()
        } else {
            floor_char_boundary(text, text.len().saturating_sub(hold_bytes(response))).max(base)
        };
        let mut open_run = None;
        let mut long_pem = None;
        if response.scan {
            let long = long_runs(text, base, response.max_token_bytes);
            spans.retain(|(s, e, _)| !long.iter().any(|(ls, le)| s < le && ls < e));
            for f in policy.scanner.scan(text) {
                let overlaps = |a: usize, b: usize| f.start < b && a < f.end;
                if f.start >= base
                    && !spans.iter().any(|(s, e, _)| overlaps(*s, *e))
                    && !long.iter().any(|(s, e)| overlaps(*s, *e))
                {
                    spans.push((f.start, f.end, Span::Found(f.detector)));
                }
            }
            spans.extend(long.into_iter().map(|(s, e)| (s, e, Span::LongRun)));
            if !last {
                match open_pem_block(text.get(base..).unwrap_or("")) {
                    Pem::Closed => {}
                    Pem::Open(begin) => cut = cut.min(base + begin),
                    Pem::TooLong(begin) => {
                        cut = cut.min(base + begin);
                        long_pem = Some(base + begin);
                    }
                }
                open_run = trailing_run(text, base);
            }
        }
        spans.sort_by_key(|s| s.0);
        // Move the cut back until it splits neither a value nor a token run.
        loop {
            let before = cut;
            for (s, e, _) in spans.iter().rev() {
                if *s < cut && *e > cut {
                    cut = *s;
                }
            }
            if response.scan && !last {
                cut = run_start(text, cut).max(base);
                cut = email_start(text, cut).max(base);
            }
            if cut == before {
                break;
            }
        }
        // An open run or PEM block past its bound: replace what is known of it now (and whatever
        // was held before it), drop the rest as it arrives. Never released in part.
        let mut end = cut;
        let mut cut_off = None;
        if let Some(begin) = long_pem.filter(|b| cut <= *b) {
            end = floor_char_boundary(text, text.len().saturating_sub(PEM_END_MAX)).max(begin);
            cut_off = Some(Skip::Pem);
        } else if let Some(run) =
            open_run.filter(|r| cut <= *r && text.len() - r > response.max_token_bytes)
        {
            // What is held before the run is settled now (the hold can be longer than the
            // run's bound): up to the run, or to the start of a value the run continues.
            let mut keep = run;
            for (s, e, _) in &spans {
                if *s < keep && *e > keep {
                    keep = *s;
                }
            }
            cut = cut.max(keep);
            end = text.len().max(run);
            cut_off = Some(Skip::Run);
        }
        let mut out = String::with_capacity(cut.saturating_sub(base) + 16);
        let mut at = base;
        for (s, e, what) in spans {
            if e > cut {
                break;
            }
            out.push_str(full.get(view.raw(at)..view.raw(s)).unwrap_or(""));
            let replacement = match what {
                Span::Restore(value) => {
                    self.restored += 1;
                    value
                }
                Span::Found(id) => {
                    let action = policy.response_action(id);
                    *self
                        .counts
                        .entry((id, action, Direction::Response))
                        .or_insert(0) += 1;
                    self.replacement(id, action, text.get(s..e).unwrap_or(""))
                }
                Span::LongRun => {
                    self.long_runs += 1;
                    LONG_RUN.to_string()
                }
            };
            out.push_str(&encode(&replacement, json_text));
            at = e;
        }
        out.push_str(full.get(view.raw(at)..view.raw(cut)).unwrap_or(""));
        if let Some(what) = cut_off {
            self.long_runs += 1;
            out.push_str(LONG_RUN);
            *skip = what;
        }
        let consumed = if cut_off == Some(Skip::Run) {
            view.raw_len
        } else {
            view.raw(end)
        };
        (consumed.saturating_sub(raw_base), out)
    }

    /// A whole answer text at once (non-streaming responses).
    pub fn rewrite_whole_answer(&mut self, text: &str, json_text: bool) -> String {
        self.rewrite_answer(&mut Skip::Nothing, "", text, true, json_text)
            .1
    }
}

/// Bytes a streamed answer holds back: the window, and with `scan` at least as much as the
/// rules read after a value (a shorter window would let a cue arriving later decide
/// differently from the whole answer).
fn hold_bytes(response: &crate::config::ResponseConfig) -> usize {
    if response.scan {
        response
            .window_bytes
            .max(crate::detect::CONTEXT_AFTER_BYTES)
    } else {
        response.window_bytes
    }
}

/// A replacement as it goes into the text: JSON-escaped inside JSON text.
fn encode(replacement: &str, json_text: bool) -> String {
    if json_text {
        json_escape(replacement)
    } else {
        replacement.to_string()
    }
}

/// Where the run of token characters that `cut` is inside of starts (`cut` itself when it is
/// not inside one).
fn run_start(text: &str, cut: usize) -> usize {
    let after = text.get(cut..).and_then(|t| t.chars().next());
    if !after.is_some_and(token_char) {
        return cut;
    }
    let before = text.get(..cut).unwrap_or("");
    before
        .char_indices()
        .rev()
        .take_while(|(_, c)| token_char(*c))
        .last()
        .map_or(cut, |(i, _)| i)
}

/// Characters of an address (what the email pattern takes on either side of `@`).
fn email_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '@')
}

/// Where an address that `cut` is inside of may start (`cut` itself when there is none): a run
/// of address characters around `cut` with an `@` in it, the local part at most 64 bytes
/// before the `@` (longer ones are no address). Token runs cover ASCII addresses already; this
/// holds those with letters like `ü` or `é` whole (`jürgen.müller@beispiel.de`), even when
/// longer than the window.
fn email_start(text: &str, cut: usize) -> usize {
    // An address is at most 64 + 1 + 255 bytes: an `@` further back is not this value's.
    const MAX_EMAIL: usize = 64 + 1 + 255;
    let (Some(before), Some(after)) = (text.get(..cut), text.get(cut..)) else {
        return cut;
    };
    if !after.chars().next().is_some_and(email_char) {
        return cut;
    }
    let run_start = before
        .char_indices()
        .rev()
        .take_while(|(i, c)| email_char(*c) && cut - i <= MAX_EMAIL)
        .last()
        .map_or(cut, |(i, _)| i);
    let run_end = cut
        + after
            .char_indices()
            .take_while(|(_, c)| email_char(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
    let run = text.get(run_start..run_end).unwrap_or("");
    for (k, _) in run.match_indices('@') {
        let at = run_start + k;
        let local = text.get(run_start..at).unwrap_or("");
        let local_start = local
            .char_indices()
            .rev()
            .take_while(|(i, c)| *c != '@' && at - (run_start + i) <= 64)
            .last()
            .map_or(at, |(i, _)| run_start + i);
        if local_start < cut {
            return local_start;
        }
    }
    cut
}

/// The start of a run of token characters that reaches the end of `text` (it may continue).
fn trailing_run(text: &str, base: usize) -> Option<usize> {
    let tail = text.get(base..)?;
    let start = tail
        .char_indices()
        .rev()
        .take_while(|(_, c)| token_char(*c))
        .last()
        .map(|(i, _)| base + i)?;
    Some(start)
}

/// Complete runs of token characters (followed by another character) from `base` on that are
/// longer than `max` bytes.
fn long_runs(text: &str, base: usize, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if text.len().saturating_sub(base) <= max {
        return out;
    }
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (token_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if s >= base && i - s > max && i < text.len() {
                    out.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    // A run that ends the text counts too when nothing more will come; the caller decides.
    if let Some(s) = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| token_char(*c))
        .last()
        .map(|(i, _)| i)
    {
        if s >= base && text.len() - s > max {
            out.push((s, text.len()));
        }
    }
    out
}

/// Longest PEM block held back whole; a longer one is replaced (see [`Skip::Pem`]).
const PEM_MAX_HOLD: usize = 16 * 1024;
/// Longest `-----END ... PRIVATE KEY-----` line (`[A-Z ]{0,20}` between).
const PEM_END_MAX: usize = 48;

enum Pem {
    Closed,
    /// Begun at this offset and not ended: hold it back whole.
    Open(usize),
    /// Begun at this offset, not ended, longer than [`PEM_MAX_HOLD`].
    TooLong(usize),
}

/// The last PEM private-key block of `text`, if it has begun but its END line is not complete
/// (`-----END` alone is not enough: the detector needs the whole line to find the block).
fn open_pem_block(text: &str) -> Pem {
    let Some(begin) = text.rfind("-----BEGIN") else {
        return Pem::Closed;
    };
    if pem_end(text, begin).is_some() {
        return Pem::Closed;
    }
    if text.len() - begin <= PEM_MAX_HOLD {
        Pem::Open(begin)
    } else {
        Pem::TooLong(begin)
    }
}

/// Where the first complete `-----END ... PRIVATE KEY-----` line at or after `from` ends.
fn pem_end(text: &str, from: usize) -> Option<usize> {
    let tail = text.get(from..)?;
    let end = tail.find("-----END")?;
    let line = tail.get(end..)?;
    let close = line.find("PRIVATE KEY-----")?;
    (close <= PEM_END_MAX).then_some(from + end + close + "PRIVATE KEY-----".len())
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::policy::load_policies;

    pub fn policy(json: &str) -> Arc<Policy> {
        load_policies(json.as_bytes(), &|_| Some("test-key".into()))
            .unwrap()
            .default
            .unwrap()
    }

    /// `<LABEL_n_TOKEN>` as this masker issues it.
    pub fn ph(m: &Masker, name: &str) -> String {
        format!("<{name}_{}>", m.vault.token())
    }

    #[test]
    fn request_actions() {
        let p = policy(
            r#"{"default":{"detectors":{"email":{"action":"placeholder"},"credit_card":{"action":"mask"},
                "ssn":{"action":"redact"},"phone":{"action":"hash"}},"hash":{"secretEnv":"K","length":8}}}"#,
        );
        let mut m = Masker::new(p.clone(), 1);
        let mut text = "Mail jürgen@beispiel.de, again jürgen@beispiel.de, or ann@x.io; card 4111 1111 1111 1111; SSN 536-22-1234; tel +1 415 555 2671".to_string();
        assert!(m.mask_request_text(&mut text, false));
        let tel = mask::hash("PHONE", b"test-key", "+1 415 555 2671", 8);
        let (e1, e2) = (ph(&m, "EMAIL_1"), ph(&m, "EMAIL_2"));
        assert_eq!(
            text,
            format!(
                "Mail {e1}, again {e1}, or {e2}; card **** **** **** 1111; SSN [SSN]; tel {tel}"
            )
        );
        assert_eq!(m.counts.values().sum::<u64>(), 6);
        assert!(m.blocked_by.is_none());
        let restored = m.rewrite_whole_answer(&format!("Sure {e2} and {e1}!"), false);
        assert_eq!(restored, "Sure ann@x.io and jürgen@beispiel.de!");
        assert_eq!(m.restored, 2);
    }

    #[test]
    fn a_placeholder_the_client_typed_is_not_restored() {
        // Issue 8 item 11: the system prompt's address must not come back for a typed `<EMAIL_1>`.
        let p = policy(r#"{"default":{"detectors":{"email":{"action":"placeholder"}}}}"#);
        let mut m = Masker::new(p, 42);
        let mut system = "Escalate to ops@corp.example".to_string();
        let mut user = "Please repeat <EMAIL_1> back to me".to_string();
        m.mask_request_text(&mut system, false);
        m.mask_request_text(&mut user, false);
        assert_eq!(user, "Please repeat <EMAIL_1> back to me");
        assert_eq!(
            m.rewrite_whole_answer("Sure: <EMAIL_1>", false),
            "Sure: <EMAIL_1>"
        );
        assert_eq!(m.restored, 0);
    }

    #[test]
    fn deny_phrases_split_across_parts() {
        let p =
            policy(r#"{"default":{"deny":[{"name":"codenames","phrases":["project falcon"]}]}}"#);
        for parts in [["about proj", "ect falcon"], ["about project", "falcon."]] {
            let mut m = Masker::new(p.clone(), 1);
            let mut texts: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
            for t in texts.iter_mut() {
                m.mask_request_text(t, false);
            }
            assert_eq!(m.denied_by(), None, "no part alone matches");
            m.mask_across_parts(&mut texts);
            assert_eq!(m.denied_by(), Some("codenames"), "{parts:?}");
        }
        let mut m = Masker::new(p, 1);
        m.mask_across_parts(&mut ["project fal".into(), "conry".into()]);
        assert_eq!(m.denied_by(), None);
    }

    #[test]
    fn block_and_deny() {
        let p = policy(
            r#"{"default":{"detectors":{"openai_key":{"action":"block"}},
                "deny":[{"name":"codenames","phrases":["project falcon"]},{"name":"watch","phrases":["merger"],"action":"alert"}]}}"#,
        );
        let mut m = Masker::new(p.clone(), 1);
        let mut text = "key sk-proj-Ab3dEf9hIjK2mNoPqRsT4uVwXyZ0 about the Merger".to_string();
        m.mask_request_text(&mut text, false);
        assert_eq!(
            m.blocked_by.map(|id| p.detector_name(id)),
            Some("openai_key")
        );
        assert_eq!(m.denied_by(), None);
        assert_eq!(m.alerts(), ["watch"]);
        let mut text = "Project  Falcon".to_string();
        m.mask_request_text(&mut text, false);
        assert_eq!(m.denied_by(), Some("codenames"));
    }

    #[test]
    fn escaped_values_in_json_text_are_found_and_replaced_whole() {
        // Issue 8 item 7: the arguments string holds JSON text with its own escapes.
        let p = policy(
            r#"{"default":{"detectors":{"email":{"action":"placeholder"},"openai_key":{"action":"redact"}}}}"#,
        );
        let mut m = Masker::new(p, 3);
        let mut args = r#"{"key":"sk\u002dproj\u002dAb3dEf9hIjK2mNoPqRsT4uVwXyZ0","to":"j\u00fcrgen.m\u00fcller@beispiel.de"}"#.to_string();
        assert!(m.mask_request_text(&mut args, true));
        let e1 = ph(&m, "EMAIL_1");
        assert_eq!(args, format!(r#"{{"key":"[OPENAI_KEY]","to":"{e1}"}}"#));
        let parsed: serde_json::Value = serde_json::from_str(&args).unwrap();
        assert_eq!(parsed["to"], e1.as_str());
        // And back: the restored value is JSON-escaped into the arguments.
        let answer = m.rewrite_whole_answer(&format!(r#"{{"to":"{e1}"}}"#), true);
        let parsed: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(parsed["to"], "jürgen.müller@beispiel.de");
    }

    #[test]
    fn answers_hold_back_inside_values_and_escape_json() {
        let p = policy(
            r#"{"default":{"detectors":{"email":{"action":"placeholder"}},"response":{"scan":true,"windowBytes":64}}}"#,
        );
        let mut m = Masker::new(p.clone(), 1);
        let mut text = "a \"quoted\"@x.io".to_string();
        m.vault.placeholder("EMAIL", "say\"hi\"@x.io");
        m.mask_request_text(&mut text, false);
        let e1 = ph(&m, "EMAIL_1");
        assert_eq!(
            m.rewrite_whole_answer(&format!(r#"{{"to":"{e1}"}}"#), true),
            r#"{"to":"say\"hi\"@x.io"}"#
        );
        // A value straddling the window edge is held whole.
        let pending = format!(
            "{}write to bob@example.com{}",
            "x ".repeat(20),
            " y".repeat(155)
        );
        let (n, out) = m.rewrite_answer(&mut Skip::Nothing, "", &pending, false, false);
        assert_eq!(out, "x ".repeat(20) + "write to ");
        assert_eq!(&pending[n..n + 3], "bob");
        let (_, rest) =
            m.rewrite_answer(&mut Skip::Nothing, "write to ", &pending[n..], true, false);
        assert!(rest.starts_with("[EMAIL]"), "{rest}");
    }

    /// Feeds `text` in `step`-byte pieces through the hold-back rule; returns everything sent
    /// and each intermediate output.
    fn stream(m: &mut Masker, text: &str, step: usize) -> (String, Vec<String>) {
        let mut hold =
            llm_filters_core::hold_back::HoldBack::new(crate::detect::CONTEXT_BEFORE_BYTES);
        let mut skipping = Skip::Nothing;
        let (mut sent, mut seen) = (String::new(), Vec::new());
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let mut end = (at + step).min(bytes.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let piece = &text[at..end];
            sent.push_str(&hold.push(piece, &mut |c, p, l| {
                m.rewrite_answer(&mut skipping, c, p, l, false)
            }));
            seen.push(sent.clone());
            at = end;
        }
        sent.push_str(&hold.finish(&mut |c, p, l| m.rewrite_answer(&mut skipping, c, p, l, false)));
        (sent, seen)
    }

    #[test]
    fn cues_far_from_a_value_decide_it_in_streams_as_in_whole_answers() {
        // A hostile review: with `windowBytes: 64` a `(SSN)` gloss 80 bytes after the number,
        // or a mail word 40 bytes after a spaced address, arrived after the value had been sent.
        let p = policy(
            r#"{"default":{"detectors":{"ssn":{"action":"redact"},"email":{"action":"redact"}},"response":{"scan":true,"windowBytes":64}}}"#,
        );
        for (answer, value) in [
            (
                "My number is 536221234 and that is what the bank wrote down for me on the form last week (SSN).",
                "536221234",
            ),
            (
                "(fleet @ fjordlite.no) — това имам записано като имейл адрес.",
                "fleet @ fjordlite.no",
            ),
            (
                "(SSN) для анкеты в банке, пожалуйста, запишите вот это число: 536221234.",
                "536221234",
            ),
        ] {
            let mut m = Masker::new(p.clone(), 1);
            let whole = m.rewrite_whole_answer(answer, false);
            assert!(!whole.contains(value), "whole answer masks it: {whole}");
            for step in [1, 3, 7] {
                let (sent, seen) = stream(&mut m, answer, step);
                assert_eq!(sent, whole, "step {step}");
                assert!(seen.iter().all(|s| !s.contains(value)), "step {step}");
            }
        }
    }

    /// A JWT of `len` bytes whose payload (claims) is the long part, as in real tokens: no
    /// pattern can match it before its signature, long after the window.
    fn jwt(len: usize) -> String {
        let (head, sig) = (
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
            ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        );
        let claims: String = (0..len.saturating_sub(head.len() + sig.len() + 3))
            .map(|i| char::from(b"AbCdEf0123456789_-xyZ"[i % 21]))
            .collect();
        format!("{head}eyJ{claims}{sig}")
    }

    #[test]
    fn a_jwt_longer_than_the_window_is_never_sent_in_part() {
        // Issue 8 item 8: the 256-byte window released the start of a 1 KB JWT.
        let p = policy(
            r#"{"default":{"detectors":{"jwt":{"action":"redact"}},"response":{"scan":true}}}"#,
        );
        for len in [300, 1000, 5000] {
            let token = jwt(len);
            let answer = format!(
                "Your token is {token} — keep it safe. {}",
                "More text. ".repeat(40)
            );
            let mut m = Masker::new(p.clone(), 1);
            let (sent, seen) = stream(&mut m, &answer, 7);
            assert_eq!(sent, answer.replace(&token, "[JWT]"), "len {len}");
            assert!(
                seen.iter().all(|s| !s.contains("eyJhbG")),
                "no prefix of the token was released (len {len})"
            );
            assert_eq!(
                sent,
                m.rewrite_whole_answer(&answer, false),
                "same as unstreamed"
            );
        }
    }

    #[test]
    fn pem_blocks_are_held_until_their_end_line_and_replaced_past_the_bound() {
        let p = policy(
            r#"{"default":{"detectors":{"private_key":{"action":"redact"}},"response":{"scan":true,"windowBytes":64}}}"#,
        );
        let line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n";
        for lines in [3, 400] {
            let pem = format!(
                "-----BEGIN PRIVATE KEY-----\n{}-----END PRIVATE KEY-----",
                line.repeat(lines)
            );
            let answer = format!("Here:\n{pem}\nDone.");
            for step in [3, 7, 64] {
                let mut m = Masker::new(p.clone(), 1);
                let (sent, seen) = stream(&mut m, &answer, step);
                assert!(
                    seen.iter().all(|s| !s.contains("MIIEvQ")),
                    "{lines} lines, step {step}: key body released"
                );
                let expected = if lines == 3 {
                    "Here:\n[PRIVATE_KEY]\nDone."
                } else {
                    "Here:\n[TOKEN]\nDone."
                };
                assert_eq!(sent, expected, "{lines} lines, step {step}");
            }
        }
    }

    #[test]
    fn a_token_run_past_the_bound_is_replaced_not_released() {
        let p = policy(
            r#"{"default":{"detectors":{"jwt":{"action":"redact"}},"response":{"scan":true,"maxTokenBytes":256}}}"#,
        );
        let token = jwt(2000);
        let answer = format!("Token: {token} ok");
        let mut m = Masker::new(p.clone(), 1);
        let (sent, seen) = stream(&mut m, &answer, 50);
        assert_eq!(sent, "Token: [TOKEN] ok");
        assert!(seen.iter().all(|s| !s.contains("eyJ")));
        assert_eq!(
            m.rewrite_whole_answer(&answer, false),
            "Token: [TOKEN] ok",
            "unstreamed: the same"
        );
        assert!(
            seen.len() > 10 && seen[seen.len() / 2].ends_with("[TOKEN]"),
            "replaced at the bound, not at the end"
        );
    }
}
