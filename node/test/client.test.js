'use strict'
// The client over real HTTP against the project's sandbox gateway: its answers, and the answers
// it is told to give (`answer`, `slow` faults) for the shapes and error kinds the routes never give.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Client, pluginUrl, ERROR_CODES } = require('..')
const { checkErrorFields } = require('./helpers.js')
const { startSandbox, SECRET, WITHDRAWAL_KEY } = require('./sandbox')

let sandbox

test.before(async () => {
  sandbox = await startSandbox()
})
test.after(() => sandbox.stop())

const client = (extra = {}, base = sandbox.baseUrl) =>
  new Client({ apiBaseUrl: base, secret: SECRET, withdrawalPrivateKey: WITHDRAWAL_KEY, readTimeoutMs: 3000, ...extra })

/** Arms a fault: the next `count` requests under `path_prefix` meet it. */
const fault = (kind, fields) => sandbox.control('POST', '/_sandbox/faults', { kind, ...fields })
/** The gateway requests the sandbox saw since the last reset, oldest first (without the secret). */
const requests = async () => (await sandbox.control('GET', '/_sandbox/requests')).requests

test.beforeEach(() => sandbox.control('POST', '/_sandbox/reset'))

/** Asserts that the promise rejects with an Error with this code; returns the error. */
async function rejectsCode(promise, code) {
  let caught
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, code, e.message)
    assert.ok(!e.message.includes(SECRET) && !String(e.body ?? '').includes(SECRET), 'no secret in errors')
    caught = e
    return true
  })
  return caught
}

test('a network method returns a Promise of a plain object', async () => {
  const p = client().createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'user-42' })
  assert.ok(p instanceof Promise)
  const answer = await p
  assert.equal(Object.getPrototypeOf(answer), Object.prototype)
  assert.equal(answer.status, 'ok')
  assert.equal(typeof answer.params.identifier, 'string')
  const [sent] = await requests()
  assert.deepEqual([sent.method, sent.path, sent.secret], ['POST', '/api/v1/transaction/create/easypaisa', 'correct'])
})

test('createWithdrawal signs, sends, and returns the withdrawal_id it generated', async () => {
  const answer = await client().createWithdrawal({
    payment_system: 'easypaisa', amount: 10000, currency_code: 'PKR', label: 'user-42',
    account_number: '03405135211', account_name: 'Muhammad Saqib Mushtaq',
  })
  assert.equal(answer.status, 'ok')
  assert.equal(typeof answer.withdrawal_id, 'string')
  assert.ok(answer.withdrawal_id.length > 0)
  const [sent] = await requests()
  assert.match(sent.body, /"signature"/)
  assert.equal(JSON.parse(sent.body).withdrawal_id, answer.withdrawal_id)
})

test('every error code: validation_error, api_error, unexpected_response, transport_error', async () => {
  const v = await rejectsCode(client().createWithdrawal({ payment_system: 'easypaisa', amount: 10.5, currency_code: 'PKR', label: 'x' }), 'validation_error')
  assert.equal(v.field, 'amount')
  const missing = await rejectsCode(client().createTransaction({ currency: 'PKR', label: 'x' }), 'validation_error')
  assert.equal(missing.field, 'wallet_type')
  assert.throws(() => client().createTransaction({ wallet_type: 'x', currency: 'PKR', label: undefined }),
    (e) => e instanceof TypeError && e.code === 'validation_error' && e.field === 'label')
  assert.throws(() => client().createTransaction('label=1'), (e) => e instanceof TypeError && e.field === 'params')

  await fault('answer', { path_prefix: '/api/v1/accounts-balance', body: { status: 'fail', message: 'Withdrawal signature is invalid' } })
  const fail = await rejectsCode(client().accountsBalance(), 'api_error')
  assert.equal(fail.status, 'fail')
  assert.equal(fail.httpStatus, 200)
  assert.match(fail.body, /Withdrawal signature is invalid/)
  assert.equal(fail.gatewayMessage, 'Withdrawal signature is invalid')

  await fault('answer', {
    path_prefix: '/api/v1/accounts-balance', status: 422,
    body: { status: 'error', code: 30228, error_message: 'Validation failed', errors: { withdrawals_sum_amount: ['Insufficient balance'] } },
  })
  const err = await rejectsCode(client().accountsBalance(), 'api_error')
  assert.equal(err.status, 'error')
  assert.equal(err.httpStatus, 422)
  assert.equal(err.gatewayCode, 30228)
  assert.deepEqual(err.fieldErrors, { withdrawals_sum_amount: ['Insufficient balance'] })

  const notFound = await rejectsCode(client({}, `${sandbox.baseUrl}/nowhere`).accountsBalance(), 'api_error')
  assert.equal(notFound.status, 'not_found')
  assert.equal(notFound.httpStatus, 404)

  await fault('answer', { path_prefix: '/api/v1/accounts-balance', status: 502, body: '<html>Bad gateway</html>', content_type: 'text/html' })
  const html = await rejectsCode(client({ maxRetries: 0 }).accountsBalance(), 'unexpected_response')
  assert.equal(html.httpStatus, 502)
  assert.equal(html.body, '<html>Bad gateway</html>')
  checkErrorFields(fail)
  checkErrorFields(err)
  checkErrorFields(html)

  const refused = new Client({ apiBaseUrl: 'http://127.0.0.1:9', secret: SECRET, connectTimeoutMs: 500, maxRetries: 0 })
  assert.equal((await rejectsCode(refused.accountsBalance(), 'transport_error')).kind, 'connect')
  await fault('slow', { path_prefix: '/api/v1/deposit-info', delay_ms: 500 })
  const slow = client({ readTimeoutMs: 200, maxRetries: 0 })
  assert.equal((await rejectsCode(slow.depositInfo({ wallet_type: 'upi', currency: 'INR', label: '2000' }), 'transport_error')).kind, 'timeout')
})

