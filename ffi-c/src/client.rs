//! The API client: an opaque handle, one call taking an operation name and JSON parameters, and
//! the payment window link and postback verification with the client's own settings.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::boundary::{bytes_in, call, out_param, string_out, text_in, Failure};
use crate::postback::pk_postback;
use crate::status::pk_status;

/// A client for one merchant account (opaque). Create it with `pk_client_new`, free it with
/// `pk_client_free`. It may be shared between threads: calls on one client from several threads
/// at once are safe and reuse connections.
pub struct pk_client {
    inner: sdk::Client,
}

/// Creates a client from JSON settings: `api_base_url` and `secret` (required),
/// `plugin_base_url`, `withdrawal_private_key`, `postback_private_key`, `connect_timeout_ms`,
/// `read_timeout_ms`, `max_retries`, `proxy` (wins over `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`),
/// `binding` (for the User-Agent, such as `"c"`). On success
/// `*out_client` receives the handle. Fails with `PK_STATUS_VALIDATION` naming the bad setting.
///
/// # Safety
/// `config_json` must point to `config_len` readable bytes; `out_client` to a writable
/// `pk_client *`.
#[no_mangle]
pub unsafe extern "C" fn pk_client_new(
    config_json: *const c_char,
    config_len: usize,
    out_client: *mut *mut pk_client,
) -> pk_status {
    call(|| {
        let out = out_param(out_client, "out_client")?;
        let config = text_in(config_json, config_len, "config")?;
        let mut config = sdk::Config::from_json(config)?;
        config.observer = Some(crate::attempts::recorder());
        let inner = sdk::Client::new(config)?;
        *out = Box::into_raw(Box::new(pk_client { inner }));
        Ok(())
    })
}

/// Frees a client. Freeing NULL does nothing. No call on the client may be running or follow.
///
/// # Safety
/// `client` must be NULL or a handle from `pk_client_new` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn pk_client_free(client: *mut pk_client) {
    if client.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(client))));
}

/// Runs one gateway operation with JSON parameters and writes the answer as JSON into
/// `*out_json` (free it with `pk_string_free`). Operations: `payment_systems_available`,
/// `save_transaction_custom_id`, `media_hints`, `create_transaction`, `activate_transaction`,
/// `activate_possible_transaction`, `create_payment`, `deposit_info`, `hash_urls`,
/// `create_withdrawal`, `create_legacy_withdrawal`, `get_postback`, `pull_postbacks`,
/// `accounts_balance`. Parameters are read with PHP's JSON semantics.
///
/// Fails with `PK_STATUS_VALIDATION` (bad parameter, unknown operation), `PK_STATUS_API` (the
/// gateway refused: see `pk_last_error_details` for its status, HTTP status and body),
/// `PK_STATUS_UNEXPECTED_RESPONSE` or `PK_STATUS_TRANSPORT`. Blocks until the gateway answers or
/// the configured timeouts and retries run out.
///
/// # Safety
/// `client` must be a live handle from `pk_client_new`; `operation` and `params_json` must point to
/// `operation_len` and `params_len` readable bytes; `out_json` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_client_call(
    client: *const pk_client,
    operation: *const c_char,
    operation_len: usize,
    params_json: *const c_char,
    params_len: usize,
    out_json: *mut *mut c_char,
) -> pk_status {
    crate::attempts::begin_call();
    call(|| {
        let out = out_param(out_json, "out_json")?;
        let client = live(client)?;
        let operation = text_in(operation, operation_len, "operation")?;
        let params = text_in(params_json, params_len, "params")?;
        string_out(out, client.inner.call(operation, params)?)
    })
}

/// Builds the payment window URL on the client's `plugin_base_url` from JSON parameters (those
/// of `pk_plugin_url`). On success `*out_url` receives the URL (free it with `pk_string_free`).
/// Fails with `PK_STATUS_VALIDATION` naming the bad parameter, or `plugin_base_url` when the
/// client was created without one.
///
/// # Safety
/// `client` must be a live handle from `pk_client_new`; `params_json` must point to `params_len`
/// readable bytes; `out_url` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_client_plugin_url(
    client: *const pk_client,
    params_json: *const c_char,
    params_len: usize,
    out_url: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_url, "out_url")?;
        let client = live(client)?;
        let params = sdk::client::params_from_json(text_in(params_json, params_len, "params")?)?;
        let url = client
            .inner
            .plugin_url(&sdk::client::plugin_url_from_value(params)?)?;
        string_out(out, url)
    })
}

/// Verifies a postback body with the client's `postback_private_key`, as `pk_postback_verify`
/// does, and writes the verified postback as JSON into `*out_postback_json` (free it with
/// `pk_string_free`). Fails with `PK_STATUS_VALIDATION` (field `postback_private_key`) when the
/// client was created without one.
///
/// # Safety
/// `client` must be a live handle from `pk_client_new`; `body` must point to `body_len` readable
/// bytes; `out_postback_json` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_client_verify_postback(
    client: *const pk_client,
    body: *const c_char,
    body_len: usize,
    out_postback_json: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_postback_json, "out_postback_json")?;
        let client = live(client)?;
        let body = bytes_in(body, body_len, "body")?;
        string_out(out, client.inner.verify_postback(body)?.to_json())
    })
}

/// As `pk_client_verify_postback`, writing a handle read through the `pk_postback_*` accessors
/// into `*out_postback` (free it with `pk_postback_free`), as `pk_postback_verify_handle` does.
///
/// # Safety
/// `client` must be a live handle from `pk_client_new`; `body` must point to `body_len` readable
/// bytes; `out_postback` to a writable `pk_postback *`.
#[no_mangle]
pub unsafe extern "C" fn pk_client_verify_postback_handle(
    client: *const pk_client,
    body: *const c_char,
    body_len: usize,
    out_postback: *mut *mut pk_postback,
) -> pk_status {
    call(|| {
        let out = out_param(out_postback, "out_postback")?;
        let client = live(client)?;
        let body = bytes_in(body, body_len, "body")?;
        *out = pk_postback::new(client.inner.verify_postback(body)?);
        Ok(())
    })
}

/// The client behind a handle, or the NULL pointer named.
///
/// # Safety
/// `client` must be NULL or a live handle from `pk_client_new`.
unsafe fn live<'a>(client: *const pk_client) -> Result<&'a pk_client, Failure> {
    client
        .as_ref()
        .ok_or(Failure::NullPointer { param: "client" })
}
