//! Why a call failed, and the last failure on each thread, kept until that thread's next working
//! call. `boundary` records failures here; `last_error` reads them.

use std::cell::RefCell;

use sdk::php::{Array, Value};

use crate::status::pk_status;

/// Why a call failed: the core's error, or a problem with the call itself.
#[derive(Debug)]
pub(crate) enum Failure {
    Core(sdk::Error),
    NullPointer {
        param: &'static str,
    },
    InvalidUtf8 {
        param: &'static str,
        valid_up_to: usize,
    },
    Panic {
        message: String,
    },
    Internal {
        message: String,
    },
}

impl From<sdk::Error> for Failure {
    fn from(e: sdk::Error) -> Failure {
        Failure::Core(e)
    }
}

impl Failure {
    pub(crate) fn status(&self) -> pk_status {
        match self {
            Failure::Core(e) => e.kind().into(),
            Failure::NullPointer { .. } => pk_status::NullPointer,
            Failure::InvalidUtf8 { .. } => pk_status::InvalidUtf8,
            Failure::Panic { .. } => pk_status::Panic,
            Failure::Internal { .. } => pk_status::Internal,
        }
    }

    /// The stable code string (the core's codes, then the ABI's own).
    pub(crate) fn code(&self) -> &'static str {
        self.status().code()
    }

    pub(crate) fn message(&self) -> String {
        match self {
            Failure::Core(e) => e.to_string(),
            Failure::NullPointer { param } => format!("`{param}` is a NULL pointer"),
            Failure::InvalidUtf8 { param, valid_up_to } => {
                format!("`{param}` is not valid UTF-8 (invalid byte at offset {valid_up_to})")
            }
            Failure::Panic { message } => format!("internal panic in libpaykassma: {message}"),
            Failure::Internal { message } => message.clone(),
        }
    }

    /// The input the failure is about, when there is one.
    pub(crate) fn field(&self) -> Option<&str> {
        match self {
            Failure::Core(e) => e.field(),
            Failure::NullPointer { param } | Failure::InvalidUtf8 { param, .. } => Some(param),
            Failure::Panic { .. } | Failure::Internal { .. } => None,
        }
    }

    /// Everything the failure says: the core's [`sdk::Error::to_value`], or `code`, `message`
    /// and `field` for the ABI's own failures.
    pub(crate) fn details(&self) -> Value {
        match self {
            Failure::Core(e) => e.to_value(),
            _ => Array::object()
                .with("code", self.code())
                .with("message", self.message())
                .with("field", self.field().map_or(Value::Null, Value::from))
                .into(),
        }
    }
}

thread_local! {
    static LAST: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

pub(crate) fn clear_last() {
    LAST.with(|l| *l.borrow_mut() = None);
}

pub(crate) fn set_last(failure: Failure) {
    LAST.with(|l| *l.borrow_mut() = Some(failure));
}

pub(crate) fn with_last<R>(f: impl FnOnce(Option<&Failure>) -> R) -> R {
    LAST.with(|l| f(l.borrow().as_ref()))
}
