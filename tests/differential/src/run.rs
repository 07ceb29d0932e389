//! What both differential binaries start from: a fresh seed, and the CLI built beside them.

use std::path::{Path, PathBuf};

/// A seed from the clock, so each run explores new cases (it is printed to reproduce a run).
pub fn fresh_seed() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    now % 1_000_000_000
}

/// The `paykassma` command built into the same folder as the running binary.
pub fn sibling_cli() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join("paykassma")
}
