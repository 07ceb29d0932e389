//! `paykassma.sign`: the withdrawal request signature over a mapping or raw JSON text.

use std::borrow::Cow;

use paykassma::{Field, FieldKey, RequestSigner};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyString};

use crate::errors::IntoPyResult;
use crate::from_python::{self, Path};

/// Signs request data: `sha1(private_key . md5(multiImplode(':', ksort($data))))`.
///
/// `data` is a mapping (nested dicts and lists of str, int, float, bool, None, Decimal) or the
/// JSON text of the request (str or bytes), decoded as PHP's `json_decode($json, true)` would.
/// A top-level `signature` key is left out. Returns 40 lowercase hex digits.
#[pyfunction]
pub fn sign(data: &Bound<'_, PyAny>, private_key: &Bound<'_, PyString>) -> PyResult<String> {
    let py = data.py();
    let private_key = &*from_python::arg(private_key, "private_key")?;
    if let Some(json) = json_text(data)? {
        return paykassma::sign_json(&json, private_key).or_raise(py);
    }
    if let Ok(dict) = data.cast::<PyDict>() {
        if let Some(signed) = sign_dict(dict, private_key) {
            return signed.or_raise(py);
        }
    }
    let array = to_array(data)?;
    paykassma::sign(&array, private_key).or_raise(py)
}

/// Signs a dict field by field, without building the core's array: scalars go straight to the
/// signer, nested containers are converted alone. `None` for anything the general conversion
/// must look at (which also names what is wrong): keys other than str and int, strings with a
/// lone surrogate, ints past 64 bits, values of other types. Keys and strings are read in place
/// (their UTF-8, which CPython keeps with the str) and lent to the signer: `items` holds a
/// reference to each, so they outlive it whatever a nested value's conversion runs.
fn sign_dict(
    dict: &Bound<'_, PyDict>,
    private_key: &str,
) -> Option<Result<String, paykassma::Error>> {
    let items: Vec<_> = dict.iter().collect();
    let mut signer = RequestSigner::new();
    for (k, v) in &items {
        // Exact types first (a pointer comparison), subclasses after.
        let key = if let Ok(s) = k.cast_exact::<PyString>().or_else(|_| k.cast::<PyString>()) {
            FieldKey::Str(s.to_str().ok()?)
        } else if let Ok(b) = k.cast::<PyBool>() {
            FieldKey::Int(b.is_true().into())
        } else {
            FieldKey::Int(k.cast::<PyInt>().ok()?.extract::<i64>().ok()?)
        };
        let field = if let Ok(s) = v.cast_exact::<PyString>() {
            Field::Str(s.to_str().ok()?)
        } else if v.is_none() {
            Field::Null
        } else if let Ok(b) = v.cast::<PyBool>() {
            Field::Bool(b.is_true())
        } else if let Ok(s) = v.cast::<PyString>() {
            Field::Str(s.to_str().ok()?)
        } else if let Ok(i) = v.cast::<PyInt>() {
            Field::Int(i.extract::<i64>().ok()?)
        } else if let Ok(f) = v.cast::<PyFloat>() {
            Field::Float(f.value())
        } else {
            let nested = from_python::member_value(v, &Path::Root("data")).ok()?;
            signer.field_copied(key, Field::Value(&nested));
            continue;
        };
        signer.field(key, field);
    }
    Some(signer.sign(private_key))
}

/// The `:`-joined string whose md5 is signed (no key in it: safe to log when a signature is
/// refused). Accepts the same `data` as `sign`.
#[pyfunction]
pub fn signing_string(data: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = data.py();
    let array = match json_text(data)? {
        Some(json) => match paykassma::php::decode(&json) {
            Ok(paykassma::php::Value::Array(a)) => a,
            Ok(other) => {
                return Err(paykassma::Error::Validation {
                    field: "data".into(),
                    reason: format!("must be a JSON object or array, got {}", other.type_name()),
                })
                .or_raise(py)
            }
            Err(e) => {
                return Err(paykassma::Error::Validation {
                    field: "data".into(),
                    reason: e.to_string(),
                })
                .or_raise(py)
            }
        },
        None => to_array(data)?,
    };
    Ok(paykassma::signing_string(&array))
}

fn to_array(data: &Bound<'_, PyAny>) -> PyResult<paykassma::php::Array> {
    from_python::array(data, &Path::Root("data"))?.ok_or_else(|| {
        let message = format!(
            "data must be a mapping, a list or the request's JSON text (str or bytes), got {}",
            data.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        );
        from_python::type_error(data.py(), "data".into(), message)
    })
}

/// The JSON text when `data` is text, borrowed where Python lets it be; invalid UTF-8 is a
/// validation error of `data`.
pub(crate) fn json_text<'a>(data: &'a Bound<'_, PyAny>) -> PyResult<Option<Cow<'a, str>>> {
    let bytes: Cow<'a, [u8]> = if let Ok(s) = data.cast::<PyString>() {
        return Ok(Some(from_python::arg(s, "data")?));
    } else if let Ok(b) = data.cast::<PyBytes>() {
        Cow::Borrowed(b.as_bytes())
    } else if let Ok(b) = data.cast::<PyByteArray>() {
        Cow::Owned(b.to_vec())
    } else {
        return Ok(None);
    };
    let text = match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed),
        Cow::Owned(b) => String::from_utf8(b)
            .map(Cow::Owned)
            .map_err(|e| e.utf8_error()),
    };
    text.map(Some)
        .map_err(|e| paykassma::Error::Validation {
            field: "data".into(),
            reason: format!("JSON text is not valid UTF-8 (byte {})", e.valid_up_to()),
        })
        .or_raise(data.py())
}
