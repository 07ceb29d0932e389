//! Core errors as the Python exception classes of `paykassma.errors`, chosen by `Error::code()`.

use paykassma::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Turns a core error into the matching `paykassma` exception, attributes filled in.
pub fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    match build(py, &error) {
        Ok(err) => err,
        // Only reachable if the Python half of the package is missing or broken.
        Err(e) => PyRuntimeError::new_err(format!("{error} (and raising it failed: {e})")),
    }
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let module = ERRORS_MODULE
        .get_or_try_init(py, || py.import("paykassma.errors").map(Bound::unbind))?
        .bind(py);
    let kw = PyDict::new(py);
    kw.set_item("code", error.code())?;
    let class = match error {
        Error::Validation { field, reason } => {
            kw.set_item("field", field)?;
            kw.set_item("reason", reason)?;
            "ValidationError"
        }
        Error::SignatureMismatch => "SignatureError",
        Error::MalformedPostback { reason } => {
            kw.set_item("reason", reason)?;
            "PostbackError"
        }
        Error::Api(api) => {
            kw.set_item("status", &api.status)?;
            kw.set_item("message", &api.message)?;
            kw.set_item("http_status", api.http_status)?;
            kw.set_item("body", &api.body)?;
            kw.set_item("gateway_code", api.code)?;
            let fields = PyDict::new(py);
            for (name, messages) in &api.field_errors {
                fields.set_item(name, PyList::new(py, messages)?)?;
            }
            kw.set_item("field_errors", fields)?;
            "ApiError"
        }
        Error::UnexpectedResponse {
            http_status,
            reason,
            body,
            ..
        } => {
            kw.set_item("status", py.None())?;
            kw.set_item("message", reason)?;
            kw.set_item("http_status", http_status)?;
            kw.set_item("body", body)?;
            "ApiError"
        }
        Error::Transport { kind, .. } => {
            kw.set_item("kind", kind.to_string())?;
            "TransportError"
        }
        Error::AmbiguousRetry { id_field, id, .. } => {
            kw.set_item("id_field", id_field)?;
            kw.set_item("id", id)?;
            "AmbiguousRetryError"
        }
        _ => "PaykassmaError",
    };
    if let Some(id) = error.withdrawal_id() {
        kw.set_item("withdrawal_id", id)?;
    }
    let instance = module
        .getattr(class)?
        .call((error.to_string(),), Some(&kw))?;
    Ok(PyErr::from_value(instance))
}

/// Shorthand for results of core calls.
pub trait IntoPyResult<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, e))
    }
}
