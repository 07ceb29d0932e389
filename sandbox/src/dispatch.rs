//! What a whole request meets: control endpoints, or an armed fault and the gateway's routes.
//! Panics are turned into a 500 so a bad request never takes the sandbox down.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crate::faults::{self, FaultKind};
use crate::http::{Reply, Request};
use crate::shared::Shared;
use crate::state::{SeenRequest, State, MAX_SEEN_REQUESTS};
use crate::{control, gateway, log, payment_page};

/// What becomes of a request.
pub enum Outcome {
    Answer(Reply),
    /// Processed; answered after the delay (`slow`).
    Late(Reply, Duration),
    /// Processed, then the connection is closed without an answer (`cut_connection`).
    Cut,
}

pub fn handle(shared: &Shared, req: &Request) -> Outcome {
    let started = Instant::now();
    let outcome = route(shared, req);
    shared.log(|| {
        let what = match &outcome {
            Outcome::Answer(r) => answered(r),
            Outcome::Late(r, delay) => {
                format!(
                    "{} after a {} ms delay (fault)",
                    answered(r),
                    delay.as_millis()
                )
            }
            Outcome::Cut => "connection cut (fault)".to_owned(),
        };
        log::request_line(&req.method, &req.path, &what, started.elapsed())
    });
    outcome
}

/// The status, and for a refusal what the answer says (its first 200 characters).
fn answered(reply: &Reply) -> String {
    if reply.status < 400 {
        return reply.status.to_string();
    }
    let mut body = reply.body.clone();
    if let Some((cut, _)) = body.char_indices().nth(200) {
        body.truncate(cut);
        body.push_str("...");
    }
    format!("{} {body:?}", reply.status)
}

fn route(shared: &Shared, req: &Request) -> Outcome {
    if req.method == "GET" && req.path == "/" {
        return Outcome::Answer(guarded(|| payment_page::render(shared, req)));
    }
    if req.path.starts_with("/_sandbox/") {
        return Outcome::Answer(guarded(|| control::route(shared, req)));
    }
    let fault = {
        let mut state = shared.lock();
        see(&mut state, req);
        faults::take(&mut state.faults, &req.path)
    };
    let Some(f) = fault else {
        return Outcome::Answer(guarded(|| gateway::route(shared, req)));
    };
    if let Some(reply) = f.replacement(req) {
        return Outcome::Answer(reply);
    }
    let processed = guarded(|| gateway::route(shared, req));
    match f.kind {
        FaultKind::Slow => Outcome::Late(processed, Duration::from_millis(f.delay_ms)),
        FaultKind::CutConnection => Outcome::Cut,
        _ => Outcome::Answer(processed),
    }
}

/// Keeps the request for `/_sandbox/requests`, faulted or not.
fn see(state: &mut State, req: &Request) {
    let secret = match req.query.get("secret") {
        None => "missing",
        Some(s) if s == state.config.secret => "correct",
        Some(_) => "wrong",
    };
    if state.seen_requests.len() == MAX_SEEN_REQUESTS {
        state.seen_requests.pop_front();
    }
    state.seen_requests.push_back(SeenRequest {
        method: req.method.clone(),
        path: req.path.clone(),
        query: req
            .query
            .pairs()
            .iter()
            .filter(|(k, _)| k != "secret")
            .cloned()
            .collect(),
        secret,
        user_agent: req.user_agent.clone(),
        content_type: req.content_type.clone(),
        body: String::from_utf8_lossy(&req.body).into_owned(),
    });
    state.requests_seen += 1;
}

fn guarded(f: impl FnOnce() -> Reply) -> Reply {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Reply::server_error())
}
