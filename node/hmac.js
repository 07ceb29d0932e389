'use strict'
// The newer platform's signature (docs.paykassma.io, "Signature"): base64 HMAC-SHA512 over
// `";".join(sorted(flatten(data)))`. The page's reference code is Python, so a JS value is
// written as the JSON text Python would read for it, and the core reads that text as Python's
// `json.loads` does:
//
// - a number that is an integer within 2^53 is an int (`1`, and `1.0`: JS cannot tell them
//   apart); any other number is a float, printed as Python's repr (`0.1`, `1e+16`);
// - NaN, Infinity, -Infinity are Python's `nan`, `inf`, `-inf`; a BigInt is an int of any size;
// - strings, booleans, null, arrays and plain objects are themselves; anything else (undefined,
//   functions, symbols, Date, Map, class instances) is refused with a TypeError naming its path.

const MAX_DEPTH = 512

function refuse(path, what) {
  const e = new TypeError(`invalid ${path || 'data'}: ${what} has no JSON form to sign`)
  e.code = 'validation_error'
  e.field = path || 'data'
  return e
}

function number(v) {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return 'Infinity'
  if (v === -Infinity) return '-Infinity'
  if (Number.isInteger(v) && Math.abs(v) <= 2 ** 53) return String(v === 0 ? 0 : v)
  // Shortest round-trip digits; a float, so it always has a point or an exponent.
  const s = String(v)
  return /[.e]/.test(s) ? s : `${s}.0`
}

function write(v, path, depth) {
  if (depth > MAX_DEPTH) throw refuse(path, `nesting deeper than ${MAX_DEPTH} levels`)
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v)
    case 'number':
      return number(v)
    case 'bigint':
      return v.toString()
    case 'boolean':
      return v ? 'true' : 'false'
    case 'object': {
      if (v === null) return 'null'
      if (Array.isArray(v)) return `[${v.map((item, i) => write(item, `${path}[${i}]`, depth + 1)).join(',')}]`
      const proto = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) throw refuse(path, `a ${v.constructor?.name ?? 'non-plain'} object`)
      const members = Object.keys(v).map((k) => `${JSON.stringify(k)}:${write(v[k], path ? `${path}.${k}` : k, depth + 1)}`)
      return `{${members.join(',')}}`
    }
    default:
      throw refuse(path, typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`)
  }
}

/** The document as JSON text: text and Buffers pass through, plain objects are written. */
function documentText(data) {
  if (typeof data === 'string' || data instanceof Uint8Array) return data
  return write(data, '', 0)
}

module.exports = (native) => ({
  hmacSign: (data, key) => native.hmacSignJson(documentText(data), key),
  hmacVerify: (data, key) => native.hmacVerifyJson(documentText(data), key),
})
