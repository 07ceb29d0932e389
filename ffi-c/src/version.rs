//! The library version.

use std::ffi::{c_char, CStr};

use crate::boundary::access;
use crate::status::pk_status;

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// Points `*out_version` at the library version (`"0.1.0"`), the core's version. The string is
/// static: do not free it.
///
/// # Safety
/// `out_version` must point to a writable `const char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_version(out_version: *mut *const c_char) -> pk_status {
    access(|| {
        if out_version.is_null() {
            return Err(pk_status::NullPointer);
        }
        let version = CStr::from_bytes_with_nul(VERSION.as_bytes()).unwrap_or_default();
        *out_version = version.as_ptr();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_the_cores() {
        assert_eq!(&super::VERSION[..super::VERSION.len() - 1], sdk::VERSION);
    }
}
