//! Context window management: keep the system messages plus the last N turns, and/or drop the
//! oldest turns until the prompt fits a token budget.
//!
//! A *turn* starts at a user message and holds everything up to the next user message
//! (assistant answers, tool calls and their tool results). Dropping whole turns is what keeps a
//! tool call and its result together. Messages before the first user message form a turn of
//! their own. System and developer messages are never dropped, and the last turn (the question
//! being asked) is always kept, even when it alone exceeds the budget: the provider then answers
//! with its own context-length error.
//!
//! Tokens are estimated, not counted: `ceil(bytes of the message's JSON / bytesPerToken)` plus a
//! per-message overhead. At the default 4 bytes per token this over-counts non-English text
//! (which is the safe direction for a budget) and is within ~10-20% for English prose.

use crate::config::ContextWindow;
use crate::messages::{is_system, role};
use llm_filters_core::api::anthropic::AnthropicMessage;
use llm_filters_core::config::ConfigError;
use llm_filters_core::glob::{glob_match, is_pattern};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct ContextPolicy {
    keep_last_turns: Option<usize>,
    default_budget: Option<u64>,
    /// Exact names first, then patterns (in the config's key order).
    budgets: Vec<(String, u64)>,
    bytes_per_token: f64,
    overhead: u64,
    pub dropped_header: String,
}

impl ContextPolicy {
    pub fn compile(config: &ContextWindow) -> Result<Self, ConfigError> {
        if config.bytes_per_token.is_nan() || config.bytes_per_token < 0.5 {
            return Err(ConfigError::new("bytesPerToken", "must be at least 0.5"));
        }
        if config.keep_last_turns == Some(0) {
            return Err(ConfigError::new(
                "keepLastTurns",
                "must be at least 1 (the question itself)",
            ));
        }
        if config.dropped_header.is_empty()
            || config
                .dropped_header
                .chars()
                .any(|c| c.is_ascii_uppercase())
        {
            return Err(ConfigError::new(
                "droppedHeader",
                "a lower-case header name",
            ));
        }
        let mut budgets: Vec<(String, u64)> = config
            .model_budgets
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        budgets.sort_by_key(|(name, _)| is_pattern(name));
        Ok(ContextPolicy {
            keep_last_turns: config.keep_last_turns,
            default_budget: config.max_prompt_tokens,
            budgets,
            bytes_per_token: config.bytes_per_token,
            overhead: config.message_overhead_tokens,
            dropped_header: config.dropped_header.clone(),
        })
    }

    /// The prompt budget for a model, if any.
    pub fn budget_for(&self, model: &str) -> Option<u64> {
        self.budgets
            .iter()
            .find(|(p, _)| glob_match(p, model))
            .map(|(_, b)| *b)
            .or(self.default_budget)
    }

    pub fn estimate(&self, message: &Value) -> u64 {
        let bytes = serde_json::to_string(message).map(|s| s.len()).unwrap_or(0);
        (bytes as f64 / self.bytes_per_token).ceil() as u64 + self.overhead
    }

    /// Trims `messages` in place; returns how many messages were dropped.
    pub fn trim(&self, model: &str, messages: &mut Vec<Value>) -> usize {
        self.trim_with_reserve(model, messages, 0)
    }

    /// Like [`ContextPolicy::trim`], keeping `reserve` tokens of the budget free for messages
    /// added afterwards (the route's decorators).
    pub fn trim_with_reserve(&self, model: &str, messages: &mut Vec<Value>, reserve: u64) -> usize {
        let turns = turn_starts(messages);
        let costs: Vec<u64> = messages.iter().map(|m| self.estimate(m)).collect();
        let system: u64 = messages
            .iter()
            .zip(&costs)
            .filter(|(m, _)| is_system(m))
            .map(|(_, c)| c)
            .sum();
        // Non-system messages of each turn, with their costs.
        let turn_costs: Vec<u64> = (0..turns.len())
            .map(|t| {
                let (start, end) = turn_bounds(&turns, t, messages.len());
                let turn = messages.get(start..end).unwrap_or_default();
                let turn_costs = costs.get(start..end).unwrap_or_default();
                turn.iter()
                    .zip(turn_costs)
                    .filter(|(m, _)| !is_system(m))
                    .map(|(_, c)| *c)
                    .sum()
            })
            .collect();
        let first_kept = self.first_kept_turn(model, &turn_costs, system, reserve);
        let cut = turns.get(first_kept).copied().unwrap_or(0);
        let before = messages.len();
        let mut index = 0;
        messages.retain(|m| {
            let keep = index >= cut || is_system(m);
            index += 1;
            keep
        });
        before.saturating_sub(messages.len())
    }

