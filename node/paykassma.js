'use strict'
// The package's entry: the addon's exports, with verified postbacks assembled here.
//
// `verifyPostback` returns at the core's verdict with the postback's parts as one string; its
// members are parsed from them when first read (see `lazyPostback`). N-API defines object
// properties one call at a time, which costs more than verifying the postback itself, and V8
// builds objects from JSON text many times faster; so the addon hands a postback over as the
// core's JSON text (node/src/postback.rs, `parts`), with the texts of its two large members
// decoded when they are read, and this file parses it. No rule lives here: every value was
// checked, typed and named by the core.

const { inspect } = require('node:util')
const native = require('./binding.js')
const { BY_CODE, ...errorClasses } = require('./errors.js')

// Left out of the exports: the internal functions below use, and the benchmark's floor (signFloor).
const { _registerErrorClasses, POSTBACK_LAZY_MEMBERS, POSTBACK_TEXT_MEMBERS, POSTBACK_CONSTANT_MEMBERS, decodeJson, verifyPostback: verifyNative, hmacSignJson, hmacVerifyJson, sign: signNative, signFields, signFloor: _signFloor, ...exported } = native
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
const [ENTRIES, SIGNED, UNSIGNED, CONVERTED_AMOUNT] = POSTBACK_LAZY_MEMBERS // the names
const LAZY_SIGNED = lazy(SIGNED, decodeLazy)
const LAZY_CONVERTED_AMOUNT = lazy(CONVERTED_AMOUNT, decodeLazy)

// The parts' head (node/src/postback.rs, `parts`): the lengths of the JSON, the big integers and
// the rates, ten digits each; those of the text members' values, three bytes each (big-endian);
// then whether the text members go past ASCII. One character a byte: the JSON is ASCII, what
// else goes past ASCII is UTF-8, decoded here.
const HEAD_LENGTH = 50
const lengthAt = (text, field) => Number(text.slice(11 * field, 11 * field + 10))
const textLength = (text, member) =>
  (text.charCodeAt(33 + 3 * member) << 16) | (text.charCodeAt(34 + 3 * member) << 8) | text.charCodeAt(35 + 3 * member)
const TEXTS_ARE_UTF8 = 48
const utf8 = (bytes) => Buffer.from(bytes, 'latin1').toString('utf8')
const [KIND, IDEMPOTENCY_KEY, SIGNED_LIST, SIGNATURE_FORM, ACKNOWLEDGEMENT] = POSTBACK_TEXT_MEMBERS // the names

/** The whole postback, from the addon's parts. */
function assemble(text) {
  const jsonLength = lengthAt(text, 0)
  const bigLength = lengthAt(text, 1)
  const ratesLength = lengthAt(text, 2)
  let jsonAt = HEAD_LENGTH
  for (let member = 0; member < 5; member++) jsonAt += textLength(text, member)
  const bigAt = jsonAt + jsonLength
  const ratesAt = bigAt + Math.max(bigLength, 0)
  const postback = JSON.parse(text.slice(jsonAt, bigAt))
  if (bigLength >= 0) {
    for (const [path, digits] of JSON.parse(text.slice(bigAt, ratesAt))) {
      const name = path.pop()
      path.reduce((object, key) => object[key], postback)[name] = BigInt(digits)
    }
  }
  const signedAt = ratesAt + Math.max(ratesLength, 0)
  const entries = postback[ENTRIES]
  const unsigned = postback[UNSIGNED]
  const list = { text, start: signedAt, end: text.length, bytes: null, value: undefined } // shared by the entries
  for (let i = 0; i < entries.length; i++) {
    Object.defineProperty(entries[i], LAZY, { value: { list, item: i } })
    Object.defineProperty(entries[i], SIGNED, LAZY_SIGNED)
  }
  const rates = ratesLength < 0 ? null : { list: { text, start: ratesAt, end: signedAt, bytes: null, value: undefined }, item: -1 }
  Object.defineProperty(unsigned, LAZY, { value: rates })
  Object.defineProperty(unsigned, CONVERTED_AMOUNT, LAZY_CONVERTED_AMOUNT)
  return postback
}

/** Each entry's `signed` and the rates (about 184, unsigned, rarely read) are decoded on first
 *  read, PHP-style: integers past 2^53 become BigInt. `item` is an entry's place in the signed
 *  list, or -1 for a whole text. */
