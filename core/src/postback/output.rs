//! A verified postback as a PHP-style value and as JSON text, for the CLI and the bindings. Both
//! forms are written from one list of members, so they cannot disagree.

use std::fmt::Write;

use crate::php::decode::Parser;
use crate::php::encode::write_string;
use crate::php::{Array, Value};

use super::{Postback, PostbackEntry, UnsignedFields, ACKNOWLEDGEMENT};

/// A member of the result's objects, borrowed from the postback: what bindings that build their own
/// values read (see [`PostbackEntry::members`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Member<'a> {
    Text(Option<&'a str>),
    Int(Option<i64>),
    Object(Vec<(&'static str, Member<'a>)>),
}

impl Member<'_> {
    /// The member as a PHP-style value.
    pub fn value(&self) -> Value {
        match self {
            Member::Text(t) => t.map_or(Value::Null, Value::from),
            Member::Int(i) => i.map_or(Value::Null, Value::Int),
            Member::Object(members) => object_value(members).into(),
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Member::Text(Some(t)) => write_string(out, t),
            Member::Int(Some(i)) => {
                let _ = write!(out, "{i}");
            }
            Member::Text(None) | Member::Int(None) => out.push_str("null"),
            Member::Object(members) => {
                write_members(out, members);
                out.push('}');
            }
        }
    }
}

fn object_value(members: &[(&'static str, Member<'_>)]) -> Array {
    members
        .iter()
        .fold(Array::object(), |a, (k, m)| a.with(*k, m.value()))
}

/// `{` and the members, leaving the object open for more.
fn write_members(out: &mut String, members: &[(&'static str, Member<'_>)]) {
    out.push('{');
    for (i, (key, member)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_key(out, key);
        member.write(out);
    }
}

/// `"key":`
fn write_key(out: &mut String, key: &str) {
    write_string(out, key);
    out.push(':');
}

impl Postback {
    /// The verified postback as a PHP-style value.
    pub fn to_value(&self) -> Value {
        object_value(&self.head_members(&self.idempotency_key()))
            .with("entries", self.entries_value())
            .with("unsigned", self.unsigned_value())
            .with("unsigned_fields", UnsignedFields::NAMES.to_vec())
            .with("acknowledgement", ACKNOWLEDGEMENT)
            .into()
    }

    /// The `entries` member of [`Postback::to_value`]: each entry's typed fields and `signed`.
    pub fn entries_value(&self) -> Value {
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| {
                object_value(&entry_members(e))
                    .with("signed", e.raw().clone())
                    .into()
            })
            .collect();
        entries.into()
    }

    /// The `unsigned` member of [`Postback::to_value`], `converted_amount` decoded.
    pub fn unsigned_value(&self) -> Value {
        let rates = self
            .unsigned
            .converted_amount_value()
            .unwrap_or(Value::Null);
        self.unsigned_value_without_rates()
            .with("converted_amount", rates)
            .into()
    }

    /// [`Postback::unsigned_value`] but its last member, `converted_amount`, which is
    /// `self.unsigned().converted_amount` as JSON text: for bindings that decode it themselves.
    pub fn unsigned_value_without_rates(&self) -> Array {
        object_value(&self.unsigned_members())
    }

    /// [`Postback::to_value`] as JSON text. The large parts are copied as text rather than decoded
    /// and encoded again: `converted_amount` (about 184 rates) as the body wrote it, each entry's
    /// `signed` from the re-encoded list.
    pub fn to_json(&self) -> String {
        self.json(true)
    }

    /// [`Postback::to_json`] without its two large members, each entry's `signed` (see
    /// [`Postback::signed_texts`]) and `unsigned.converted_amount` (see
    /// [`UnsignedFields::converted_amount`]): for bindings that build those when first read.
    pub fn to_json_without_large(&self) -> String {
        self.json(false)
    }

    /// Written into one string: one allocation, sized for the signed list and the rates.
    fn json(&self, large: bool) -> String {
        let signed = large.then(|| item_texts(&self.signed_json)).flatten();
        let rates = self.unsigned.converted_amount.as_deref();
        let large_len = if large { rates.map_or(0, str::len) } else { 0 };
        // Room for the parts (each entry's fields are about its signed text again) and the members
        // around them: no growing on the way, and none when a binding adds a NUL.
        let signed_len = if large { self.signed_json.len() } else { 0 };
        let capacity =
            self.signed_json.len() + signed_len + large_len + 512 * (2 + self.entries.len());
        let mut out = String::with_capacity(capacity);
        write_members(&mut out, &self.head_members(&self.idempotency_key()));
        out.push(',');
        write_key(&mut out, "entries");
        out.push('[');
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_members(&mut out, &entry_members(e));
            if large {
                out.push(',');
                write_key(&mut out, "signed");
                match signed.as_ref().and_then(|texts| texts.get(i)) {
                    Some(text) => out.push_str(text),
                    None => out.push_str(&encode_or_null(&e.raw().clone().into())),
                }
            }
            out.push('}');
        }
        out.push_str("],");
        write_key(&mut out, "unsigned");
        write_members(&mut out, &self.unsigned_members());
        if large {
            out.push(',');
            write_key(&mut out, "converted_amount");
            out.push_str(rates.unwrap_or("null"));
        }
        out.push_str("},");
        write_key(&mut out, "unsigned_fields");
        out.push_str(&encode_or_null(&UnsignedFields::NAMES.to_vec().into()));
        out.push(',');
        write_key(&mut out, "acknowledgement");
        write_string(&mut out, ACKNOWLEDGEMENT);
        out.push('}');
        out
    }

    /// The members before `entries`; `key` is the idempotency key.
    fn head_members<'a>(&'a self, key: &'a str) -> Vec<(&'static str, Member<'a>)> {
        vec![
            ("kind", Member::Text(Some(self.kind.as_str()))),
            ("idempotency_key", Member::Text(Some(key))),
            (
                "signed_list",
                Member::Text(Some(self.signed_list.field_name())),
            ),
            (
                "signature_form",
                Member::Text(Some(self.signature_form.as_str())),
            ),
        ]
    }

    /// The unsigned fields but `converted_amount`.
    fn unsigned_members(&self) -> Vec<(&'static str, Member<'_>)> {
        let u = &self.unsigned;
        [
            ("amount", &u.amount),
            ("label", &u.label),
            ("currency_code", &u.currency_code),
            ("wallet_type", &u.wallet_type),
            ("direction", &u.direction),
            ("created_datetime", &u.created_datetime),
        ]
        .into_iter()
        .map(|(k, v)| (k, Member::Text(v.as_deref())))
        .collect()
    }
}

