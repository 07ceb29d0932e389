//! Compares the core's request signature of one document with PHP's answer.

use paykassma::php::{decode, JsonErrorKind, Value};
use serde_json::Value as Json;

/// The core's decoding error for each of `json_last_error_msg()`'s messages.
pub fn php_error_kind(message: &str) -> Option<JsonErrorKind> {
    Some(match message {
        "Syntax error" => JsonErrorKind::Syntax,
        "Maximum stack depth exceeded" => JsonErrorKind::TooDeep,
        "Control character error, possibly incorrectly encoded" => JsonErrorKind::ControlCharacter,
        "Single unpaired UTF-16 surrogate in unicode escape" => JsonErrorKind::LoneSurrogate,
        "State mismatch (invalid or malformed JSON)" => JsonErrorKind::StateMismatch,
        _ => return None,
    })
}

/// `Ok` when the core gives PHP's answer (`{"signature"}` or `{"error"}`) for `json` and `key`.
pub fn check(key: &str, json: &str, answer: &Json) -> Result<(), String> {
    let core = paykassma::sign_json(json, key);
    if let Some(want) = answer.get("signature").and_then(Json::as_str) {
        return match core {
            Ok(got) if got == want => Ok(()),
            Ok(got) => Err(format!("PHP signs {want}, the core {got}")),
            Err(e) => Err(format!("PHP signs {want}, the core refuses: {e}")),
        };
    }
    let Some(php_error) = answer.get("error").and_then(Json::as_str) else {
        return Err(format!(
            "PHP's answer has neither signature nor error: {answer}"
        ));
    };
    if let Ok(sig) = core {
        return Err(format!("PHP refuses ({php_error}), the core signs {sig}"));
    }
    match (php_error, decode(json)) {
        ("not an array", Ok(v)) if !matches!(v, Value::Array(_)) => Ok(()),
        (msg, Err(e)) if php_error_kind(msg) == Some(e.kind) => Ok(()),
        (msg, Err(e)) => Err(format!("PHP says {msg:?}, the core {e}")),
        (msg, Ok(_)) => Err(format!("PHP says {msg:?}, the core decodes it")),
    }
}
