'use strict'
// Shared helpers for the Node suite: paths to the repository's shared files, and a gateway-side
// postback signer for plain ASCII data (where JSON.stringify writes exactly what PHP's json_encode
// would, so the helper is obviously right; the addon handles the hard cases).
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const assert = require('node:assert/strict')

// The repository, for its shared files. `make test-dist` runs the suite from inside the installed
// package, where PAYKASSMA_REPO says where the repository is.
const repo = path.resolve(process.env.PAYKASSMA_REPO || path.join(__dirname, '..', '..'))

const md5 = (s) => crypto.createHash('md5').update(s).digest('hex')
const sha1 = (s) => crypto.createHash('sha1').update(s).digest('hex')

/** The gateway's postback formula, for data JSON.stringify encodes as PHP does. */
function signPostback(accessKey, privateKey, signedList) {
  return sha1(accessKey + privateKey + md5(JSON.stringify(signedList)))
}

/** A fixture from the core's tests, re-signed for `privateKey`, as the raw body text. */
function signedFixture(name, privateKey) {
  const body = fs.readFileSync(path.join(repo, 'core', 'tests', 'fixtures', name), 'utf8')
  const parsed = JSON.parse(body)
  const good = signPostback(parsed.access_key, privateKey, parsed.additional_data)
  return body.replace(parsed.signature, good)
}

/** A shared vector file, or null when it is not in this checkout. */
function vectors(name) {
  const file = path.join(repo, 'tests', 'vectors', name)
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null
}

/** Asserts that `fn` throws an Error with this code (and optionally class and field). */
function throwsCode(assert, fn, code, { type = Error, field } = {}) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e && e.constructor.name}: ${e}`)
    assert.equal(e.code, code, e.message)
    if (field !== undefined) assert.equal(e.field, field)
    return true
  })
}

const camelCase = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

/** Asserts that `e` is the class of its code in the shared error table (tests/vectors/errors.json)
 *  and carries that row's fields, in camelCase; returns the row. */
function checkErrorFields(e) {
  const sdk = require('..')
  const row = vectors('errors.json').cases.find((c) => c.code === e.code)
  assert.ok(row, `unknown code ${e.code}`)
  assert.ok(e instanceof sdk[row.class], `expected ${row.class}, got ${e.constructor.name}`)
  assert.equal(e.constructor, sdk[row.class])
  assert.ok(e instanceof sdk[row.extends])
  for (const field of row.fields) {
    if (field !== 'withdrawal_id') assert.ok(camelCase(field) in e, `${row.class} has no ${camelCase(field)}`)
  }
  return row
}

module.exports = { repo, md5, sha1, signPostback, signedFixture, vectors, throwsCode, camelCase, checkErrorFields }
