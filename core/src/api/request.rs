//! A request ready to send: method, path, parameters and body, plus what the client needs to know
//! to send it safely (whether it carries the `secret`, whether a retry could move money twice).

use crate::php::encode::write_string;
use crate::php::{encode, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    None,
    Json(String),
    Multipart(Multipart),
}

/// A `multipart/form-data` body: text fields and at most one file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Multipart {
    pub fields: Vec<(String, String)>,
    pub file: Option<FilePart>,
}

#[derive(Clone, PartialEq)]
pub struct FilePart {
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FilePart({:?}, {:?}, {} bytes)",
            self.field,
            self.filename,
            self.bytes.len()
        )
    }
}

impl Multipart {
    /// The encoded body and its content type.
    pub fn encode(&self, boundary: &str) -> (Vec<u8>, String) {
        let mut out = Vec::new();
        for (name, value) in &self.fields {
            out.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        if let Some(file) = &self.file {
            out.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                    file.field,
                    file.filename.replace(['"', '\r', '\n'], "_"),
                    file.content_type
                )
                .as_bytes(),
            );
            out.extend_from_slice(&file.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (out, format!("multipart/form-data; boundary={boundary}"))
    }
}

/// A validated request, not yet sent.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedRequest {
    pub method: Method,
    pub path: String,
    /// Query parameters, without the `secret` (the client adds it when `needs_secret`).
    pub query: Vec<(String, String)>,
    pub body: Body,
    pub needs_secret: bool,
    /// True for GETs and for POSTs that carry the caller's unique id: a retry cannot duplicate.
    pub retry_safe: bool,
}

impl PreparedRequest {
    pub(crate) fn get(path: impl Into<String>, query: Vec<(String, String)>) -> PreparedRequest {
        PreparedRequest {
            method: Method::Get,
            path: path.into(),
            query,
            body: Body::None,
            needs_secret: true,
            retry_safe: true,
        }
    }

    pub(crate) fn post_json(
        path: impl Into<String>,
        json: JsonObject,
        retry_safe: bool,
    ) -> PreparedRequest {
        PreparedRequest {
            method: Method::Post,
            path: path.into(),
            query: Vec::new(),
            body: Body::Json(json.finish()),
            needs_secret: true,
            retry_safe,
        }
    }

    /// The JSON body, if any.
    pub fn json_body(&self) -> Option<&str> {
        match &self.body {
            Body::Json(s) => Some(s),
            _ => None,
        }
    }
}

/// Writes a JSON object member by member, so that amounts go out as the exact number text the
/// merchant gave (`1000.50`), not through a float.
#[derive(Default)]
pub(crate) struct JsonObject {
    out: String,
}

impl JsonObject {
    pub fn new() -> JsonObject {
        JsonObject {
            out: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_string(&mut self.out, key);
        self.out.push(':');
    }

    pub fn str(mut self, key: &str, value: &str) -> JsonObject {
        self.key(key);
        write_string(&mut self.out, value);
        self
    }

    pub fn opt_str(self, key: &str, value: Option<&str>) -> JsonObject {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    /// A number written exactly as given (already validated digits).
    pub fn number(self, key: &str, text: &str) -> JsonObject {
        self.raw(key, text)
    }

    /// JSON text that is already valid, written as it is.
    pub fn raw(mut self, key: &str, json: &str) -> JsonObject {
        self.key(key);
        self.out.push_str(json);
        self
    }

    pub fn value(mut self, key: &str, value: &Value) -> JsonObject {
        self.key(key);
        self.out
            .push_str(&encode(value).unwrap_or_else(|_| "null".to_owned()));
        self
    }

    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Percent-encodes a query component.
pub(crate) fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `k=v&k2=v2`, percent-encoded.
pub(crate) fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
