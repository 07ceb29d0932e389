'use strict'
// A hand-written JavaScript port of postback verification (JSON.parse + node:crypto), as a careful
// merchant would write it, for the benchmark. It returns the same shape as the addon.
//
// Where it cannot match PHP (and so the gateway), whatever the care taken:
// - floats that PHP keeps as floats: a body with `"amount": 100.0` is a float in PHP and is
//   re-encoded `100.0`; JSON.parse gives 100 and the port writes `100` -> signature mismatch;
// - integers beyond 2^53 are rounded by JSON.parse, so their digits change;
// - objects with integer-like keys ("10", "2") are reordered by JS; PHP keeps the body's order;
// - lone surrogates (`"\ud800"`) are accepted by JSON.parse, refused by PHP's json_decode;
// - a repeated key keeps its first position in both, but `__proto__` keys behave differently.
// The benchmark body contains none of these, so both sides compute the same signature.
const crypto = require('node:crypto')

/** PHP's json_encode(JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), as far as JS can see. */
function phpJson(v) {
  if (v === null) return 'null'
  switch (typeof v) {
    case 'boolean': return v ? 'true' : 'false'
    case 'number': return phpNumber(v)
    case 'string': return JSON.stringify(v).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
    case 'object':
      if (Array.isArray(v)) return '[' + v.map(phpJson).join(',') + ']'
      return '{' + Object.keys(v).map((k) => phpJson(k) + ':' + phpJson(v[k])).join(',') + '}'
    default: throw new Error(`cannot encode ${typeof v}`)
  }
}

/** serialize_precision=-1: shortest round-trip digits, `1.0e+25` rather than JS's `1e+25`. */
function phpNumber(n) {
  const s = String(n)
  const e = s.indexOf('e')
  return e > 0 && !s.slice(0, e).includes('.') ? s.slice(0, e) + '.0' + s.slice(e) : s
}

const text = (v) => (v === null || v === undefined || v === '' ? null : typeof v === 'object' ? bad() : String(v))
const int = (v) => (v === null || v === undefined || v === '' ? null : Number.isInteger(Number(v)) ? Number(v) : bad())
const bad = () => { throw Object.assign(new Error('malformed postback'), { code: 'malformed_postback' }) }

function entry(raw) {
  if (raw === null || typeof raw !== 'object') bad()
  const b = raw.bank_details || {}
  const e = {
    transaction_id: text(raw.transaction_id),
    plugin_custom_order_id: text(raw.plugin_custom_order_id),
    withdrawal_id: text(raw.withdrawal_id),
    withdrawal_status: int(raw.withdrawal_status),
    amount: text(raw.amount),
    currency_code: text(raw.currency_code),
    wallet_type: text(raw.wallet_type),
    account_number: text(raw.account_number),
    account_name: text(raw.account_name),
    account_email: text(raw.account_email),
    bank_details: {
      bank_code: text(b.bank_code),
      branch_code: text(b.branch_code),
      bank_code_in_payments_system: text(b.bank_code_in_payments_system),
    },
    activated_datetime: text(raw.activated_datetime),
    exchanger_identifier: text(raw.exchanger_identifier),
    comment: text(raw.comment),
    stockpiling_id: int(raw.stockpiling_id),
    transaction_type: int(raw.transaction_type),
    signed: raw,
  }
  e.kind = e.withdrawal_id !== null || e.withdrawal_status !== null ? 'withdrawal' : 'deposit'
  return e
}

function idempotencyPart(e) {
  if (e.kind === 'withdrawal') return `withdrawal:${e.withdrawal_id}:${e.withdrawal_status ?? 'pending'}`
  return `deposit:${e.wallet_type ?? ''}:${e.transaction_id ?? e.plugin_custom_order_id ?? e.stockpiling_id}`
}

function verifyPostbackJs(body, privateKey) {
  let parsed
  try {
    parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body)
  } catch {
    bad()
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) bad()
  const { signature, access_key: accessKey } = parsed
  if (typeof signature !== 'string' || !/^[0-9a-fA-F]{40}$/.test(signature) || typeof accessKey !== 'string') bad()
  const listName = 'additional_data' in parsed ? 'additional_data' : 'transactions'
  const list = parsed[listName]
  if (!Array.isArray(list)) bad()
  const md5 = crypto.createHash('md5').update(phpJson(list)).digest('hex')
  const expected = crypto.createHash('sha1').update(accessKey + privateKey + md5).digest()
  if (!crypto.timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    throw Object.assign(new Error('postback signature mismatch'), { code: 'signature_mismatch' })
  }
  const entries = list.map(entry)
  if (entries.length === 0 || entries.some((e) => e.kind !== entries[0].kind)) bad()
  const u = (k) => text(parsed[k])
  return {
    kind: entries[0].kind,
    idempotency_key: entries.map(idempotencyPart).join('|'),
    signed_list: listName,
    entries,
    unsigned: {
      amount: u('amount'), label: u('label'), currency_code: u('currency_code'),
      wallet_type: u('wallet_type'), direction: u('direction'), created_datetime: u('created_datetime'),
      converted_amount: parsed.converted_amount ?? null,
    },
    unsigned_fields: ['amount', 'label', 'currency_code', 'wallet_type', 'direction', 'created_datetime', 'converted_amount'],
    acknowledgement: '{"status":"ok"}',
  }
}

module.exports = { verifyPostbackJs, phpJson }
