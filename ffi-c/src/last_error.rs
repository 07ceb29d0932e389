//! The last failure on the calling thread, kept until the next working call on that thread.
//! Message and field are copied into caller buffers (nothing to free); the full detail is
//! available as JSON for bindings that map errors to their own exception types.

use std::ffi::c_char;

use sdk::php::encode;

use crate::boundary::{access, string_out};
use crate::failure::{with_last as with, Failure};
use crate::status::pk_status;

/// Copies the last error message of this thread into `buf` (at most `buf_len - 1` bytes, cut at a
/// character boundary, then a NUL), like `snprintf`. `*out_len` receives the full length of the
/// message in bytes, so `*out_len >= buf_len` means it was cut. With no error the message is "".
/// Reading the last error does not clear it.
///
/// # Safety
/// `buf` must point to `buf_len` writable bytes; `out_len` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn pk_last_error_message(
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> pk_status {
    access(|| {
        let message = with(|f| f.map(Failure::message).unwrap_or_default());
        copy_out(&message, buf, buf_len, out_len)
    })
}

/// Copies the name of the input the last error is about (`private_key`, `bank_details.bank_code`)
/// into `buf`, with the same rules as `pk_last_error_message`; "" when the error names no field.
///
/// # Safety
/// As `pk_last_error_message`.
#[no_mangle]
pub unsafe extern "C" fn pk_last_error_field(
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> pk_status {
    access(|| {
        let field = with(|f| f.and_then(Failure::field).unwrap_or_default().to_owned());
        copy_out(&field, buf, buf_len, out_len)
    })
}

/// Points `*out_code` at the stable code string of the last error on this thread
/// (`validation_error`, `signature_mismatch`, `malformed_postback`, `api_error`,
/// `unexpected_response`, `transport_error`, `ambiguous_retry`, `null_pointer`, `invalid_utf8`,
/// `panic`, `internal`),
/// or at "" when the last call succeeded. The string is static: do not free it.
///
/// # Safety
/// `out_code` must point to a writable `const char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_last_error_code(out_code: *mut *const c_char) -> pk_status {
    access(|| {
        if out_code.is_null() {
            return Err(pk_status::NullPointer);
        }
        let code = with(|f| f.map_or(c"", |f| f.status().c_code()));
        *out_code = code.as_ptr();
        Ok(())
    })
}

/// Writes the last error of this thread as a JSON object into `*out_json` (free it with
/// `pk_string_free`): `code`, `message`, `field`, and for gateway refusals `status`,
/// `http_status`, `gateway_code`, `field_errors`, `body`; for unexpected responses `http_status`
/// and `body`; for transport errors `kind` (`timeout`, `dns`, `connect`, `tls`, `io`); for
/// ambiguous retries `id_field` and `id`; and `withdrawal_id` on every error of a withdrawal that
/// was sent. Writes `null` when the last call succeeded.
///
/// # Safety
/// `out_json` must point to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_last_error_details(out_json: *mut *mut c_char) -> pk_status {
    access(|| {
        if out_json.is_null() {
            return Err(pk_status::NullPointer);
        }
        let json = with(|f| match f {
            Some(f) => encode(&f.details()).unwrap_or_else(|_| "null".to_owned()),
            None => "null".to_owned(),
        });
        string_out(out_json, json).map_err(|f| f.status())
    })
}

/// `snprintf`-style copy that never splits a UTF-8 character.
unsafe fn copy_out(
    text: &str,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> Result<(), pk_status> {
    if buf.is_null() || out_len.is_null() {
        return Err(pk_status::NullPointer);
    }
    if buf_len > 0 {
        let mut n = text.len().min(buf_len - 1);
        while !text.is_char_boundary(n) {
            n -= 1;
        }
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
        *buf.add(n) = 0;
    }
    *out_len = text.len();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn message_is_cut_at_a_character_boundary_and_reports_its_length() {
        crate::failure::set_last(Failure::Internal {
            message: "é123".to_owned(),
        });
        let mut buf = [0x7f as c_char; 8];
        let mut len = 0usize;
        let status = unsafe { pk_last_error_message(buf.as_mut_ptr(), 2, &mut len) };
        assert_eq!((status, len), (pk_status::Ok, 5));
        assert_eq!(buf[0], 0, "half of `é` must not be copied");
        let status = unsafe { pk_last_error_message(buf.as_mut_ptr(), 8, &mut len) };
        assert_eq!(status, pk_status::Ok);
        let got = unsafe { CStr::from_ptr(buf.as_ptr()) };
        assert_eq!(got.to_str().unwrap(), "é123");
        crate::failure::clear_last();
    }
}
