//! A request as the routes see it (method, path, query, body) and the reply they give. HTTP
//! itself (framing, keep-alive, limits) is hyper's, in `connection.rs` and `exchange.rs`.

use std::borrow::Cow;

use paykassma::php::{decode, encode_with, Array, Flags, Value};

pub(crate) struct Request {
    pub method: String,
    /// The request target as sent: path and raw query (what an echoing error page shows).
    pub target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: &'static str,
    pub path: String,
    pub query: Query,
    pub content_type: String,
    pub user_agent: String,
    pub body: Vec<u8>,
}

impl Request {
    /// The JSON body as PHP decodes it; anything that is not a JSON object reads as empty input,
    /// so the route answers with its "field is required" messages, as the gateway does.
    pub fn json(&self) -> Array {
        match std::str::from_utf8(&self.body).ok().map(decode) {
            Some(Ok(Value::Array(a))) => a,
            _ => Array::object(),
        }
    }
}

/// Query parameters in order; `name[]=a&name[]=b` and `name[0]=a` are list items of `name`.
#[derive(Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(raw: &str) -> Query {
        let pairs = raw
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        Query(pairs)
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The single value of `name` (the last one, as PHP keeps it).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value given as `name[]`, `name[N]` or plain `name`.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| {
                k == name
                    || k.strip_prefix(name)
                        .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'))
            })
            .map(|(_, v)| v.clone())
            .collect()
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(b)) => {
                out.push(b);
                i += 2;
            }
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a route answers.
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: Cow<'static, str>,
    pub body: String,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
}

impl Reply {
    pub fn new(
        status: u16,
        content_type: impl Into<Cow<'static, str>>,
        body: impl Into<String>,
    ) -> Reply {
        Reply {
            status,
            content_type: content_type.into(),
            body: body.into(),
            location: None,
        }
    }

    /// A JSON answer written as the gateway's PHP writes it (default `json_encode` flags). A value
    /// PHP cannot write (INF or NAN; the sandbox builds none) is the framework's 500, as there.
    pub fn json(status: u16, value: impl Into<Value>) -> Reply {
        match encode_with(&value.into(), Flags::DEFAULT) {
            Ok(body) => Reply::new(status, "application/json", body),
            Err(_) => Reply::server_error(),
        }
    }

    /// What the gateway's framework answers on an internal error.
    pub fn server_error() -> Reply {
        Reply::new(500, "application/json", r#"{"message":"Server Error"}"#)
    }

    pub fn ok(value: impl Into<Value>) -> Reply {
        Reply::json(200, value)
    }

    /// `{"status":"fail","message":"..."}` with HTTP 400.
    pub fn fail(message: impl Into<String>) -> Reply {
        Reply::json(
            400,
            Array::object()
                .with("status", "fail")
                .with("message", message.into()),
        )
    }

    /// `{"status":"fail","message":{"field":["..."]}}`: the gateway's validation answer.
    pub fn fail_fields(errors: &[(String, String)]) -> Reply {
        let mut map = Array::object();
        for (field, message) in errors {
            let mut list = match map.get(field) {
                Some(Value::Array(a)) => a.clone(),
                _ => Array::list(),
            };
            list.push(message.clone());
            map.insert(field.clone(), list);
        }
        Reply::json(
            400,
            Array::object().with("status", "fail").with("message", map),
        )
    }

    /// The bare 404 the gateway gives for a missing or wrong `secret` and unknown paths.
    pub fn not_found() -> Reply {
        Reply::new(404, "text/plain; charset=utf-8", "Not found")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_lists_and_escapes() {
        let q = Query::parse("currency_code%5B%5D=PKR&currency_code[]=INR&label=a+b%2Fc&x=%zz");
        assert_eq!(q.list("currency_code"), vec!["PKR", "INR"]);
        assert_eq!(q.get("label"), Some("a b/c"));
        assert_eq!(q.get("x"), Some("%zz"));
        assert_eq!(q.list("label"), vec!["a b/c"]);
    }
}
