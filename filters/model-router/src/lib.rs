//! model-router (being written)
