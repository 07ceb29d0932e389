//! The panic boundary and the conversions every exported function shares: pointer plus length in,
//! NUL-terminated string out, failures into a status and the thread's last error.

use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

pub(crate) use crate::failure::Failure;
use crate::failure::{clear_last, set_last};
use crate::status::pk_status;

/// Runs the body of a working function: clears the last error, catches panics, records failures.
/// A panic abandons the call before any out-parameter is written; shared state in the core (the
/// client's connection pool) is behind locks that recover, so asserting unwind safety is sound.
pub(crate) fn call(body: impl FnOnce() -> Result<(), Failure>) -> pk_status {
    clear_last();
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return pk_status::Ok,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::Panic {
            message: panic_message(payload.as_ref()),
        },
    };
    let status = failure.status();
    set_last(failure);
    status
}

/// Runs an accessor: catches panics but leaves the last error alone, since reading it is the point.
pub(crate) fn access(body: impl FnOnce() -> Result<(), pk_status>) -> pk_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => pk_status::Ok,
        Ok(Err(status)) => status,
        Err(_) => pk_status::Panic,
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

/// Borrows `len` bytes at `ptr`. The bytes need no terminator and may hold NUL; NULL is refused
/// even with a zero length, so a forgotten buffer is reported rather than read as empty.
///
/// # Safety
/// `ptr` must be NULL or point to `len` readable bytes that outlive the call.
pub(crate) unsafe fn bytes_in<'a>(
    ptr: *const c_char,
    len: usize,
    param: &'static str,
) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return Err(Failure::NullPointer { param });
    }
    if len > isize::MAX as usize {
        return Err(Failure::Core(sdk::Error::Validation {
            field: param.to_owned(),
            reason: format!("length {len} is larger than any buffer can be"),
        }));
    }
    Ok(std::slice::from_raw_parts(ptr.cast::<u8>(), len))
}

/// Borrows `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// As [`bytes_in`].
pub(crate) unsafe fn text_in<'a>(
    ptr: *const c_char,
    len: usize,
    param: &'static str,
) -> Result<&'a str, Failure> {
    let bytes = bytes_in(ptr, len, param)?;
    std::str::from_utf8(bytes).map_err(|e| Failure::InvalidUtf8 {
        param,
        valid_up_to: e.valid_up_to(),
    })
}

/// Refuses a NULL out-parameter before any work is done.
pub(crate) fn out_param<T>(out: *mut T, param: &'static str) -> Result<*mut T, Failure> {
    if out.is_null() {
        Err(Failure::NullPointer { param })
    } else {
        Ok(out)
    }
}

/// Hands a string to the caller, who frees it with `pk_string_free`.
///
/// # Safety
/// `out` must be a valid, non-NULL pointer (checked by [`out_param`]).
pub(crate) unsafe fn string_out(out: *mut *mut c_char, s: String) -> Result<(), Failure> {
    let s = CString::new(s).map_err(|_| Failure::Internal {
        message: "result holds a NUL byte and cannot be returned as a C string".to_owned(),
    })?;
    *out = s.into_raw();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let status = call(|| panic!("boom"));
        assert_eq!(status, pk_status::Panic);
        let last = crate::failure::with_last(|f| (f.unwrap().code(), f.unwrap().message()));
        assert_eq!(last.0, "panic");
        assert!(last.1.contains("boom"), "{}", last.1);
        assert_eq!(call(|| Ok(())), pk_status::Ok);
        assert!(crate::failure::with_last(|f| f.is_none()));
    }

    #[test]
    fn null_and_invalid_utf8_are_named() {
        let e = unsafe { text_in(std::ptr::null(), 0, "data") }.unwrap_err();
        assert_eq!((e.code(), e.field()), ("null_pointer", Some("data")));
        let bad = b"ab\xffcd";
        let e = unsafe { text_in(bad.as_ptr().cast(), bad.len(), "data") }.unwrap_err();
        assert_eq!(e.status(), pk_status::InvalidUtf8);
        assert!(e.message().contains("offset 2"), "{}", e.message());
        // Bytes after an embedded NUL are read: lengths, not terminators, decide.
        let nul = b"a\0b";
        assert_eq!(
            unsafe { bytes_in(nul.as_ptr().cast(), 3, "body") }.unwrap(),
            nul
        );
    }
}
