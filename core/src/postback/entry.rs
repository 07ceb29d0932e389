//! One signed entry of a postback (`additional_data[i]`, or `transactions[i]` in older postbacks),
//! with the gateway's fields typed. Empty strings and nulls read as `None`; `raw()` has everything.

use std::sync::OnceLock;

use crate::php::reencode::Capture;
use crate::php::{decode, float::to_json_number, Array, Key, Value};
use crate::Error;

use super::output::push_int;

/// What a withdrawal postback says happened. Values other than 1 and 5 (an in-processing state)
/// are kept as `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WithdrawalStatus {
    /// `1`: the withdrawal was paid.
    Success,
    /// `5`: the withdrawal was rejected.
    Rejected,
    Other(i64),
}

impl WithdrawalStatus {
    pub fn code(self) -> i64 {
        match self {
            WithdrawalStatus::Success => 1,
            WithdrawalStatus::Rejected => 5,
            WithdrawalStatus::Other(n) => n,
        }
    }

    /// Success or rejection: the withdrawal will not change again.
    pub fn is_final(self) -> bool {
        !matches!(self, WithdrawalStatus::Other(_))
    }

    fn from_code(n: i64) -> WithdrawalStatus {
        match n {
            1 => WithdrawalStatus::Success,
            5 => WithdrawalStatus::Rejected,
            n => WithdrawalStatus::Other(n),
        }
    }
}

/// Deposit (`ingoing`) or withdrawal (`outgoing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PostbackKind {
    Deposit,
    Withdrawal,
}

impl PostbackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PostbackKind::Deposit => "deposit",
            PostbackKind::Withdrawal => "withdrawal",
        }
    }
}

/// `bank_details` of an entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BankDetails {
    pub bank_code: Option<String>,
    pub branch_code: Option<String>,
    pub bank_code_in_payments_system: Option<String>,
}

/// One signed entry, typed.
#[derive(Clone, Debug, PartialEq)]
pub struct PostbackEntry {
    pub transaction_id: Option<String>,
    pub plugin_custom_order_id: Option<String>,
    pub withdrawal_id: Option<String>,
    pub withdrawal_status: Option<WithdrawalStatus>,
    /// The amount exactly as the gateway wrote it (`"13628.5"`), never through a float.
    pub amount: Option<String>,
    pub currency_code: Option<String>,
    pub wallet_type: Option<String>,
    pub account_number: Option<String>,
    pub account_name: Option<String>,
    pub account_email: Option<String>,
    pub bank_details: BankDetails,
    pub activated_datetime: Option<String>,
    pub exchanger_identifier: Option<String>,
    pub comment: Option<String>,
    pub stockpiling_id: Option<i64>,
    pub transaction_type: Option<i64>,
    raw: RawEntry,
}

/// The entry as signed. Most callers never look at it, so a checked body's text is kept and
/// decoded on first use.
#[derive(Clone, Debug)]
struct RawEntry {
    text: String,
    decoded: OnceLock<Array>,
}

impl RawEntry {
    /// From the text of a checked body, decoded on first use.
    fn text(text: String) -> RawEntry {
        RawEntry {
            text,
            decoded: OnceLock::new(),
        }
    }

    fn get(&self) -> &Array {
        self.decoded.get_or_init(|| match decode(&self.text) {
            Ok(Value::Array(a)) => a,
            // The decoder accepted this text as an array when the postback was read.
            _ => unreachable!("a checked entry decodes to an array"),
        })
    }
}

impl PartialEq for RawEntry {
    fn eq(&self, other: &RawEntry) -> bool {
        self.get() == other.get()
    }
}

/// The documented fields of one entry, decoded while its list was re-encoded.
pub(crate) struct EntryFields {
    text: String,
    values: [Option<Value>; ENTRY_FIELDS.len()],
}

/// Collects [`EntryFields`] for each item of a signed list.
#[derive(Default)]
pub(crate) struct EntryCapture {
    current: [Option<Value>; ENTRY_FIELDS.len()],
    pub items: Vec<EntryFields>,
}

impl Capture for EntryCapture {
    fn slot(&self, key: &str) -> Option<usize> {
        field_slot(key)
    }

    fn put(&mut self, slot: usize, value: Value) {
        self.current[slot] = Some(value);
    }

    fn item(&mut self, text: &str) {
        let values = std::mem::take(&mut self.current);
        self.items.push(EntryFields {
            text: text.to_owned(),
            values,
        });
    }
}

