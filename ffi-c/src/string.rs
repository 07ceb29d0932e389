//! Freeing the strings the library returns.

use std::ffi::{c_char, CString};
use std::panic::catch_unwind;

/// Frees a string returned by any `pk_*` function. Freeing NULL does nothing. Each string is freed
/// exactly once, and only with this function (never with `free`).
///
/// # Safety
/// `s` must be NULL or a string returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn pk_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = catch_unwind(|| drop(CString::from_raw(s)));
}
