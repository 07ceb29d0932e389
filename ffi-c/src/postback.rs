//! Postback verification.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use sdk::php::Value;
use sdk::postback::Member;

use crate::boundary::{bytes_in, call, out_param, string_out, text_in, Failure};
use crate::status::pk_status;
use crate::value::{pk_array_item, pk_value_view};

/// Verifies a postback body (the raw bytes as received, never a re-encoded object) with the
/// merchant's postback private key. On success `*out_postback_json` receives the verified postback
/// as a JSON object (free it with `pk_string_free`): `kind` (`deposit` or `withdrawal`),
/// `idempotency_key`, `signed_list`, `signature_form` (`current`, or `legacy` for the older
/// no-flags form), `entries` (the signed data: the source of truth), `unsigned` and `unsigned_fields` (envelope fields outside the signature), `acknowledgement`
/// (the body to answer with, with HTTP 200).
///
/// Fails with `PK_STATUS_SIGNATURE_MISMATCH` when the signature does not match and
/// `PK_STATUS_MALFORMED_POSTBACK` when the body cannot be checked. The body may hold any bytes.
///
/// # Safety
/// `body` and `private_key` must point to `body_len` and `key_len` readable bytes;
/// `out_postback_json` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_verify(
    body: *const c_char,
    body_len: usize,
    private_key: *const c_char,
    key_len: usize,
    out_postback_json: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_postback_json, "out_postback_json")?;
        let body = bytes_in(body, body_len, "body")?;
        let key = text_in(private_key, key_len, "private_key")?;
        string_out(out, sdk::verify_postback(body, key)?.to_json())
    })
}

/// A verified postback (opaque), read without JSON text through its accessors. Create it with
/// `pk_postback_verify_handle`, free it with `pk_postback_free`; every string and view its
/// accessors give is owned by it and lives until it is freed. Accessors on one handle from several
/// threads at once are safe.
pub struct pk_postback {
    inner: sdk::Postback,
    idempotency_key: String,
    unsigned_fields: OnceLock<Value>,
    entries: OnceLock<Value>,
    unsigned: OnceLock<Value>,
    unsigned_without_rates: OnceLock<Value>,
    /// The object members of each entry (`bank_details`), built when first read.
    objects: Vec<OnceLock<Vec<Value>>>,
    /// Where each entry's text is in the re-encoded signed list, found when first read.
    signed_texts: OnceLock<Vec<(usize, usize)>>,
    /// The entries in the value encoding, written when first read.
    entries_encoded: OnceLock<Vec<u8>>,
}

/// Verifies a postback body as `pk_postback_verify` does and, on success, writes a handle to the
/// verified postback into `*out_postback` (free it with `pk_postback_free`). The parts are built
/// when first asked for: a caller that never reads `unsigned` never decodes the ~180 rates.
///
/// # Safety
/// `body` and `private_key` must point to `body_len` and `key_len` readable bytes;
/// `out_postback` to a writable `pk_postback *`.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_verify_handle(
    body: *const c_char,
    body_len: usize,
    private_key: *const c_char,
    key_len: usize,
    out_postback: *mut *mut pk_postback,
) -> pk_status {
    call(|| {
        let out = out_param(out_postback, "out_postback")?;
        let body = bytes_in(body, body_len, "body")?;
        let key = text_in(private_key, key_len, "private_key")?;
        *out = pk_postback::new(sdk::verify_postback(body, key)?);
        Ok(())
    })
}

impl pk_postback {
    /// A handle over a verified postback, for the caller to free with `pk_postback_free`.
    pub(crate) fn new(inner: sdk::Postback) -> *mut pk_postback {
        Box::into_raw(Box::new(pk_postback {
            objects: inner.entries().iter().map(|_| OnceLock::new()).collect(),
            signed_texts: OnceLock::new(),
            entries_encoded: OnceLock::new(),
            idempotency_key: inner.idempotency_key(),
            unsigned_fields: OnceLock::new(),
            inner,
            entries: OnceLock::new(),
            unsigned: OnceLock::new(),
            unsigned_without_rates: OnceLock::new(),
        }))
    }
}

/// Frees a postback handle. Freeing NULL does nothing; nothing it gave may be used afterwards.
///
/// # Safety
/// `postback` must be NULL or a handle from `pk_postback_verify_handle` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_free(postback: *mut pk_postback) {
    if postback.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(postback))));
}

