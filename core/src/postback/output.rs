//! A verified postback as a PHP-style value and as JSON text, for the CLI and the bindings. The
//! value is built from lists of members; the text is written straight from the fields, for speed,
//! and the tests hold it to the value's encoding byte for byte.

use crate::php::decode::Parser;
use crate::php::encode::write_string;
use crate::php::lexical::decimal;
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
}

fn object_value(members: &[(&'static str, Member<'_>)]) -> Array {
    members
        .iter()
        .fold(Array::object(), |a, (k, m)| a.with(*k, m.value()))
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

    /// Written straight into one string, sized for the signed list and the rates: no member
    /// lists, no allocation but that string's. Members that are the same in every postback are
    /// copied as text. The order and the escapes are [`Postback::to_value`]'s as the encoder
    /// writes it (the tests compare the two).
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
        out.push_str(r#"{"kind":""#);
        out.push_str(self.kind.as_str());
        out.push_str(r#"","idempotency_key":"#);
        self.write_idempotency_key_json(&mut out);
        out.push_str(r#","signed_list":""#);
        out.push_str(self.signed_list.field_name());
        out.push_str(r#"","signature_form":""#);
        out.push_str(self.signature_form.as_str());
        out.push_str(r#"","entries":["#);
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_entry(&mut out, e);
            if large {
                out.push_str(r#","signed":"#);
                match signed.as_ref().and_then(|texts| texts.get(i)) {
                    Some(text) => out.push_str(text),
                    None => out.push_str(&encode_or_null(&e.raw().clone().into())),
                }
            }
            out.push('}');
        }
        let u = &self.unsigned;
        write_text(&mut out, r#"],"unsigned":{"amount":"#, &u.amount);
        write_text(&mut out, r#","label":"#, &u.label);
        write_text(&mut out, r#","currency_code":"#, &u.currency_code);
        write_text(&mut out, r#","wallet_type":"#, &u.wallet_type);
        write_text(&mut out, r#","direction":"#, &u.direction);
        write_text(&mut out, r#","created_datetime":"#, &u.created_datetime);
        if large {
            out.push_str(r#","converted_amount":"#);
            out.push_str(rates.unwrap_or("null"));
        }
        out.push_str(r#"},"unsigned_fields":"#);
        out.push_str(UNSIGNED_FIELDS_JSON);
        out.push_str(r#","acknowledgement":"#);
        out.push_str(ACKNOWLEDGEMENT_JSON);
        out.push('}');
        out
    }

    /// The idempotency key as a JSON string: written in place, and escaped only if it must be
    /// (ids are almost always plain ASCII).
    fn write_idempotency_key_json(&self, out: &mut String) {
        out.push('"');
        let start = out.len();
        self.write_idempotency_key(out);
        if out.as_bytes()[start..].iter().any(|&b| needs_escape(b)) {
            let key = out.split_off(start);
            out.pop();
            write_string(out, &key);
        } else {
            out.push('"');
        }
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

    /// The values of this entry's integer members (those [`PostbackEntry::members`] gives as
    /// [`Member::Int`]), without listing the members: for a binding that must treat large
    /// integers apart and would otherwise list every entry's members to find out.
    pub fn integers(&self) -> [Option<i64>; 3] {
        [
            self.withdrawal_status.map(|s| s.code()),
            self.stockpiling_id,
            self.transaction_type,
        ]
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

/// [`UnsignedFields::NAMES`] as JSON (a test checks it against the encoder).
const UNSIGNED_FIELDS_JSON: &str = r#"["amount","label","currency_code","wallet_type","direction","created_datetime","converted_amount"]"#;

/// [`ACKNOWLEDGEMENT`] as a JSON string (a test checks it against the encoder).
const ACKNOWLEDGEMENT_JSON: &str = r#""{\"status\":\"ok\"}""#;

/// A byte that starts something the encoder escapes (see `write_string`): a control character,
/// `"`, `\`, or 0xE2, which starts U+2028 and U+2029 (and other characters, which then stay).
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\' || b == 0xe2
}

/// `key` (`,"name":` written out) and a text member's value: `null`, or the text as a JSON string.
fn write_text(out: &mut String, key: &str, value: &Option<String>) {
    out.push_str(key);
    match value {
        Some(t) => write_string(out, t),
        None => out.push_str("null"),
    }
}

/// `key` and an integer member's value.
fn write_int(out: &mut String, key: &str, value: Option<i64>) {
    out.push_str(key);
    match value {
        Some(i) => push_int(out, i),
        None => out.push_str("null"),
    }
}

/// An integer in decimal, without the formatting machinery.
pub(crate) fn push_int(out: &mut String, i: i64) {
    let mut buf = [0u8; 20];
    // Only ASCII digits and a sign are written.
    out.push_str(std::str::from_utf8(decimal(i, &mut buf)).unwrap_or_default());
}

/// An entry's typed members, `{` and all but the closing `}` (for `signed` to follow), in the
/// order of [`entry_members`].
fn write_entry(out: &mut String, e: &PostbackEntry) {
    out.push_str(r#"{"kind":""#);
    out.push_str(e.kind().as_str());
    out.push('"');
    write_text(out, r#","transaction_id":"#, &e.transaction_id);
    write_text(
        out,
        r#","plugin_custom_order_id":"#,
        &e.plugin_custom_order_id,
    );
    write_text(out, r#","withdrawal_id":"#, &e.withdrawal_id);
    write_int(
        out,
        r#","withdrawal_status":"#,
        e.withdrawal_status.map(|s| s.code()),
    );
    write_text(out, r#","amount":"#, &e.amount);
    write_text(out, r#","currency_code":"#, &e.currency_code);
    write_text(out, r#","wallet_type":"#, &e.wallet_type);
    write_text(out, r#","account_number":"#, &e.account_number);
    write_text(out, r#","account_name":"#, &e.account_name);
    write_text(out, r#","account_email":"#, &e.account_email);
    let b = &e.bank_details;
    write_text(out, r#","bank_details":{"bank_code":"#, &b.bank_code);
    write_text(out, r#","branch_code":"#, &b.branch_code);
    write_text(
        out,
        r#","bank_code_in_payments_system":"#,
        &b.bank_code_in_payments_system,
    );
    write_text(out, r#"},"activated_datetime":"#, &e.activated_datetime);
    write_text(out, r#","exchanger_identifier":"#, &e.exchanger_identifier);
    write_text(out, r#","comment":"#, &e.comment);
    write_int(out, r#","stockpiling_id":"#, e.stockpiling_id);
    write_int(out, r#","transaction_type":"#, e.transaction_type);
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

/// A postback's value (or its JSON, decoded) without what [`Postback::to_json_without_large`]
/// leaves out: each entry's `signed` and `unsigned.converted_amount`. The reference that the
/// writer is held to by the tests, the fuzz target and the output bench.
pub fn without_large_members(value: &Value) -> Value {
    fn drop(v: &Value, depth: usize) -> Value {
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
                        out = out.with(&*k, drop(item, depth + 1));
                    }
                }
                out.into()
            }
            _ => v.clone(),
        }
    }
    drop(value, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::{decode, encode};
    use crate::{sign_postback, verify_postback};

    /// `to_json` copies each entry's `signed` from the re-encoded list: that text must be the
    /// entry's own encoding, whichever way the list was read.
    /// `integers` is every integer member, so a check of it stands for a walk of the members.
    #[test]
    fn integers_are_the_integer_members() {
        let list = r#"[{"withdrawal_id":"w","withdrawal_status":9007199254740993,"stockpiling_id":-7,"transaction_type":3},{"withdrawal_id":"v"}]"#;
        let signature = sign_postback("AK", "key", &decode(list).unwrap()).unwrap();
        let body =
            format!(r#"{{"access_key":"AK","signature":"{signature}","additional_data":{list}}}"#);
        let p = verify_postback(body.as_bytes(), "key").unwrap();
        fn ints(members: &[(&str, Member<'_>)], out: &mut Vec<Option<i64>>) {
            for (_, m) in members {
                match m {
                    Member::Int(i) => out.push(*i),
                    Member::Object(inner) => ints(inner, out),
                    Member::Text(_) => {}
                }
            }
        }
        for e in p.entries() {
            let mut listed = Vec::new();
            ints(&e.members(), &mut listed);
            assert_eq!(listed, e.integers().to_vec());
        }
        assert_eq!(
            p.entries()[0].integers(),
            [Some(9007199254740993), Some(-7), Some(3)]
        );
    }

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
        let full = decode(&p.to_json()).unwrap();
        assert_ne!(decode(&without).unwrap(), full);
        assert_eq!(decode(&without).unwrap(), without_large_members(&full));
    }

    /// Postbacks of varied shape: deposits and withdrawals, one to three entries, texts that must
    /// be escaped (quotes, backslashes, control characters, U+2028, other E2 characters),
    /// numbers as texts, big and negative integers, entries without an id (the md5 key).
    fn varied_postbacks() -> Vec<Postback> {
        let texts = [
            "plain",
            "محمد",
            "a\"b\\c",
            "tab\there\nline\u{1}",
            "sep\u{2028}par\u{2029}",
            "euro €",
            "a/b",
            "",
        ];
        let mut out = Vec::new();
        for n in 0..48usize {
            let t = |k: usize| texts[(n + k) % texts.len()];
            let withdrawal = n % 2 == 1;
            let mut entries = Vec::new();
            for e in 0..1 + n % 3 {
                let mut fields = vec![
                    ("amount".to_owned(), format!("\"{}.5\"", 10 + n)),
                    ("currency_code".to_owned(), "\"PKR\"".to_owned()),
                    (
                        "wallet_type".to_owned(),
                        encode(&Value::from(t(e))).unwrap(),
                    ),
                    (
                        "account_name".to_owned(),
                        encode(&Value::from(t(e + 1))).unwrap(),
                    ),
                    (
                        "comment".to_owned(),
                        encode(&Value::from(t(e + 2))).unwrap(),
                    ),
                    (
                        "bank_details".to_owned(),
                        format!(
                            "{{\"bank_code\":{},\"branch_code\":null,\"other\":1}}",
                            encode(&Value::from(t(e + 3))).unwrap()
                        ),
                    ),
                    (
                        "stockpiling_id".to_owned(),
                        ["9007199254740993", "-12", "0", "\"77\""][n % 4].to_owned(),
                    ),
                    ("transaction_type".to_owned(), (n % 5).to_string()),
                    ("extra".to_owned(), "[1.5,{\"x\":\"\\u00e9\"}]".to_owned()),
                ];
                if withdrawal {
                    if n % 7 != 3 {
                        fields.push((
                            "withdrawal_id".to_owned(),
                            encode(&Value::from(format!("{n}{}", t(e + 4)))).unwrap(),
                        ));
                    }
                    fields.push((
                        "withdrawal_status".to_owned(),
                        ["1", "5", "3", "null"][n % 4].to_owned(),
                    ));
                } else if n % 6 != 2 {
                    fields.push((
                        "transaction_id".to_owned(),
                        encode(&Value::from(format!("{}{n}", t(e + 5)))).unwrap(),
                    ));
                } else if n % 12 == 2 {
                    fields.retain(|(k, _)| k != "stockpiling_id");
                }
                let members: Vec<String> =
                    fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                entries.push(format!("{{{}}}", members.join(",")));
            }
            let list = format!("[{}]", entries.join(","));
            let signature = sign_postback("AK", "key", &decode(&list).unwrap()).unwrap();
            let body = format!(
                r#"{{"access_key":"AK","signature":"{signature}","amount":{},"label":{},"direction":"ingoing","converted_amount":{{"USD":1.5,"EUR":2}},"additional_data":{list}}}"#,
                ["\"1.50\"", "12", "null", "1.0"][n % 4],
                encode(&Value::from(t(6))).unwrap(),
            );
            out.push(verify_postback(body.as_bytes(), "key").unwrap());
        }
        out
    }

    /// The text writer is held to the encoder: byte for byte without the large members, and the
    /// same value with them.
    #[test]
    fn the_json_forms_are_the_encoded_value() {
        let postbacks = varied_postbacks();
        let keys: Vec<String> = postbacks.iter().map(Postback::idempotency_key).collect();
        assert!(keys.iter().any(|k| k.contains(":signed:")), "{keys:?}");
        assert!(keys.iter().any(|k| k.contains('\u{2028}')), "{keys:?}");
        assert!(keys.iter().any(|k| k.contains('"')), "{keys:?}");
        for p in &postbacks {
            let value = p.to_value();
            assert_eq!(
                p.to_json_without_large(),
                encode(&without_large_members(&value)).unwrap()
            );
            assert_eq!(decode(&p.to_json()).unwrap(), value);
        }
    }

    #[test]
    fn the_constant_members_are_their_encodings() {
        assert_eq!(
            UNSIGNED_FIELDS_JSON,
            encode(&UnsignedFields::NAMES.to_vec().into()).unwrap()
        );
        assert_eq!(
            ACKNOWLEDGEMENT_JSON,
            encode(&ACKNOWLEDGEMENT.into()).unwrap()
        );
    }

    #[test]
    fn integers_are_written_as_the_formatter_writes_them() {
        for i in [0, 7, -7, 10, 9007199254740993, i64::MAX, i64::MIN, -1] {
            let mut out = String::new();
            push_int(&mut out, i);
            assert_eq!(out, i.to_string());
        }
    }
}