impl PostbackEntry {
    /// An entry from the fields captured while its list was re-encoded.
    pub(crate) fn from_fields(
        fields: EntryFields,
        path: &dyn Fn() -> String,
    ) -> Result<PostbackEntry, Error> {
        if !matches!(fields.text.as_bytes().first(), Some(b'{' | b'[')) {
            let type_name = decode(&fields.text).map_or("invalid JSON", |v| v.type_name());
            return Err(not_an_object(path, type_name));
        }
        let raw = RawEntry::text(fields.text);
        Self::typed(fields.values, raw, path)
    }

    fn typed(
        values: [Option<Value>; ENTRY_FIELDS.len()],
        raw: RawEntry,
        path: &dyn Fn() -> String,
    ) -> Result<PostbackEntry, Error> {
        let [bank_details, transaction_id, plugin_custom_order_id, withdrawal_id, withdrawal_status, amount, currency_code, wallet_type, account_number, account_name, account_email, activated_datetime, exchanger_identifier, comment, stockpiling_id, transaction_type] =
            values;
        let text = |value, name| text_field(value, name, path);
        let int = |value, name| int_field(value, name, path);
        let bank = match bank_details {
            None | Some(Value::Null) => BankDetails::default(),
            Some(Value::Array(b)) => {
                let p = || format!("{}.bank_details", path());
                let [bank_code, branch_code, in_payments_system] =
                    find(&b, BANK_FIELDS).map(|v| v.cloned());
                BankDetails {
                    bank_code: text_field(bank_code, "bank_code", &p)?,
                    branch_code: text_field(branch_code, "branch_code", &p)?,
                    bank_code_in_payments_system: text_field(
                        in_payments_system,
                        "bank_code_in_payments_system",
                        &p,
                    )?,
                }
            }
            Some(other) => {
                return Err(Error::malformed(format!(
                    "`{}.bank_details` must be an object, got {}",
                    path(),
                    other.type_name()
                )))
            }
        };
        Ok(PostbackEntry {
            transaction_id: text(transaction_id, "transaction_id")?,
            plugin_custom_order_id: text(plugin_custom_order_id, "plugin_custom_order_id")?,
            withdrawal_id: text(withdrawal_id, "withdrawal_id")?,
            withdrawal_status: int(withdrawal_status, "withdrawal_status")?
                .map(WithdrawalStatus::from_code),
            amount: text(amount, "amount")?,
            currency_code: text(currency_code, "currency_code")?,
            wallet_type: text(wallet_type, "wallet_type")?,
            account_number: text(account_number, "account_number")?,
            account_name: text(account_name, "account_name")?,
            account_email: text(account_email, "account_email")?,
            bank_details: bank,
            activated_datetime: text(activated_datetime, "activated_datetime")?,
            exchanger_identifier: text(exchanger_identifier, "exchanger_identifier")?,
            comment: text(comment, "comment")?,
            stockpiling_id: int(stockpiling_id, "stockpiling_id")?,
            transaction_type: int(transaction_type, "transaction_type")?,
            raw,
        })
    }

    /// The entry exactly as signed, every field included.
    pub fn raw(&self) -> &Array {
        self.raw.get()
    }

    /// A withdrawal entry names a withdrawal; anything else is a deposit.
    pub fn kind(&self) -> PostbackKind {
        if self.withdrawal_id.is_some() || self.withdrawal_status.is_some() {
            PostbackKind::Withdrawal
        } else {
            PostbackKind::Deposit
        }
    }

    /// Appends this entry's part of the idempotency key, stable across repeats of the entry (a
    /// withdrawal's pending and final states differ); false, with `out` as it may be, if the
    /// entry has no id to build it from.
    pub(crate) fn write_idempotency_part(&self, out: &mut String) -> bool {
        match self.kind() {
            PostbackKind::Withdrawal => {
                let Some(id) = self.withdrawal_id.as_deref() else {
                    return false;
                };
                out.push_str("withdrawal:");
                out.push_str(id);
                out.push(':');
                match self.withdrawal_status {
                    Some(s) => push_int(out, s.code()),
                    None => out.push_str("pending"),
                }
            }
            PostbackKind::Deposit => {
                let id = self
                    .transaction_id
                    .as_deref()
                    .or(self.plugin_custom_order_id.as_deref());
                if id.is_none() && self.stockpiling_id.is_none() {
                    return false;
                }
                out.push_str("deposit:");
                out.push_str(self.wallet_type.as_deref().unwrap_or(""));
                out.push(':');
                match (id, self.stockpiling_id) {
                    (Some(id), _) => out.push_str(id),
                    (None, Some(s)) => push_int(out, s),
                    (None, None) => return false,
                }
            }
        }
        true
    }
}

