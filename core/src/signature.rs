//! The request signature of withdrawals:
//! `sha1(private_key . md5(multiImplode(':', ksort($data))))`, over the data without `signature`.

use crate::digest::sha1_hex;
use crate::php::signing_text::{
    write_float, write_int, write_value, SigningText, Value as Written,
};
use crate::php::{decode, signing_json, Array, Key, Value};
use crate::Error;

/// Signs request data given as JSON text, decoded as PHP's `json_decode($json, true)` would.
///
/// ```
/// let sig = paykassma::sign_json(r#"{"amount":1000,"is_test":true,"label":"55"}"#, "key").unwrap();
/// assert_eq!(sig.len(), 40);
/// ```
pub fn sign_json(json: &str, private_key: &str) -> Result<String, Error> {
    // An ordinary request is read straight into the signing string; anything the direct reader
    // does not take (including every error) goes through the general decoder.
    let mut text = SigningText::new();
    if signing_json::read(json, &mut text).is_some() {
        return finish(&mut text, private_key);
    }
    let value = decode(json).map_err(|e| Error::validation("data", e.to_string()))?;
    match value {
        Value::Array(data) => sign(&data, private_key),
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
    finish(&mut array_text(data), private_key)
}

/// [`sign`] taking the data, for callers that built it only to sign it.
pub fn sign_owned(data: Array, private_key: &str) -> Result<String, Error> {
    sign(&data, private_key)
}

/// The string whose md5 is signed: the values joined by `:` in `ksort` order (handy in logs, since
/// it holds no key: `ACCT:1020:withdrawal:INR:1:17:paytm:51_2788`).
pub fn signing_string(data: &Array) -> String {
    array_text(data).into_string()
}

fn array_text(data: &Array) -> SigningText<'_> {
    let mut text = SigningText::new();
    for (key, value) in data.iter() {
        let written = match value {
            Value::Str(s) => Written::Data(s.as_bytes()),
            other => {
                let from = text.mark();
                write_value(text.out(), other);
                Written::Since(from)
            }
        };
        match key {
            Key::Int(i) => text.add_int(*i, written),
            Key::Str(s) => text.add_str(s, written),
        }
    }
    text
}

fn finish(text: &mut SigningText, private_key: &str) -> Result<String, Error> {
    if private_key.is_empty() {
        return Err(Error::validation("private_key", "must not be empty"));
    }
    let digest = text.md5_hex();
    let signature = sha1_hex(&[private_key.as_bytes(), &digest]);
    // One byte to spare: the C interface appends its terminator without reallocating.
    let mut hex = String::with_capacity(signature.len() + 1);
    // Hex digits: always UTF-8.
    hex.push_str(std::str::from_utf8(&signature).unwrap_or_default());
    Ok(hex)
}

/// A top-level key as a binding holds it. A string PHP reads as an integer (`"10"`) is one.
#[derive(Clone, Copy, Debug)]
pub enum FieldKey<'a> {
    Int(i64),
    Str(&'a str),
}

/// A top-level value as a binding holds it: scalars as they are, arrays as a [`Value`].
#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    Value(&'a Value),
}

/// Signs request data handed over field by field, as a binding walks its own values: no
/// [`Array`] and no JSON text in between. Fields given twice keep the first position and take the
/// last value, as in a PHP array; a `signature` field is left out. Keys and strings given with
/// [`RequestSigner::field`] are borrowed until the signature is made; [`RequestSigner::field_copied`]
/// copies them, for values that do not live that long.
///
/// ```
/// use paykassma::{Field, FieldKey, RequestSigner};
/// let mut signer = RequestSigner::new();
/// signer.field(FieldKey::Str("withdrawal_id"), Field::Str("51_2788"));
/// signer.field(FieldKey::Str("amount"), Field::Int(17));
/// signer.field_copied(FieldKey::Str(&String::from("is_test")), Field::Bool(true));
/// assert_eq!(
///     signer.sign("key").unwrap(),
///     paykassma::sign_json(r#"{"amount":17,"withdrawal_id":"51_2788","is_test":true}"#, "key").unwrap()
/// );
/// ```
pub struct RequestSigner<'a> {
    text: SigningText<'a>,
}

impl Default for RequestSigner<'_> {
    fn default() -> Self {
        RequestSigner::new()
    }
}

