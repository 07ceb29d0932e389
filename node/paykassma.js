'use strict'
// The package's entry: the addon's exports, with verified postbacks assembled here.
//
// N-API defines object properties one call at a time, which cost more than verifying the
// postback itself; V8 builds object literals of a fixed shape many times faster. So the addon
// hands a verified postback over as one JSON array (node/src/postback_parts.rs) and this file
// builds the objects. No rule lives here: every value was checked and typed by the core.

const native = require('./binding.js')

const { decodeConvertedAmount, verifyPostbackInAddon, verifyPostback: verifyNative, hmacSignJson, hmacVerifyJson, sign: signNative, ...exported } = native
const { hmacSign, hmacVerify } = require('./hmac.js')(native)

const UNSIGNED_FIELDS = ['amount', 'label', 'currency_code', 'wallet_type', 'direction', 'created_datetime', 'converted_amount']
const ACKNOWLEDGEMENT = '{"status":"ok"}'

// A lazy property is one getter shared by every object, added after the data properties; what it
// parses on its first read is kept in a non-enumerable property (invisible to keys, JSON, spreads
// and deep equality). V8 keeps such objects in its fast mode. A getter written in the object
// literal put each object in dictionary mode, and one closing over the text kept every
// postback's texts on a slower path: together about 4 us more per verified postback.
const LAZY = Symbol('paykassma.lazy')
const lazy = (name, read) =>
  Object.freeze({
    get() {
      return settle(this, name, read(this))
    },
    set(value) {
      settle(this, name, value)
    },
    enumerable: true,
    configurable: true,
  })
const SIGNED = lazy('signed', readSigned)
const CONVERTED_AMOUNT = lazy('converted_amount', readRates)

/** `[json, convertedAmountText, signedListText]` from the addon, or an object it built itself. */
function assemble(parts) {
  if (!Array.isArray(parts)) return parts
  const [kind, idempotency_key, signed_list, signature_form, u, entries] = JSON.parse(parts[0])
  // Each entry's `signed` comes from one parse of the signed list, made on the first read.
  const signed = { text: parts[2], list: null }
  const assembled = new Array(entries.length)
  for (let i = 0; i < entries.length; i++) assembled[i] = assembleEntry(entries[i], signed, i)
  return {
    kind,
    idempotency_key,
    signed_list,
    signature_form,
    entries: assembled,
    unsigned: assembleUnsigned(u, parts[1]),
    unsigned_fields: UNSIGNED_FIELDS.slice(),
    acknowledgement: ACKNOWLEDGEMENT,
  }
}

function assembleEntry(e, signed, i) {
  const entry = {
    kind: e[0],
    transaction_id: e[1],
    plugin_custom_order_id: e[2],
    withdrawal_id: e[3],
    withdrawal_status: e[4],
    amount: e[5],
    currency_code: e[6],
    wallet_type: e[7],
    account_number: e[8],
    account_name: e[9],
    account_email: e[10],
    bank_details: { bank_code: e[11], branch_code: e[12], bank_code_in_payments_system: e[13] },
    activated_datetime: e[14],
    exchanger_identifier: e[15],
    comment: e[16],
    stockpiling_id: e[17],
    transaction_type: e[18],
  }
  Object.defineProperty(entry, LAZY, { value: { signed, i } })
  return Object.defineProperty(entry, 'signed', SIGNED)
}

function readSigned(entry) {
  const { signed, i } = entry[LAZY]
  if (signed.list === null) signed.list = JSON.parse(signed.text)
  return signed.list[i]
}

/** `converted_amount` (about 184 rates, unsigned, rarely read) is decoded on first read. */
function assembleUnsigned(u, ratesText) {
  const unsigned = {
    amount: u[0],
    label: u[1],
    currency_code: u[2],
    wallet_type: u[3],
    direction: u[4],
    created_datetime: u[5],
  }
  Object.defineProperty(unsigned, LAZY, { value: ratesText })
  return Object.defineProperty(unsigned, 'converted_amount', CONVERTED_AMOUNT)
}

function readRates(unsigned) {
  const text = unsigned[LAZY]
  return text === null ? null : decodeConvertedAmount(text)
}

/** Replaces a lazy property with a plain data property holding `value`, and returns it. On a
 *  frozen or sealed object the property cannot change: the value is read again next time. */
function settle(object, name, value) {
  if (Object.getOwnPropertyDescriptor(object, name)?.configurable) {
    Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true })
  }
  return value
}

// Reading an object's fields one N-API call at a time costs more than signing it; V8 writes
// plain data as JSON many times faster. So `sign` hands the addon the JSON text of data whose
// JSON says what the addon would read from the object (the same PHP values), and the object
// itself otherwise, or when the text is refused (a lone surrogate), for the addon to sign it or
// to refuse it naming the path of what is wrong.
const OBJECT_PROTOTYPE = Object.prototype

/** Plain objects and arrays of strings, finite numbers, booleans and null. */
function jsonSaysIt(value, depth) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object': {
      if (value === null) return true
      if (depth > 32) return false
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          // A hole reads as undefined, which JSON writes as null.
          if (!jsonSaysIt(value[i], depth + 1) || value[i] === undefined) return false
        }
        return true
      }
      const proto = Object.getPrototypeOf(value)
      if ((proto !== OBJECT_PROTOTYPE && proto !== null) || typeof value.toJSON === 'function') return false
      for (const key in value) {
        if (!jsonSaysIt(value[key], depth + 1)) return false
      }
      return true
    }
    default:
      return false
  }
}

function sign(data, privateKey) {
  if (typeof data === 'object' && data !== null && !ArrayBuffer.isView(data) && jsonSaysIt(data, 0)) {
    try {
      return signNative(JSON.stringify(data), privateKey)
    } catch {
      // The addon reads the object itself and names what is wrong (or signs it, if the text
      // alone was refused).
    }
  }
  return signNative(data, privateKey)
}

function verifyPostback(body, privateKey) {
  return assemble(verifyNative(body, privateKey))
}

const verifyWithClient = native.Client.prototype.verifyPostback
native.Client.prototype.verifyPostback = function (body) {
  return assemble(verifyWithClient.call(this, body))
}

module.exports = { ...exported, sign, verifyPostback, hmacSign, hmacVerify }
