//! `paykassma.sign`: the withdrawal request signature over a mapping or raw JSON text.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

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
    let array = to_array(data)?;
    paykassma::sign(&array, private_key).or_raise(py)
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

/// The JSON text when `data` is text; invalid UTF-8 is a validation error of `data`.
pub(crate) fn json_text(data: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let bytes = if let Ok(s) = data.cast::<PyString>() {
        return Ok(Some(from_python::arg(s, "data")?.into_owned()));
    } else if let Ok(b) = data.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = data.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        return Ok(None);
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| paykassma::Error::Validation {
            field: "data".into(),
            reason: format!(
                "JSON text is not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        })
        .or_raise(data.py())
}