/// Which part of a verified postback `pk_postback_text` reads.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum pk_postback_text_part {
    /// `deposit` or `withdrawal`, from the signed entries.
    Kind = 0,
    /// The same for every repeat of this postback: store it with a unique constraint.
    IdempotencyKey = 1,
    /// The signed list: `additional_data`, or `transactions` in older postbacks.
    SignedList = 2,
    /// The body to answer with, with HTTP 200, for every postback including repeats.
    Acknowledgement = 3,
    /// `converted_amount` (unsigned) as the JSON text the body held, or "" when it had none.
    ConvertedAmount = 4,
    /// Which published form the signature matched: `current` (the documented JSON flags) or
    /// `legacy` (PHP's default flags, `\/` and `\uXXXX`).
    SignatureForm = 5,
}

/// Points `*out_text` at one text part of a verified postback and writes its length in bytes to
/// `*out_len`. The text is owned by the handle and is not NUL-terminated.
///
/// # Safety
/// `postback` must be a live handle; `out_text` and `out_len` must be writable.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_text(
    postback: *const pk_postback,
    part: pk_postback_text_part,
    out_text: *mut *const c_char,
    out_len: *mut usize,
) -> pk_status {
    call(|| {
        let out_text = out_param(out_text, "out_text")?;
        let out_len = out_param(out_len, "out_len")?;
        let p = handle(postback)?;
        let text: &str = match part {
            pk_postback_text_part::Kind => p.inner.kind().as_str(),
            pk_postback_text_part::IdempotencyKey => &p.idempotency_key,
            pk_postback_text_part::SignedList => p.inner.signed_list().field_name(),
            pk_postback_text_part::Acknowledgement => p.inner.acknowledgement(),
            pk_postback_text_part::ConvertedAmount => {
                p.inner.unsigned().converted_amount.as_deref().unwrap_or("")
            }
            pk_postback_text_part::SignatureForm => p.inner.signature_form().as_str(),
        };
        *out_text = text.as_ptr().cast();
        *out_len = text.len();
        Ok(())
    })
}

/// Writes the number of signed entries of a verified postback (at least 1) to `*out_count`.
///
/// # Safety
/// `postback` must be a live handle; `out_count` must be writable.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_entry_count(
    postback: *const pk_postback,
    out_count: *mut usize,
) -> pk_status {
    call(|| {
        let out = out_param(out_count, "out_count")?;
        *out = handle(postback)?.inner.entries().len();
        Ok(())
    })
}

/// Which value of a verified postback `pk_postback_value` reads: the members of the JSON object
/// `pk_postback_verify` writes, as values.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum pk_postback_value_part {
    /// The list of signed entries, each an object of its typed fields (`transaction_id`,
    /// `amount` ..., null when absent) and `signed`, the entry exactly as signed.
    Entries = 0,
    /// The envelope fields outside the signature (`amount`, `label` ... and `converted_amount`
    /// decoded): show them, never credit from them.
    Unsigned = 1,
    /// The names of the envelope fields outside the signature.
    UnsignedFields = 2,
    /// `PK_POSTBACK_VALUE_PART_UNSIGNED` but its last member, `converted_amount` (about 180
    /// rates), for callers that decode `PK_POSTBACK_TEXT_PART_CONVERTED_AMOUNT` themselves.
    UnsignedWithoutRates = 3,
}

/// Writes a view of one value of a verified postback into `*out_view` (read arrays with
/// `pk_array_items`). Each value is built on first use and kept by the handle.
///
/// # Safety
/// `postback` must be a live handle; `out_view` must be writable.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_value(
    postback: *const pk_postback,
    part: pk_postback_value_part,
    out_view: *mut pk_value_view,
) -> pk_status {
    call(|| {
        let out = out_param(out_view, "out_view")?;
        let p = handle(postback)?;
        let value = match part {
            pk_postback_value_part::Entries => p.entries.get_or_init(|| p.inner.entries_value()),
            pk_postback_value_part::Unsigned => p.unsigned.get_or_init(|| p.inner.unsigned_value()),
            pk_postback_value_part::UnsignedFields => p
                .unsigned_fields
                .get_or_init(|| sdk::postback::UnsignedFields::NAMES.to_vec().into()),
            pk_postback_value_part::UnsignedWithoutRates => p
                .unsigned_without_rates
                .get_or_init(|| p.inner.unsigned_value_without_rates().into()),
        };
        *out = pk_value_view::of(value);
        Ok(())
    })
}

