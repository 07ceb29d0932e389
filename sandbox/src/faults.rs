//! Faults armed through `/_sandbox/faults`, applied to the next N gateway requests whose path
//! starts with the given prefix (control endpoints are never faulted).

use paykassma::php::{Array, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// HTTP 500 before the request is processed: nothing happened, a retry is safe.
    Http500,
    /// The request is processed and answered after `delay_ms`.
    Slow,
    /// The request is processed, then the connection is closed without an answer: the caller
    /// cannot know whether it happened (the case idempotent retries exist for).
    CutConnection,
    /// HTTP 200 with an HTML body, before processing.
    NotJson,
    /// The next N postbacks are each delivered twice.
    DuplicatePostback,
}

impl FaultKind {
    pub fn parse(s: &str) -> Option<FaultKind> {
        Some(match s {
            "http_500" => FaultKind::Http500,
            "slow" => FaultKind::Slow,
            "cut_connection" => FaultKind::CutConnection,
            "not_json" => FaultKind::NotJson,
            "duplicate_postback" => FaultKind::DuplicatePostback,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::Http500 => "http_500",
            FaultKind::Slow => "slow",
            FaultKind::CutConnection => "cut_connection",
            FaultKind::NotJson => "not_json",
            FaultKind::DuplicatePostback => "duplicate_postback",
        }
    }
}

pub const KINDS: &str = "http_500, slow, cut_connection, not_json, duplicate_postback";

#[derive(Clone, Debug)]
pub struct Fault {
    pub kind: FaultKind,
    pub remaining: u32,
    pub delay_ms: u64,
    pub path_prefix: String,
}

impl Fault {
    pub fn to_value(&self) -> Value {
        Array::object()
            .with("kind", self.kind.as_str())
            .with("remaining", self.remaining)
            .with("delay_ms", self.delay_ms as i64)
            .with("path_prefix", self.path_prefix.clone())
            .into()
    }
}

/// Takes one use of the first armed request fault matching `path`.
pub fn take(faults: &mut Vec<Fault>, path: &str) -> Option<Fault> {
    let i = faults.iter().position(|f| {
        f.kind != FaultKind::DuplicatePostback
            && f.remaining > 0
            && path.starts_with(&f.path_prefix)
    })?;
    faults[i].remaining -= 1;
    let fault = faults[i].clone();
    if faults[i].remaining == 0 {
        faults.remove(i);
    }
    Some(fault)
}
