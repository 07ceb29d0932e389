//! Faults armed through `/_sandbox/faults` (read from its body here), applied to the next N
//! gateway requests whose path starts with the given prefix (control endpoints are never
//! faulted), and the answers of the faults that replace the gateway's.

use paykassma::php::{encode_with, Array, Flags, Value};

use crate::http::{Reply, Request};

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
    /// A 3xx with a `Location`, before processing: a client must not follow it (it would re-send
    /// the secret, the signature, the money to wherever it points).
    Redirect,
    /// An error page that echoes the request line (with its `?secret=`) and the body (with its
    /// signature), before processing: what a misconfigured proxy in front of a gateway shows.
    EchoError,
    /// A given answer (`status`, `body`, `content_type`) before processing: whatever a gateway,
    /// or something in front of it, could send that the routes never do.
    Answer,
}

impl FaultKind {
    pub fn parse(s: &str) -> Option<FaultKind> {
        Some(match s {
            "http_500" => FaultKind::Http500,
            "slow" => FaultKind::Slow,
            "cut_connection" => FaultKind::CutConnection,
            "not_json" => FaultKind::NotJson,
            "duplicate_postback" => FaultKind::DuplicatePostback,
            "redirect" => FaultKind::Redirect,
            "echo_error" => FaultKind::EchoError,
            "answer" => FaultKind::Answer,
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
            FaultKind::Redirect => "redirect",
            FaultKind::EchoError => "echo_error",
            FaultKind::Answer => "answer",
        }
    }
}

const KINDS: &str =
    "http_500, slow, cut_connection, not_json, duplicate_postback, redirect, echo_error, answer";

/// The longest `body` an `answer` fault holds, in bytes.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// The statuses a `redirect` fault may answer with.
const REDIRECT_STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

#[derive(Clone, Debug)]
pub struct Fault {
    pub kind: FaultKind,
    pub remaining: u32,
    pub delay_ms: u64,
    pub path_prefix: String,
    /// The answer's HTTP status (`redirect`, `echo_error`).
    pub status: u16,
    /// Where a `redirect` points.
    pub location: String,
    /// `echo_error` answers `{"status":"fail","message":...}` instead of an HTML page.
    pub json: bool,
    /// What an `answer` fault sends: its content type and body.
    pub answer: Option<(String, String)>,
}

impl Fault {
    /// A fault from `/_sandbox/faults`' body; the message names the field that is wrong.
    /// `redirect_target` is where a redirect points unless told otherwise.
    pub fn arm(data: &Array, redirect_target: String) -> Result<Fault, String> {
        let Some(kind) = data
            .get("kind")
            .and_then(Value::as_str)
            .and_then(FaultKind::parse)
        else {
            return Err(format!("`kind` must be one of: {KINDS}"));
        };
        let int =
            |name: &str, range: std::ops::RangeInclusive<i64>, default: i64| match data.get(name) {
                None => Ok(default),
                Some(Value::Int(n)) if range.contains(n) => Ok(*n),
                Some(_) => Err(format!(
                    "`{name}` must be an integer from {} to {}",
                    range.start(),
                    range.end()
                )),
            };
        let remaining = int("count", 1..=10_000, 1)? as u32;
        let delay_ms = int("delay_ms", 0..=600_000, 2_000)? as u64;
        let path_prefix = match data.get("path_prefix") {
            None | Some(Value::Null) => String::new(),
            Some(Value::Str(s)) => s.clone(),
            Some(_) => return Err("`path_prefix` must be a string".to_owned()),
        };
        let json = match data.get("format").map(Value::as_str) {
            None | Some(Some("html")) => false,
            Some(Some("json")) => true,
            Some(_) => return Err("`format` must be \"html\" or \"json\"".to_owned()),
        };
        let status = match kind {
            FaultKind::Redirect => {
                let status = int("status", 100..=599, 302)? as u16;
                if !REDIRECT_STATUSES.contains(&status) {
                    return Err(format!(
                        "`status` of a redirect must be one of {REDIRECT_STATUSES:?}"
                    ));
                }
                status
            }
            FaultKind::EchoError => int("status", 400..=599, if json { 400 } else { 500 })? as u16,
            FaultKind::Answer => int("status", 200..=599, 200)? as u16,
            _ => 0,
        };
        let answer = match kind {
            FaultKind::Answer => Some(answer(data)?),
            _ => None,
        };
        let location =
            match data.get("location") {
                None | Some(Value::Null) => redirect_target,
                Some(Value::Str(s)) if is_location(s) => s.clone(),
                Some(_) => return Err(
                    "`location` must be an http(s) URL or a path starting with `/`, without spaces"
                        .to_owned(),
                ),
            };
        Ok(Fault {
            kind,
            remaining,
            delay_ms,
            path_prefix,
            status,
            location,
            json,
            answer,
        })
    }

