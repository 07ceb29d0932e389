//! Postback verification:
//! `sha1(access_key . postback_private_key . md5(json_encode($additional_data, UNESCAPED_SLASHES|UNESCAPED_UNICODE)))`,
//! or the earlier page's form of it, `md5($transactions->toJson())` with no flags (see [`SignatureForm`]):
//! a postback signed either way verifies, and says which.
//!
//! The body arrives encoded with PHP's default flags (`\/`, `\uXXXX`, sometimes pretty-printed), so
//! its bytes are never hashed: the signed list is decoded and re-encoded exactly as PHP would.
//! Only that list is signed; the envelope (`amount`, `label`, `converted_amount` ...) is not.

mod entry;
mod envelope;
mod forms;
mod output;

pub(crate) use entry::scalar_text;
pub use entry::{BankDetails, PostbackEntry, PostbackKind, WithdrawalStatus};
pub use envelope::{check_body_size, SignedList, UnsignedFields, MAX_POSTBACK_BYTES};
pub use forms::{legacy_text, SignatureForm};
pub use output::{without_large_members, Member};

use crate::digest::{constant_time_eq, md5_hex, sha1_hex};
use crate::php::{encode, Value};
use crate::Error;

/// The body the gateway waits for, with HTTP 200, for every postback including repeats.
pub const ACKNOWLEDGEMENT: &str = r#"{"status":"ok"}"#;

/// A postback whose signature checked out.
#[derive(Clone, Debug, PartialEq)]
pub struct Postback {
    kind: PostbackKind,
    entries: Vec<PostbackEntry>,
    signed_list: SignedList,
    signature_form: SignatureForm,
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
    let md5 = &envelope.signed_md5;
    let signature = envelope.signature.as_bytes();
    let matches = |signed_md5: &[u8; 32]| {
        let expected = postback_signature(&envelope.access_key, private_key, signed_md5);
        constant_time_eq(&expected, signature)
    };
    // The older form is hashed (a second pass) only when the documented one did not match and
    // its text differs: the time tells no more than the answer does (matched in the documented
    // form, or not).
    let signature_form = if matches(&md5.current) {
        SignatureForm::Current
    } else if md5.legacy_differs && matches(&envelope.signed.legacy_md5()?) {
        SignatureForm::Legacy
    } else {
        return Err(Error::SignatureMismatch);
    };
    // The gateway signed this body: only now are its entries and signed text built.
    let (signed_json, items) = envelope.signed.read()?;
    debug_assert_eq!(md5_hex(signed_json.as_bytes()), envelope.signed_md5.current);
    let field = envelope.signed_list.field_name();
    let path = |i: usize| move || format!("{field}[{i}]");
    let entries = items
        .into_iter()
        .enumerate()
        .map(|(i, fields)| PostbackEntry::from_fields(fields, &path(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let kind = kind_of(&entries, field)?;
    Ok(Postback {
        kind,
        entries,
        signed_list: envelope.signed_list,
        signature_form,
        signed_json,
        unsigned: envelope.unsigned.decode(),
    })
}

/// The gateway's side of the formula: the signature of a postback whose signed list is `signed`.
/// The sandbox signs with it; merchants only need [`verify_postback`].
pub fn sign_postback(access_key: &str, private_key: &str, signed: &Value) -> Result<String, Error> {
    sign_postback_as(SignatureForm::Current, access_key, private_key, signed)
}

/// [`sign_postback`] in either published form: the older one is what postbacks signed by the
/// earlier page's formula carry.
pub fn sign_postback_as(
    form: SignatureForm,
    access_key: &str,
    private_key: &str,
    signed: &Value,
) -> Result<String, Error> {
    let mut json =
        encode(signed).map_err(|_| Error::validation("additional_data", "holds INF or NAN"))?;
    if form == SignatureForm::Legacy {
        json = legacy_text(&json);
    }
    let signature = postback_signature(access_key, private_key, &md5_hex(json.as_bytes()));
    Ok(String::from_utf8_lossy(&signature).into_owned())
}

/// `sha1(access_key . postback_private_key . md5(json_encode($additional_data)))`, given the md5.
fn postback_signature(access_key: &str, private_key: &str, signed_md5: &[u8; 32]) -> [u8; 40] {
    sha1_hex(&[access_key.as_bytes(), private_key.as_bytes(), signed_md5])
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

    /// Which published form the signature matched: today's flags, or the earlier page's
    /// `toJson()` with none. A list with no `/` and no non-ASCII text is the same in both, and
    /// reads `Current`.
    pub fn signature_form(&self) -> SignatureForm {
        self.signature_form
    }

    /// The signed list re-encoded with the documented flags (the older form's text is this one
    /// with `/` and non-ASCII escaped, see [`legacy_text`]).
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
        let mut key = String::new();
        self.write_idempotency_key(&mut key);
        key
    }

    /// Appends [`Postback::idempotency_key`] to `out`: each entry's part, joined by `|`; if an
    /// entry has none, the kind and the md5 of the signed list instead.
    pub(crate) fn write_idempotency_key(&self, out: &mut String) {
        let start = out.len();
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            if !e.write_idempotency_part(out) {
                out.truncate(start);
                let digest = md5_hex(self.signed_json.as_bytes());
                out.push_str(self.kind.as_str());
                out.push_str(":signed:");
                out.push_str(&String::from_utf8_lossy(&digest));
                return;
            }
        }
    }

    /// The body to answer with (HTTP 200), for every postback including repeats.
    pub fn acknowledgement(&self) -> &'static str {
        ACKNOWLEDGEMENT
    }
}
