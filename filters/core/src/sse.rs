//! Incremental server-sent-events parser and writer. (Being written: see the core helper's task.)
