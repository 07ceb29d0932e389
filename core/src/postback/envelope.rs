//! Reads a postback body: the signature, the access key, the signed list and the unsigned
//! envelope. Until the signature is decided little is built from the body: the signature, the
//! access key, the md5 of the signed list and, for a short list (a real postback's), its text and
//! its entries' scalar fields. A forged body costs little whatever its shape.

use std::borrow::Cow;

use crate::php::decode::Parser;
use crate::php::reencode::{capture_marked, rewrite, Reencoded};
use crate::php::{decode, JsonError, Value};
use crate::Error;

use super::entry::{into_scalar_text, EntryCapture, EntryFields};
use super::forms::{CurrentMd5, FormMd5, LegacyMd5};

/// Bodies above this size are refused unread. Real postbacks are about 6 KB.
pub const MAX_POSTBACK_BYTES: usize = 1 << 20;

// The re-encoder keeps offsets into the body as `u32`.
const _: () = assert!(MAX_POSTBACK_BYTES <= u32::MAX as usize);

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
    pub signature: Cow<'a, str>,
    pub access_key: Cow<'a, str>,
    pub signed_list: SignedList,
    pub signed: Signed<'a>,
    /// md5 of the signed list as PHP re-encodes it in the documented form: the inner hash.
    pub signed_md5: FormMd5,
    pub unsigned: UnsignedTexts<'a>,
}

/// The signed list: where the body has it, and what the first pass over it found.
pub(crate) struct Signed<'a> {
    body: &'a str,
    /// The list as the body wrote it, from this offset.
    at: usize,
    text: &'a str,
    found: Reencoded,
    /// md5 of what the first pass wrote: the list's when that pass was final.
    first_md5: FormMd5,
    /// What the first pass wrote, when it was short enough to keep.
    first_text: Option<String>,
}

impl Signed<'_> {
    /// md5 of the list as PHP re-encodes it. Only a list with an object that repeats a key (or a
    /// number past double range) is read a second time for it, into the hash again.
    fn md5(&self, field: &str) -> Result<FormMd5, Error> {
        if self.found.is_final() {
            return Ok(self.first_md5);
        }
        let mut md5 = CurrentMd5::new();
        if !rewrite(self.body, self.at, &self.found, &mut md5, None).map_err(json_error)? {
            return Err(Error::malformed(format!(
                "`{field}` holds a number too large for a double, which PHP cannot re-encode"
            )));
        }
        Ok(md5.finish().0)
    }

    /// md5 of the list in the older form (PHP's default flags): a second pass, for a list whose
    /// signature did not match in the documented form. Only called after [`Signed::md5`]
    /// succeeded, so the list is finite.
    pub fn legacy_md5(&self) -> Result<[u8; 32], Error> {
        let mut md5 = LegacyMd5::new();
        rewrite(self.body, self.at, &self.found, &mut md5, None).map_err(json_error)?;
        Ok(md5.finish())
    }

    /// For a postback whose signature matched: the list re-encoded as the gateway hashed it, and
    /// each entry's documented fields.
    pub fn read(mut self) -> Result<(String, Vec<EntryFields>), Error> {
        let mut capture = EntryCapture::default();
        if let Some(json) = self.first_text {
            // A real postback: what the first pass wrote, and the members it marked.
            if capture_marked(self.body, &mut self.found, &mut capture).map_err(json_error)? {
                return Ok((json, capture.items));
            }
        }
        let mut json = String::with_capacity(self.text.len());
        // The md5 was taken from the same text, so the list is finite here.
        rewrite(
            self.body,
            self.at,
            &self.found,
            &mut json,
            Some(&mut capture),
        )
        .map_err(json_error)?;
        Ok((json, capture.items))
    }
}

/// The unsigned envelope fields as the body wrote them (checked), in the order of
/// [`UnsignedFields::NAMES`]: decoded only for a postback whose signature matched.
pub(crate) struct UnsignedTexts<'a>([Option<&'a str>; 7]);

impl UnsignedTexts<'_> {
    pub fn decode(&self) -> UnsignedFields {
        let [amount, label, currency_code, wallet_type, direction, created_datetime, converted_amount] =
            self.0;
        let text = |raw: Option<&str>| raw.and_then(scalar_text);
        UnsignedFields {
            amount: text(amount),
            label: text(label),
            currency_code: text(currency_code),
            wallet_type: text(wallet_type),
            direction: text(direction),
            created_datetime: text(created_datetime),
            converted_amount: converted_amount
                .filter(|raw| *raw != "null")
                .map(str::to_owned),
        }
    }
}

