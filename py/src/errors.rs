//! Core errors as the Python exception classes of `paykassma.errors`: the class by the error's
//! kind, the attributes from `Error::to_value` (the names every binding shares).

use paykassma::php::Value;
use paykassma::{Error, ErrorKind};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::to_python::to_python;

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Turns a core error into the matching `paykassma` exception, attributes filled in.
pub fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    match build(py, &error) {
        Ok(err) => err,
        // Only reachable if the Python half of the package is missing or broken.
        Err(e) => PyRuntimeError::new_err(format!("{error} (and raising it failed: {e})")),
    }
}

fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Validation => "ValidationError",
        ErrorKind::SignatureMismatch => "SignatureError",
        ErrorKind::MalformedPostback => "PostbackError",
        ErrorKind::Api => "ApiError",
        ErrorKind::UnexpectedResponse => "UnexpectedResponseError",
        ErrorKind::Transport => "TransportError",
        ErrorKind::AmbiguousRetry => "AmbiguousRetryError",
    }
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let module = ERRORS_MODULE
        .get_or_try_init(py, || py.import("paykassma.errors").map(Bound::unbind))?
        .bind(py);
    let kw = PyDict::new(py);
    let Value::Array(details) = error.to_value() else {
        unreachable!("Error::to_value is an object")
    };
    for (name, value) in details.iter() {
        let name = name.as_text();
        // The description is the exception's argument; `field` is set on validation errors only.
        if name == "message" || (name == "field" && value.is_null()) {
            continue;
        }
        kw.set_item(name.as_ref(), to_python(py, value)?)?;
    }
    let instance = module
        .getattr(class_name(error.kind()))?
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
