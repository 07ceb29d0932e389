//! One error taxonomy for the whole SDK. Each kind has a stable code string that the C, PHP,
//! Python and Node bindings expose unchanged. No variant ever carries a secret or a private key.

use std::fmt;

use crate::php::{Array, Value};

/// Everything that can go wrong, by kind.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input refused before anything was sent or computed; `field` names it (`bank_details.bank_code`).
    #[error("invalid {field}: {reason}")]
    Validation { field: String, reason: String },

    /// A well-formed postback (or HMAC-signed document) whose signature does not match: not from
    /// the gateway, tampered with, or checked with another key.
    #[error(
        "signature mismatch: the data was not signed with this key, or was changed after signing"
    )]
    SignatureMismatch,

    /// A postback body that cannot be checked at all; `reason` names the problem.
    #[error("malformed postback: {reason}")]
    MalformedPostback { reason: String },

    /// The gateway answered and refused the request.
    #[error("{0}")]
    Api(ApiError),

    /// The gateway answered with something that is not one of its documented shapes.
    #[error(
        "unexpected gateway response (HTTP {http_status}): {reason}{}",
        sent_note(withdrawal_id)
    )]
    UnexpectedResponse {
        http_status: u16,
        reason: String,
        body: String,
        /// The `withdrawal_id` the request carried, when it was a withdrawal.
        withdrawal_id: Option<String>,
    },

    /// The request did not get an answer.
    #[error("transport error ({kind}): {message}{}", sent_note(withdrawal_id))]
    Transport {
        kind: TransportKind,
        message: String,
        /// The `withdrawal_id` the request carried, when it was a withdrawal.
        withdrawal_id: Option<String>,
    },

    /// A retried request was refused because the id the SDK sent (`custom_transaction_id`,
    /// `withdrawal_id`) was already taken, most likely by the earlier attempt whose answer was
    /// lost, and looking the operation up did not tell whether it went through. Never resend with
    /// a new id: look it up again later with this one.
    #[error("ambiguous retry: {id_field} {id:?} was already taken when the request was retried, and the lookup was not conclusive: {message}")]
    AmbiguousRetry {
        /// `custom_transaction_id` or `withdrawal_id`.
        id_field: String,
        id: String,
        /// What the gateway said, and what the lookup found.
        message: String,
    },
}

/// The note every error of a sent withdrawal ends with, so the id is never lost.
fn sent_note(withdrawal_id: &Option<String>) -> String {
    match withdrawal_id {
        Some(id) => {
            format!(" (withdrawal_id {id} was sent; resend with the same id, never a new one)")
        }
        None => String::new(),
    }
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
    /// The `withdrawal_id` the request carried, when it was a withdrawal.
    pub withdrawal_id: Option<String>,
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
    /// The gateway's host name did not resolve.
    Dns,
    Connect,
    Tls,
    Io,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Timeout => "timeout",
            TransportKind::Dns => "dns",
            TransportKind::Connect => "connect",
            TransportKind::Tls => "tls",
            TransportKind::Io => "io",
        })
    }
}

/// The kind of an [`Error`], one per variant. The numbers are the C ABI's `pk_status` values;
/// adding a kind fails to compile every binding's exhaustive mapping until it is given one.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Validation = 1,
    SignatureMismatch = 2,
    MalformedPostback = 3,
    Api = 4,
    UnexpectedResponse = 5,
    Transport = 6,
    AmbiguousRetry = 11,
}

