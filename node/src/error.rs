//! Errors as instances of the package's error classes (`ValidationError`, `ApiError`... from
//! `errors.js`, registered at load), carrying the core's stable `.code` (shared by every language)
//! and the fields of `Error::to_value` in camelCase (`httpStatus`, `gatewayCode`, `kind`).

use std::cell::RefCell;
use std::ptr;

use napi::bindgen_prelude::{JsError, JsObjectValue, JsRangeError, JsTypeError, Object};
use napi::{sys, Env, Error, JsValue, Result};
use napi_derive::napi;
use paykassma::php::Value;
use paykassma::ErrorKind;

use crate::from_js::Refusal;
use crate::js::Js;
use crate::to_js;

thread_local! {
    /// The class of each error kind, by position in `ErrorKind::ALL`, for this thread's JS realm.
    static CLASSES: RefCell<Vec<sys::napi_ref>> = const { RefCell::new(Vec::new()) };
}

/// Registers the error classes (an object from each code to its class); the package's entry
/// calls it once when it loads. Until then errors are plain `Error`s with the same properties.
#[napi(js_name = "_registerErrorClasses")]
pub fn register_error_classes(env: Env, classes: Object) -> Result<()> {
    let mut refs = Vec::with_capacity(ErrorKind::ALL.len());
    for kind in ErrorKind::ALL {
        let class: napi::Unknown = classes.get_named_property(kind.code())?;
        let mut r = ptr::null_mut();
        check(unsafe { sys::napi_create_reference(env.raw(), class.raw(), 1, &mut r) })?;
        refs.push(r);
    }
    CLASSES.with(|c| *c.borrow_mut() = refs);
    Ok(())
}

/// Builds the JS error for a core error. The message is the core's, which never holds a key.
pub fn core_error(env: Env, e: &paykassma::Error) -> Error {
    build(
        env,
        JsKind::Class(e.kind()),
        e.code(),
        &e.to_string(),
        |js, obj| {
            let Value::Array(details) = e.to_value() else {
                return Ok(());
            };
            for (name, value) in details.iter() {
                let name = name.as_text();
                if name == "code" || name == "message" || (name == "field" && value.is_null()) {
                    continue;
                }
                js.set(obj, &camel_case(&name), to_js::value(js, value)?)?;
            }
            Ok(())
        },
    )
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
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
    Class(ErrorKind),
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
            JsKind::Class(kind) => match instance_of(env, kind, code, message) {
                Some(obj) => obj,
                None => JsError::from(base).into_value(env.raw()),
            },
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

/// `new Class(message)` with its `code`, when the classes were registered on this thread.
fn instance_of(env: Env, kind: ErrorKind, code: &str, message: &str) -> Option<sys::napi_value> {
    let index = ErrorKind::ALL.iter().position(|k| *k == kind)?;
    let class = CLASSES.with(|c| c.borrow().get(index).copied())?;
    let js = Js(env.raw());
    let mut ctor = ptr::null_mut();
    check(unsafe { sys::napi_get_reference_value(env.raw(), class, &mut ctor) }).ok()?;
    let args = [js.string(message).ok()?];
    let mut obj = ptr::null_mut();
    check(unsafe { sys::napi_new_instance(env.raw(), ctor, 1, args.as_ptr(), &mut obj) }).ok()?;
    js.set(obj, "code", js.string(code).ok()?).ok()?;
    Some(obj)
}

fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(napi::Status::from(status), "N-API call failed"))
    }
}
