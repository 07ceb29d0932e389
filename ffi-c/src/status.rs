//! Status codes: one per error kind of the core's taxonomy, plus the ABI's own failures.

use std::ffi::CStr;

/// What a `pk_*` function returns. `PK_STATUS_OK` (0) is success; anything else is a failure
/// whose detail `pk_last_error_message`, `pk_last_error_field`, `pk_last_error_code` and
/// `pk_last_error_details` give. The numbers are stable.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum pk_status {
    /// Success; the out-parameters were written.
    Ok = 0,
    /// Input refused before anything was computed or sent (code `validation_error`).
    Validation = 1,
    /// A well-formed postback whose signature does not match (code `signature_mismatch`).
    SignatureMismatch = 2,
    /// A postback body that cannot be checked at all (code `malformed_postback`).
    MalformedPostback = 3,
    /// The gateway answered and refused the request (code `api_error`).
    Api = 4,
    /// The gateway answered with something outside its documented shapes (code `unexpected_response`).
    UnexpectedResponse = 5,
    /// The request got no answer: timeout, connect, TLS, I/O (code `transport_error`).
    Transport = 6,
    /// A pointer argument was NULL (code `null_pointer`).
    NullPointer = 7,
    /// A text argument was not valid UTF-8 (code `invalid_utf8`).
    InvalidUtf8 = 8,
    /// The library panicked; the call was abandoned and nothing was written (code `panic`).
    Panic = 9,
    /// A failure the library did not expect, such as an unknown error kind (code `internal`).
    Internal = 10,
    /// A retried request was refused on the id it carried and the lookup could not tell whether
    /// the first attempt went through (code `ambiguous_retry`); the details name the id.
    AmbiguousRetry = 11,
}

impl From<sdk::ErrorKind> for pk_status {
    fn from(kind: sdk::ErrorKind) -> pk_status {
        match kind {
            sdk::ErrorKind::Validation => pk_status::Validation,
            sdk::ErrorKind::SignatureMismatch => pk_status::SignatureMismatch,
            sdk::ErrorKind::MalformedPostback => pk_status::MalformedPostback,
            sdk::ErrorKind::Api => pk_status::Api,
            sdk::ErrorKind::UnexpectedResponse => pk_status::UnexpectedResponse,
            sdk::ErrorKind::Transport => pk_status::Transport,
            sdk::ErrorKind::AmbiguousRetry => pk_status::AmbiguousRetry,
        }
    }
}

impl pk_status {
    /// The stable code string of a failure with this status ("" for success), NUL-terminated so
    /// that C callers get a pointer that never dangles.
    pub(crate) fn c_code(self) -> &'static CStr {
        match self {
            pk_status::Ok => c"",
            pk_status::Validation => c"validation_error",
            pk_status::SignatureMismatch => c"signature_mismatch",
            pk_status::MalformedPostback => c"malformed_postback",
            pk_status::Api => c"api_error",
            pk_status::UnexpectedResponse => c"unexpected_response",
            pk_status::Transport => c"transport_error",
            pk_status::NullPointer => c"null_pointer",
            pk_status::InvalidUtf8 => c"invalid_utf8",
            pk_status::Panic => c"panic",
            pk_status::Internal => c"internal",
            pk_status::AmbiguousRetry => c"ambiguous_retry",
        }
    }

    pub(crate) fn code(self) -> &'static str {
        self.c_code().to_str().unwrap_or("internal")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_kind_has_its_own_status_number_and_code() {
        for kind in sdk::ErrorKind::ALL {
            let status = pk_status::from(kind);
            assert_eq!(status as u32, kind as u32, "{kind:?}");
            assert_eq!(status.code(), kind.code(), "{kind:?}");
        }
    }
}