function decodeLazy(object) {
  const slice = object[LAZY]
  if (slice === null) return null
  const { list, item } = slice
  if (list.value === undefined) {
    list.bytes = Buffer.from(list.text.slice(list.start, list.end), 'latin1') // UTF-8, one byte a character
    list.text = null
    const text = list.bytes.toString('utf8')
    // A list written as a JSON object keeps its order only in the core's decoding.
    list.value = (item >= 0 && text[0] !== '[') || NOT_AS_JSON_PARSE.test(text) ? null : JSON.parse(text)
  }
  if (list.value === null) return decodeJson(list.bytes, 0, list.bytes.length, item < 0 ? undefined : item)
  return item < 0 ? list.value : list.value[item]
}

// What JSON.parse reads otherwise than PHP: an integer of 16 digits or more (it may be past
// 2^53: BigInt), `-0` (the integer 0), a \uD800-\uDFFF escape (it may be a lone surrogate, an
// error), an exponent of three digits (it may be out of range). An integer follows `:`, `,` or
// `[`, which keeps the scan short. False alarms only cost time.
const NOT_AS_JSON_PARSE = /[:,[]\s*(?:-?\d{16}|-0(?![\d.eE]))|\\u[dD][89a-fA-F]|\d[eE][+-]?\d{3}/

/** Replaces a lazy property with a plain data property holding `value`, and returns it. On a
 *  frozen or sealed object the property cannot change: the value is read again next time. */
function settle(object, name, value) {
  if (Object.getOwnPropertyDescriptor(object, name)?.configurable) {
    Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true })
  }
  return value
}

// A verified postback is returned as soon as the core's verdict and its parts (one string, see
// `assemble`) are there. Its text members are plain values; the others are own enumerable
// accessors (so keys, spreads, JSON, structuredClone and deep equality see a plain object) over
// the whole postback, which the first read parses from those parts. The parts are memory JS
// owns, copied before the call returns: no key is kept, nothing waits for an N-API finalizer,
// and a Buffer changed afterwards changes nothing. The accessors stay (each read costs a call):
// turning them into data properties costs about 1 us each. The member names are the core's,
// learned from the first postback, which is built in full.
let memberDescriptors = null // [name, descriptor] pairs of the accessors
let inspectDescriptor = null
let constantMembers = null // [name, list] pairs: the first postback's, copied for each postback

// The pending build is a private field added to the plain object (a base class constructor that
// returns its argument lets a subclass do that): invisible to keys, symbols, spreads, JSON, deep
// equality and inspect, and about ten times cheaper to add than a WeakMap entry.
class Returns {
  constructor(object) {
    return object
  }
}
class Pending extends Returns {
  #members // the addon's parts (a string) until the first read, then the built postback
  constructor(object, parts) {
    super(object)
    this.#members = parts
  }