impl PostbackEntry {
    /// The typed members of this entry in [`Postback::to_value`], in order, but `signed`.
    pub fn members(&self) -> Vec<(&'static str, Member<'_>)> {
        entry_members(self)
    }
}

impl Postback {
    /// Each entry's `signed` member as JSON text: its slice of the re-encoded signed list, which
    /// decodes (`json_decode($text, true)`) to the entry exactly as signed. `None` only if that list
    /// cannot be walked, which a verified postback's can.
    pub fn signed_texts(&self) -> Option<Vec<&str>> {
        item_texts(&self.signed_json)
    }
}

/// A value as JSON; `null` for one holding INF or NAN, which a decoded body cannot.
fn encode_or_null(value: &Value) -> String {
    crate::php::encode(value).unwrap_or_else(|_| "null".to_owned())
}

/// An entry's members but `signed`.
fn entry_members(e: &PostbackEntry) -> Vec<(&'static str, Member<'_>)> {
    fn text(t: &Option<String>) -> Member<'_> {
        Member::Text(t.as_deref())
    }
    let b = &e.bank_details;
    vec![
        ("kind", Member::Text(Some(e.kind().as_str()))),
        ("transaction_id", text(&e.transaction_id)),
        ("plugin_custom_order_id", text(&e.plugin_custom_order_id)),
        ("withdrawal_id", text(&e.withdrawal_id)),
        (
            "withdrawal_status",
            Member::Int(e.withdrawal_status.map(|s| s.code())),
        ),
        ("amount", text(&e.amount)),
        ("currency_code", text(&e.currency_code)),
        ("wallet_type", text(&e.wallet_type)),
        ("account_number", text(&e.account_number)),
        ("account_name", text(&e.account_name)),
        ("account_email", text(&e.account_email)),
        (
            "bank_details",
            Member::Object(vec![
                ("bank_code", text(&b.bank_code)),
                ("branch_code", text(&b.branch_code)),
                (
                    "bank_code_in_payments_system",
                    text(&b.bank_code_in_payments_system),
                ),
            ]),
        ),
        ("activated_datetime", text(&e.activated_datetime)),
        ("exchanger_identifier", text(&e.exchanger_identifier)),
        ("comment", text(&e.comment)),
        ("stockpiling_id", Member::Int(e.stockpiling_id)),
        ("transaction_type", Member::Int(e.transaction_type)),
    ]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::{decode, encode};
    use crate::{sign_postback, verify_postback};

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
            // Both forms hold the same members in the same order.
            let json = decode(&p.to_json()).unwrap();
            let value = p.to_value();
            let keys = |v: &Value| -> Vec<String> {
                let a = v.as_array().unwrap();
                let entry = a
                    .get("entries")
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .values()
                    .next();
                let entry_keys = entry.unwrap().as_array().unwrap().iter();
                a.iter()
                    .chain(entry_keys)
                    .map(|(k, _)| k.as_text().into_owned())
                    .collect()
            };
            assert_eq!(keys(&json), keys(&value), "{list}");
        }
    }

    /// `to_json_without_large` is `to_json` but each entry's `signed` and the rates.
    #[test]
    fn to_json_without_large_is_to_json_without_the_large_members() {
        let list = r#"[{"transaction_id":"1","account_name":"محمد \u2028 \"é\" /","stockpiling_id":9007199254740993},{"transaction_id":"2","comment":"a/b"}]"#;
        let signature = sign_postback("AK", "key", &decode(list).unwrap()).unwrap();
        let body = format!(
            r#"{{"access_key":"AK","signature":"{signature}","converted_amount":{{"USD":1.5}},"additional_data":{list}}}"#
        );
        let p = verify_postback(body.as_bytes(), "key").unwrap();
        let without = p.to_json_without_large();
        assert!(
            without.contains(r#""stockpiling_id":9007199254740993"#),
            "{without}"
        );
        fn drop_large(v: &Value, depth: usize) -> Value {
            match v.as_array() {
                Some(a) if depth < 3 => {
                    let mut out = if a.is_list() {
                        Array::list()
                    } else {
                        Array::object()
                    };
                    for (k, item) in a.iter() {
                        let k = k.as_text();
                        if !matches!(&*k, "signed" | "converted_amount") {
                            out = out.with(&*k, drop_large(item, depth + 1));
                        }
                    }
                    out.into()
                }
                _ => v.clone(),
            }
        }
        let full = decode(&p.to_json()).unwrap();
        assert_ne!(decode(&without).unwrap(), full);
        assert_eq!(decode(&without).unwrap(), drop_large(&full, 0));
    }
}
