//! Postback verification:
//! `sha1(access_key . postback_private_key . md5(json_encode($additional_data, UNESCAPED_SLASHES|UNESCAPED_UNICODE)))`.
//!
//! The body arrives encoded with PHP's default flags (`\/`, `\uXXXX`, sometimes pretty-printed), so
//! its bytes are never hashed: the signed list is decoded and re-encoded exactly as PHP would.
//! Only that list is signed; the envelope (`amount`, `label`, `converted_amount` ...) is not.

mod entry;
mod envelope;

pub(crate) use entry::scalar_text;
pub use entry::{BankDetails, PostbackEntry, PostbackKind, WithdrawalStatus};
pub use envelope::{SignedList, UnsignedFields, MAX_POSTBACK_BYTES};

use envelope::SignedRead;

use crate::api::JsonObject;
use crate::digest::{constant_time_eq, md5_hex, sha1_hex};
use crate::php::decode::Parser;
use crate::php::{encode, Array, Value};
use crate::Error;

/// The body the gateway waits for, with HTTP 200, for every postback including repeats.
pub const ACKNOWLEDGEMENT: &str = r#"{"status":"ok"}"#;

/// A postback whose signature checked out.
#[derive(Clone, Debug, PartialEq)]
pub struct Postback {
    kind: PostbackKind,
    entries: Vec<PostbackEntry>,
    signed_list: SignedList,
    signed_json: String,
    unsigned: UnsignedFields,
}

/// Verifies a postback body (the raw bytes, never a parsed object) with the postback private key.
///
/// ```
/// let body = br#"{"access_key":"AK","signature":"0000000000000000000000000000000000000000","additional_data":[]}"#;
/// let err = paykassma::verify_postback(body, "private").unwrap_err();
/// assert_eq!(err.code(), "signature_mismatch");
/// ```
pub fn verify_postback(body: &[u8], private_key: &str) -> Result<Postback, Error> {
    if private_key.is_empty() {
        return Err(Error::validation("private_key", "must not be empty"));
    }
    let envelope = envelope::read(body)?;
    let signed = envelope.signed;
    let expected = postback_signature(&envelope.access_key, private_key, &signed.json);
    if !constant_time_eq(&expected, envelope.signature.as_bytes()) {
        return Err(Error::SignatureMismatch);
    }
    let field = envelope.signed_list.field_name();
    let path = |i: usize| move || format!("{field}[{i}]");
    let entries = match signed.read {
        SignedRead::Captured(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, fields)| PostbackEntry::from_fields(fields, &path(i)))
            .collect::<Result<Vec<_>, _>>()?,
        SignedRead::Decoded(Value::Array(list)) => list
            .into_values()
            .enumerate()
            .map(|(i, v)| PostbackEntry::from_signed(v, &path(i)))
            .collect::<Result<Vec<_>, _>>()?,
        SignedRead::Decoded(_) => unreachable!("the envelope checks the type"),
    };
    let kind = kind_of(&entries, field)?;
    Ok(Postback {
        kind,
        entries,
        signed_list: envelope.signed_list,
        signed_json: signed.json,
        unsigned: envelope.unsigned,
    })
}

/// The gateway's side of the formula: the signature of a postback whose signed list is `signed`.
/// The sandbox signs with it; merchants only need [`verify_postback`].
pub fn sign_postback(access_key: &str, private_key: &str, signed: &Value) -> Result<String, Error> {
    let json =
        encode(signed).map_err(|_| Error::validation("additional_data", "holds INF or NAN"))?;
    Ok(String::from_utf8_lossy(&postback_signature(access_key, private_key, &json)).into_owned())
}

fn postback_signature(access_key: &str, private_key: &str, signed_json: &str) -> [u8; 40] {
    sha1_hex(&[
        access_key.as_bytes(),
        private_key.as_bytes(),
        &md5_hex(signed_json.as_bytes()),
    ])
}

