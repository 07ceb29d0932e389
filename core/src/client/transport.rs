//! Sending a prepared request: one pooled ureq agent, timeouts always set, retries only for
//! requests a retry cannot duplicate, and the secret kept out of every message.

use std::time::Duration;

use super::Config;
use crate::api::{query_string, url_encode, Body, Method, PreparedRequest};
use crate::php::Array;
use crate::{outcome, Error, TransportKind};

pub(crate) struct Transport {
    agent: ureq::Agent,
    base_url: String,
    secret: String,
    max_retries: u32,
    retry_backoff: Duration,
}

impl Transport {
    pub fn new(config: &Config) -> Transport {
        let user_agent = format!("paykassma-sdk/{} ({})", crate::VERSION, config.binding);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_send_request(Some(config.read_timeout))
            .timeout_send_body(Some(config.read_timeout))
            .timeout_recv_response(Some(config.read_timeout))
            .timeout_recv_body(Some(config.read_timeout))
            .http_status_as_error(false)
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
        }
    }

    /// Sends the request, retrying transport failures and 5xx answers when the request is retry-safe.
    pub fn send(&self, request: &PreparedRequest) -> Result<Array, Error> {
        let attempts = if request.retry_safe {
            1 + self.max_retries
        } else {
            1
        };
        let mut pause = self.retry_backoff;
        for attempt in 1..=attempts {
            match self.attempt(request) {
                Attempt::Done(result) => return result,
                Attempt::Retry(e) if attempt == attempts => return Err(e),
                Attempt::Retry(_) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
            }
        }
        unreachable!("the last attempt always returns")
    }

    fn attempt(&self, request: &PreparedRequest) -> Attempt {
        match self.send_once(request) {
            Err(transport) => Attempt::Retry(transport),
            Ok((status, body)) => match outcome::parse_answer(status, &body) {
                Err(e) if status >= 500 => Attempt::Retry(e),
                result => Attempt::Done(result),
            },
        }
    }

    fn send_once(&self, request: &PreparedRequest) -> Result<(u16, String), Error> {
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
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| self.transport_error(&what, e))?;
        Ok((status, body))
    }

    fn transport_error(&self, what: &str, e: ureq::Error) -> Error {
        let kind = match &e {
            ureq::Error::Timeout(_) => TransportKind::Timeout,
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => TransportKind::Connect,
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
            message: self.redact(&format!("{what}: {e}")),
        }
    }

    /// The secret never appears in a message, whatever a lower layer printed: its query parameter
    /// is always masked, and its bare text too unless it is so short that masking it would mangle
    /// ordinary words (a secret that short is no secret).
    fn redact(&self, message: &str) -> String {
        let mut out = message.replace(
            &format!("secret={}", url_encode(&self.secret)),
            "secret=<redacted>",
        );
        if self.secret.chars().count() >= MIN_MASKED_SECRET {
            out = out
                .replace(&self.secret, "<redacted>")
                .replace(&url_encode(&self.secret), "<redacted>");
        }
        out
    }
}

const MIN_MASKED_SECRET: usize = 6;

/// What one attempt gave: a final answer, or a failure worth another attempt.
enum Attempt {
    Done(Result<Array, Error>),
    Retry(Error),
}