test('signature_mismatch and malformed_postback through the client, and the constructor checks', () => {
  const c = client({ postbackPrivateKey: 'pk' })
  assert.throws(() => c.verifyPostback('{"access_key":"a","signature":"0000000000000000000000000000000000000000","additional_data":[]}'), (e) => e.code === 'signature_mismatch')
  assert.throws(() => c.verifyPostback('{'), (e) => e.code === 'malformed_postback')
  assert.throws(() => client().verifyPostback('{}'), (e) => e.code === 'validation_error' && e.field === 'postback_private_key')
  assert.throws(() => new Client({ apiBaseUrl: 'http://x' }), (e) => e.code === 'validation_error' && e.field === 'secret')
  assert.throws(() => new Client({ apiBaseUrl: 'http://x', secret: 's', readTimeOutMs: 5 }), (e) => e.code === 'validation_error' && e.field === 'readTimeOutMs')
  assert.throws(() => new Client('http://x'), (e) => e instanceof TypeError && e.code === 'validation_error')
  assert.deepEqual([...ERROR_CODES].sort(), ['ambiguous_retry', 'api_error', 'malformed_postback', 'signature_mismatch', 'transport_error', 'unexpected_response', 'validation_error'])
})

test('the event loop keeps running during a slow gateway call', async () => {
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  const started = Date.now()
  await fault('slow', { path_prefix: '/api/v1/deposit-info', delay_ms: 600 })
  const answer = await client().depositInfo({ wallet_type: 'upi', currency: 'INR', label: '600' })
  clearInterval(timer)
  assert.equal(answer.status, 'ok')
  assert.ok(Date.now() - started >= 550, 'the call took as long as the gateway')
  // A blocked loop would give 0 or 1 ticks; a free one about 60.
  assert.ok(ticks >= 20, `only ${ticks} timer ticks ran during a 600 ms call`)
})

test('many concurrent Promises each get their own answer', async () => {
  const c = client()
  // Each answer lists the wallets of the currency its own request asked for.
  const currencies = Array.from({ length: 64 }, (_, i) => ['PKR', 'LKR', 'BDT', 'INR'][i % 4])
  const answers = await Promise.all(currencies.map((code, i) => c.paymentSystemsAvailable({ currency_codes: [code], label: `user-${i}` })))
  answers.forEach((a, i) => assert.deepEqual(a.params.currency_data.map((d) => d.code), [currencies[i]]))
  // Slow calls overlap on the thread pool instead of running one after another.
  await fault('slow', { count: 4, path_prefix: '/api/v1/deposit-info', delay_ms: 500 })
  const started = Date.now()
  await Promise.all([0, 1, 2, 3].map(() => c.depositInfo({ wallet_type: 'upi', currency: 'INR', label: '500' })))
  assert.ok(Date.now() - started < 1500, `4 x 500 ms calls (2000 ms one after another) took ${Date.now() - started} ms`)
})

test('pluginUrl builds the payment window link, in the client and standalone', () => {
  const c = client({ pluginBaseUrl: 'https://plugin.example.com' })
  const url = new URL(c.pluginUrl({ label: 'user-1', currency_code: 'PKR', fixed_amount: '1000.50' }))
  assert.equal(url.origin, 'https://plugin.example.com')
  assert.equal(url.searchParams.get('label'), 'user-1')
  assert.equal(url.searchParams.get('fixed_amount'), '1000.50')
  assert.equal(pluginUrl({ plugin_base_url: 'https://plugin.example.com', label: 'user-1', currency_code: 'PKR', fixed_amount: '1000.50' }), c.pluginUrl({ label: 'user-1', currency_code: 'PKR', fixed_amount: '1000.50' }))
  assert.throws(() => pluginUrl({ label: 'x' }), (e) => e.code === 'validation_error' && e.field === 'plugin_base_url')
  assert.throws(() => client().pluginUrl({ label: 'x' }), (e) => e.code === 'validation_error' && e.field === 'plugin_base_url')
  assert.throws(() => c.pluginUrl({}), (e) => e.code === 'validation_error' && e.field === 'label')
})