/// The entry fields the gateway documents, in the order their errors are reported.
const ENTRY_FIELDS: [&str; 16] = [
    "bank_details",
    "transaction_id",
    "plugin_custom_order_id",
    "withdrawal_id",
    "withdrawal_status",
    "amount",
    "currency_code",
    "wallet_type",
    "account_number",
    "account_name",
    "account_email",
    "activated_datetime",
    "exchanger_identifier",
    "comment",
    "stockpiling_id",
    "transaction_type",
];

/// The position of `key` in [`ENTRY_FIELDS`]. A `match` compiles to a switch on the length and a
/// few comparisons, where a search compares with every name: this runs for every key of every entry.
fn field_slot(key: &str) -> Option<usize> {
    Some(match key {
        "bank_details" => 0,
        "transaction_id" => 1,
        "plugin_custom_order_id" => 2,
        "withdrawal_id" => 3,
        "withdrawal_status" => 4,
        "amount" => 5,
        "currency_code" => 6,
        "wallet_type" => 7,
        "account_number" => 8,
        "account_name" => 9,
        "account_email" => 10,
        "activated_datetime" => 11,
        "exchanger_identifier" => 12,
        "comment" => 13,
        "stockpiling_id" => 14,
        "transaction_type" => 15,
        _ => return None,
    })
}

const BANK_FIELDS: [&str; 3] = ["bank_code", "branch_code", "bank_code_in_payments_system"];

/// The values of `names` in `array`, found in one pass over its keys rather than one search per
/// name. Decoded arrays hold each key once; none of the names is numeric, so only string keys match.
fn find<'a, const N: usize>(array: &'a Array, names: [&str; N]) -> [Option<&'a Value>; N] {
    let mut found = [None; N];
    for (key, value) in array.iter() {
        if let Key::Str(key) = key {
            if let Some(i) = names.iter().position(|n| *n == key.as_str()) {
                found[i].get_or_insert(value);
            }
        }
    }
    found
}

/// [`scalar_text`] taking the value, so that a string moves instead of being copied.
pub(crate) fn into_scalar_text(value: Value) -> Option<Option<String>> {
    match value {
        Value::Str(s) if !s.is_empty() => Some(Some(s)),
        v => scalar_text(&v),
    }
}

/// A scalar field as text: strings as they are, numbers as PHP prints them in JSON.
pub(crate) fn scalar_text(value: &Value) -> Option<Option<String>> {
    Some(match value {
        Value::Null => None,
        Value::Str(s) if s.is_empty() => None,
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => to_json_number(*f),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_owned()),
        Value::Array(_) => return None,
    })
}

fn not_an_object(path: &dyn Fn() -> String, type_name: &str) -> Error {
    Error::malformed(format!("`{}` must be an object, got {type_name}", path()))
}

fn text_field(
    value: Option<Value>,
    name: &str,
    path: &dyn Fn() -> String,
) -> Result<Option<String>, Error> {
    match value {
        None => Ok(None),
        Some(v) => {
            let type_name = v.type_name();
            into_scalar_text(v).ok_or_else(|| {
                Error::malformed(format!(
                    "`{}.{name}` must be a scalar, got {type_name}",
                    path()
                ))
            })
        }
    }
}

fn int_field(
    value: Option<Value>,
    name: &str,
    path: &dyn Fn() -> String,
) -> Result<Option<i64>, Error> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(i)),
        Some(Value::Str(s)) if s.is_empty() => Ok(None),
        Some(Value::Str(s)) if s.parse::<i64>().is_ok() => Ok(s.parse().ok()),
        Some(v) => Err(Error::malformed(format!(
            "`{}.{name}` must be an integer, got {}",
            path(),
            v.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_slots_are_the_positions_in_entry_fields() {
        for (i, name) in ENTRY_FIELDS.iter().enumerate() {
            assert_eq!(field_slot(name), Some(i));
        }
        assert_eq!(field_slot("signature"), None);
        assert_eq!(field_slot("Amount"), None);
    }
}
