//! Turns a gateway answer into a success value or a typed error. The gateway answers in several
//! shapes: `{"status":"ok"}`, `{"status":"success","code":20000,"data":...}`, activation's
//! `pending` and `possible_transaction_created`, `{"status":"fail","message": text or field map}`,
//! `{"status":"error","code":30228,"errors":{...}}`, and a bare 404 when the secret is wrong.

use crate::php::{decode, Array, Value};
use crate::{ApiError, Error};

/// Interprets one gateway answer: the decoded body when the gateway accepted the request, else the
/// typed refusal. Useful on its own when you send requests with your own HTTP stack.
pub fn parse_answer(http_status: u16, body: &str) -> Result<Array, Error> {
    let unexpected = |reason: &str| Error::UnexpectedResponse {
        http_status,
        reason: reason.to_owned(),
        body: body.to_owned(),
        withdrawal_id: None,
    };
    let decoded = decode(body).ok();
    let Some(Value::Array(answer)) = decoded else {
        if http_status == 404 {
            return Err(api_error(
                "not_found",
                "Not found: the secret is missing or wrong, or the path is unknown",
                Vec::new(),
                None,
                http_status,
                body,
            ));
        }
        return Err(unexpected("the body is not a JSON object"));
    };
    if let Some(path) = non_finite_number(&answer, &mut String::new()) {
        return Err(unexpected(&format!(
            "the number at {path} is beyond the range of a double"
        )));
    }
    let status = answer.get("status").cloned();
    match status {
        Some(Value::Str(s)) => match s.as_str() {
            "ok" | "success" | "pending" | "possible_transaction_created" if http_status >= 500 => {
                Err(unexpected(&format!(
                    "an HTTP {http_status} answer is never a success, whatever its body says"
                )))
            }
            "ok" | "success" | "pending" | "possible_transaction_created" => Ok(answer),
            "fail" => {
                let (message, fields) = message_of(answer.get("message"));
                Err(api_error("fail", &message, fields, None, http_status, body))
            }
            "error" => {
                let code = match answer.get("code") {
                    Some(Value::Int(c)) => Some(*c),
                    _ => None,
                };
                let (detail, fields) = errors_of(answer.get("errors"));
                let headline = answer
                    .get("error_message")
                    .and_then(Value::as_str)
                    .unwrap_or("error");
                let message = if detail.is_empty() {
                    headline.to_owned()
                } else {
                    format!("{headline}: {detail}")
                };
                Err(api_error(
                    "error",
                    &message,
                    fields,
                    code,
                    http_status,
                    body,
                ))
            }
            other => Err(unexpected(&format!("unknown status {other:?}"))),
        },
        // The older withdrawal answers with the created record, whose `status` is a number.
        Some(Value::Int(_)) if (200..300).contains(&http_status) && answer.get("id").is_some() => {
            Ok(answer)
        }
        _ if http_status >= 400 => Err(unexpected("an error without a status")),
        _ => Err(unexpected("no status in the answer")),
    }
}

/// The message of the general page's activation refusal "error 400 'Check of deposit status
/// started. The operation may take longer than expected...'": a suspicious transaction being
/// checked, which the wallet pages answer as `"status": "pending"` instead. Read from a `fail` or
/// `error` answer or a plain-text body.
pub(crate) fn check_started(error: &Error) -> Option<String> {
    let (http_status, text) = match error {
        Error::Api(api) => (api.http_status, api.message.as_str()),
        Error::UnexpectedResponse {
            http_status, body, ..
        } => (*http_status, body.as_str()),
        _ => return None,
    };
    let said = text
        .to_ascii_lowercase()
        .contains("check of deposit status started");
    ((400..500).contains(&http_status) && said).then(|| match error {
        Error::Api(api) => api.message.clone(),
        _ => text.trim().to_owned(),
    })
}

/// The path (`data.rate`) of the first number the body wrote beyond a double's range, which
/// PHP's decoding turns into INF: no documented answer holds one, and no binding can return it.
fn non_finite_number(answer: &Array, path: &mut String) -> Option<String> {
    for (key, value) in answer.iter() {
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key.to_string());
        let found = match value {
            Value::Float(f) if !f.is_finite() => Some(path.clone()),
            Value::Array(inner) => non_finite_number(inner, path),
            _ => None,
        };
        path.truncate(len);
        if found.is_some() {
            return found;
        }
    }
    None
}

