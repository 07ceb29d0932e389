//! Errors as JS `Error` instances carrying the core's stable `.code` (shared by every language)
//! and, where they apply, `.field`, `.status`, `.httpStatus`, `.body` and the gateway's details.

use napi::bindgen_prelude::{JsError, JsRangeError, JsTypeError};
use napi::{sys, Env, Error, Result};

use crate::from_js::Refusal;
use crate::js::Js;

/// Builds the JS error for a core error. The message is the core's, which never holds a key.
pub fn core_error(env: Env, e: &paykassma::Error) -> Error {
    build(env, JsKind::Error, e.code(), &e.to_string(), |js, obj| {
        if let Some(field) = e.field() {
            js.set(obj, "field", js.string(field)?)?;
        }
        match e {
            paykassma::Error::Api(api) => {
                js.set(obj, "status", js.string(&api.status)?)?;
                js.set(obj, "httpStatus", js.double(api.http_status.into())?)?;
                js.set(obj, "body", js.string(&api.body)?)?;
                js.set(obj, "gatewayMessage", js.string(&api.message)?)?;
                let code = match api.code {
                    Some(c) => js.double(c as f64)?,
                    None => js.null()?,
                };
                js.set(obj, "gatewayCode", code)?;
                let fields = js.object()?;
                for (name, messages) in &api.field_errors {
                    let list = js.array(messages.len())?;
                    for (i, m) in messages.iter().enumerate() {
                        js.set_element(list, i as u32, js.string(m)?)?;
                    }
                    js.set(fields, name, list)?;
                }
                js.set(obj, "fieldErrors", fields)?;
            }
            paykassma::Error::UnexpectedResponse {
                http_status, body, ..
            } => {
                js.set(obj, "httpStatus", js.double((*http_status).into())?)?;
                js.set(obj, "body", js.string(body)?)?;
            }
            paykassma::Error::Transport { kind, .. } => {
                js.set(obj, "transportKind", js.string(&kind.to_string())?)?;
            }
            paykassma::Error::AmbiguousRetry { id_field, id, .. } => {
                js.set(obj, "idField", js.string(id_field)?)?;
                js.set(obj, "id", js.string(id)?)?;
            }
            _ => {}
        }
        if let Some(id) = e.withdrawal_id() {
            js.set(obj, "withdrawalId", js.string(id)?)?;
        }
        Ok(())
    })
}

/// A `TypeError` (code `validation_error`) for an argument of the wrong type.
pub fn type_error(env: Env, field: &str, message: &str) -> Error {
    field_error(env, JsKind::Type, field, message)
}

/// The error for a value `sign` cannot convert.
pub fn refusal(env: Env, function: &str, r: Refusal) -> Error {
    let (kind, path, message) = match r {
        Refusal::Type { path, message } => (JsKind::Type, path, message),
        Refusal::Range { path, message } => (JsKind::Range, path, message),
        Refusal::Napi(e) => return e,
    };
    let path = if path.is_empty() { "data".into() } else { path };
    let message = format!("{function}: `{path}` {message}");
    field_error(env, kind, &path, &message)
}

fn field_error(env: Env, kind: JsKind, field: &str, message: &str) -> Error {
    build(env, kind, "validation_error", message, |js, obj| {
        js.set(obj, "field", js.string(field)?)
    })
}

enum JsKind {
    Error,
    Type,
    Range,
}

/// Creates the error object, lets `decorate` add properties, and wraps it so that napi-rs
/// throws (or rejects with) this very object.
fn build(
    env: Env,
    kind: JsKind,
    code: &str,
    message: &str,
    decorate: impl FnOnce(Js, sys::napi_value) -> Result<()>,
) -> Error {
    let base = Error::new(code.to_owned(), message.to_owned());
    let obj = unsafe {
        match kind {
            JsKind::Error => JsError::from(base).into_value(env.raw()),
            JsKind::Type => JsTypeError::from(base).into_value(env.raw()),
            JsKind::Range => JsRangeError::from(base).into_value(env.raw()),
        }
    };
    if obj.is_null() {
        return Error::from_reason(message.to_owned());
    }
    if let Err(e) = decorate(Js(env.raw()), obj) {
        return e;
    }
    let value = unsafe { napi::Unknown::from_raw_unchecked(env.raw(), obj) };
    Error::from(value)
}
