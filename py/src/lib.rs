//! The `paykassma._native` extension: thin glue between Python objects and the `paykassma` core.
//! Every rule (signatures, PHP semantics, postback checks) lives in the core; this crate converts
//! values, maps errors to the Python exception classes and releases the GIL around long work.

mod client;
mod errors;
mod from_python;
mod hmac;
mod observe;
mod postback;
mod sign;
mod to_python;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", paykassma::VERSION)?;
    m.add("ACKNOWLEDGEMENT", paykassma::ACKNOWLEDGEMENT)?;
    m.add("ERROR_CODES", paykassma::ERROR_CODES.to_vec())?;
    m.add_function(wrap_pyfunction!(sign::sign, m)?)?;
    m.add_function(wrap_pyfunction!(sign::signing_string, m)?)?;
    m.add_function(wrap_pyfunction!(hmac::hmac_sign, m)?)?;
    m.add_function(wrap_pyfunction!(hmac::hmac_verify, m)?)?;
    m.add_function(wrap_pyfunction!(postback::verify_postback, m)?)?;
    m.add_function(wrap_pyfunction!(postback::sign_postback, m)?)?;
    m.add_function(wrap_pyfunction!(client::plugin_url, m)?)?;
    m.add_class::<client::NativeClient>()?;
    m.add("OPERATIONS", paykassma::client::OPERATIONS.to_vec())?;
    m.add_class::<postback::Postback>()?;
    m.add_class::<postback::PostbackEntry>()?;
    Ok(())
}
