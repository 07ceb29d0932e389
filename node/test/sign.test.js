'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const { inspect } = require('node:util')
const { sign, pluginUrl } = require('..')
const { md5, sha1, vectors, throwsCode } = require('./helpers')

const KEY = 'withdrawal-private-key'
/** The documented formula over a signing string written out by hand. */
const expected = (signingString, key = KEY) => sha1(key + md5(signingString))

test('the gateway log examples: is_test true signs as 1, false as the empty string', () => {
  const data = (isTest) => ({
    withdrawal_id: '51_2788', payment_system: 'paytm', amount: 17, currency_code: 'INR',
    is_test: isTest, label: '1020', account_number: 'ACCT', comment: 'withdrawal',
  })
  // ksort: account_number, amount, comment, currency_code, is_test, label, payment_system, withdrawal_id
  assert.equal(sign(data(true), KEY), expected('ACCT:17:withdrawal:INR:1:1020:paytm:51_2788'))
  assert.equal(sign(data(false), KEY), expected('ACCT:17:withdrawal:INR::1020:paytm:51_2788'))
})

test('a top-level signature key is left out; nested arrays are imploded in their own order', () => {
  const data = { b: [3, 1, { z: 'z', a: 'a' }], a: null, signature: 'old' }
  assert.equal(sign(data, KEY), expected(':3:1:z:a'))
})

test('numbers: an integer within i64 is a PHP int, anything else a PHP float', () => {
  const cases = [
    [1000, '1000'], [1000.5, '1000.5'], [-0, '0'], [0.1 + 0.2, '0.3'], [1e-5, '1.0E-5'],
    [1e21, '1.0E+21'], [2 ** 53 + 2, '9007199254740994'], [6109118461608885760, '6109118461608886000'], [9.3e18, '9.3E+18'], [-1.5, '-1.5'],
    [10n, '10'], [-(2n ** 63n), '-9223372036854775808'], [2n ** 63n - 1n, '9223372036854775807'],
  ]
  for (const [n, php] of cases) {
    assert.equal(sign({ n }, KEY), expected(php), `${n} should sign as ${php}`)
  }
})

test('keys follow PHP: numeric strings become ints and ksort compares them as numbers', () => {
  assert.equal(sign({ 10: 'ten', 9: 'nine', x: 'x', '01': 'zero-one' }, KEY), expected('zero-one:nine:ten:x'))
})

test('an object and its JSON text sign the same (what PHP sees after json_decode)', () => {
  let seed = 7
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const pick = (xs) => xs[Math.floor(rand() * xs.length)]
  const scalar = () => pick([
    () => Math.floor(rand() * 1e6), () => rand() * 1e4, () => -rand(), () => 1e21 * rand(),
    () => pick(['', 'a/b', 'Muhammad Saqib', 'نام', '\u2028', 'tab\t', '"q"', '😀']),
    () => rand() < 0.5, () => null, () => 2 ** 53 + 2, () => 1e-7,
  ])()
  const value = (depth) => {
    if (depth > 2 || rand() < 0.6) return scalar()
    if (rand() < 0.5) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1))
    const o = {}
    for (let i = 0; i < rand() * 5; i++) o[pick(['a', 'b', '10', '2', 'x_y', '-1', '01'])] = value(depth + 1)
    return o
  }
  for (let i = 0; i < 500; i++) {
    const data = {}
    for (let k = 0; k < 1 + rand() * 6; k++) data[pick(['amount', 'label', '3', 'bank_details', 'z'])] = value(0)
    const text = JSON.stringify(data)
    assert.equal(sign(data, KEY), sign(text, KEY), text)
    assert.equal(sign(Buffer.from(text), KEY), sign(text, KEY), text)
  }
})

test('wrong types throw a TypeError naming the path', () => {
  const refused = [
    [{ bank_details: { bank_code: undefined } }, 'bank_details.bank_code'],
    [{ items: [1, () => 2] }, 'items[1]'],
    [{ when: new Date(0) }, 'when'],
    [{ m: new Map() }, 'm'],
    [{ s: Symbol('s') }, 's'],
    [{ b: Buffer.from('x') }, 'b'],
    [{ c: new (class Amount {})() }, 'c'],
    [{ t: 'lone \ud800 surrogate' }, 't'],
    [42, 'data'], [null, 'data'], [undefined, 'data'], [true, 'data'],
  ]
  for (const [data, field] of refused) {
    throwsCode(assert, () => sign(data, KEY), 'validation_error', { type: TypeError, field })
  }
  assert.throws(() => sign({ bank_details: { bank_code: undefined } }, KEY), /`bank_details.bank_code` is undefined/)
})

