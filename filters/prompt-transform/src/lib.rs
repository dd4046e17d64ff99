//! prompt-transform (being written)