/// Copies the typed fields of signed entry `index` (0-based, below `pk_postback_entry_count`) into
/// `out_items` (room for `capacity`; 32 is always enough): each item's `key_text` is the field's
/// name (`kind`, `transaction_id`, `amount`, `bank_details` ...), its value a string, an integer,
/// null when absent, or an object (`bank_details`). `*out_count` receives how many were copied.
/// These are the members of each entry of `PK_POSTBACK_VALUE_PART_ENTRIES` but `signed`, read
/// without building that list.
///
/// # Safety
/// `postback` must be a live handle; `out_items` must point to `capacity` writable items;
/// `out_count` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_entry_fields(
    postback: *const pk_postback,
    index: usize,
    out_items: *mut pk_array_item,
    capacity: usize,
    out_count: *mut usize,
) -> pk_status {
    call(|| {
        let out_count = out_param(out_count, "out_count")?;
        let out_items = out_param(out_items, "out_items")?;
        let p = handle(postback)?;
        let entry = entry(p, index)?;
        let members = entry.members();
        let objects = p.objects[index].get_or_init(|| {
            members
                .iter()
                .filter(|(_, m)| matches!(m, Member::Object(_)))
                .map(|(_, m)| m.value())
                .collect()
        });
        let mut objects = objects.iter();
        let mut n = 0;
        for (name, member) in members.iter().take(capacity) {
            let value = match member {
                Member::Text(Some(text)) => pk_value_view::text(text),
                Member::Int(Some(i)) => pk_value_view::of(&Value::Int(*i)),
                Member::Text(None) | Member::Int(None) => pk_value_view::of(&Value::Null),
                Member::Object(_) => match objects.next() {
                    Some(object) => pk_value_view::of(object),
                    None => pk_value_view::of(&Value::Null),
                },
            };
            out_items.add(n).write(pk_array_item {
                key_text: name.as_ptr().cast(),
                key_len: name.len(),
                key_int: 0,
                value,
            });
            n += 1;
        }
        *out_count = n;
        Ok(())
    })
}

/// Points `*out_text` at signed entry `index` exactly as signed, as JSON text (its slice of the
/// re-encoded signed list, not NUL-terminated, owned by the handle): decoded as
/// `json_decode($text, true)`, it is the `signed` member of that entry.
///
/// # Safety
/// `postback` must be a live handle; `out_text` and `out_len` must be writable.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_entry_signed_json(
    postback: *const pk_postback,
    index: usize,
    out_text: *mut *const c_char,
    out_len: *mut usize,
) -> pk_status {
    call(|| {
        let out_text = out_param(out_text, "out_text")?;
        let out_len = out_param(out_len, "out_len")?;
        let p = handle(postback)?;
        entry(p, index)?;
        let json = p.inner.signed_json();
        let ranges = p.signed_texts.get_or_init(|| {
            let texts = p.inner.signed_texts().unwrap_or_default();
            let at = |t: &str| t.as_ptr() as usize - json.as_ptr() as usize;
            texts.iter().map(|t| (at(t), at(t) + t.len())).collect()
        });
        let (start, end) = *ranges.get(index).ok_or_else(|| Failure::Internal {
            message: "the signed list of a verified postback cannot be walked".to_owned(),
        })?;
        let text = &json[start..end];
        *out_text = text.as_ptr().cast();
        *out_len = text.len();
        Ok(())
    })
}

/// Writes a view of signed entry `index` exactly as signed (the `signed` member of that entry,
/// decoded by the library on first use and kept with the handle) into `*out_view`.
///
/// # Safety
/// `postback` must be a live handle; `out_view` must be writable.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_entry_signed(
    postback: *const pk_postback,
    index: usize,
    out_view: *mut pk_value_view,
) -> pk_status {
    call(|| {
        let out = out_param(out_view, "out_view")?;
        let p = handle(postback)?;
        let raw = entry(p, index)?.raw();
        let mut view = pk_value_view::of(&Value::Null);
        view.kind = crate::value::pk_value_type::Array;
        view.array = (raw as *const sdk::php::Array).cast();
        view.array_len = raw.len();
        view.array_is_object = raw.shape() == sdk::php::Shape::Object;
        *out = view;
        Ok(())
    })
}

/// Points `*out_data` at the signed entries in the value encoding that `pk_sign_encoded` reads
/// (`'l'`, `'m'`, `'s'`, `'i'`, `'d'`, `'n'`, `'t'`, `'f'` as documented there), and writes its
/// length in bytes to `*out_len`: the value of `PK_POSTBACK_VALUE_PART_ENTRIES` (each entry's
/// typed fields, then `signed` as `json_decode($text, true)` gives it), for a binding to build its
/// own values from in one sequential read. Lists are `'l'` with the keys 0..n-1, objects `'m'`;
/// a `signed` that repeats a key holds it again, to replace the earlier value in place. Written on
/// first use and owned by the handle.
///
/// # Safety
/// `postback` must be a live handle; `out_data` and `out_len` must be writable.
#[no_mangle]
pub unsafe extern "C" fn pk_postback_entries_encoded(
    postback: *const pk_postback,
    out_data: *mut *const u8,
    out_len: *mut usize,
) -> pk_status {
    call(|| {
        let out_data = out_param(out_data, "out_data")?;
        let out_len = out_param(out_len, "out_len")?;
        let p = handle(postback)?;
        let encoded = match p.entries_encoded.get() {
            Some(encoded) => encoded,
            None => {
                let encoded = encode_entries(&p.inner)?;
                p.entries_encoded.get_or_init(|| encoded)
            }
        };
        *out_data = encoded.as_ptr();
        *out_len = encoded.len();
        Ok(())
    })
}

