//! The request signature of withdrawals.

use std::ffi::c_char;

use crate::boundary::{call, out_param, string_out, text_in};
use crate::status::pk_status;

/// Signs request data given as JSON text (decoded as PHP's `json_decode($json, true)` would):
/// `sha1(private_key . md5(multiImplode(':', ksort($data))))`, lowercase hex. A top-level
/// `signature` key is left out. On success `*out_signature` receives the 40-character signature;
/// free it with `pk_string_free`.
///
/// Inputs are pointer plus length and need no terminator. Fails with `PK_STATUS_VALIDATION` when
/// the JSON is invalid or not an object/array (field `data`) or the key is empty (field
/// `private_key`).
///
/// # Safety
/// `data_json` and `private_key` must point to `data_len` and `key_len` readable bytes;
/// `out_signature` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_sign_json(
    data_json: *const c_char,
    data_len: usize,
    private_key: *const c_char,
    key_len: usize,
    out_signature: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_signature, "out_signature")?;
        let data = text_in(data_json, data_len, "data")?;
        let key = text_in(private_key, key_len, "private_key")?;
        string_out(out, sdk::sign_json(data, key)?)
    })
}
