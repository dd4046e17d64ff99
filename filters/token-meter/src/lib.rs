//! token-meter (being written)
