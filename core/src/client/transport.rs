//! Sending a prepared request: one pooled ureq agent, timeouts always set, redirects never
//! followed, retries only for requests a retry cannot duplicate (and within a bounded time), and
//! the secrets kept out of every error.

use std::time::{Duration, Instant};

use super::observe::{self, Observer, Phase};
use super::redact::Redactor;
use super::Config;
use crate::api::{query_string, Body, Method, PreparedRequest};
use crate::php::Array;
use crate::{outcome, Error, TransportKind};

/// No retry starts once this much time has passed since the first attempt began.
pub const MAX_RETRY_WINDOW: Duration = Duration::from_secs(60);

/// Pauses between attempts double up to this, or up to the first pause when that is longer.
const MAX_PAUSE: Duration = Duration::from_secs(2);

pub(crate) struct Transport {
    agent: ureq::Agent,
    base_url: String,
    secret: String,
    max_retries: u32,
    retry_backoff: Duration,
    redactor: Redactor,
    observer: Option<Observer>,
}

/// The final result of a request, and whether it came from a retry (an earlier attempt may have
/// reached the gateway even though its answer was lost).
pub(crate) struct Sent {
    pub result: Result<Array, Error>,
    pub retried: bool,
}

impl Transport {
    pub fn new(config: &Config) -> Transport {
        let user_agent = format!("paykassma-sdk/{} ({})", crate::VERSION, config.binding);
        // No explicit proxy: ureq's default, HTTP(S)_PROXY and NO_PROXY from the environment.
        let proxy = match &config.proxy {
            Some(url) => ureq::Proxy::new(url).ok(),
            None => ureq::Proxy::try_from_env(),
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .proxy(proxy)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_send_request(Some(config.read_timeout))
            .timeout_send_body(Some(config.read_timeout))
            .timeout_recv_response(Some(config.read_timeout))
            .timeout_recv_body(Some(config.read_timeout))
            .http_status_as_error(false)
            // A redirect would re-send the request elsewhere, a POST as a GET: never follow one.
            .max_redirects(0)
            // One shared client serves many threads: keep a connection per thread, not ureq's 3.
            .max_idle_connections_per_host(64)
            .max_idle_connections(64)
            .user_agent(user_agent)
            .build()
            .into();
        Transport {
            agent,
            base_url: config.api_base_url.trim_end_matches('/').to_owned(),
            secret: config.secret.clone(),
            max_retries: config.max_retries,
            retry_backoff: config.retry_backoff,
            redactor: Redactor::new(config),
            observer: config.observer.clone(),
        }
    }

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Sends the request, retrying transport failures and 5xx answers when the request is
    /// retry-safe. Every error comes back with the secrets masked.
    pub fn send(&self, request: &PreparedRequest) -> Result<Array, Error> {
        self.send_tracked(request).result
    }

    /// [`Transport::send`], also telling whether the result came from a retry.
    pub fn send_tracked(&self, request: &PreparedRequest) -> Sent {
        let attempts = if request.retry_safe {
            1 + self.max_retries
        } else {
            1
        };
        let started = Instant::now();
        let mut pauses = pauses(self.retry_backoff, attempts - 1).into_iter();
        let mut retried = false;
        let mut record = observe::Attempt {
            phase: Phase::Request,
            method: if request.method == Method::Get {
                "GET"
            } else {
                "POST"
            },
            path: self.redactor.text(&request.path),
            attempt: 0,
            status: None,
            error: None,
            duration: Duration::ZERO,
            retry: false,
        };
        loop {
            record = observe::Attempt {
                phase: Phase::Request,
                attempt: record.attempt + 1,
                status: None,
                error: None,
                duration: Duration::ZERO,
                retry: false,
                ..record
            };
            observe::report(self.observer.as_ref(), &record);
            let began = Instant::now();
            let (attempt, status) = self.attempt(request);
            // Attempts take time too: the window holds whatever they took.
            let pause = match &attempt {
                Attempt::Retry(_) => pauses
                    .next()
                    .filter(|pause| started.elapsed() + *pause <= MAX_RETRY_WINDOW),
                Attempt::Done(_) => None,
            };
            record.phase = Phase::Response;
            record.status = status;
            record.error = match &attempt {
                Attempt::Done(Ok(_)) => None,
                Attempt::Done(Err(e)) | Attempt::Retry(e) => Some(e.code()),
            };
            record.duration = began.elapsed();
            record.retry = pause.is_some();
            observe::report(self.observer.as_ref(), &record);
            let result = match (attempt, pause) {
                (Attempt::Retry(_), Some(pause)) => {
                    std::thread::sleep(pause);
                    retried = true;
                    continue;
                }
                (Attempt::Retry(e), None) => Err(e),
                (Attempt::Done(result), _) => result,
            };
            return Sent {
                result: result.map_err(|e| self.redactor.error(e)),
                retried,
            };
        }
    }

    /// One attempt, and the HTTP status it got if an answer came.
    fn attempt(&self, request: &PreparedRequest) -> (Attempt, Option<u16>) {
        let sent = self.send_once(request);
        let status = sent.as_ref().ok().map(|answer| answer.status);
        let attempt = match sent {
            Err(transport) => Attempt::Retry(transport),
            Ok(answer) if (300..400).contains(&answer.status) => {
                Attempt::Done(Err(redirect_refused(answer)))
            }
            Ok(answer) => match answer.body {
                Err(bytes) => Attempt::Done(Err(Error::UnexpectedResponse {
                    http_status: answer.status,
                    reason: "the body is not valid UTF-8".to_owned(),
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                    withdrawal_id: None,
                })),
                Ok(body) => match outcome::parse_answer(answer.status, &body) {
                    Err(e) if answer.status >= 500 => Attempt::Retry(e),
                    result => Attempt::Done(result),
                },
            },
        };
        (attempt, status)
    }

    fn send_once(&self, request: &PreparedRequest) -> Result<Answer, Error> {
        let mut query = request.query.clone();
        if request.needs_secret {
            query.push(("secret".to_owned(), self.secret.clone()));
        }
        let mut url = format!("{}{}", self.base_url, request.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query_string(&query));
        }
        let what = format!(
            "{} {}",
            if request.method == Method::Get {
                "GET"
            } else {
                "POST"
            },
            request.path
        );
        let response = match (&request.method, &request.body) {
            (Method::Get, _) => self
                .agent
                .get(&url)
                .header("Accept", "application/json")
                .call(),
            (Method::Post, Body::Json(json)) => self
                .agent
                .post(&url)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .send(json.as_bytes()),
            (Method::Post, Body::Multipart(form)) => {
                let boundary = format!(
                    "----paykassma{:016x}",
                    url.len() as u64 ^ 0x9e37_79b9_7f4a_7c15
                );
                let (bytes, content_type) = form.encode(&boundary);
                self.agent
                    .post(&url)
                    .header("Accept", "application/json")
                    .header("Content-Type", content_type)
                    .send(&bytes[..])
            }
            (Method::Post, Body::None) => self.agent.post(&url).send_empty(),
        };
        let mut response = response.map_err(|e| self.transport_error(&what, e))?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
        let bytes = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| self.transport_error(&what, e))?;
        Ok(Answer {
            status,
            location,
            body: String::from_utf8(bytes).map_err(|e| e.into_bytes()),
        })
    }

    fn transport_error(&self, what: &str, e: ureq::Error) -> Error {
        let kind = match &e {
            ureq::Error::Timeout(_) => TransportKind::Timeout,
            ureq::Error::HostNotFound => TransportKind::Dns,
            ureq::Error::ConnectionFailed => TransportKind::Connect,
            // std's resolver reports getaddrinfo's failures as plain I/O errors with this text.
            ureq::Error::Io(io)
                if io
                    .to_string()
                    .starts_with("failed to lookup address information") =>
            {
                TransportKind::Dns
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    TransportKind::Timeout
                }
                std::io::ErrorKind::ConnectionRefused => TransportKind::Connect,
                _ => TransportKind::Io,
            },
            other if other.to_string().to_ascii_lowercase().contains("tls") => TransportKind::Tls,
            _ => TransportKind::Io,
        };
        Error::Transport {
            kind,
            message: self.redactor.text(&format!("{what}: {e}")),
            withdrawal_id: None,
        }
    }
}