/// The entries as `pk_postback_entries_encoded` gives them, in one walk of the re-encoded list.
fn encode_entries(postback: &sdk::Postback) -> Result<Vec<u8>, Failure> {
    use sdk::php::value_encoding::{
        begin_array, end_array, write_encoded_items, write_int, write_json_items, write_str,
    };
    let entries = postback.entries();
    let json = postback.signed_json();
    // About twice the text: each entry's typed fields beside its signed members.
    let mut out = Vec::with_capacity(2 * json.len() + 64);
    let list = begin_array(&mut out, b'l');
    let before = |i: usize, out: &mut Vec<u8>| {
        write_int(out, i as i64);
        let members = entries.get(i).map(|e| e.members()).unwrap_or_default();
        let object = begin_array(out, b'm');
        write_members(out, &members);
        end_array(out, object, members.len() + 1);
        write_str(out, "signed");
    };
    // The text is the encoder's, so the quick walk reads it all; the parser is the fallback.
    let walked = match write_encoded_items(json, &mut out, before) {
        Some(n) => Ok(n),
        None => {
            out.truncate(list + 8);
            write_json_items(json, &mut out, before)
        }
    };
    end_array(&mut out, list, entries.len());
    match walked {
        Ok(n) if n == entries.len() => Ok(out),
        _ => Err(Failure::Internal {
            message: "the signed list of a verified postback cannot be walked".to_owned(),
        }),
    }
}

fn write_members(out: &mut Vec<u8>, members: &[(&str, Member<'_>)]) {
    use sdk::php::value_encoding::{begin_array, end_array, write_int, write_null, write_str};
    for (name, member) in members {
        write_str(out, name);
        match member {
            Member::Text(Some(text)) => write_str(out, text),
            Member::Int(Some(i)) => write_int(out, *i),
            Member::Text(None) | Member::Int(None) => write_null(out),
            Member::Object(inner) => {
                let at = begin_array(out, b'm');
                write_members(out, inner);
                end_array(out, at, inner.len());
            }
        }
    }
}

fn entry(p: &pk_postback, index: usize) -> Result<&sdk::PostbackEntry, Failure> {
    p.inner.entries().get(index).ok_or_else(|| {
        Failure::Core(sdk::Error::Validation {
            field: "index".to_owned(),
            reason: format!(
                "is {index}, past the last of {} entries",
                p.inner.entries().len()
            ),
        })
    })
}

/// The gateway's side of the postback signature, for merchants' own tests: signs the signed list
/// given as JSON text (decoded as `json_decode($json, true)` would) with the access key and the
/// postback private key: `sha1(access_key . private_key . md5(json_encode($signed)))`. On success
/// `*out_signature` receives the 40-character signature; free it with `pk_string_free`.
///
/// Fails with `PK_STATUS_VALIDATION` when the JSON is invalid (field `signed`) or the private key
/// is empty (field `private_key`).
///
/// # Safety
/// Each text must point to its length of readable bytes; `out_signature` to a writable `char *`.
#[no_mangle]
pub unsafe extern "C" fn pk_sign_postback(
    access_key: *const c_char,
    access_key_len: usize,
    private_key: *const c_char,
    key_len: usize,
    signed_json: *const c_char,
    signed_len: usize,
    out_signature: *mut *mut c_char,
) -> pk_status {
    call(|| {
        let out = out_param(out_signature, "out_signature")?;
        let access_key = text_in(access_key, access_key_len, "access_key")?;
        let key = text_in(private_key, key_len, "private_key")?;
        let signed = text_in(signed_json, signed_len, "signed")?;
        if key.is_empty() {
            return Err(sdk::Error::Validation {
                field: "private_key".to_owned(),
                reason: "must not be empty".to_owned(),
            }
            .into());
        }
        let signed = sdk::php::decode(signed).map_err(|e| sdk::Error::Validation {
            field: "signed".to_owned(),
            reason: e.to_string(),
        })?;
        string_out(out, sdk::sign_postback(access_key, key, &signed)?)
    })
}

unsafe fn handle<'a>(postback: *const pk_postback) -> Result<&'a pk_postback, Failure> {
    postback
        .as_ref()
        .ok_or(Failure::NullPointer { param: "postback" })
}
