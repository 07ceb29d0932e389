//! The native half of `paykassma.Client`: one core `Client` (Send + Sync, connection reuse)
//! shared by every Python thread. Keyword arguments become the core's parameter values; the call
//! runs with the GIL released; the answer comes back as dicts and lists.

use paykassma::client::{plugin_url_from_value, Operation};
use paykassma::php::Value;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::IntoPyResult;
use crate::from_python::{self, DecimalAs, Path};
use crate::postback::{body_bytes, verify_bytes, Postback};
use crate::to_python::to_python;

#[pyclass(module = "paykassma._native", frozen)]
pub struct NativeClient {
    inner: paykassma::Client,
}

#[pymethods]
impl NativeClient {
    /// `config_json`: the core's JSON settings (see `paykassma::Config::from_json`);
    /// `observer`: called with each attempt's record (see `observe.rs`).
    #[new]
    #[pyo3(signature = (config_json, observer=None))]
    fn new(
        py: Python<'_>,
        config_json: &str,
        observer: Option<Py<PyAny>>,
    ) -> PyResult<NativeClient> {
        let mut config = paykassma::Config::from_json(config_json).or_raise(py)?;
        config.observer = observer.map(crate::observe::forward);
        let inner = paykassma::Client::new(config).or_raise(py)?;
        Ok(NativeClient { inner })
    }

    /// Runs one operation of `OPERATIONS` with the GIL released; returns the gateway's answer.
    #[pyo3(signature = (operation, params=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        operation: &str,
        params: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let params = params_value(params)?;
        let answer = py
            .detach(|| {
                let operation = Operation::from_value(operation, params)?;
                self.inner.run(&operation)
            })
            .or_raise(py)?;
        to_python(py, &Value::Array(answer))
    }

    /// The payment window link on the configured `plugin_base_url`.
    #[pyo3(signature = (params=None))]
    fn plugin_url(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        let params = plugin_url_from_value(params_value(params)?).or_raise(py)?;
        self.inner.plugin_url(&params).or_raise(py)
    }

    /// Verifies a postback with the configured postback private key.
    fn verify_postback(&self, body: &Bound<'_, PyAny>) -> PyResult<Postback> {
        let py = body.py();
        let bytes = body_bytes(body)?;
        verify_bytes(py, &bytes, |b| self.inner.verify_postback(b))
    }

    fn __repr__(&self) -> String {
        // The config's own Debug hides the secret and keys; only the URL is shown here.
        format!(
            "<Client api_base_url={:?}>",
            self.inner.config().api_base_url
        )
    }
}

/// `paykassma.plugin_url(plugin_base_url, **params)`.
#[pyfunction]
#[pyo3(signature = (plugin_base_url, params=None))]
pub fn plugin_url(
    py: Python<'_>,
    plugin_base_url: &Bound<'_, PyString>,
    params: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let base = from_python::arg(plugin_base_url, "plugin_base_url")?;
    let params = plugin_url_from_value(params_value(params)?).or_raise(py)?;
    params.build(&base).or_raise(py)
}

/// Keyword arguments as the core's parameter values. A `Decimal` goes as its exact decimal text,
/// which the core accepts for amounts (floats it refuses, so nothing is rounded).
fn params_value(params: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    match params {
        None => Ok(Value::Null),
        Some(params) => {
            from_python::value_with(params.as_any(), &Path::Root("params"), DecimalAs::Text)
        }
    }
}
