'use strict'
// The package's entry: the addon's exports, with verified postbacks assembled here.
//
// N-API defines object properties one call at a time, which cost more than verifying the
// postback itself; V8 builds objects from JSON text many times faster. So the addon hands a
// verified postback over as the core's JSON text, with the texts of its two large members
// decoded when first read (node/src/postback.rs, `parts`), and this file parses it. No rule and no member list lives
// here: every value was checked, typed and named by the core.

const native = require('./binding.js')
const { BY_CODE, ...errorClasses } = require('./errors.js')

const { _registerErrorClasses, decodeJson, verifyPostback: verifyNative, hmacSignJson, hmacVerifyJson, ...exported } = native
_registerErrorClasses(BY_CODE)
const { hmacSign, hmacVerify } = require('./hmac.js')(native)

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
const SIGNED = lazy('signed', decodeLazy)
const CONVERTED_AMOUNT = lazy('converted_amount', decodeLazy)

/** `[bytes, jsonLength, ratesLength, bigIntegers]` from the addon (node/src/postback.rs). */
function assemble([bytes, jsonLength, ratesLength, big]) {
  const postback = JSON.parse(bytes.toString('latin1', 0, jsonLength))
  if (big !== null) {
    for (const [path, digits] of JSON.parse(big)) {
      const name = path.pop()
      path.reduce((object, key) => object[key], postback)[name] = BigInt(digits)
    }
  }
  const signedAt = jsonLength + Math.max(ratesLength, 0)
  const { entries, unsigned } = postback
  for (let i = 0; i < entries.length; i++) {
    Object.defineProperty(entries[i], LAZY, { value: { bytes, start: signedAt, end: bytes.length, item: i } })
    Object.defineProperty(entries[i], 'signed', SIGNED)
  }
  const rates = ratesLength < 0 ? null : { bytes, start: jsonLength, end: signedAt, item: undefined }
  Object.defineProperty(unsigned, LAZY, { value: rates })
  Object.defineProperty(unsigned, 'converted_amount', CONVERTED_AMOUNT)
  return postback
}

/** Each entry's `signed` and the rates (about 184, unsigned, rarely read) are decoded on first
 *  read, PHP-style: integers past 2^53 become BigInt. */
function decodeLazy(object) {
  const slice = object[LAZY]
  return slice === null ? null : decodeJson(slice.bytes, slice.start, slice.end, slice.item)
}

/** Replaces a lazy property with a plain data property holding `value`, and returns it. On a
 *  frozen or sealed object the property cannot change: the value is read again next time. */
function settle(object, name, value) {
  if (Object.getOwnPropertyDescriptor(object, name)?.configurable) {
    Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true })
  }
  return value
}

function verifyPostback(body, privateKey) {
  return assemble(verifyNative(body, privateKey))
}

const verifyWithClient = native.Client.prototype.verifyPostback
native.Client.prototype.verifyPostback = function (body) {
  return assemble(verifyWithClient.call(this, body))
}

module.exports = { ...exported, ...errorClasses, verifyPostback, hmacSign, hmacVerify }
