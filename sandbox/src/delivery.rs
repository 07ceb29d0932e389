//! Delivers postbacks to the merchant's URL in a background thread, retrying with exponential
//! backoff until the answer is HTTP 200 with `{"status":"ok"}`. Every attempt is logged; a merchant
//! endpoint that is down only makes attempts fail.

use std::time::{Duration, Instant};

use paykassma::php::{decode, Value};

use crate::queue::Job;
use crate::shared::Shared;
use crate::state::DeliveryAttempt;

/// The delivery thread's loop.
pub fn run(shared: &Shared) {
    let cfg = shared.lock().config.delivery.clone();
    let timeout = Some(Duration::from_millis(cfg.timeout_ms));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(timeout)
        .timeout_send_request(timeout)
        .timeout_send_body(timeout)
        .timeout_recv_response(timeout)
        .timeout_recv_body(timeout)
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent("paykassma-sandbox")
        .build()
        .into();
    while let Some(job) = shared.queue.next(&shared.stop) {
        let (url, body) = {
            let state = shared.lock();
            if job.generation != state.generation {
                continue;
            }
            let Some(p) = state.postback(job.postback_id) else {
                continue;
            };
            let Some(url) = state.config.postback_url.clone() else {
                continue;
            };
            (url, p.body.clone())
        };
        let outcome = send(&agent, &url, &body);
        let acknowledged = outcome.acknowledged;
        let retry = (!acknowledged && job.attempt < cfg.max_attempts).then(|| {
            Duration::from_millis(
                cfg.initial_backoff_ms
                    .saturating_mul(1u64 << (job.attempt - 1).min(20))
                    .min(cfg.max_backoff_ms),
            )
        });
        shared.log(|| {
            crate::log::delivery_line(
                job.postback_id,
                job.attempt,
                &url,
                outcome.status,
                &outcome.body,
                outcome.error.as_deref(),
                retry,
            )
        });
        {
            let mut state = shared.lock();
            if job.generation != state.generation {
                continue;
            }
            let at = state.now();
            state.deliveries.push(DeliveryAttempt {
                postback_id: job.postback_id,
                attempt: job.attempt,
                url,
                at,
                http_status: outcome.status,
                response: outcome.body,
                error: outcome.error,
                acknowledged,
                duplicate: job.duplicate,
            });
            if acknowledged {
                if let Some(p) = state.postbacks.iter_mut().find(|p| p.id == job.postback_id) {
                    p.acknowledged = true;
                }
            }
        }
        if let Some(backoff) = retry {
            shared.queue.push_job(Job {
                attempt: job.attempt + 1,
                due: Instant::now() + backoff,
                ..job
            });
        }
    }
}

struct Outcome {
    status: Option<u16>,
    body: String,
    error: Option<String>,
    acknowledged: bool,
}

fn send(agent: &ureq::Agent, url: &str, body: &str) -> Outcome {
    let result = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.as_bytes());
    let mut response = match result {
        Ok(r) => r,
        Err(e) => {
            return Outcome {
                status: None,
                body: String::new(),
                error: Some(e.to_string()),
                acknowledged: false,
            }
        }
    };
    let status = response.status().as_u16();
    let read = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string();
    let acknowledged = status == 200 && read.as_deref().is_ok_and(is_ok_status);
    let error = match (&read, acknowledged) {
        (Err(e), _) => Some(format!("reading the answer: {e}")),
        (Ok(_), false) => Some(r#"the answer is not HTTP 200 with {"status":"ok"}"#.to_owned()),
        _ => None,
    };
    let mut text = read.unwrap_or_default();
    text.truncate(text.char_indices().nth(300).map_or(text.len(), |(i, _)| i));
    Outcome {
        status: Some(status),
        body: text,
        error,
        acknowledged,
    }
}

/// `{"status":"ok"}`, whatever the spacing, as PHP's `json_decode` would read it.
fn is_ok_status(text: &str) -> bool {
    match decode(text.trim()) {
        Ok(Value::Array(a)) => a.get("status").and_then(Value::as_str) == Some("ok"),
        _ => false,
    }
}
