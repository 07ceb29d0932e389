//! The request signature of withdrawals:
//! `sha1(private_key . md5(multiImplode(':', ksort($data))))`, over the data without `signature`.

use crate::digest::{md5_hex, sha1_hex};
use crate::php::implode::multi_implode;
use crate::php::ksort::ksort;
use crate::php::{decode, Array, Value};
use crate::Error;

/// Signs request data given as JSON text, decoded as PHP's `json_decode($json, true)` would.
///
/// ```
/// let sig = paykassma::sign_json(r#"{"amount":1000,"is_test":true,"label":"55"}"#, "key").unwrap();
/// assert_eq!(sig.len(), 40);
/// ```
pub fn sign_json(json: &str, private_key: &str) -> Result<String, Error> {
    let value = decode(json).map_err(|e| Error::validation("data", e.to_string()))?;
    match value {
        Value::Array(data) => sign_owned(data, private_key),
        other => Err(Error::validation(
            "data",
            format!("must be a JSON object or array, got {}", other.type_name()),
        )),
    }
}

/// Signs request data built in Rust. A top-level `signature` key is left out.
///
/// ```
/// use paykassma::php::Array;
/// let data = Array::object().with("withdrawal_id", "51_2788").with("amount", 17).with("is_test", true);
/// let sig = paykassma::sign(&data, "key").unwrap();
/// assert_eq!(sig, paykassma::sign_json(r#"{"amount":17,"withdrawal_id":"51_2788","is_test":true}"#, "key").unwrap());
/// ```
pub fn sign(data: &Array, private_key: &str) -> Result<String, Error> {
    sign_owned(data.clone(), private_key)
}

/// [`sign`] taking the data, for callers that built it only to sign it (the bindings): no copy.
pub fn sign_owned(data: Array, private_key: &str) -> Result<String, Error> {
    if private_key.is_empty() {
        return Err(Error::validation("private_key", "must not be empty"));
    }
    let digest = md5_hex(signing_string_owned(data).as_bytes());
    let signature = sha1_hex(&[private_key.as_bytes(), &digest]);
    Ok(String::from_utf8_lossy(&signature).into_owned())
}

/// The string whose md5 is signed: the values joined by `:` in `ksort` order (handy in logs, since
/// it holds no key: `ACCT:1020:withdrawal:INR:1:17:paytm:51_2788`).
pub fn signing_string(data: &Array) -> String {
    signing_string_owned(data.clone())
}

fn signing_string_owned(mut data: Array) -> String {
    data.remove("signature");
    ksort(&mut data);
    let mut out = String::with_capacity(64);
    multi_implode(":", data.values(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_test_true_and_false_follow_php() {
        let data = |is_test: bool| {
            Array::object()
                .with("withdrawal_id", "51_2788")
                .with("payment_system", "paytm")
                .with("amount", 17)
                .with("currency_code", "INR")
                .with("is_test", is_test)
                .with("label", "1020")
                .with("account_number", "ACCT")
                .with("comment", "withdrawal")
        };
        // ksort: account_number, amount, comment, currency_code, is_test, label, payment_system, withdrawal_id
        assert_eq!(
            signing_string(&data(true)),
            "ACCT:17:withdrawal:INR:1:1020:paytm:51_2788"
        );
        assert_eq!(
            signing_string(&data(false)),
            "ACCT:17:withdrawal:INR::1020:paytm:51_2788"
        );
    }

    #[test]
    fn signature_key_is_left_out_and_empty_key_refused() {
        let a = sign_json(r#"{"a":1,"signature":"x"}"#, "k").unwrap();
        assert_eq!(a, sign_json(r#"{"a":1}"#, "k").unwrap());
        assert_eq!(
            sign_json("{}", "").unwrap_err().field(),
            Some("private_key")
        );
        assert_eq!(sign_json("1", "k").unwrap_err().field(), Some("data"));
        assert_eq!(sign_json("{", "k").unwrap_err().field(), Some("data"));
    }

    #[test]
    fn formula_is_sha1_of_key_and_md5() {
        let md5 = md5_hex(b"1:2");
        let want = sha1_hex(&[b"pk", &md5]);
        assert_eq!(
            sign_json(r#"{"b":2,"a":1}"#, "pk").unwrap().as_bytes(),
            &want
        );
    }
}