/// A checked member's text as a scalar field reads: arrays and objects are not read at all.
fn scalar_text(raw: &str) -> Option<String> {
    if raw.starts_with(['[', '{']) {
        return None;
    }
    // A checked string without escapes is its own text: copied once, not run through the decoder.
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        if !inner.contains('\\') {
            return (!inner.is_empty()).then(|| inner.to_owned());
        }
    }
    decode(raw).ok().and_then(|v| into_scalar_text(v).flatten())
}

fn json_error(e: JsonError) -> Error {
    Error::malformed(e.to_string())
}

/// Refuses a body of `len` bytes over [`MAX_POSTBACK_BYTES`] with the error `verify_postback`
/// gives it: a binding that must copy a body (out of a JS string, say) checks its size first.
pub fn check_body_size(len: usize) -> Result<(), Error> {
    if len > MAX_POSTBACK_BYTES {
        return Err(Error::malformed(format!(
            "body is {len} bytes, over the {MAX_POSTBACK_BYTES}-byte cap"
        )));
    }
    Ok(())
}

/// Parses and checks the body's structure; every refusal names the problem.
pub(crate) fn read(body: &[u8]) -> Result<Envelope<'_>, Error> {
    check_body_size(body.len())?;
    let text = std::str::from_utf8(body).map_err(|e| {
        Error::malformed(format!(
            "body is not valid UTF-8 (byte {})",
            e.valid_up_to()
        ))
    })?;

    let mut p = Parser::new(text);
    let mut signature = None;
    let mut access_key = None;
    let mut additional_data = None;
    let mut transactions = None;
    let mut unsigned = [None; 7];
    let first = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .bytes()
        .next();
    if first != Some(b'{') {
        // The decoder's error if it has one, without building what it would decode.
        p.skip_value()
            .and_then(|()| p.finish())
            .map_err(json_error)?;
        return Err(Error::malformed("body is not a JSON object"));
    }
    // A repeated key takes its last value, as in PHP.
    p.object_entries(|p, key| {
        let slot = match key.as_ref() {
            "signature" => return string_or_type(p).map(|v| signature = Some(v)),
            "access_key" => return string_or_type(p).map(|v| access_key = Some(v)),
            "additional_data" => return signed(p, text).map(|s| additional_data = Some(s)),
            "transactions" => return signed(p, text).map(|s| transactions = Some(s)),
            name => match UnsignedFields::NAMES.iter().position(|n| *n == name) {
                Some(slot) => slot,
                None => return p.skip_value(),
            },
        };
        p.skip_ws();
        let start = p.offset();
        p.skip_value()?;
        unsigned[slot] = Some(p.slice(start, p.offset()));
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
    let field = signed_list.field_name();
    if !matches!(signed.text.as_bytes().first(), Some(b'[' | b'{')) {
        let type_name = decode(signed.text).map_or("invalid JSON", |v| v.type_name());
        return Err(Error::malformed(format!(
            "`{field}` must be a list, got {type_name}"
        )));
    }
    let signed_md5 = signed.md5(field)?;
    Ok(Envelope {
        signature,
        access_key,
        signed_list,
        signed,
        signed_md5,
        unsigned: UnsignedTexts(unsigned),
    })
}

/// Reads the signed list: checked, and re-encoded straight into md5, keeping at most a short
/// text.
fn signed<'a>(p: &mut Parser<'a>, body: &'a str) -> Result<Signed<'a>, JsonError> {
    p.skip_ws();
    let at = p.offset();
    let mut md5 = CurrentMd5::new();
    // The capture only says which entry fields to mark; it is filled on a match.
    let found = p.reencode(&mut md5, Some(&EntryCapture::default()))?;
    let (first_md5, first_text) = md5.finish();
    Ok(Signed {
        body,
        at,
        text: p.slice(at, p.offset()),
        found,
        first_md5,
        first_text,
    })
}

/// A member that must be a string: read in place when it is one (borrowed unless it has escapes);
/// another scalar is decoded for its type's name, an array or object only checked.
fn string_or_type<'a>(p: &mut Parser<'a>) -> Result<Result<Cow<'a, str>, &'static str>, JsonError> {
    p.skip_ws();
    match p.peek() {
        Some(b'[' | b'{') => {
            p.skip_value()?;
            Ok(Err("array"))
        }
        Some(b'"') => Ok(Ok(p.string()?)),
        _ => Ok(Err(p.value()?.type_name())),
    }
}

fn required_string<'a>(
    value: Option<Result<Cow<'a, str>, &'static str>>,
    name: &str,
) -> Result<Cow<'a, str>, Error> {
    match value {
        None => Err(Error::malformed(format!("missing `{name}`"))),
        Some(Ok(s)) => Ok(s),
        Some(Err(type_name)) => Err(Error::malformed(format!(
            "`{name}` must be a string, got {type_name}"
        ))),
    }
}
