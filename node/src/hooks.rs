//! `onRequest` / `onResponse` client options and `NODE_DEBUG=paykassma`: the core's attempt
//! records handed to JS. The core reports on the libuv thread running the call; each hook is a
//! weak thread-safe function, so it runs on the event loop, never blocks the call and never keeps
//! the process alive. A record holds no secret: the path without its query, no body.

use std::sync::Arc;

use napi::bindgen_prelude::{FromNapiValue, Function, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsValue, Result, Status, ValueType};
use napi_derive::napi;
use paykassma::client::{Attempt, Observer, Phase};

use crate::error::type_error;
use crate::js::Js;

/// One attempt at a gateway request, as `onRequest` (as it starts) and `onResponse` (once it
/// ended) receive it.
#[napi(object)]
pub struct AttemptRecord {
    /// `request` or `response`.
    pub phase: String,
    pub method: String,
    /// The path alone, never the query (where the secret travels).
    pub path: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The HTTP status; null as the attempt starts or when no answer came.
    pub status: Option<u32>,
    /// The failure's code (`transport_error`, `api_error`, ...) when the attempt failed.
    pub error: Option<String>,
    pub duration_ms: f64,
    /// Whether another attempt follows.
    pub retry: bool,
    /// The log line: `GET /api/v1/accounts-balance -> 200 (attempt 1, 1.2 ms)`.
    pub line: String,
}

impl From<&Attempt> for AttemptRecord {
    fn from(a: &Attempt) -> AttemptRecord {
        AttemptRecord {
            phase: a.phase.as_str().to_owned(),
            method: a.method.to_owned(),
            path: a.path.clone(),
            attempt: a.attempt,
            status: a.status.map(u32::from),
            error: a.error.map(str::to_owned),
            duration_ms: a.duration.as_secs_f64() * 1000.0,
            retry: a.retry,
            line: a.to_string(),
        }
    }
}

type Hook = ThreadsafeFunction<AttemptRecord, (), AttemptRecord, Status, false, true>;

const HOOKS: [&str; 2] = ["onRequest", "onResponse"];

/// The options without the hooks (for the core's settings), and the observer they make, with
/// `NODE_DEBUG`'s lines when it names `paykassma`.
pub fn split<'a>(env: Env, options: Unknown<'a>) -> Result<(Unknown<'a>, Option<Observer>)> {
    let js = Js(env.raw());
    let v = options.raw();
    let debug = node_debug_names_us(std::env::var("NODE_DEBUG").unwrap_or_default().as_str());
    if js.type_of(v)? != ValueType::Object || js.is_array(v)? {
        return Ok((options, observer(None, None, debug)));
    }
    let rest = js.object()?;
    let (mut on_request, mut on_response) = (None, None);
    let keys = js.own_keys(v)?;
    for i in 0..js.array_len(keys)? {
        let key = js.element(keys, i)?;
        let name = js.get_utf8(key)?;
        let value = js.property(v, key)?;
        if !HOOKS.contains(&name.as_str()) {
            js.set(rest, &name, value)?;
            continue;
        }
        match js.type_of(value)? {
            ValueType::Undefined | ValueType::Null => {}
            ValueType::Function => {
                let f =
                    unsafe { Function::<AttemptRecord, ()>::from_napi_value(env.raw(), value)? };
                let hook: Hook = f
                    .build_threadsafe_function::<AttemptRecord>()
                    .weak::<true>()
                    .build()?;
                if name == "onRequest" {
                    on_request = Some(hook);
                } else {
                    on_response = Some(hook);
                }
            }
            _ => {
                return Err(type_error(
                    env,
                    &name,
                    &format!("{name} must be a function"),
                ))
            }
        }
    }
    let rest = unsafe { Unknown::from_napi_value(env.raw(), rest)? };
    Ok((rest, observer(on_request, on_response, debug)))
}

fn observer(on_request: Option<Hook>, on_response: Option<Hook>, debug: bool) -> Option<Observer> {
    if on_request.is_none() && on_response.is_none() && !debug {
        return None;
    }
    let pid = std::process::id();
    Some(Arc::new(move |a: &Attempt| {
        let hook = match a.phase {
            Phase::Request => &on_request,
            Phase::Response => &on_response,
        };
        if let Some(hook) = hook {
            hook.call(
                AttemptRecord::from(a),
                ThreadsafeFunctionCallMode::NonBlocking,
            );
        }
        // As `util.debuglog('paykassma')` writes: one line per attempt, once it ended.
        if debug && a.phase == Phase::Response {
            eprintln!("PAYKASSMA {pid}: {a}");
        }
    }))
}

/// Whether `NODE_DEBUG` (names separated by commas or spaces, `*` a wildcard, any case) names
/// `paykassma`, as Node's `util.debuglog` reads it.
fn node_debug_names_us(node_debug: &str) -> bool {
    node_debug
        .split([',', ' '])
        .map(|n| n.trim().to_ascii_lowercase())
        .any(|pattern| wildcard_match(&pattern, "paykassma"))
}

fn wildcard_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            name.starts_with(head)
                && (0..=name.len() - head.len())
                    .any(|i| wildcard_match(tail, &name[head.len() + i..]))
        }
    }
}