/// The kind comes from the signed entries: `direction` is unsigned, and trusting it would let a
/// replayed withdrawal postback pass for a deposit.
fn kind_of(entries: &[PostbackEntry], field: &str) -> Result<PostbackKind, Error> {
    let first = entries
        .first()
        .ok_or_else(|| Error::malformed(format!("`{field}` is empty: nothing is signed")))?
        .kind();
    if entries.iter().any(|e| e.kind() != first) {
        return Err(Error::malformed(format!(
            "`{field}` mixes deposits and withdrawals"
        )));
    }
    Ok(first)
}

impl Postback {
    pub fn kind(&self) -> PostbackKind {
        self.kind
    }

    /// The signed entries: the source of truth for ids, amounts and statuses.
    pub fn entries(&self) -> &[PostbackEntry] {
        &self.entries
    }

    /// Which list was signed: `additional_data`, or `transactions` in older postbacks.
    pub fn signed_list(&self) -> SignedList {
        self.signed_list
    }

    /// The signed list re-encoded as the gateway hashed it.
    pub fn signed_json(&self) -> &str {
        &self.signed_json
    }

    /// Envelope fields outside the signature. Show them, but do not credit from them.
    pub fn unsigned(&self) -> &UnsignedFields {
        &self.unsigned
    }

    /// The same for every repeat of this postback, different for a withdrawal's pending and final
    /// states: store it with a unique constraint and process each key once.
    pub fn idempotency_key(&self) -> String {
        let parts: Option<Vec<String>> = self
            .entries
            .iter()
            .map(PostbackEntry::idempotency_part)
            .collect();
        match parts {
            Some(parts) => parts.join("|"),
            None => {
                let digest = md5_hex(self.signed_json.as_bytes());
                format!(
                    "{}:signed:{}",
                    self.kind.as_str(),
                    String::from_utf8_lossy(&digest)
                )
            }
        }
    }

    /// The body to answer with (HTTP 200), for every postback including repeats.
    pub fn acknowledgement(&self) -> &'static str {
        ACKNOWLEDGEMENT
    }

    /// The verified postback as a PHP-style value, for the CLI and the bindings.
    pub fn to_value(&self) -> Value {
        let (head, mut unsigned) = self.value_parts();
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| entry_fields(e).with("signed", e.raw().clone()).into())
            .collect();
        let rates = self
            .unsigned
            .converted_amount_value()
            .unwrap_or(Value::Null);
        unsigned.insert("converted_amount", rates);
        head.with("entries", entries)
            .with("unsigned", unsigned)
            .with("unsigned_fields", UnsignedFields::NAMES.to_vec())
            .with("acknowledgement", ACKNOWLEDGEMENT)
            .into()
    }

    /// [`Postback::to_value`] as JSON text. The large parts are copied as text rather than decoded
    /// and encoded again: `converted_amount` (about 184 rates) as the body wrote it, each entry's
    /// `signed` from the re-encoded list.
    pub fn to_json(&self) -> String {
        let (head, unsigned) = self.value_parts();
        let object = |a: &Array, mut out: JsonObject| {
            for (k, v) in a.iter() {
                out = out.value(&k.as_text(), v);
            }
            out
        };
        let signed = item_texts(&self.signed_json);
        let entries: Vec<String> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let fields = object(&entry_fields(e), JsonObject::new());
                match signed.as_ref().and_then(|texts| texts.get(i)) {
                    Some(text) => fields.raw("signed", text),
                    None => fields.value("signed", &e.raw().clone().into()),
                }
                .finish()
            })
            .collect();
        let rates = self.unsigned.converted_amount.as_deref().unwrap_or("null");
        let unsigned = object(&unsigned, JsonObject::new())
            .raw("converted_amount", rates)
            .finish();
        object(&head, JsonObject::new())
            .raw("entries", &format!("[{}]", entries.join(",")))
            .raw("unsigned", &unsigned)
            .value("unsigned_fields", &UnsignedFields::NAMES.to_vec().into())
            .str("acknowledgement", ACKNOWLEDGEMENT)
            .finish()
    }

    /// Everything before `entries`, and the unsigned fields but `converted_amount`.
    fn value_parts(&self) -> (Array, Array) {
        let u = &self.unsigned;
        let unsigned = Array::object()
            .with("amount", u.amount.clone())
            .with("label", u.label.clone())
            .with("currency_code", u.currency_code.clone())
            .with("wallet_type", u.wallet_type.clone())
            .with("direction", u.direction.clone())
            .with("created_datetime", u.created_datetime.clone());
        let head = Array::object()
            .with("kind", self.kind.as_str())
            .with("idempotency_key", self.idempotency_key())
            .with("signed_list", self.signed_list.field_name());
        (head, unsigned)
    }
}

