//! OpenAI and Anthropic request/response/stream models. (Being written: see the core helper's task.)
