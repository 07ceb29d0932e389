//! Hands the core's attempt records to a Python callable (`paykassma._log.log_attempt`, which
//! writes the `paykassma` logger's lines). The core calls it on the thread making the request,
//! with the GIL released: it is taken back for the call only.

use paykassma::client::{Attempt, Observer};
use pyo3::prelude::*;
use pyo3::types::PyDict;

pub fn forward(callable: Py<PyAny>) -> Observer {
    std::sync::Arc::new(move |attempt: &Attempt| {
        Python::attach(|py| {
            let called = record(py, attempt).and_then(|r| callable.call1(py, (r,)));
            // A failing log handler must not fail the payment call: Python reports it.
            if let Err(e) = called {
                e.write_unraisable(py, None);
            }
        })
    })
}

fn record<'py>(py: Python<'py>, a: &Attempt) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("phase", a.phase.as_str())?;
    d.set_item("method", a.method)?;
    d.set_item("path", &a.path)?;
    d.set_item("attempt", a.attempt)?;
    d.set_item("status", a.status)?;
    d.set_item("error", a.error)?;
    d.set_item("duration_ms", a.duration.as_secs_f64() * 1000.0)?;
    d.set_item("retry", a.retry)?;
    d.set_item("line", a.to_string())?;
    Ok(d)
}
