//! Applying a policy to texts: the request side (mask, block, deny lists) and the answer side
//! (scan what the model wrote, restore placeholders), with what happened counted for metrics.

use crate::config::{Action, DenyAction};
use crate::detect::DetectorId;
use crate::mask;
use crate::policy::Policy;
use crate::vault::Vault;
use std::collections::BTreeMap;
use std::rc::Rc;

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
    pub policy: Rc<Policy>,
    pub vault: Vault,
    /// Values found, by detector, action and direction.
    pub counts: BTreeMap<(DetectorId, Action, Direction), u64>,
    /// The first detector whose action is `block` and that found something.
    pub blocked_by: Option<DetectorId>,
    /// Deny lists that matched, by index in the policy.
    pub deny_hits: Vec<usize>,
    /// Placeholders given back their value in the answer.
    pub restored: u64,
}

impl Masker {
    pub fn new(policy: Rc<Policy>) -> Self {
        Masker {
            policy,
            vault: Vault::default(),
            counts: BTreeMap::new(),
            blocked_by: None,
            deny_hits: Vec::new(),
            restored: 0,
        }
    }

    /// The first deny list that blocks, if any matched.
    pub fn denied_by(&self) -> Option<&str> {
        self.deny_hits
            .iter()
            .map(|&i| &self.policy.deny[i])
            .find(|d| d.action == DenyAction::Block)
            .map(|d| d.name.as_str())
    }

    /// Deny lists that only alert, comma-separated.
    pub fn alerts(&self) -> Vec<&str> {
        self.deny_hits
            .iter()
            .map(|&i| &self.policy.deny[i])
            .filter(|d| d.action == DenyAction::Alert)
            .map(|d| d.name.as_str())
            .collect()
    }

