//! A verified postback as a plain JS object built here, in the shape of the core's
//! `Postback::to_value()`: for the postbacks JSON cannot carry to `paykassma.js` exactly (see
//! `postback_parts`), and as the reference the tests hold that file's assembly to. Rare, so
//! `converted_amount` is decoded at once rather than on first read.

use napi::{sys, Result};
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
        (c"signature_form", js.string(p.signature_form().as_str())?),
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
    let rates = match u.converted_amount_value() {
        Some(rates) => to_js::value(js, &rates)?,
        None => js.null()?,
    };
    js.define(obj, c"converted_amount", rates)?;
    Ok(obj)
}

fn opt_text(js: Js, s: &Option<String>) -> Result<sys::napi_value> {
    match s {
        Some(s) => js.string(s),
        None => js.null(),
    }
}
