//! What the last client call on this thread did, attempt by attempt, for bindings that log after
//! the call returns (PHP's PSR-3 logger): the core reports each ended attempt, this keeps them
//! per thread until the next `pk_client_call` on that thread begins. Records hold no secret.

use std::cell::RefCell;
use std::ffi::c_char;

use sdk::client::{Attempt, Observer, Phase};

use crate::boundary::{call, out_param, string_out};
use crate::status::pk_status;

/// More attempts than one call can make (11 tries, plus a recovery lookup's): a bound, not a limit.
const KEPT: usize = 64;

thread_local! {
    static LAST_CALL: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The observer every C ABI client gets.
pub(crate) fn recorder() -> Observer {
    std::sync::Arc::new(|a: &Attempt| {
        if a.phase == Phase::Response {
            LAST_CALL.with(|kept| {
                let mut kept = kept.borrow_mut();
                if kept.len() < KEPT {
                    kept.push(a.to_json());
                }
            });
        }
    })
}

/// A call begins: the previous call's records go.
pub(crate) fn begin_call() {
    LAST_CALL.with(|kept| kept.borrow_mut().clear());
}

/// Writes into `*out_json` (free it with `pk_string_free`) the attempts of the last
/// `pk_client_call` made on this thread, as a JSON array of `{"phase", "method", "path",
/// "attempt", "status", "error", "duration_ms", "retry", "line"}`: what a binding logs. The path
/// has no query (where the secret travels) and no record holds a body.
///
/// # Safety
/// `out_json` must point to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_last_call_attempts(out_json: *mut *mut c_char) -> pk_status {
    call(|| {
        let out = out_param(out_json, "out_json")?;
        let json = LAST_CALL.with(|kept| format!("[{}]", kept.borrow().join(",")));
        string_out(out, json)
    })
}
