//! The newer platform's signature: base64 HMAC-SHA512 over `";".join(sorted(flatten(data)))`.

use std::ffi::c_char;

use crate::boundary::{call, out_param, string_out, text_in};
use crate::status::pk_status;

/// Signs a JSON document with the newer platform's formula:
/// `base64(HMAC-SHA512(key, ";".join(sorted(flatten(data)))))`, the document read as Python's
/// `json.loads` reads it and `general.signature` left out. On success `*out_signature` receives
/// the signature (88 characters of standard base64) to put in `general.signature`; free it with
/// `pk_string_free`.
///
/// Inputs are pointer plus length and need no terminator. Fails with `PK_STATUS_VALIDATION` when
/// the JSON is invalid, not an object or holds a signed lone surrogate (field `json`), or the key
/// is empty (field `key`).
///
/// # Safety
/// `json` and `key` must point to `json_len` and `key_len` readable bytes; `out_signature` to a
/// writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_hmac_sign(
    json: *const c_char,
    json_len: usize,
    key: *const c_char,
    key_len: usize,
    out_signature: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_signature, "out_signature")?;
        let json = text_in(json, json_len, "json")?;
        let key = text_in(key, key_len, "key")?;
        string_out(out, sdk::hmac_sign_json(json, key)?)
    })
}

/// Verifies the `general.signature` of a JSON document signed with the newer platform's formula,
/// comparing in constant time. Returns `PK_STATUS_OK` when it matches,
/// `PK_STATUS_SIGNATURE_MISMATCH` when it does not, and `PK_STATUS_VALIDATION` when the document
/// cannot be checked (field `json`, or `general.signature` when it is missing or not a string).
///
/// # Safety
/// `json` and `key` must point to `json_len` and `key_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn pk_hmac_verify(
    json: *const c_char,
    json_len: usize,
    key: *const c_char,
    key_len: usize,
) -> pk_status {
    call(|| {
        let json = text_in(json, json_len, "json")?;
        let key = text_in(key, key_len, "key")?;
        sdk::hmac_verify_json(json, key)?;
        Ok(())
    })
}