    pub fn to_value(&self) -> Value {
        let mut v = Array::object()
            .with("kind", self.kind.as_str())
            .with("remaining", self.remaining)
            .with("delay_ms", self.delay_ms as i64)
            .with("path_prefix", self.path_prefix.clone());
        match self.kind {
            FaultKind::Redirect => {
                v = v
                    .with("status", i64::from(self.status))
                    .with("location", self.location.clone());
            }
            FaultKind::EchoError => {
                v = v
                    .with("status", i64::from(self.status))
                    .with("format", if self.json { "json" } else { "html" });
            }
            FaultKind::Answer => {
                let (content_type, body) = self.answer.clone().unwrap_or_default();
                v = v
                    .with("status", i64::from(self.status))
                    .with("content_type", content_type)
                    .with("body", body);
            }
            _ => {}
        }
        v.into()
    }

    /// The answer of a fault that replaces the gateway's (`None` for those that let the request
    /// be processed: `slow`, `cut_connection`).
    pub fn replacement(&self, req: &Request) -> Option<Reply> {
        Some(match self.kind {
            FaultKind::Http500 => Reply::server_error(),
            FaultKind::NotJson => Reply::new(200, "text/html; charset=UTF-8", NGINX_502),
            FaultKind::Redirect => Reply {
                location: Some(self.location.clone()),
                ..Reply::new(self.status, "text/html; charset=UTF-8", redirect_page(self))
            },
            FaultKind::EchoError if self.json => Reply::json(
                self.status,
                Array::object()
                    .with("status", "fail")
                    .with("message", format!("Upstream refused {}", echo(req))),
            ),
            FaultKind::EchoError => Reply::new(
                self.status,
                "text/html; charset=UTF-8",
                echo_page(self.status, req),
            ),
            FaultKind::Answer => {
                let (content_type, body) = self.answer.clone()?;
                Reply::new(self.status, content_type, body)
            }
            FaultKind::Slow | FaultKind::CutConnection | FaultKind::DuplicatePostback => {
                return None
            }
        })
    }
}

/// An `answer` fault's content type (default `application/json`) and body: a string as it is,
/// any other JSON value written as the gateway's PHP writes it (default flags).
fn answer(data: &Array) -> Result<(String, String), String> {
    let content_type = match data.get("content_type") {
        None | Some(Value::Null) => "application/json".to_owned(),
        Some(Value::Str(s))
            if !s.is_empty() && s.len() <= 200 && s.bytes().all(|b| (0x20..0x7f).contains(&b)) =>
        {
            s.clone()
        }
        Some(_) => {
            return Err(
                "`content_type` must be printable ASCII, 1 to 200 characters (a header value)"
                    .to_owned(),
            )
        }
    };
    let body = match data.get("body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::Str(s)) => s.clone(),
        Some(v) => encode_with(v, Flags::DEFAULT)
            .map_err(|_| "`body` holds a number PHP cannot write as JSON".to_owned())?,
    };
    if body.len() > MAX_ANSWER_BYTES {
        return Err(format!(
            "`body` must be at most {MAX_ANSWER_BYTES} bytes once written"
        ));
    }
    Ok((content_type, body))
}

/// What a `Location` header may carry: an absolute http(s) URL or a path, printable ASCII only.
fn is_location(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://") || s.starts_with('/'))
        && s.len() <= 2048
        && s.bytes().all(|b| b.is_ascii_graphic())
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

const NGINX_502: &str = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

fn redirect_page(fault: &Fault) -> String {
    format!(
        "<html><head><title>{0} Moved</title></head><body><h1>{0} Moved</h1><p>The document has moved <a href=\"{1}\">here</a>.</p></body></html>",
        fault.status, fault.location
    )
}

/// The request line and the body, as sent.
fn echo(req: &Request) -> String {
    format!(
        "{} {} {}\n\n{}",
        req.method,
        req.target,
        req.version,
        String::from_utf8_lossy(&req.body)
    )
}

/// A proxy's debugging error page: everything echoed verbatim, unescaped, as careless ones do.
fn echo_page(status: u16, req: &Request) -> String {
    format!(
        "<html><head><title>{status} Error</title></head><body><h1>{status} Error</h1><p>The upstream server could not handle this request:</p><pre>{}</pre><hr><center>nginx</center></body></html>",
        echo(req)
    )
}
