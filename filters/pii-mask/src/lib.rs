//! pii-mask (being written)
