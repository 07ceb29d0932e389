//! Reads a postback body: the signature, the access key, the signed list and the unsigned
//! envelope. Large unsigned parts (`converted_amount`, about 184 rates) are checked but not built.

use crate::php::decode::Parser;
use crate::php::{decode, encode, JsonError, Value};
use crate::Error;

use super::entry::{into_scalar_text, EntryCapture, EntryFields};

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

pub(crate) struct Envelope<'a> {
    pub signature: String,
    pub access_key: String,
    pub signed_list: SignedList,
    pub signed: Signed<'a>,
    pub unsigned: UnsignedFields,
}

/// The signed list: as the body wrote it, re-encoded as the gateway hashed it, and its entries.
pub(crate) struct Signed<'a> {
    pub text: &'a str,
    pub json: String,
    pub read: SignedRead,
}

pub(crate) enum SignedRead {
    /// Re-encoded from the text, with each entry's documented fields decoded on the way.
    Captured(Vec<EntryFields>),
    /// Decoded whole, because an object in it repeats a key; `json` is encoded from it.
    Decoded(Value),
}

/// Parses and checks the body's structure; every refusal names the problem.
pub(crate) fn read(body: &[u8]) -> Result<Envelope<'_>, Error> {
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
            "additional_data" => return signed(p).map(|s| additional_data = Some(s)),
            "transactions" => return signed(p).map(|s| transactions = Some(s)),
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
    let (signed_list, mut signed) = match (additional_data, transactions) {
        (Some(v), _) => (SignedList::AdditionalData, v),
        (None, Some(v)) => (SignedList::Transactions, v),
        (None, None) => {
            return Err(Error::malformed(
                "missing `additional_data` (or the older `transactions`)",
            ))
        }
    };
    let field = signed_list.field_name();
    let is_array = match &signed.read {
        SignedRead::Decoded(v) => matches!(v, Value::Array(_)),
        SignedRead::Captured(_) => matches!(signed.text.as_bytes().first(), Some(b'[' | b'{')),
    };
    if !is_array {
        let type_name = decode(signed.text).map_or("invalid JSON", |v| v.type_name());
        return Err(Error::malformed(format!(
            "`{field}` must be a list, got {type_name}"
        )));
    }
    if let SignedRead::Decoded(tree) = &signed.read {
        signed.json = encode(tree).map_err(|_| {
            Error::malformed(format!(
                "`{field}` holds a number too large for a double, which PHP cannot re-encode"
            ))
        })?;
    }
    Ok(Envelope {
        signature,
        access_key,
        signed_list,
        signed,
        unsigned: u,
    })
}

/// Reads the signed list: re-encoded straight from the text, or decoded when that cannot be done.
fn signed<'a>(p: &mut Parser<'a>) -> Result<Signed<'a>, JsonError> {
    p.skip_ws();
    let start = p.offset();
    let mut json = String::with_capacity(2048);
    let mut capture = EntryCapture::default();
    let read = if p.reencode(&mut json, &mut capture)? {
        SignedRead::Captured(capture.items)
    } else {
        p.rewind(start);
        json.clear();
        SignedRead::Decoded(p.value()?)
    };
    let text = p.slice(start, p.offset());
    Ok(Signed { text, json, read })
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
