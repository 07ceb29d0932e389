//! One error taxonomy for the whole SDK. Each kind has a stable code string that the C, PHP,
//! Python and Node bindings expose unchanged. No variant ever carries a secret or a private key.

use std::fmt;

/// Everything that can go wrong, by kind.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input refused before anything was sent or computed; `field` names it (`bank_details.bank_code`).
    #[error("invalid {field}: {reason}")]
    Validation { field: String, reason: String },

    /// A well-formed postback whose signature does not match: not from the gateway, or tampered.
    #[error("postback signature mismatch: the body was not signed with this postback private key")]
    SignatureMismatch,

    /// A postback body that cannot be checked at all; `reason` names the problem.
    #[error("malformed postback: {reason}")]
    MalformedPostback { reason: String },

    /// The gateway answered and refused the request.
    #[error("{0}")]
    Api(ApiError),

    /// The gateway answered with something that is not one of its documented shapes.
    #[error("unexpected gateway response (HTTP {http_status}): {reason}")]
    UnexpectedResponse {
        http_status: u16,
        reason: String,
        body: String,
    },

    /// The request did not get an answer.
    #[error("transport error ({kind}): {message}")]
    Transport {
        kind: TransportKind,
        message: String,
    },
}

/// A refusal from the gateway, with everything it said.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The gateway's `status` (`fail`, `error`), or `not_found` for the bare 404 of a bad secret.
    pub status: String,
    /// The gateway's message, or the field messages joined when it sent a map.
    pub message: String,
    /// Field-level messages (`withdrawals_sum_amount: ["Insufficient balance"]`), in the order sent.
    pub field_errors: Vec<(String, Vec<String>)>,
    /// The gateway's numeric code when it sent one (`30228`).
    pub code: Option<i64>,
    pub http_status: u16,
    /// The raw response body.
    pub body: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gateway refused the request (HTTP {}, status {:?}",
            self.http_status, self.status
        )?;
        if let Some(code) = self.code {
            write!(f, ", code {code}")?;
        }
        write!(f, "): {}", self.message)
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Timeout,
    Connect,
    Tls,
    Io,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Timeout => "timeout",
            TransportKind::Connect => "connect",
            TransportKind::Tls => "tls",
            TransportKind::Io => "io",
        })
    }
}

impl Error {
    /// The stable code shared by every binding.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation { .. } => "validation_error",
            Error::SignatureMismatch => "signature_mismatch",
            Error::MalformedPostback { .. } => "malformed_postback",
            Error::Api(_) => "api_error",
            Error::UnexpectedResponse { .. } => "unexpected_response",
            Error::Transport { .. } => "transport_error",
        }
    }

    /// The field a validation error names.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Adds the `withdrawal_id` that was sent to the message of a withdrawal whose fate is unknown
    /// (no answer, or an answer that is not the gateway's), so a caller whose id was generated can
    /// still look the withdrawal up or resend it with the same id. A refusal is left as the gateway
    /// wrote it: nothing was created.
    pub(crate) fn with_withdrawal_id(self, withdrawal_id: &str) -> Error {
        let note = format!(
            " (withdrawal_id {withdrawal_id} was sent; resend with the same id, never a new one)"
        );
        match self {
            Error::Transport { kind, message } => Error::Transport {
                kind,
                message: message + &note,
            },
            Error::UnexpectedResponse {
                http_status,
                reason,
                body,
            } => Error::UnexpectedResponse {
                http_status,
                reason: reason + &note,
                body,
            },
            other => other,
        }
    }

    pub(crate) fn validation(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::Validation {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn malformed(reason: impl Into<String>) -> Error {
        Error::MalformedPostback {
            reason: reason.into(),
        }
    }
}

/// Every error code, for bindings that publish the list.
pub const ERROR_CODES: [&str; 6] = [
    "validation_error",
    "signature_mismatch",
    "malformed_postback",
    "api_error",
    "unexpected_response",
    "transport_error",
];
