//! Workspace-level tests live in `tests/`; this library holds nothing (cargo needs a target).
