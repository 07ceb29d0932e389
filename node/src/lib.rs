//! Node.js addon for the Paykassma merchant SDK: a thin napi-rs layer over the `paykassma` core.
//! Every rule (PHP semantics, signatures, postback checks, errors) lives in the core; this crate
//! only converts values and errors between JS and Rust.

mod client;
mod error;
mod from_js;
mod hmac;
mod hooks;
mod js;
mod params;
mod postback;
mod sign;
mod to_js;

use napi_derive::napi;

/// Every error `.code` the SDK uses, the same strings in every language.
#[napi]
pub const ERROR_CODES: [&str; 7] = paykassma::ERROR_CODES;

/// The SDK version (of the Rust core the addon was built from).
#[napi]
pub const VERSION: &str = paykassma::VERSION;