test('NaN and Infinity sign as PHP signs its floats; a BigInt beyond 64 bits as the float of its digits', () => {
  const cases = [
    [{ a: { b: NaN } }, 'NAN'], [{ x: Infinity }, 'INF'], [{ x: [-Infinity, 1] }, '-INF:1'],
    [{ big: 2n ** 63n }, '9.2233720368548E+18'], [{ big: -(2n ** 63n) - 1n }, '-9.2233720368548E+18'],
    [{ big: 2n ** 64n }, '1.844674407371E+19'], [{ big: 10n ** 400n }, 'INF'],
  ]
  for (const [data, php] of cases) {
    assert.equal(sign(data, KEY), expected(php), `should sign as ${php}`)
  }
})

test('client parameters, which travel as JSON, still refuse what JSON cannot write', () => {
  const base = { plugin_base_url: 'https://plugin.example.com', label: 'user-1' }
  for (const fixed_amount of [NaN, Infinity, 2n ** 64n]) {
    throwsCode(assert, () => pluginUrl({ ...base, fixed_amount }), 'validation_error', { type: RangeError, field: 'fixed_amount' })
  }
})

test('a JSON string holding a lone surrogate is refused, not signed as U+FFFD', () => {
  throwsCode(assert, () => sign('{"a":"\ud800"}', KEY), 'validation_error', { field: 'data' })
  assert.equal(sign('{"a":"\ufffd"}', KEY), expected('\ufffd'), 'U+FFFD itself is text')
})

test('a cycle is refused, not a crash', () => {
  const data = { a: {} }
  data.a.self = data.a
  throwsCode(assert, () => sign(data, KEY), 'validation_error', { type: TypeError })
})

test('bad JSON text, bad UTF-8 and bad keys are validation errors', () => {
  throwsCode(assert, () => sign('{"a":', KEY), 'validation_error', { field: 'data' })
  throwsCode(assert, () => sign('"just a string"', KEY), 'validation_error', { field: 'data' })
  throwsCode(assert, () => sign(Buffer.from([0x7b, 0xff, 0x7d]), KEY), 'validation_error', { field: 'data' })
  throwsCode(assert, () => sign(new Uint16Array(2), KEY), 'validation_error', { type: TypeError, field: 'data' })
  throwsCode(assert, () => sign({ a: 1 }, ''), 'validation_error', { field: 'private_key' })
  throwsCode(assert, () => sign({ a: 1 }, 123), 'validation_error', { type: TypeError, field: 'private_key' })
})

test('error messages never contain the private key', () => {
  const secretKey = 'super-secret-withdrawal-key'
  for (const data of ['{', { a: undefined }, { a: () => 1 }, 5]) {
    try {
      sign(data, secretKey)
      assert.fail('should throw')
    } catch (e) {
      assert.ok(!e.message.includes(secretKey) && !e.stack.includes(secretKey))
    }
  }
})

test('shared vectors: tests/vectors/sign.json', () => {
  const file = vectors('sign.json')
  assert.ok(file, 'tests/vectors/sign.json is missing: the shared vectors are part of every run')
  assert.equal(file.algorithm, 'request_signature')
  assert.ok(file.cases.length > 0)
  for (const c of file.cases) {
    assert.equal(sign(c.json, c.key), c.signature, `${c.id}: ${c.comment}`)
    assert.equal(sign(Buffer.from(c.json), c.key), c.signature, c.id)
  }
})

