//! Python objects to the core's PHP values, with the semantics the gateway's PHP would give the
//! same data arriving as JSON:
//!
//! - `dict` (any `Mapping`) is an object-shaped array; `str` keys become int keys by PHP's rule
//!   (`"10"` is `10`, `"01"` stays a string); int keys stay ints; `bool` keys are 0 and 1;
//! - `list` and `tuple` are lists; `bool` is checked before `int` (it is an `int` in Python);
//! - `int` outside i64 becomes a float, as `json_decode` makes it;
//! - `Decimal` is a JSON number written with its exact digits, so `Decimal("1000.50")` is what
//!   PHP's `json_decode` makes of `1000.50`: the float 1000.5 (and `Decimal("10")` the int 10).
//!
//! Anything else is a `TypeError` naming the path to the value (`bank_details.bank_code`), with
//! `code` and `field` set as on every binding's refusal.

use std::borrow::Cow;
use std::fmt::Write;

use paykassma::php::{decode, Array, Key, Value, MAX_DEPTH};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple, PyType};

use crate::errors::to_py_err;

/// Where a value sits in the data, kept as a chain and only printed for an error.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a Key),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root(name) => out.push_str(name),
            Path::Key(parent, key) => {
                if let Path::Root(_) = parent {
                    // Top-level keys are named alone: `amount`, not `data.amount`.
                } else {
                    parent.write(out);
                    out.push('.');
                }
                out.push_str(&key.as_text());
            }
            Path::Index(parent, i) => {
                parent.write(out);
                let _ = write!(out, "[{i}]");
            }
        }
    }
}

/// A Python `str` as UTF-8; a lone surrogate (`"\ud800"`), which has no UTF-8 form and which
/// PHP's `json_decode` refuses too, is a validation error of `field`.
pub fn utf8<'a>(s: &'a Bound<'_, PyString>, field: &dyn Fn() -> String) -> PyResult<Cow<'a, str>> {
    s.to_cow().map_err(|_| {
        to_py_err(
            s.py(),
            paykassma::Error::Validation {
                field: field(),
                reason: "holds a lone UTF-16 surrogate, which has no UTF-8 form".into(),
            },
        )
    })
}

/// `utf8` for a named argument.
pub fn arg<'a>(s: &'a Bound<'_, PyString>, name: &'static str) -> PyResult<Cow<'a, str>> {
    utf8(s, &|| name.to_owned())
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// What a `Decimal` becomes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DecimalAs {
    /// A JSON number with its exact digits, as PHP's `json_decode` reads it (`sign`).
    Number,
    /// Its exact decimal text (`"1000.50"`), for the client's amount parameters, which the core
    /// sends as written.
    Text,
}

/// Converts a mapping or a list at the top of the data.
pub fn array(obj: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Option<Array>> {
    match value_with(obj, path, DecimalAs::Number)? {
        Value::Array(a) => Ok(Some(a)),
        _ => Ok(None),
    }
}

/// Converts a value held by a top-level container (one level down, as the depth limit counts).
pub fn member_value(obj: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Value> {
    value(obj, path, 1, DecimalAs::Number)
}

/// Converts any supported value.
pub fn value_with(obj: &Bound<'_, PyAny>, path: &Path<'_>, decimals: DecimalAs) -> PyResult<Value> {
    value(obj, path, 0, decimals)
}

fn value(
    obj: &Bound<'_, PyAny>,
    path: &Path<'_>,
    depth: usize,
    decimals: DecimalAs,
) -> PyResult<Value> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::Str(utf8(s, &|| path.render())?.into_owned()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return Ok(match i.extract::<i64>() {
            Ok(i) => Value::Int(i),
            // json_decode turns integers outside i64 into floats (or INF).
            Err(_) => json_number(py, &i.str()?.to_cow()?, path)?,
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Value::Float(f.value()));
    }
    if depth >= MAX_DEPTH {
        return Err(to_py_err(
            py,
            paykassma::Error::Validation {
                field: path.render(),
                reason: format!(
                    "nested deeper than {MAX_DEPTH} levels (does a container hold itself?)"
                ),
            },
        ));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut a = Array::object();
        for (k, v) in d.iter() {
            let key = key(&k, path)?;
            let v = value(&v, &Path::Key(path, &key), depth + 1, decimals)?;
            a.insert(key, v);
        }
        return Ok(Value::Array(a));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut a = Array::list();
        for (i, item) in obj.try_iter()?.enumerate() {
            a.push(value(&item?, &Path::Index(path, i), depth + 1, decimals)?);
        }
        return Ok(Value::Array(a));
    }
    if obj.is_instance(decimal_type(py)?)? {
        return match decimals {
            DecimalAs::Number => decimal(obj, path),
            // Plain notation: `Decimal("1E+3")` is "1000".
            DecimalAs::Text => Ok(Value::Str(
                py.import("builtins")?
                    .getattr("format")?
                    .call1((obj, "f"))?
                    .extract()?,
            )),
        };
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        let mut a = Array::object();
        for item in m.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key = key(&k, path)?;
            let v = value(&v, &Path::Key(path, &key), depth + 1, decimals)?;
            a.insert(key, v);
        }
        return Ok(Value::Array(a));
    }
    let field = path.render();
    let message = format!(
        "`{field}` has unsupported type {}: use str, int, float, bool, None, Decimal, dict or list",
        type_name(obj)
    );
    Err(type_error(py, field, message))
}

fn key(obj: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Key> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Key::from(utf8(s, &|| path.render())?.as_ref()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Key::Int(b.is_true().into()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(i) = i.extract::<i64>() {
            return Ok(Key::Int(i));
        }
    }
    let field = path.render();
    let message = format!(
        "`{field}` has a key of unsupported type {} ({}): keys must be str or int within 64 bits",
        type_name(obj),
        obj.repr().map(|r| r.to_string()).unwrap_or_default()
    );
    Err(type_error(obj.py(), field, message))
}

/// A `TypeError` for a value PHP data cannot hold. It carries `code` (`validation_error`) and
/// `field` as the other bindings' refusals do, so one table describes them all.
pub fn type_error(py: Python<'_>, field: String, message: String) -> PyErr {
    let err = PyTypeError::new_err(message);
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail; the message stands alone.
    let _ = value.setattr("code", "validation_error");
    let _ = value.setattr("field", field);
    err
}

/// A `Decimal` as the JSON number with its exact digits.
fn decimal(obj: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Value> {
    let text = obj.str()?;
    json_number(obj.py(), &text.to_cow()?, path)
}

/// What `json_decode` makes of a number written as `text`.
fn json_number(py: Python<'_>, text: &str, path: &Path<'_>) -> PyResult<Value> {
    match decode(text) {
        Ok(v @ (Value::Int(_) | Value::Float(_))) => Ok(v),
        _ => Err(to_py_err(
            py,
            paykassma::Error::Validation {
                field: path.render(),
                reason: format!("{text} is not a number JSON can carry"),
            },
        )),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    let t = obj.get_type();
    match (t.module(), t.qualname()) {
        (Ok(m), Ok(q)) if m.to_cow().map(|m| m != "builtins").unwrap_or(true) => {
            format!("{m}.{q}")
        }
        (_, Ok(q)) => q.to_string(),
        _ => "?".to_owned(),
    }
}
