'use strict'
// hmacSign / hmacVerify, the newer platform's signature, on the shared vectors
// (tests/vectors/hmac.json, signed by the Python oracle) and on JS values, which sign as Python
// would read the same JSON.
const test = require('node:test')
const assert = require('node:assert/strict')
const { hmacSign, hmacVerify } = require('..')
const { vectors, throwsCode } = require('./helpers')

test('the shared vectors, as text and as Buffer', () => {
  const file = vectors('hmac.json')
  assert.ok(file, 'tests/vectors/hmac.json')
  assert.equal(file.algorithm, 'hmac_sha512')
  assert.ok(file.cases.length >= 20)
  for (const c of file.cases) {
    assert.equal(hmacSign(c.json, c.key), c.signature, c.id)
    assert.equal(hmacSign(Buffer.from(c.json), c.key), c.signature, c.id)
  }
})

test('JS values sign as the JSON Python reads for them', () => {
  const same = (value, json) => assert.equal(hmacSign(value, 'k'), hmacSign(json, 'k'), json)
  // Integers within 2^53 are ints (JS cannot tell 1 from 1.0); other numbers are floats.
  same({ a: 1, b: 1.0, c: -0 }, '{"a":1,"b":1,"c":0}')
  same({ a: 0.1, b: 1e-5, c: 1e16, d: 2 ** 53 + 2, e: 1e21, f: -1.5e-7 },
    '{"a":0.1,"b":1e-05,"c":1e16,"d":9007199254740994.0,"e":1e+21,"f":-1.5e-07}')
  same({ big: 2n ** 80n, n: NaN, i: Infinity, m: -Infinity }, '{"big":1208925819614629174706176,"n":NaN,"i":Infinity,"m":-Infinity}')
  same({ general: { signature: 'x', id: 7 }, l: [true, null, {}, []], 'k:;': 'é/😀' },
    '{"general":{"id":7},"l":[true,null,{},[]],"k:;":"é/😀"}')
  // 2^53 + 2 is past 2^53: a float, so Python prints it with `.0`.
  assert.notEqual(hmacSign({ d: 2 ** 53 + 2 }, 'k'), hmacSign('{"d":9007199254740994}', 'k'))
})

test('verify accepts the signature in general.signature and nothing else', () => {
  const doc = { general: { id: 7 }, amount: '10.50' }
  doc.general.signature = hmacSign(doc, 'k')
  assert.equal(hmacVerify(doc, 'k'), undefined)
  assert.equal(hmacVerify(JSON.stringify(doc), 'k'), undefined)
  throwsCode(assert, () => hmacVerify(doc, 'other'), 'signature_mismatch')
  throwsCode(assert, () => hmacVerify({ ...doc, amount: '10.51' }, 'k'), 'signature_mismatch')
  throwsCode(assert, () => hmacVerify({ a: 1 }, 'k'), 'validation_error', { field: 'general.signature' })
})

test('refusals name the problem', () => {
  throwsCode(assert, () => hmacSign('[1]', 'k'), 'validation_error', { field: 'json' })
  throwsCode(assert, () => hmacSign({ a: '\ud800' }, 'k'), 'validation_error', { field: 'json' })
  throwsCode(assert, () => hmacSign({ a: { b: undefined } }, 'k'), 'validation_error', { type: TypeError, field: 'a.b' })
  throwsCode(assert, () => hmacSign({ d: new Date(0) }, 'k'), 'validation_error', { type: TypeError, field: 'd' })
  throwsCode(assert, () => hmacSign({ a: 1 }, ''), 'validation_error', { field: 'key' })
})