    /// The same window on an Anthropic Messages request: `messages` holds no system text (the
    /// top-level `system`, whose cost is `system_cost`, is always kept), and a user message
    /// that starts with `tool_result` blocks belongs to the turn of the tool call it answers.
    pub fn trim_messages_api(
        &self,
        model: &str,
        messages: &mut Vec<AnthropicMessage>,
        system_cost: u64,
        reserve: u64,
    ) -> usize {
        let mut turns = Vec::new();
        for (i, m) in messages.iter().enumerate() {
            if turns.is_empty() || (m.role == "user" && !m.is_tool_result()) {
                turns.push(i);
            }
        }
        let costs: Vec<u64> = messages
            .iter()
            .map(|m| {
                serde_json::to_value(m)
                    .map(|v| self.estimate(&v))
                    .unwrap_or(0)
            })
            .collect();
        let turn_costs: Vec<u64> = (0..turns.len())
            .map(|t| {
                let (start, end) = turn_bounds(&turns, t, messages.len());
                costs.get(start..end).unwrap_or_default().iter().sum()
            })
            .collect();
        let first_kept = self.first_kept_turn(model, &turn_costs, system_cost, reserve);
        let cut = turns
            .get(first_kept)
            .copied()
            .unwrap_or(0)
            .min(messages.len());
        messages.drain(..cut);
        cut
    }

    /// The first turn kept: the last `keepLastTurns`, fewer while over the model's budget;
    /// the last turn always stays.
    fn first_kept_turn(&self, model: &str, turn_costs: &[u64], fixed: u64, reserve: u64) -> usize {
        let n = turn_costs.len();
        if n <= 1 {
            return 0;
        }
        let mut first_kept = match self.keep_last_turns {
            Some(k) if k < n => n - k,
            _ => 0,
        };
        if let Some(budget) = self.budget_for(model).map(|b| b.saturating_sub(reserve)) {
            let cost = |t: usize| turn_costs.get(t).copied().unwrap_or(0);
            let mut total = fixed + (first_kept..n).map(cost).sum::<u64>();
            while total > budget && first_kept + 1 < n {
                total = total.saturating_sub(cost(first_kept));
                first_kept += 1;
            }
        }
        first_kept
    }
}

/// Message range `[start, end)` of turn `t`.
fn turn_bounds(turns: &[usize], t: usize, len: usize) -> (usize, usize) {
    let start = turns.get(t).copied().unwrap_or(len);
    let end = turns.get(t + 1).copied().unwrap_or(len);
    (start, end.max(start))
}