/// The texts of the items of an encoded list (or of the values of an object), in order.
fn item_texts(json: &str) -> Option<Vec<&str>> {
    let mut items = Vec::with_capacity(4);
    let mut p = Parser::new(json);
    let mut item = |p: &mut Parser<'_>| {
        p.skip_ws();
        let start = p.offset();
        p.skip_value()?;
        items.push(start..p.offset());
        Ok(())
    };
    let walked = if json.starts_with('[') {
        p.list_items(&mut item)
    } else {
        p.object_entries(|p, _| item(p))
    };
    walked.ok()?;
    Some(items.into_iter().map(|r| &json[r]).collect())
}

/// An entry's fields for [`Postback::to_value`], but `signed`.
fn entry_fields(e: &PostbackEntry) -> Array {
    let b = &e.bank_details;
    Array::object()
        .with("kind", e.kind().as_str())
        .with("transaction_id", e.transaction_id.clone())
        .with("plugin_custom_order_id", e.plugin_custom_order_id.clone())
        .with("withdrawal_id", e.withdrawal_id.clone())
        .with("withdrawal_status", e.withdrawal_status.map(|s| s.code()))
        .with("amount", e.amount.clone())
        .with("currency_code", e.currency_code.clone())
        .with("wallet_type", e.wallet_type.clone())
        .with("account_number", e.account_number.clone())
        .with("account_name", e.account_name.clone())
        .with("account_email", e.account_email.clone())
        .with(
            "bank_details",
            Array::object()
                .with("bank_code", b.bank_code.clone())
                .with("branch_code", b.branch_code.clone())
                .with(
                    "bank_code_in_payments_system",
                    b.bank_code_in_payments_system.clone(),
                ),
        )
        .with("activated_datetime", e.activated_datetime.clone())
        .with("exchanger_identifier", e.exchanger_identifier.clone())
        .with("comment", e.comment.clone())
        .with("stockpiling_id", e.stockpiling_id)
        .with("transaction_type", e.transaction_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::decode;

    /// `to_json` copies each entry's `signed` from the re-encoded list: that text must be the
    /// entry's own encoding, whichever way the list was read.
    #[test]
    fn the_signed_texts_to_json_copies_are_the_entries_encodings() {
        for list in [
            r#"[{"transaction_id":"1","amount":"1.50","f":1.0,"z":-0.0,"u":"\u00e9\/\u2028","o":{},"l":[[1]]},{"transaction_id":"2"}]"#,
            r#"{"b":{"transaction_id":"1"},"a":{"transaction_id":"2","x":{"k":1}}}"#,
            r#"[{"transaction_id":"1","amount":"1","amount":"2"},{"transaction_id":"3"}]"#,
        ] {
            let signature = sign_postback("AK", "key", &decode(list).unwrap()).unwrap();
            let body = format!(
                r#"{{"access_key":"AK","signature":"{signature}","additional_data":{list}}}"#
            );
            let p = verify_postback(body.as_bytes(), "key").unwrap();
            let texts = item_texts(p.signed_json()).unwrap();
            assert_eq!(texts.len(), p.entries().len(), "{list}");
            for (text, e) in texts.iter().zip(p.entries()) {
                assert_eq!(*text, encode(&e.raw().clone().into()).unwrap(), "{list}");
            }
            let json = decode(&p.to_json()).unwrap();
            let entries = json.as_array().unwrap().get("entries").unwrap();
            assert_eq!(entries.as_array().unwrap().len(), texts.len());
        }
    }
}
