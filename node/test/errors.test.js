'use strict'
// The error classes against the table every binding shares (tests/vectors/errors.json): names,
// codes, parents and fields, each kind that needs no gateway raised for real.
const test = require('node:test')
const assert = require('node:assert/strict')
const sdk = require('..')
const { vectors, camelCase, checkErrorFields } = require('./helpers.js')

const table = vectors('errors.json')

function trigger(t) {
  if (t.plugin_url) return sdk.pluginUrl({ plugin_base_url: t.plugin_url.plugin_base_url, ...t.plugin_url.params })
  if (t.verify_postback) return sdk.verifyPostback(t.verify_postback.body, t.verify_postback.private_key)
  const a = t.accounts_balance
  return new sdk.Client({ apiBaseUrl: a.api_base_url, secret: a.secret, maxRetries: a.max_retries }).accountsBalance()
}

for (const row of table.cases) {
  test(`${row.class}: ${row.code}`, async () => {
    const cls = sdk[row.class]
    assert.equal(typeof cls, 'function', `${row.class} is exported`)
    assert.equal(cls.name, row.class)
    assert.ok(cls.prototype instanceof sdk[row.extends])
    assert.ok(cls.prototype instanceof Error)
    assert.ok(sdk.ERROR_CODES.includes(row.code))
    if (!row.trigger) return
    let error
    try {
      await trigger(row.trigger)
    } catch (e) {
      error = e
    }
    assert.ok(error, 'the trigger must fail')
    assert.equal(error.code, row.code, error.message)
    checkErrorFields(error)
    assert.equal(error.name, row.class)
    for (const [name, value] of Object.entries(row.expect)) assert.equal(error[camelCase(name)], value)
    for (const [old, now] of Object.entries(row.deprecated?.node ?? {})) assert.equal(error[old], error[camelCase(now)])
  })
}

test('argument errors stay TypeError and RangeError, and are ValidationErrors too', () => {
  assert.throws(() => sdk.sign({ a: 1 }, 123), (e) => e instanceof TypeError && e instanceof sdk.ValidationError && e instanceof sdk.PaykassmaError)
  assert.throws(() => sdk.sign({ a: 1 }, 123), (e) => !(e instanceof sdk.ApiError))
  assert.ok(!(new Error('x') instanceof sdk.ValidationError))
})

test('the deprecated transportKind is the same as kind', async () => {
  const c = new sdk.Client({ apiBaseUrl: 'http://127.0.0.1:9', secret: 's', maxRetries: 0 })
  const e = await c.accountsBalance().then(() => null, (err) => err)
  assert.ok(e instanceof sdk.TransportError)
  assert.equal(e.kind, 'connect')
  assert.equal(e.transportKind, 'connect')
})
