//! Postback verification.

use std::ffi::c_char;

use crate::boundary::{bytes_in, call, out_param, string_out, text_in};
use crate::status::pk_status;

/// Verifies a postback body (the raw bytes as received, never a re-encoded object) with the
/// merchant's postback private key. On success `*out_postback_json` receives the verified postback
/// as a JSON object (free it with `pk_string_free`): `kind` (`deposit` or `withdrawal`),
/// `idempotency_key`, `signed_list`, `signature_form` (`current`, or `legacy` for the older
/// no-flags form), `entries` (the signed data: the source of truth), `unsigned` and `unsigned_fields` (envelope fields outside the signature), `acknowledgement`
/// (the body to answer with, with HTTP 200).
///
/// Fails with `PK_STATUS_SIGNATURE_MISMATCH` when the signature does not match and
/// `PK_STATUS_MALFORMED_POSTBACK` when the body cannot be checked. The body may hold any bytes.
///
/// # Safety
/// `body` and `private_key` must point to `body_len` and `key_len` readable bytes;
/// `out_postback_json` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_verify(
    body: *const c_char,
    body_len: usize,
    private_key: *const c_char,
    key_len: usize,
    out_postback_json: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_postback_json, "out_postback_json")?;
        let body = bytes_in(body, body_len, "body")?;
        let key = text_in(private_key, key_len, "private_key")?;
        string_out(out, sdk::verify_postback(body, key)?.to_json())
    })
}
