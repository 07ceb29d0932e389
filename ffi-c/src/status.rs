//! Status codes: one per error kind of the core's taxonomy, plus the ABI's own failures.

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

impl pk_status {
    /// The status of a core error, by its stable code string.
    pub(crate) fn of_code(code: &str) -> pk_status {
        match code {
            "validation_error" => pk_status::Validation,
            "signature_mismatch" => pk_status::SignatureMismatch,
            "malformed_postback" => pk_status::MalformedPostback,
            "api_error" => pk_status::Api,
            "unexpected_response" => pk_status::UnexpectedResponse,
            "transport_error" => pk_status::Transport,
            "ambiguous_retry" => pk_status::AmbiguousRetry,
            _ => pk_status::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_has_its_own_status() {
        let statuses: Vec<pk_status> = sdk::ERROR_CODES
            .iter()
            .map(|c| pk_status::of_code(c))
            .collect();
        assert!(!statuses.contains(&pk_status::Internal));
        let mut numbers: Vec<u32> = statuses.iter().map(|s| *s as u32).collect();
        numbers.dedup();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 11]);
    }
}