impl ErrorKind {
    /// Every kind, in the order of their numbers.
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::Validation,
        ErrorKind::SignatureMismatch,
        ErrorKind::MalformedPostback,
        ErrorKind::Api,
        ErrorKind::UnexpectedResponse,
        ErrorKind::Transport,
        ErrorKind::AmbiguousRetry,
    ];

    /// The stable code shared by every binding.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation_error",
            ErrorKind::SignatureMismatch => "signature_mismatch",
            ErrorKind::MalformedPostback => "malformed_postback",
            ErrorKind::Api => "api_error",
            ErrorKind::UnexpectedResponse => "unexpected_response",
            ErrorKind::Transport => "transport_error",
            ErrorKind::AmbiguousRetry => "ambiguous_retry",
        }
    }
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation { .. } => ErrorKind::Validation,
            Error::SignatureMismatch => ErrorKind::SignatureMismatch,
            Error::MalformedPostback { .. } => ErrorKind::MalformedPostback,
            Error::Api(_) => ErrorKind::Api,
            Error::UnexpectedResponse { .. } => ErrorKind::UnexpectedResponse,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::AmbiguousRetry { .. } => ErrorKind::AmbiguousRetry,
        }
    }

    /// The stable code shared by every binding.
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// Everything the error says, as an object with snake_case names (each binding spells them
    /// its own way): `code`, `message`, `field` (null unless a validation error), then per kind
    /// `reason`; `status`, `http_status`, `gateway_code`, `gateway_message`, `field_errors`,
    /// `body`; `kind` of a transport error; `id_field` and `id`; and `withdrawal_id` on every error
    /// of a withdrawal that was sent. The table is in `tests/vectors/errors.json`.
    pub fn to_value(&self) -> Value {
        let mut out = Array::object()
            .with("code", self.code())
            .with("message", self.to_string())
            .with("field", self.field().map_or(Value::Null, Value::from));
        match self {
            Error::Validation { reason, .. } | Error::MalformedPostback { reason } => {
                out.insert("reason", reason.as_str());
            }
            Error::SignatureMismatch => {}
            Error::Api(api) => {
                let mut field_errors = Array::object();
                for (field, messages) in &api.field_errors {
                    let list: Vec<Value> = messages.iter().map(Value::from).collect();
                    field_errors.insert(field.as_str(), list);
                }
                out.insert("status", api.status.as_str());
                out.insert("http_status", u32::from(api.http_status));
                out.insert("gateway_code", api.code.map_or(Value::Null, Value::Int));
                out.insert("gateway_message", api.message.as_str());
                out.insert("field_errors", field_errors);
                out.insert("body", api.body.as_str());
            }
            Error::UnexpectedResponse {
                http_status,
                reason,
                body,
                ..
            } => {
                out.insert("http_status", u32::from(*http_status));
                out.insert("reason", reason.as_str());
                out.insert("body", body.as_str());
            }
            Error::Transport { kind, .. } => out.insert("kind", kind.to_string()),
            Error::AmbiguousRetry { id_field, id, .. } => {
                out.insert("id_field", id_field.as_str());
                out.insert("id", id.as_str());
            }
        }
        if let Some(id) = self.withdrawal_id() {
            out.insert("withdrawal_id", id);
        }
        Value::Array(out)
    }

    /// The field a validation error names.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The `withdrawal_id` a withdrawal request carried, on every error it met after it was sent.
    pub fn withdrawal_id(&self) -> Option<&str> {
        match self {
            Error::Api(ApiError { withdrawal_id, .. })
            | Error::UnexpectedResponse { withdrawal_id, .. }
            | Error::Transport { withdrawal_id, .. } => withdrawal_id.as_deref(),
            Error::AmbiguousRetry { id_field, id, .. } if id_field == "withdrawal_id" => Some(id),
            _ => None,
        }
    }

    /// Records the `withdrawal_id` that was sent on the error of a withdrawal, so a caller whose id
    /// was generated can still look the withdrawal up or resend it with the same id.
    pub(crate) fn with_withdrawal_id(mut self, id: &str) -> Error {
        match &mut self {
            Error::Api(ApiError { withdrawal_id, .. })
            | Error::UnexpectedResponse { withdrawal_id, .. }
            | Error::Transport { withdrawal_id, .. } => *withdrawal_id = Some(id.to_owned()),
            _ => {}
        }
        self
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
pub const ERROR_CODES: [&str; 7] = {
    let mut codes = [""; 7];
    let mut i = 0;
    while i < ErrorKind::ALL.len() {
        codes[i] = ErrorKind::ALL[i].code();
        i += 1;
    }
    codes
};
