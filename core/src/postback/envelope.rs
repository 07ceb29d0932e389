//! Reads a postback body: the signature, the access key, the signed list and the unsigned
//! envelope. Large unsigned parts (`converted_amount`, about 184 rates) are checked but not built.

use crate::php::decode::Parser;
use crate::php::{decode, Value};
use crate::Error;

use super::entry::into_scalar_text;

/// Bodies above this size are refused unread. Real postbacks are about 6 KB.
pub const MAX_POSTBACK_BYTES: usize = 1 << 20;

/// The signed list of a postback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignedList {
    AdditionalData,
    /// The older form of the same list.
    Transactions,
}

impl SignedList {
    pub fn field_name(self) -> &'static str {
        match self {
            SignedList::AdditionalData => "additional_data",
            SignedList::Transactions => "transactions",
        }
    }
}

/// Envelope fields that the signature does not cover.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnsignedFields {
    pub amount: Option<String>,
    pub label: Option<String>,
    pub currency_code: Option<String>,
    pub wallet_type: Option<String>,
    pub direction: Option<String>,
    pub created_datetime: Option<String>,
    /// `converted_amount` as the JSON text it came in; see [`UnsignedFields::converted_amount_value`].
    pub converted_amount: Option<String>,
}

impl UnsignedFields {
    /// The names of the envelope fields outside the signature.
    pub const NAMES: [&'static str; 7] = [
        "amount",
        "label",
        "currency_code",
        "wallet_type",
        "direction",
        "created_datetime",
        "converted_amount",
    ];

    /// `converted_amount` decoded.
    pub fn converted_amount_value(&self) -> Option<Value> {
        self.converted_amount
            .as_deref()
            .and_then(|t| decode(t).ok())
    }
}

pub(crate) struct Envelope {
    pub signature: String,
    pub access_key: String,
    pub signed_list: SignedList,
    pub signed: Value,
    pub unsigned: UnsignedFields,
}

/// Parses and checks the body's structure; every refusal names the problem.
pub(crate) fn read(body: &[u8]) -> Result<Envelope, Error> {
    if body.len() > MAX_POSTBACK_BYTES {
        return Err(Error::malformed(format!(
            "body is {} bytes, over the {MAX_POSTBACK_BYTES}-byte cap",
            body.len()
        )));
    }
    let text = std::str::from_utf8(body).map_err(|e| {
        Error::malformed(format!(
            "body is not valid UTF-8 (byte {})",
            e.valid_up_to()
        ))
    })?;
    let json_error = |e: crate::php::JsonError| Error::malformed(e.to_string());

    let mut p = Parser::new(text);
    let mut signature = None;
    let mut access_key = None;
    let mut additional_data = None;
    let mut transactions = None;
    let mut u = UnsignedFields::default();
    let first = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .bytes()
        .next();
    if first != Some(b'{') {
        decode(text).map_err(json_error)?;
        return Err(Error::malformed("body is not a JSON object"));
    }
    // A repeated key takes its last value, as in PHP.
    p.object_entries(|p, key| {
        let unsigned_slot = match key.as_ref() {
            "signature" => return p.value().map(|v| signature = Some(v)),
            "access_key" => return p.value().map(|v| access_key = Some(v)),
            "additional_data" => return p.value().map(|v| additional_data = Some(v)),
            "transactions" => return p.value().map(|v| transactions = Some(v)),
            "converted_amount" => {
                p.skip_ws();
                let start = p.offset();
                p.skip_value()?;
                let raw = p.slice(start, p.offset());
                u.converted_amount = (raw != "null").then(|| raw.to_owned());
                return Ok(());
            }
            "amount" => &mut u.amount,
            "label" => &mut u.label,
            "currency_code" => &mut u.currency_code,
            "wallet_type" => &mut u.wallet_type,
            "direction" => &mut u.direction,
            "created_datetime" => &mut u.created_datetime,
            _ => return p.skip_value(),
        };
        let v = p.value()?;
        *unsigned_slot = into_scalar_text(v).flatten();
        Ok(())
    })
    .map_err(json_error)?;
    p.finish().map_err(json_error)?;

    let signature = required_string(signature, "signature")?;
    if signature.len() != 40 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::malformed(
            "`signature` must be 40 hexadecimal digits",
        ));
    }
    let access_key = required_string(access_key, "access_key")?;
    let (signed_list, signed) = match (additional_data, transactions) {
        (Some(v), _) => (SignedList::AdditionalData, v),
        (None, Some(v)) => (SignedList::Transactions, v),
        (None, None) => {
            return Err(Error::malformed(
                "missing `additional_data` (or the older `transactions`)",
            ))
        }
    };
    if !matches!(signed, Value::Array(_)) {
        return Err(Error::malformed(format!(
            "`{}` must be a list, got {}",
            signed_list.field_name(),
            signed.type_name()
        )));
    }
    Ok(Envelope {
        signature,
        access_key,
        signed_list,
        signed,
        unsigned: u,
    })
}

fn required_string(value: Option<Value>, name: &str) -> Result<String, Error> {
    match value {
        None => Err(Error::malformed(format!("missing `{name}`"))),
        Some(Value::Str(s)) => Ok(s),
        Some(v) => Err(Error::malformed(format!(
            "`{name}` must be a string, got {}",
            v.type_name()
        ))),
    }
}
