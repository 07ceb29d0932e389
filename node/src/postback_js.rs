//! A verified postback as a plain JS object: the shape of the core's `Postback::to_value()`,
//! built straight from the postback so that `unsigned.converted_amount` (about 184 exchange
//! rates, unsigned and rarely read) is decoded only when it is first read. Decoding those rates
//! eagerly cost more than the whole verification.

use std::ffi::{c_void, CStr};
use std::ptr;

use napi::{sys, Result};
use paykassma::php::decode;
use paykassma::postback::UnsignedFields;
use paykassma::{Postback, PostbackEntry, ACKNOWLEDGEMENT};

use crate::js::Js;
use crate::to_js;

pub fn postback(js: Js, p: &Postback) -> Result<sys::napi_value> {
    let mut entries = Vec::with_capacity(p.entries().len());
    for e in p.entries() {
        entries.push(entry(js, e)?);
    }
    let list = js.array(entries.len())?;
    for (i, e) in entries.into_iter().enumerate() {
        js.set_element(list, i as u32, e)?;
    }
    let names = js.array(UnsignedFields::NAMES.len())?;
    for (i, name) in UnsignedFields::NAMES.iter().enumerate() {
        js.set_element(names, i as u32, js.string(name)?)?;
    }
    js.object_named(&[
        (c"kind", js.string(p.kind().as_str())?),
        (c"idempotency_key", js.string(&p.idempotency_key())?),
        (c"signed_list", js.string(p.signed_list().field_name())?),
        (c"entries", list),
        (c"unsigned", unsigned(js, p.unsigned())?),
        (c"unsigned_fields", names),
        (c"acknowledgement", js.string(ACKNOWLEDGEMENT)?),
    ])
}

fn entry(js: Js, e: &PostbackEntry) -> Result<sys::napi_value> {
    let text = |s: &Option<String>| opt_text(js, s);
    let int = |i: Option<i64>| match i {
        Some(i) => to_js::value(js, &i.into()),
        None => js.null(),
    };
    let b = &e.bank_details;
    let bank = js.object_named(&[
        (c"bank_code", text(&b.bank_code)?),
        (c"branch_code", text(&b.branch_code)?),
        (
            c"bank_code_in_payments_system",
            text(&b.bank_code_in_payments_system)?,
        ),
    ])?;
    js.object_named(&[
        (c"kind", js.string(e.kind().as_str())?),
        (c"transaction_id", text(&e.transaction_id)?),
        (c"plugin_custom_order_id", text(&e.plugin_custom_order_id)?),
        (c"withdrawal_id", text(&e.withdrawal_id)?),
        (
            c"withdrawal_status",
            int(e.withdrawal_status.map(|s| s.code()))?,
        ),
        (c"amount", text(&e.amount)?),
        (c"currency_code", text(&e.currency_code)?),
        (c"wallet_type", text(&e.wallet_type)?),
        (c"account_number", text(&e.account_number)?),
        (c"account_name", text(&e.account_name)?),
        (c"account_email", text(&e.account_email)?),
        (c"bank_details", bank),
        (c"activated_datetime", text(&e.activated_datetime)?),
        (c"exchanger_identifier", text(&e.exchanger_identifier)?),
        (c"comment", text(&e.comment)?),
        (c"stockpiling_id", int(e.stockpiling_id)?),
        (c"transaction_type", int(e.transaction_type)?),
        (c"signed", to_js::array(js, e.raw())?),
    ])
}

fn unsigned(js: Js, u: &UnsignedFields) -> Result<sys::napi_value> {
    let obj = js.object_named(&[
        (c"amount", opt_text(js, &u.amount)?),
        (c"label", opt_text(js, &u.label)?),
        (c"currency_code", opt_text(js, &u.currency_code)?),
        (c"wallet_type", opt_text(js, &u.wallet_type)?),
        (c"direction", opt_text(js, &u.direction)?),
        (c"created_datetime", opt_text(js, &u.created_datetime)?),
    ])?;
    match &u.converted_amount {
        None => js.define(obj, c"converted_amount", js.null()?)?,
        Some(text) => lazy(js, obj, c"converted_amount", text.clone())?,
    }
    Ok(obj)
}

fn opt_text(js: Js, s: &Option<String>) -> Result<sys::napi_value> {
    match s {
        Some(s) => js.string(s),
        None => js.null(),
    }
}

/// Defines `name` as a getter that decodes `json` on first read and then replaces itself with
/// the decoded value (a plain data property from then on).
fn lazy(js: Js, obj: sys::napi_value, name: &'static CStr, json: String) -> Result<()> {
    let data = Box::into_raw(Box::new(json)).cast::<c_void>();
    let descriptor = sys::napi_property_descriptor {
        utf8name: name.as_ptr(),
        name: ptr::null_mut(),
        method: None,
        getter: Some(decode_on_read),
        setter: None,
        value: ptr::null_mut(),
        attributes: sys::PropertyAttributes::enumerable | sys::PropertyAttributes::configurable,
        data,
    };
    let defined = unsafe { sys::napi_define_properties(js.0, obj, 1, &descriptor) };
    // The text lives as long as the object does.
    let finalizer = unsafe {
        sys::napi_add_finalizer(
            js.0,
            obj,
            data,
            Some(free_text),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    if defined != sys::Status::napi_ok || finalizer != sys::Status::napi_ok {
        if finalizer != sys::Status::napi_ok {
            drop(unsafe { Box::from_raw(data.cast::<String>()) });
        }
        return Err(napi::Error::from_reason("cannot define converted_amount"));
    }
    Ok(())
}

unsafe extern "C" fn decode_on_read(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let js = Js(env);
    let mut this = ptr::null_mut();
    let mut data = ptr::null_mut();
    let mut argc = 0usize;
    let status = unsafe {
        sys::napi_get_cb_info(env, info, &mut argc, ptr::null_mut(), &mut this, &mut data)
    };
    if status != sys::Status::napi_ok || data.is_null() {
        return ptr::null_mut();
    }
    let json = unsafe { &*data.cast::<String>() };
    let value = match decode(json) {
        Ok(v) => to_js::value(js, &v),
        // The envelope check already parsed this text, so this is not expected.
        Err(_) => js.null(),
    };
    match value {
        Ok(v) => {
            // Ignore a failure to cache: the getter stays and decodes again next time.
            let _ = js.define(this, c"converted_amount", v);
            v
        }
        Err(_) => ptr::null_mut(),
    }
}

unsafe extern "C" fn free_text(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    drop(unsafe { Box::from_raw(data.cast::<String>()) });
}
