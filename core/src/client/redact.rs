//! Keeps the API secret and both private keys out of every error the client returns, including
//! the text a gateway (or a proxy in front of it) echoes back: an error page that repeats the
//! request URL carries `secret=...`, and a body may carry a key in any of the forms it travelled in.

use super::Config;
use crate::api::url_encode;
use crate::{ApiError, Error};

const MASK: &str = "<redacted>";

/// Secrets shorter than this are masked only as the `secret=` parameter: masking their bare text
/// would mangle ordinary words, and a secret that short is no secret.
const MIN_MASKED_LEN: usize = 6;

/// A proxy URL's `user:password@` and password, if it has them.
fn proxy_credentials(url: &str) -> Option<(&str, &str)> {
    let (_, rest) = url.split_once("://")?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let at = authority.rfind('@')?;
    let userinfo = &rest[..=at];
    let password = authority[..at].split_once(':').map_or("", |(_, p)| p);
    Some((userinfo, password))
}

/// A proxy URL as `Debug` shows it: `http://<redacted>@host:port`.
pub(crate) fn proxy_for_display(url: &str) -> String {
    match proxy_credentials(url) {
        Some((userinfo, _)) => url.replacen(userinfo, "<redacted>@", 1),
        None => url.to_owned(),
    }
}

/// The texts to mask, each secret in every form it can take in a URL, a form or a JSON body.
#[derive(Clone)]
pub(crate) struct Redactor {
    needles: Vec<String>,
}

impl Redactor {
    pub fn new(config: &Config) -> Redactor {
        let mut needles = vec![format!("secret={}", url_encode(&config.secret))];
        let keys = [
            Some(&config.secret),
            config.withdrawal_private_key.as_ref(),
            config.postback_private_key.as_ref(),
        ];
        for key in keys.into_iter().flatten() {
            if key.chars().count() >= MIN_MASKED_LEN {
                needles.extend(forms(key));
            }
        }
        // A proxy's `user:password@` whole, and its password alone in every form.
        if let Some((userinfo, password)) = config.proxy.as_deref().and_then(proxy_credentials) {
            needles.push(userinfo.to_owned());
            if password.chars().count() >= MIN_MASKED_LEN {
                needles.extend(forms(password));
            }
        }
        // Longest first, so a form that contains another is masked whole.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        Redactor { needles }
    }

    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                let mask = if needle.starts_with("secret=") {
                    "secret=<redacted>"
                } else {
                    MASK
                };
                out = out.replace(needle.as_str(), mask);
            }
        }
        out
    }

    /// The same error with every text in it masked.
    pub fn error(&self, error: Error) -> Error {
        let t = |s: String| self.text(&s);
        match error {
            Error::Validation { field, reason } => Error::Validation {
                field: t(field),
                reason: t(reason),
            },
            Error::MalformedPostback { reason } => Error::MalformedPostback { reason: t(reason) },
            Error::Api(api) => Error::Api(ApiError {
                status: t(api.status),
                message: t(api.message),
                field_errors: api
                    .field_errors
                    .into_iter()
                    .map(|(f, m)| (t(f), m.into_iter().map(t).collect()))
                    .collect(),
                body: t(api.body),
                ..api
            }),
            Error::UnexpectedResponse {
                http_status,
                reason,
                body,
                withdrawal_id,
            } => Error::UnexpectedResponse {
                http_status,
                reason: t(reason),
                body: t(body),
                withdrawal_id,
            },
            Error::Transport {
                kind,
                message,
                withdrawal_id,
            } => Error::Transport {
                kind,
                message: t(message),
                withdrawal_id,
            },
            Error::AmbiguousRetry {
                id_field,
                id,
                message,
            } => Error::AmbiguousRetry {
                id_field,
                id,
                message: t(message),
            },
            other => other,
        }
    }
}

/// A secret as written, percent-encoded (either hex case, `+` for spaces as forms write it) and
/// JSON-escaped the way PHP writes by default (`\/`, `\uXXXX`).
fn forms(secret: &str) -> Vec<String> {
    let percent = url_encode(secret);
    vec![
        secret.to_owned(),
        lowercase_hex(&percent),
        percent.replace("%20", "+"),
        percent,
        php_json_escaped(secret),
    ]
}

/// `%2F` as `%2f`: only the two digits after each `%` change case.
fn lowercase_hex(percent: &str) -> String {
    let mut out = String::with_capacity(percent.len());
    let mut hex_left = 0;
    for c in percent.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            if c == '%' {
                hex_left = 2;
            }
            out.push(c);
        }
    }
    out
}

fn php_json_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '/' => out.push_str("\\/"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        Redactor::new(
            &Config::new("http://127.0.0.1:1", "s3cr/t é+x")
                .withdrawal_private_key("withdrawal-KEY-1")
                .postback_private_key("postback-KEY-2"),
        )
    }

    #[test]
    fn every_form_of_every_secret_is_masked() {
        let r = redactor();
        for leaked in [
            "s3cr/t é+x",
            "s3cr%2Ft%20%C3%A9%2Bx",
            "s3cr%2ft%20%c3%a9%2bx",
            "s3cr%2Ft+%C3%A9%2Bx",
            "s3cr\\/t \\u00e9+x",
            "withdrawal-KEY-1",
            "postback-KEY-2",
        ] {
            let text = format!("GET /api?a=1&x={leaked}&b=2 failed");
            let masked = r.text(&text);
            assert!(
                !masked.contains(leaked),
                "{leaked:?} survived in {masked:?}"
            );
            assert!(masked.contains(MASK), "{masked:?}");
        }
    }

    #[test]
    fn a_short_secret_is_masked_as_the_parameter_only() {
        let r = Redactor::new(&Config::new("http://127.0.0.1:1", "abc"));
        assert_eq!(
            r.text("GET /x?secret=abc&label=abc"),
            "GET /x?secret=<redacted>&label=abc"
        );
    }

    #[test]
    fn every_text_of_an_error_is_masked() {
        let r = redactor();
        let api = r.error(Error::Api(ApiError {
            status: "fail".into(),
            message: "bad postback-KEY-2".into(),
            field_errors: vec![("withdrawal-KEY-1".into(), vec!["s3cr/t é+x".into()])],
            code: None,
            http_status: 400,
            body: "echo withdrawal-KEY-1".into(),
            withdrawal_id: Some("w-1".into()),
        }));
        let text = format!("{api:?} {api}");
        for secret in ["postback-KEY-2", "withdrawal-KEY-1", "s3cr/t é+x"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(api.withdrawal_id(), Some("w-1"));
    }
}