fn api_error(
    status: &str,
    message: &str,
    field_errors: Vec<(String, Vec<String>)>,
    code: Option<i64>,
    http_status: u16,
    body: &str,
) -> Error {
    Error::Api(ApiError {
        status: status.to_owned(),
        message: message.to_owned(),
        field_errors,
        code,
        http_status,
        body: body.to_owned(),
        withdrawal_id: None,
    })
}

fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::Str(s) => vec![s.clone()],
        Value::Array(a) => a.values().flat_map(texts).collect(),
        Value::Null => Vec::new(),
        other => vec![crate::php::encode(other).unwrap_or_default()],
    }
}

/// `message` as text, or as a map of field to messages.
fn message_of(message: Option<&Value>) -> (String, Vec<(String, Vec<String>)>) {
    match message {
        Some(Value::Array(map)) if !map.is_list() || map.is_empty() => {
            let fields: Vec<(String, Vec<String>)> =
                map.iter().map(|(k, v)| (k.to_string(), texts(v))).collect();
            let joined = fields
                .iter()
                .map(|(f, m)| format!("{f}: {}", m.join("; ")))
                .collect::<Vec<_>>()
                .join(", ");
            (joined, fields)
        }
        Some(v) => (texts(v).join("; "), Vec::new()),
        None => ("(no message)".to_owned(), Vec::new()),
    }
}

/// `errors` of the `error` shape: `{"target","code","message"}` or a field map.
fn errors_of(errors: Option<&Value>) -> (String, Vec<(String, Vec<String>)>) {
    let Some(Value::Array(e)) = errors else {
        return (String::new(), Vec::new());
    };
    if let (Some(target), Some(message)) =
        (e.get("target").and_then(Value::as_str), e.get("message"))
    {
        let m = texts(message);
        return (m.join("; "), vec![(target.to_owned(), m)]);
    }
    message_of(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> ApiError {
        match parse_answer(status, body) {
            Err(Error::Api(e)) => e,
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[test]
    fn every_documented_shape() {
        assert!(parse_answer(
            200,
            r#"{"status":"ok","params":{"identifier":"03919394039"}}"#
        )
        .is_ok());
        assert!(parse_answer(
            200,
            r#"{"status":"success","message":"","code":20000,"data":{}}"#
        )
        .is_ok());
        assert!(parse_answer(400, r#"{"status":"pending","message":"check started"}"#).is_ok());
        let e = api(200, r#"{"status":"fail","message":"MESSAGE"}"#);
        assert_eq!((e.status.as_str(), e.message.as_str()), ("fail", "MESSAGE"));
        let e = api(
            200,
            r#"{"status":"fail","message":{"withdrawals_sum_amount":["Insufficient balance"]}}"#,
        );
        assert_eq!(
            e.field_errors,
            vec![(
                "withdrawals_sum_amount".to_owned(),
                vec!["Insufficient balance".to_owned()]
            )]
        );
        assert_eq!(e.message, "withdrawals_sum_amount: Insufficient balance");
        let e = api(
            200,
            r#"{"status":"error","code":30228,"errors":{"target":"secret","code":36205,"message":"Wrong secret"},"error_message":"Data validation error"}"#,
        );
        assert_eq!(e.code, Some(30228));
        assert_eq!(e.message, "Data validation error: Wrong secret");
        assert_eq!(e.field_errors[0].0, "secret");
        let e = api(404, "Not found");
        assert_eq!((e.status.as_str(), e.http_status), ("not_found", 404));
        assert!(parse_answer(200, r#"{"id":1,"wallet_type":"paytm","status":1}"#).is_ok());
    }

    #[test]
    fn unexpected_answers_keep_the_body() {
        for (status, body) in [
            (200, "<html>"),
            (502, "Bad gateway"),
            (200, "[1]"),
            (200, r#"{"status":"weird"}"#),
            (200, "{}"),
        ] {
            match parse_answer(status, body) {
                Err(Error::UnexpectedResponse {
                    body: b,
                    http_status,
                    ..
                }) => {
                    assert_eq!((b.as_str(), http_status), (body, status));
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }
}