/// The pauses before each retry: doubling from `backoff` up to [`MAX_PAUSE`] (or `backoff` when
/// longer), as many as fit in [`MAX_RETRY_WINDOW`].
fn pauses(backoff: Duration, retries: u32) -> Vec<Duration> {
    let cap = MAX_PAUSE.max(backoff);
    let mut out = Vec::new();
    let (mut pause, mut total) = (backoff, Duration::ZERO);
    for _ in 0..retries {
        total += pause;
        if total > MAX_RETRY_WINDOW {
            break;
        }
        out.push(pause);
        pause = (pause * 2).min(cap);
    }
    out
}

/// What one attempt got back: the status, where a redirect pointed, and the body when it is text.
struct Answer {
    status: u16,
    location: Option<String>,
    body: Result<String, Vec<u8>>,
}

fn redirect_refused(answer: Answer) -> Error {
    let to = answer.location.as_deref().unwrap_or("(no Location header)");
    Error::UnexpectedResponse {
        http_status: answer.status,
        reason: format!(
            "the gateway answered with a redirect (HTTP {}) to {to}; redirects are never followed, and nothing was re-sent",
            answer.status
        ),
        body: match answer.body {
            Ok(text) => text,
            Err(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        },
        withdrawal_id: None,
    }
}

/// What one attempt gave: a final answer, or a failure worth another attempt.
enum Attempt {
    Done(Result<Array, Error>),
    Retry(Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_their_cap() {
        let ms = Duration::from_millis;
        assert_eq!(
            pauses(ms(200), 5),
            [ms(200), ms(400), ms(800), ms(1600), ms(2000)]
        );
        assert_eq!(pauses(ms(200), 0), []);
        let s = Duration::from_secs;
        assert_eq!(pauses(s(5), 3), [s(5), s(5), s(5)]);
    }

    #[test]
    fn every_allowed_setting_retries_within_the_window() {
        let s = Duration::from_secs;
        assert_eq!(
            pauses(crate::client::MAX_RETRY_BACKOFF, crate::client::MAX_RETRIES),
            [s(10); 6],
            "the seventh pause would end past the window"
        );
        for backoff_ms in [0, 1, 10, 200, 2_000, 7_500, 10_000] {
            for retries in 0..=crate::client::MAX_RETRIES {
                let total: Duration = pauses(Duration::from_millis(backoff_ms), retries)
                    .iter()
                    .sum();
                assert!(total <= MAX_RETRY_WINDOW, "{backoff_ms} ms x {retries}");
            }
        }
    }
}