test('plain data handed over in one call signs as the addon reading the object does', () => {
  // `sign` hands plain data over as one text of keys and strings and a list of numbers (or as
  // JSON text); the addon's own reading of the object is the reference, on every kind of value.
  const native = require('../binding.js')
  const cases = [
    { withdrawal_id: '12_21094382', amount: 105256.99, account_name: 'Bilal Aḥmad', is_test: false, n: null },
    { a: -0, b: 2 ** 60, c: 1e21, d: 0.1 + 0.2, e: 1e-7, f: -12.5, g: Number.MAX_SAFE_INTEGER + 2 },
    { 10: 'ten', 9: 'nine', '01': 'x', ' 5': 'y', signature: 'dropped' },
    { nested: { k: [1, 'two', [true, false, null], {}] }, list: [], obj: {}, emoji: '😀', quote: '"\\/' },
    Object.assign(Object.create(null), { z: 1, y: 'கார்த்திக்' }),
    ['z', 'a', 3.5],
    { 'ключ': 'é', '😀k': '\ufffd', '': '', é: { 'ü': ['😀', '\u2028', -0, 1e300, -Infinity, NaN] } },
    { deep: JSON.parse('['.repeat(31) + '"x"' + ']'.repeat(31)), after: 'y' },
    { deeper: JSON.parse('['.repeat(40) + '"x"' + ']'.repeat(40)) },
    { list: Object.assign([1, 2], { extra: 'ignored' }), obj: Object.create(null) },
    Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i % 2 ? `v${i}` : i])),
    { bank_details: { bank_code: 'HBL', branch_code: '0042', bank_code_in_payments_system: null }, amount: 7753 },
  ]
  for (const data of cases) {
    assert.equal(sign(data, KEY), native.sign(data, KEY), JSON.stringify(data))
  }
  // What JSON would say otherwise still goes to the addon: refused with the path, or signed as PHP.
  throwsCode(assert, () => sign({ a: { b: undefined } }, KEY), 'validation_error', { type: TypeError, field: 'a.b' })
  throwsCode(assert, () => sign({ a: '\ud800' }, KEY), 'validation_error', { type: TypeError, field: 'a' })
  // Two lone halves in neighbouring strings stay two lone surrogates, never one character.
  throwsCode(assert, () => sign({ a: 'x\ud83d', b: '\ude00' }, KEY), 'validation_error', { type: TypeError, field: 'a' })
  throwsCode(assert, () => sign({ a: { '\udc00': 1 } }, KEY), 'validation_error', { type: TypeError })
  throwsCode(assert, () => sign({ a: [1, , 2] }, KEY), 'validation_error', { type: TypeError, field: 'a[1]' })
  assert.equal(sign({ a: NaN, d: new Date(0).toISOString() }, KEY), native.sign({ a: NaN, d: '1970-01-01T00:00:00.000Z' }, KEY))
})

test('random plain data signs as the addon reading the object does (seeded)', () => {
  const native = require('../binding.js')
  let seed = 17
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const pick = (items) => items[Math.floor(next() * items.length)]
  const units = ['a', 'Z', '0', '1', '/', '"', '\\', 'é', 'ÿ', 'Ā', 'न', '\u2028', '\ufffd', '😀', '\ud83d', '\ude00', ' ', '-', '.']
  const string = () => Array.from({ length: Math.floor(next() * 6) }, () => pick(units)).join('')
  const number = () => pick([0, -0, 1, -7, 1.5, 2 ** 53 + 2, 1e21, 1e-7, NaN, Infinity, Math.floor(next() * 1e6), next()])
  const value = (depth) => {
    const kind = Math.floor(next() * (depth < 3 ? 7 : 5))
    if (kind === 0) return string()
    if (kind === 1) return number()
    if (kind === 2) return next() < 0.5
    if (kind === 3) return null
    if (kind === 4) return pick(['10', '-3', '01', 'x', string()])
    if (kind === 5) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1))
    return object(depth + 1)
  }
  const object = (depth) => {
    const o = {}
    for (let i = Math.floor(next() * 6); i > 0; i--) o[pick([string(), '10', '2', 'signature', 'amount', '-1'])] = value(depth)
    return o
  }
  const outcome = (f) => {
    try {
      return f()
    } catch (e) {
      return `${e.name} ${e.code} ${e.field}`
    }
  }
  for (let i = 0; i < 3000; i++) {
    const data = object(0)
    assert.equal(outcome(() => sign(data, KEY)), outcome(() => native.sign(data, KEY)), inspect(data))
  }
})

test('a getter that signs, or grows an array, while an object is read does not change what is signed', () => {
  const key = 'k'
  const reentrant = { get a () { sign({ '': 5 }, key); return 1 }, b: 2 }
  assert.equal(sign(reentrant, key), sign({ a: 1, b: 2 }, key))
  const grows = [1]
  Object.defineProperty(grows, 0, { get () { grows.push(9); return 1 }, enumerable: true })
  assert.equal(sign({ x: grows }, key), sign({ x: [1] }, key))
  const gainsKey = { p: 1 }
  const outer = { get o () { gainsKey.q = 2; return gainsKey }, z: 3 }
  assert.equal(sign(outer, key), sign({ o: { p: 1, q: 2 }, z: 3 }, key))
})