  static members(postback) {
    const members = postback.#members
    return typeof members === 'string' ? (postback.#members = assemble(members)) : members
  }
}

function lazyPostback(parts) {
  if (memberDescriptors === null) {
    const postback = assemble(parts)
    memberDescriptors = descriptorsOf(Object.keys(postback))
    inspectDescriptor = inspectShows()
    constantMembers = POSTBACK_CONSTANT_MEMBERS.map((name) => [name, [...postback[name]]])
    return postback
  }
  // The text members are set as they are, the constant lists copied, the others defined as
  // accessors, in the core's order.
  const keyAt = HEAD_LENGTH + textLength(parts, 0)
  const listAt = keyAt + textLength(parts, 1)
  const formAt = listAt + textLength(parts, 2)
  const acknowledgementAt = formAt + textLength(parts, 3)
  const end = acknowledgementAt + textLength(parts, 4)
  let kind = parts.slice(HEAD_LENGTH, keyAt)
  let key = parts.slice(keyAt, listAt)
  let list = parts.slice(listAt, formAt)
  let form = parts.slice(formAt, acknowledgementAt)
  let acknowledgement = parts.slice(acknowledgementAt, end)
  if (parts[TEXTS_ARE_UTF8] === '1') {
    ;[kind, key, list, form, acknowledgement] = [kind, key, list, form, acknowledgement].map(utf8)
  }
  // Stored one by one: a computed name in an object literal is a runtime call each.
  const object = {}
  object[KIND] = kind
  object[IDEMPOTENCY_KEY] = key
  object[SIGNED_LIST] = list
  object[SIGNATURE_FORM] = form
  const postback = new Pending(object, parts)
  for (let i = 0; i < memberDescriptors.length; i++) {
    Object.defineProperty(postback, memberDescriptors[i][0], memberDescriptors[i][1])
  }
  for (let i = 0; i < constantMembers.length; i++) postback[constantMembers[i][0]] = constantMembers[i][1].slice()
  postback[ACKNOWLEDGEMENT] = acknowledgement
  Object.defineProperty(postback, inspect.custom, inspectDescriptor)
  return postback
}

/** The accessors of the members but the text and constant ones. The text members must come
 *  first but the last, which comes last, the constant ones before it: the core's order
 *  (node/src/postback.rs). */
function descriptorsOf(names) {
  const plain = new Set([...POSTBACK_TEXT_MEMBERS, ...POSTBACK_CONSTANT_MEMBERS])
  const others = names.filter((name) => !plain.has(name))
  const expected = [KIND, IDEMPOTENCY_KEY, SIGNED_LIST, SIGNATURE_FORM, ...others, ...POSTBACK_CONSTANT_MEMBERS, ACKNOWLEDGEMENT]
  if (expected.join() !== names.join()) {
    throw new Error(`paykassma: the postback's members (${names}) are not in the order this package builds them`)
  }
  const accessors = others.map((name) => [
    name,
    Object.freeze({
      get() {
        return Pending.members(this)[name]
      },
      set(value) {
        // As a frozen data property does (in strict mode, which modules and classes are).
        if (Object.isFrozen(this)) throw new TypeError(`Cannot assign to read only property '${name}' of object`)
        Pending.members(this)[name] = value
      },
      enumerable: true,
      configurable: true,
    }),
  ])
  return accessors
}

/** console.log and util.inspect show the values, not `[Getter/Setter]`. */
function inspectShows() {
  return Object.freeze({
    value() {
      return { ...this }
    },
    configurable: true,
  })
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

// A plain object of strings, numbers, booleans, null, and plain objects and arrays of those (what
// a request is) goes to the addon in one call, as its keys and strings in one text and three
// numbers a field (node/src/sign.rs, `signFields`): cheaper than its JSON text, which costs more
// to write than the addon takes to sign it.
const MAX_FIELDS = 256
const FIELDS = new Float64Array(3 * MAX_FIELDS)
const [NULL, FALSE, TRUE, NUMBER, STRING, OBJECT, ARRAY] = [0, 1, 2, 3, 4, 5, 6]
let fieldCount = 0 // fields written to FIELDS so far
let text = '' // their keys and strings
// A getter may call sign while FIELDS is being written: that call takes the other paths.
let writing = false

/** The signature of plain data; null when it holds anything else or the addon declines it. */
function signFlat(data, privateKey) {
  if (writing || typeof privateKey !== 'string' || !isPlainObject(data)) return null
  writing = true
  fieldCount = 0
  text = ''
  try {
    return putObject(data, Object.keys(data), 0) ? signFields(text, FIELDS, fieldCount, privateKey) : null
  } finally {
    writing = false
    text = ''
  }
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value)
  return proto === OBJECT_PROTOTYPE || proto === null
}

/** Writes an object's fields (keyed) or an array's items; false for anything else in it. Each
 * writes exactly the count already written for it, whatever a getter does to it meanwhile. */
function putObject(object, keys, depth) {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    if (!put(key, object[key], depth)) return false
  }
  return true
}

function putArray(array, count, depth) {
  for (let i = 0; i < count; i++) {
    if (!(i in array) || !put('', array[i], depth)) return false // a hole: the addon's reader refuses it
  }
  return true
}

function put(key, value, depth) {
  if (fieldCount === MAX_FIELDS) return false
  const at = 3 * fieldCount++
  FIELDS[at] = key.length
  text += key
  switch (typeof value) {
    case 'string':
      FIELDS[at + 1] = STRING
      FIELDS[at + 2] = value.length
      text += value
      return true
    case 'number':
      FIELDS[at + 1] = NUMBER
      FIELDS[at + 2] = value
      return true
    case 'boolean':
      FIELDS[at + 1] = value ? TRUE : FALSE
      return true
    case 'object': {
      if (value === null) {
        FIELDS[at + 1] = NULL
        return true
      }
      if (depth >= 32) return false
      const array = Array.isArray(value)
      if (!array && !isPlainObject(value)) return false
      const keys = array ? null : Object.keys(value)
      const count = array ? value.length : keys.length
      FIELDS[at + 1] = array ? ARRAY : OBJECT
      FIELDS[at + 2] = count
      return array ? putArray(value, count, depth + 1) : putObject(value, keys, depth + 1)
    }
    default:
      return false
  }
}

function sign(data, privateKey) {
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && !ArrayBuffer.isView(data)) {
    const signed = signFlat(data, privateKey)
    if (signed !== null) return signed
  }
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
  return lazyPostback(verifyNative(body, privateKey))
}

const { verifyPostback: verifyWithClient } = native.Client.prototype
native.Client.prototype.verifyPostback = function (body) {
  return lazyPostback(verifyWithClient.call(this, body))
}

module.exports = { ...exported, ...errorClasses, sign, verifyPostback, hmacSign, hmacVerify }