/// Index of the first message of each turn. System messages belong to no turn.
fn turn_starts(messages: &[Value]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        if is_system(m) {
            continue;
        }
        if starts.is_empty() || role(m) == "user" {
            starts.push(i);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(v: Value) -> ContextPolicy {
        ContextPolicy::compile(&serde_json::from_value(v).unwrap()).unwrap()
    }

    fn conversation() -> Vec<Value> {
        vec![
            json!({"role": "system", "content": "S"}),
            json!({"role": "user", "content": "q1"}),
            json!({"role": "assistant", "content": "a1"}),
            json!({"role": "user", "content": "q2 weather?"}),
            json!({"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}]}),
            json!({"role": "tool", "tool_call_id": "c1", "content": "sunny"}),
            json!({"role": "assistant", "content": "It is sunny."}),
            json!({"role": "developer", "content": "D"}),
            json!({"role": "user", "content": "q3"}),
        ]
    }

    fn contents(m: &[Value]) -> Vec<String> {
        m.iter()
            .map(|m| m["content"].as_str().unwrap_or("<call>").to_string())
            .collect()
    }

    #[test]
    fn keeps_system_and_last_turns() {
        let mut m = conversation();
        let dropped = policy(json!({"keepLastTurns": 2})).trim("m", &mut m);
        assert_eq!(dropped, 2);
        assert_eq!(
            contents(&m),
            [
                "S",
                "q2 weather?",
                "<call>",
                "sunny",
                "It is sunny.",
                "D",
                "q3"
            ]
        );

        let mut m = conversation();
        assert_eq!(policy(json!({"keepLastTurns": 1})).trim("m", &mut m), 6);
        assert_eq!(contents(&m), ["S", "D", "q3"]);
        let mut m = conversation();
        assert_eq!(policy(json!({"keepLastTurns": 5})).trim("m", &mut m), 0);
        assert_eq!(m, conversation());
    }

    #[test]
    fn budget_drops_oldest_whole_turns_never_splitting_a_tool_call() {
        let p = policy(
            json!({"maxPromptTokens": 1_000_000, "bytesPerToken": 1.0, "messageOverheadTokens": 0}),
        );
        let all: u64 = conversation().iter().map(|m| p.estimate(m)).sum();
        let last_turn = p.estimate(&conversation()[8]);
        let system = p.estimate(&conversation()[0]) + p.estimate(&conversation()[7]);
        let first_turn = p.estimate(&conversation()[1]) + p.estimate(&conversation()[2]);

        // Just too big by one byte: only the first turn goes.
        let tight = policy(
            json!({"maxPromptTokens": all - 1, "bytesPerToken": 1.0, "messageOverheadTokens": 0}),
        );
        let mut m = conversation();
        assert_eq!(tight.trim("m", &mut m), 2);
        assert_eq!(contents(&m)[1], "q2 weather?");

        // A budget between "last turn" and "last two turns": the tool turn goes as a whole.
        let small = policy(
            json!({"maxPromptTokens": all - first_turn - 1, "bytesPerToken": 1.0, "messageOverheadTokens": 0}),
        );
        let mut m = conversation();
        assert_eq!(small.trim("m", &mut m), 6);
        assert_eq!(contents(&m), ["S", "D", "q3"]);
        assert!(m.iter().all(|x| role(x) != "tool"), "no orphan tool result");

        // Even an impossible budget keeps system messages and the question.
        let tiny = policy(json!({"maxPromptTokens": 1}));
        let mut m = conversation();
        tiny.trim("m", &mut m);
        assert_eq!(contents(&m), ["S", "D", "q3"]);
        assert!(system + last_turn > 1);
    }

    #[test]
    fn a_reserve_shrinks_the_budget() {
        let p = policy(
            json!({"maxPromptTokens": 1_000_000, "bytesPerToken": 1.0, "messageOverheadTokens": 0}),
        );
        let all: u64 = conversation().iter().map(|m| p.estimate(m)).sum();
        let exact = policy(
            json!({"maxPromptTokens": all, "bytesPerToken": 1.0, "messageOverheadTokens": 0}),
        );
        let mut m = conversation();
        assert_eq!(exact.trim_with_reserve("m", &mut m, 0), 0);
        let mut m = conversation();
        assert_eq!(
            exact.trim_with_reserve("m", &mut m, 1),
            2,
            "one token reserved: the oldest turn goes"
        );
    }

    #[test]
    fn budgets_per_model() {
        let p = policy(
            json!({"maxPromptTokens": 100, "modelBudgets": {"gpt-4o*": 5000, "gpt-4o-mini": 2000}}),
        );
        assert_eq!(
            p.budget_for("gpt-4o-mini"),
            Some(2000),
            "exact names before patterns"
        );
        assert_eq!(p.budget_for("gpt-4o-2024"), Some(5000));
        assert_eq!(p.budget_for("other"), Some(100));
        let none = policy(json!({"keepLastTurns": 3}));
        assert_eq!(none.budget_for("x"), None);
    }

    #[test]
    fn estimator_is_bytes_over_ratio_plus_overhead() {
        let p = policy(json!({}));
        let m = json!({"role": "user", "content": "x".repeat(100)});
        let bytes = serde_json::to_string(&m).unwrap().len() as f64;
        assert_eq!(p.estimate(&m), (bytes / 4.0).ceil() as u64 + 4);
    }

    #[test]
    fn invalid_settings_name_the_field() {
        let err = |v: Value| {
            ContextPolicy::compile(&serde_json::from_value(v).unwrap())
                .unwrap_err()
                .field
        };
        assert_eq!(err(json!({"keepLastTurns": 0})), "keepLastTurns");
        assert_eq!(err(json!({"bytesPerToken": 0})), "bytesPerToken");
        assert_eq!(err(json!({"droppedHeader": "X-Big"})), "droppedHeader");
    }
}