impl<'a> RequestSigner<'a> {
    #[inline]
    pub fn new() -> RequestSigner<'a> {
        RequestSigner {
            text: SigningText::new(),
        }
    }

    /// Adds one top-level field, borrowing its key and string value.
    // Inlined into a binding's loop over its values even without cross-crate optimisation.
    #[inline]
    pub fn field(&mut self, key: FieldKey<'a>, value: Field<'a>) {
        let written = match value {
            Field::Str(s) => Written::Data(s.as_bytes()),
            other => self.write(other),
        };
        match key {
            FieldKey::Int(i) => self.text.add_int(i, written),
            FieldKey::Str(s) => self.text.add_str(s, written),
        }
    }

    /// Adds one top-level field, copying its key and string value.
    pub fn field_copied(&mut self, key: FieldKey<'_>, value: Field<'_>) {
        let written = self.write(value);
        match key {
            FieldKey::Int(i) => self.text.add_int(i, written),
            FieldKey::Str(s) => self.text.add_str_copied(s, written),
        }
    }

    fn write(&mut self, value: Field<'_>) -> Written<'a> {
        let from = self.text.mark();
        let out = self.text.out();
        match value {
            Field::Null | Field::Bool(false) => {}
            Field::Bool(true) => out.push_byte(b'1'),
            Field::Int(i) => write_int(out, i),
            Field::Float(f) => write_float(out, f),
            Field::Str(s) => out.push_str(s),
            Field::Value(v) => write_value(out, v),
        }
        Written::Since(from)
    }

    /// The signature over the fields given; an empty key is refused.
    pub fn sign(mut self, private_key: &str) -> Result<String, Error> {
        finish(&mut self.text, private_key)
    }

    /// The signing string over the fields given (see [`signing_string`]).
    pub fn signing_string(self) -> String {
        self.text.into_string()
    }
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
    fn fields_sign_as_the_same_json_and_repeat_as_php_arrays_do() {
        let nested = crate::php::decode(r#"{"bank_code":"HDFC","n":[1,2.5]}"#).unwrap();
        let owned = String::from("account_name");
        let mut signer = RequestSigner::new();
        signer.field(FieldKey::Str("signature"), Field::Str("dropped"));
        signer.field(FieldKey::Str("b"), Field::Float(1500.25));
        signer.field_copied(FieldKey::Str(&owned), Field::Str("Jos\u{e9}"));
        signer.field(FieldKey::Str("10"), Field::Null);
        signer.field(FieldKey::Str("a"), Field::Value(&nested));
        signer.field(FieldKey::Int(10), Field::Bool(true));
        signer.field(FieldKey::Str("b"), Field::Int(-3));
        let want =
            r#"{"b":-3,"account_name":"Jos\u00e9","10":true,"a":{"bank_code":"HDFC","n":[1,2.5]}}"#;
        assert_eq!(signer.sign("k").unwrap(), sign_json(want, "k").unwrap());
        assert_eq!(
            RequestSigner::new().sign("").unwrap_err().field(),
            Some("private_key")
        );
    }

    #[test]
    fn signature_is_dropped_before_ksort_orders_the_rest() {
        // Found by the differential run: these keys have no consistent order in PHP (numeric and
        // non-numeric strings, an int key), so sorting with `signature` still among them orders
        // the others differently. PHP's answer, from the formula (unset, then ksort):
        let json = r#"{"2e0":"a"," 1":"b","18z":"c","signature":[],"49z":"d","22.1":"e","9":"f"}"#;
        let Ok(Value::Array(data)) = decode(json) else {
            unreachable!()
        };
        assert_eq!(signing_string(&data), "b:c:a:e:d:f");
        let md5 = crate::digest::md5_hex(b"b:c:a:e:d:f");
        let want = sha1_hex(&[b"k", &md5]);
        assert_eq!(sign_json(json, "k").unwrap().as_bytes(), &want);
        assert_eq!(sign(&data, "k").unwrap().as_bytes(), &want);
    }

    #[test]
    fn formula_is_sha1_of_key_and_md5() {
        let md5 = crate::digest::md5_hex(b"1:2");
        let want = sha1_hex(&[b"pk", &md5]);
        assert_eq!(
            sign_json(r#"{"b":2,"a":1}"#, "pk").unwrap().as_bytes(),
            &want
        );
    }
}
