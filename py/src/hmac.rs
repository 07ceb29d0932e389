//! `paykassma.hmac_sign` / `hmac_verify`: the newer platform's signature (base64 HMAC-SHA512).
//!
//! The core reads JSON as Python's `json.loads` does, so a mapping is handed over as Python's own
//! `json.dumps` writes it (float `repr`, integers of any size, `NaN`/`Infinity`, `\uXXXX` for
//! non-ASCII and lone surrogates): exactly the document the platform's Python code would see.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::IntoPyResult;
use crate::from_python;
use crate::sign::json_text;

/// Signs a document with the newer platform's formula:
/// `base64(HMAC-SHA512(key, ";".join(sorted(flatten(data)))))`, `general.signature` left out.
///
/// `data` is a mapping (dicts, lists, str, int, float, bool, None) or its JSON text (str or
/// bytes). Returns the signature to put in `general.signature`.
#[pyfunction]
pub fn hmac_sign(data: &Bound<'_, PyAny>, key: &Bound<'_, PyString>) -> PyResult<String> {
    let key = from_python::arg(key, "key")?;
    let json = document(data)?;
    paykassma::hmac_sign_json(&json, &key).or_raise(data.py())
}

/// Checks the `general.signature` of a document (same `data` as `hmac_sign`) in constant time.
/// Returns None; raises `SignatureError` when it does not match, `ValidationError` when the
/// document cannot be checked.
#[pyfunction]
pub fn hmac_verify(data: &Bound<'_, PyAny>, key: &Bound<'_, PyString>) -> PyResult<()> {
    let key = from_python::arg(key, "key")?;
    let json = document(data)?;
    paykassma::hmac_verify_json(&json, &key).or_raise(data.py())
}

fn document(data: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Some(json) = json_text(data)? {
        return Ok(json.into_owned());
    }
    let py = data.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("ensure_ascii", true)?;
    kwargs.set_item("allow_nan", true)?;
    let dumped = py
        .import("json")?
        .call_method("dumps", (data,), Some(&kwargs));
    match dumped {
        Ok(text) => text.extract(),
        Err(e) if e.is_instance_of::<PyTypeError>(py) || e.is_instance_of::<PyValueError>(py) => {
            Err(paykassma::Error::Validation {
                field: "data".into(),
                reason: format!("cannot be read as JSON: {}", e.value(py)),
            })
            .or_raise(py)
        }
        Err(e) => Err(e),
    }
}
