//! The native half of `paykassma.Client`: one core `Client` (Send + Sync, connection reuse)
//! shared by every Python thread. Keyword arguments become the core's JSON parameters; the call
//! runs with the GIL released; the answer comes back as dicts and lists.

use paykassma::php::{decode, encode};
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
        let params = params_json(py, params)?;
        let answer = py
            .detach(|| self.inner.call(operation, &params))
            .or_raise(py)?;
        json_to_python(py, &answer)
    }

    /// The payment window link on the configured `plugin_base_url`.
    #[pyo3(signature = (params=None))]
    fn plugin_url(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        let base = self
            .inner
            .config()
            .plugin_base_url
            .clone()
            .ok_or_else(|| paykassma::Error::Validation {
                field: "plugin_base_url".into(),
                reason: "is not configured".into(),
            })
            .or_raise(py)?;
        let params = params_json(py, params)?;
        paykassma::plugin_url_json(&base, &params).or_raise(py)
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
    let params = params_json(py, params)?;
    paykassma::plugin_url_json(&base, &params).or_raise(py)
}

/// Keyword arguments as the core's JSON parameters. A `Decimal` goes as its exact decimal text,
/// which the core accepts for amounts (floats it refuses, so nothing is rounded).
fn params_json(py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
    let Some(params) = params else {
        return Ok("{}".to_owned());
    };
    let value = from_python::value_with(params.as_any(), &Path::Root("params"), DecimalAs::Text)?;
    encode(&value)
        .map_err(|_| paykassma::Error::Validation {
            field: "params".into(),
            reason: "holds a float that is infinite or NaN".into(),
        })
        .or_raise(py)
}

fn json_to_python<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    match decode(json) {
        Ok(v) => to_python(py, &v),
        // The core only returns JSON it encoded itself; keep the text if that ever changes.
        Err(_) => Ok(PyString::new(py, json).into_any()),
    }
}
