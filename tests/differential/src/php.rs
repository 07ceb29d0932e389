//! Runs the PHP scripts of `tests/php-oracle/` and reads their JSON-lines answers.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Where the PHP harness lives in the source tree.
pub fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../php-oracle")
}

/// Runs `php SCRIPT ARGS...`; an error carries PHP's stderr.
pub fn run(php: &str, script: &str, args: &[&str]) -> Result<(), String> {
    let path = scripts_dir().join(script);
    let output = Command::new(php)
        .arg(&path)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run `{php}` (is PHP 8.2 installed?): {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} failed ({}): {}{}",
            path.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Every line of a JSON-lines file.
pub fn read_lines(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{} line {}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Writes JSON lines.
pub fn write_lines(path: &Path, lines: impl Iterator<Item = Value>) -> Result<(), String> {
    let mut text = String::new();
    for line in lines {
        text.push_str(&line.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
