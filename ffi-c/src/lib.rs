//! # libpaykassma: the C ABI of the Paykassma merchant SDK
//!
//! A thin conversion layer over the Rust core (`paykassma`): every function checks its pointers,
//! converts its inputs, calls the core once and converts the result back. Rules, as in rustls-ffi:
//!
//! - every function returns a [`pk_status`] (0 is success) and writes its outputs through
//!   out-parameters, only on success;
//! - every string the library returns is freed with [`pk_string_free`]; freeing NULL is a no-op;
//! - every pointer is checked for NULL; every function catches panics;
//! - the detail of the last failure on this thread is read with `pk_last_error_*`.
//!
//! The header `include/paykassma.h` is generated from these sources by cbindgen.

#![allow(non_camel_case_types)]

mod attempts;
mod boundary;
mod client;
mod encoded;
mod failure;
mod hmac;
mod last_error;
mod plugin_url;
mod postback;
mod signature;
mod status;
mod string;
mod value;
mod version;

pub use client::{
    pk_client, pk_client_call, pk_client_free, pk_client_new, pk_client_plugin_url,
    pk_client_verify_postback, pk_client_verify_postback_handle,
};
pub use encoded::pk_sign_encoded;
pub use hmac::{pk_hmac_sign, pk_hmac_verify};
pub use last_error::{
    pk_last_error_code, pk_last_error_details, pk_last_error_field, pk_last_error_message,
};
pub use plugin_url::pk_plugin_url;
pub use postback::{
    pk_postback, pk_postback_entry_count, pk_postback_entry_fields, pk_postback_entry_signed,
    pk_postback_entry_signed_json, pk_postback_free, pk_postback_text, pk_postback_text_part,
    pk_postback_value, pk_postback_value_part, pk_postback_verify, pk_postback_verify_handle,
    pk_sign_postback,
};
pub use signature::pk_sign_json;
pub use status::pk_status;
pub use string::pk_string_free;
pub use value::{pk_array, pk_array_item, pk_array_items, pk_value_type, pk_value_view};
pub use version::pk_version;
