//! Reading a command's input: a file path, or `-` / nothing for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

pub enum InputError {
    /// The file or standard input cannot be read (exit `NO_INPUT`).
    Unreadable(String),
    /// More than the command takes, in bytes.
    TooLarge(usize),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Unreadable(why) => f.write_str(why),
            InputError::TooLarge(max) => write!(f, "input is over the {max}-byte cap"),
        }
    }
}

/// At most `max` bytes; beyond them nothing more is read and the input is refused.
pub fn read_input(path: Option<&PathBuf>, max: usize) -> Result<Vec<u8>, InputError> {
    let (source, name): (Box<dyn Read>, String) = match path {
        Some(p) if p.as_os_str() != "-" => {
            let file = std::fs::File::open(p).map_err(|e| unreadable(p, e))?;
            (Box::new(file), p.display().to_string())
        }
        _ => (Box::new(std::io::stdin()), "standard input".to_owned()),
    };
    let mut buf = Vec::new();
    source
        .take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| InputError::Unreadable(format!("cannot read {name}: {e}")))?;
    if buf.len() > max {
        return Err(InputError::TooLarge(max));
    }
    Ok(buf)
}

/// A whole file (a conformance file, a sandbox config).
pub fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|e| unreadable(path, e))
}

fn unreadable(path: &Path, e: std::io::Error) -> InputError {
    InputError::Unreadable(format!("cannot read {}: {e}", path.display()))
}