    /// Request side: checks deny lists and rewrites the values in place. Returns whether it changed.
    pub fn mask_request_text(&mut self, text: &mut String) -> bool {
        let policy = self.policy.clone();
        for (i, list) in policy.deny.iter().enumerate() {
            if !self.deny_hits.contains(&i) && list.matches(text) {
                self.deny_hits.push(i);
            }
        }
        let findings = policy.scanner.scan(text);
        if findings.is_empty() {
            return false;
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for f in findings {
            let action = policy.actions[f.detector];
            *self
                .counts
                .entry((f.detector, action, Direction::Request))
                .or_insert(0) += 1;
            if action == Action::Block {
                self.blocked_by.get_or_insert(f.detector);
                continue;
            }
            out.push_str(&text[at..f.start]);
            out.push_str(&self.replacement(f.detector, action, &text[f.start..f.end]));
            at = f.end;
        }
        out.push_str(&text[at..]);
        let changed = out != *text;
        *text = out;
        changed
    }

    fn replacement(&mut self, id: DetectorId, action: Action, value: &str) -> String {
        let policy = self.policy.clone();
        let label = &policy.labels[id];
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
    /// placeholder shorter than the window is seen whole), and never inside a value, a
    /// placeholder or an open PEM block. `json_text` marks tool-call arguments, where a restored
    /// value must be JSON-escaped.
    pub fn rewrite_answer(
        &mut self,
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
        let base = context.len();
        // (start, end, what): what = Ok(value to restore) or Err(detector)
        let mut spans: Vec<(usize, usize, Result<String, DetectorId>)> = Vec::new();
        if response.restore {
            for (s, e, value) in self.vault.find(&full) {
                if s >= base {
                    spans.push((s, e, Ok(value.to_string())));
                }
            }
        }
        let mut cut = if last {
            full.len()
        } else {
            floor_char_boundary(&full, full.len().saturating_sub(response.window_bytes)).max(base)
        };
        if response.scan {
            for f in policy.scanner.scan(&full) {
                if f.start >= base && !spans.iter().any(|(s, e, _)| f.start < *e && *s < f.end) {
                    spans.push((f.start, f.end, Err(f.detector)));
                }
            }
            if !last {
                if let Some(open) = open_pem_block(&full[base..]) {
                    cut = cut.min(base + open);
                }
            }
        }
        spans.sort_by_key(|s| s.0);
        for (s, e, _) in spans.iter().rev() {
            if *s < cut && *e > cut {
                cut = *s;
            }
        }
        let mut out = String::with_capacity(cut - base);
        let mut at = base;
        for (s, e, what) in spans {
            if e > cut {
                break;
            }
            out.push_str(&full[at..s]);
            match what {
                Ok(value) => {
                    self.restored += 1;
                    if json_text {
                        let quoted = serde_json::to_string(&value).unwrap_or_default();
                        out.push_str(&quoted[1..quoted.len() - 1]);
                    } else {
                        out.push_str(&value);
                    }
                }
                Err(id) => {
                    let action = policy.response_actions[id];
                    *self
                        .counts
                        .entry((id, action, Direction::Response))
                        .or_insert(0) += 1;
                    let replacement = self.replacement(id, action, &full[s..e]);
                    out.push_str(&replacement);
                }
            }
            at = e;
        }
        out.push_str(&full[at..cut]);
        (cut - base, out)
    }

    /// A whole answer text at once (non-streaming responses).
    pub fn rewrite_whole_answer(&mut self, text: &str, json_text: bool) -> String {
        self.rewrite_answer("", text, true, json_text).1
    }
}

/// A PEM private-key block that has begun but not ended: hold it back whole (up to 16 KiB,
/// after which it is let through so a stream cannot be stalled forever).
fn open_pem_block(text: &str) -> Option<usize> {
    const MAX_HOLD: usize = 16 * 1024;
    let begin = text.rfind("-----BEGIN")?;
    let tail = &text[begin..];
    (!tail.contains("-----END") && tail.len() <= MAX_HOLD).then_some(begin)
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::policy::load_policies;

    pub fn policy(json: &str) -> Rc<Policy> {
        load_policies(json.as_bytes(), &|_| Some("test-key".into()))
            .unwrap()
            .default
            .unwrap()
    }

    #[test]
    fn request_actions() {
        let p = policy(
            r#"{"default":{"detectors":{"email":{"action":"placeholder"},"credit_card":{"action":"mask"},
                "ssn":{"action":"redact"},"phone":{"action":"hash"}},"hash":{"secretEnv":"K","length":8}}}"#,
        );
        let mut m = Masker::new(p.clone());
        let mut text = "Mail jürgen@beispiel.de, again jürgen@beispiel.de, or ann@x.io; card 4111 1111 1111 1111; SSN 536-22-1234; tel +1 415 555 2671".to_string();
        assert!(m.mask_request_text(&mut text));
        let tel = mask::hash("PHONE", b"test-key", "+1 415 555 2671", 8);
        assert_eq!(
            text,
            format!("Mail <EMAIL_1>, again <EMAIL_1>, or <EMAIL_2>; card **** **** **** 1111; SSN [SSN]; tel {tel}")
        );
        assert_eq!(m.counts.values().sum::<u64>(), 6);
        assert!(m.blocked_by.is_none());
        let restored = m.rewrite_whole_answer("Sure <EMAIL_2> and <EMAIL_1>!", false);
        assert_eq!(restored, "Sure ann@x.io and jürgen@beispiel.de!");
        assert_eq!(m.restored, 2);
    }

    #[test]
    fn block_and_deny() {
        let p = policy(
            r#"{"default":{"detectors":{"openai_key":{"action":"block"}},
                "deny":[{"name":"codenames","phrases":["project falcon"]},{"name":"watch","phrases":["merger"],"action":"alert"}]}}"#,
        );
        let mut m = Masker::new(p.clone());
        let mut text = "key sk-proj-Ab3dEf9hIjK2mNoPqRsT4uVwXyZ0 about the Merger".to_string();
        m.mask_request_text(&mut text);
        assert_eq!(
            m.blocked_by.map(|id| p.detector_name(id)),
            Some("openai_key")
        );
        assert_eq!(m.denied_by(), None);
        assert_eq!(m.alerts(), ["watch"]);
        let mut text = "Project  Falcon".to_string();
        m.mask_request_text(&mut text);
        assert_eq!(m.denied_by(), Some("codenames"));
    }

    #[test]
    fn answers_hold_back_inside_values_and_escape_json() {
        let p = policy(
            r#"{"default":{"detectors":{"email":{"action":"placeholder"}},"response":{"scan":true,"windowBytes":64}}}"#,
        );
        let mut m = Masker::new(p.clone());
        let mut text = "a \"quoted\"@x.io".to_string();
        m.vault.placeholder("EMAIL", "say\"hi\"@x.io");
        m.mask_request_text(&mut text);
        assert_eq!(
            m.rewrite_whole_answer(r#"{"to":"<EMAIL_1>"}"#, true),
            r#"{"to":"say\"hi\"@x.io"}"#
        );
        // A value straddling the window edge is held whole.
        let pending = format!(
            "{}write to bob@example.com{}",
            "x ".repeat(20),
            " y".repeat(30)
        );
        let (n, out) = m.rewrite_answer("", &pending, false, false);
        assert_eq!(out, "x ".repeat(20) + "write to ");
        assert_eq!(&pending[n..n + 3], "bob");
        let (_, rest) = m.rewrite_answer("write to ", &pending[n..], true, false);
        assert!(rest.starts_with("[EMAIL]"), "{rest}");
    }
}
