//! What the client does, attempt by attempt, for logs and debug hooks: each attempt is reported
//! as it starts and as it ends, to the `log` facade (target `paykassma`: `debug` when an attempt
//! ends, `trace` when it starts) and to the [`Observer`] the configuration names. A record holds
//! the method, the path (never the query, where the secret travels, nor a body), the attempt's
//! number, the HTTP status, the error's code and the time taken: nothing secret.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Called on the thread that makes the request, once as each attempt starts and once as it ends.
pub type Observer = Arc<dyn Fn(&Attempt) + Send + Sync>;

/// Whether an [`Attempt`] record is sent as the attempt starts or once it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Request,
    Response,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Request => "request",
            Phase::Response => "response",
        }
    }
}

/// One attempt at a gateway request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub phase: Phase,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path alone: `/api/v1/transaction/create/easypaisa`.
    pub path: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The HTTP status; `None` as the attempt starts, or when no answer came.
    pub status: Option<u16>,
    /// The failure's code (`transport_error`, `api_error`, ...) when the attempt failed.
    pub error: Option<&'static str>,
    /// How long the attempt took (zero as it starts).
    pub duration: Duration,
    /// Whether another attempt follows this one (after its pause).
    pub retry: bool,
}

impl Attempt {
    /// The record as JSON, for the bindings: `{"phase", "method", "path", "attempt", "status",
    /// "error", "duration_ms", "retry", "line"}`.
    pub fn to_json(&self) -> String {
        use crate::php::{encode, Array};
        let record = Array::object()
            .with("phase", self.phase.as_str())
            .with("method", self.method)
            .with("path", self.path.clone())
            .with("attempt", self.attempt as i64)
            .with("status", self.status.map(i64::from))
            .with("error", self.error)
            .with("duration_ms", self.duration.as_secs_f64() * 1000.0)
            .with("retry", self.retry)
            .with("line", self.to_string());
        encode(&record.into()).unwrap_or_else(|_| "{}".to_owned())
    }
}

/// The log line: `POST /v2/withdrawal/create -> 200 (attempt 1, 12.3 ms)`, or as it starts
/// `POST /v2/withdrawal/create (attempt 1)`.
impl fmt::Display for Attempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if self.phase == Phase::Request {
            return write!(f, " (attempt {})", self.attempt);
        }
        match (self.status, self.error) {
            (Some(s), None) => write!(f, " -> {s}")?,
            (Some(s), Some(e)) => write!(f, " -> {s} {e}")?,
            (None, e) => write!(f, " -> no answer: {}", e.unwrap_or("transport_error"))?,
        }
        write!(
            f,
            " (attempt {}, {:.1} ms){}",
            self.attempt,
            self.duration.as_secs_f64() * 1000.0,
            if self.retry { ", retrying" } else { "" }
        )
    }
}

/// Sends a record to the log facade and to the observer, if any.
pub(crate) fn report(observer: Option<&Observer>, record: &Attempt) {
    match record.phase {
        Phase::Request => log::trace!(target: "paykassma", "{record}"),
        Phase::Response => log::debug!(target: "paykassma", "{record}"),
    }
    if let Some(observer) = observer {
        observer(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ended(status: Option<u16>, error: Option<&'static str>, retry: bool) -> Attempt {
        Attempt {
            phase: Phase::Response,
            method: "GET",
            path: "/api/v1/accounts-balance".into(),
            attempt: 2,
            status,
            error,
            duration: Duration::from_micros(12_345),
            retry,
        }
    }

    #[test]
    fn lines_say_what_happened() {
        assert_eq!(
            ended(Some(200), None, false).to_string(),
            "GET /api/v1/accounts-balance -> 200 (attempt 2, 12.3 ms)"
        );
        assert_eq!(
            ended(None, Some("transport_error"), true).to_string(),
            "GET /api/v1/accounts-balance -> no answer: transport_error (attempt 2, 12.3 ms), retrying"
        );
        assert_eq!(
            ended(Some(400), Some("api_error"), false).to_string(),
            "GET /api/v1/accounts-balance -> 400 api_error (attempt 2, 12.3 ms)"
        );
        let started = Attempt {
            phase: Phase::Request,
            status: None,
            duration: Duration::ZERO,
            ..ended(None, None, false)
        };
        assert_eq!(
            started.to_string(),
            "GET /api/v1/accounts-balance (attempt 2)"
        );
        assert!(started.to_json().contains(r#""phase":"request""#));
    }
}
