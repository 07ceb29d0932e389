'use strict'
// Keys and texts whose UTF-8 ends in a multi-byte character at the edge of the addon's stack
// buffers (256 bytes for a key, 4096 for a text). V8 writes only whole characters, so a string one
// to three bytes too long for a buffer can come back shorter than it is; it must then be read
// whole another way, never signed or checked as the shorter string.
const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { sign, verifyPostback } = require('..')
const { signPostback } = require('./helpers')

const md5 = (s) => crypto.createHash('md5').update(s).digest('hex')
const sha1 = (s) => crypto.createHash('sha1').update(s).digest('hex')
/** The gateway's request formula for one string member: sha1(key . md5(value)). */
const oneMember = (key, value) => sha1(key + md5(value))

/** Strings of `lengths` UTF-8 bytes ending in each width of character, at every alignment. */
function strings (lengths) {
  const out = []
  for (const tail of ['é', '€', '𝄞']) {
    const width = Buffer.byteLength(tail)
    for (const bytes of lengths) {
      for (let count = 1; count <= 3; count++) {
        const plain = bytes - count * width
        if (plain >= 0) out.push('k'.repeat(plain) + tail.repeat(count))
      }
    }
  }
  return out
}

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

test('keys of 248 to 264 bytes sign as the formula says', () => {
  for (const key of strings(range(248, 264))) {
    const bytes = Buffer.byteLength(key)
    assert.equal(sign({ a: 'x' }, key), oneMember(key, 'x'), `object, key of ${bytes} bytes`)
    assert.equal(sign('{"a":"x"}', key), oneMember(key, 'x'), `text, key of ${bytes} bytes`)
  }
})

test('keys of 248 to 264 bytes verify a postback signed with them, and only them', () => {
  const list = [{ id: 1, amount: '10' }]
  for (const key of strings(range(248, 264))) {
    const body = JSON.stringify({ access_key: 'ak', additional_data: list, signature: signPostback('ak', key, list) })
    const bytes = Buffer.byteLength(key)
    assert.equal(verifyPostback(body, key).entries.length, 1, `key of ${bytes} bytes`)
    const shorter = [...key].slice(0, -1).join('')
    assert.throws(() => verifyPostback(body, shorter), (e) => e.code === 'signature_mismatch', `${bytes} bytes, one character less`)
  }
})

test('texts of 4084 to 4100 bytes sign as the formula says', () => {
  for (const value of strings(range(4084, 4100))) {
    const text = JSON.stringify({ a: value })
    const bytes = Buffer.byteLength(text)
    assert.equal(sign(text, 'key'), oneMember('key', value), `text of ${bytes} bytes`)
    assert.equal(sign({ a: value }, 'key'), oneMember('key', value), `a value of ${bytes - 8} bytes`)
  }
})
