'use strict'
// What a flaky network and a hostile server get from the Node client: settings named as written
// and bounded, the withdrawalId on every error of a sent withdrawal, a lost activation answer
// recovered (or an `ambiguous_retry` error), DNS failures of their own kind.
const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const { Client, ERROR_CODES } = require('..')
const { throwsCode } = require('./helpers')
const { startSandbox, SECRET, POSTBACK_KEY } = require('./sandbox')

let sb
test.before(async () => (sb = await startSandbox()))
test.after(() => sb && sb.stop())

const WITHDRAWAL = { payment_system: 'easypaisa', currency_code: 'PKR', label: 'u', amount: 1000, account_number: '03405135211', account_name: 'Muhammad', is_test: true }

const closedPort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port
      s.close(() => resolve(`http://127.0.0.1:${p}`))
    })
  })

test('absurd settings are refused under the name the caller wrote', () => {
  for (const [name, value] of [['readTimeoutMs', 600_001], ['connectTimeoutMs', 0], ['retryBackoffMs', 1e6], ['retryBackoffMs', 10_001], ['maxRetries', 11]]) {
    throwsCode(assert, () => new Client({ apiBaseUrl: 'http://127.0.0.1:1', secret: 's', [name]: value }), 'validation_error', { field: name })
  }
  for (const [name, value] of [['retryBackoffMs', NaN], ['readTimeoutMs', -1], ['readTimeoutMs', Infinity]]) {
    assert.throws(() => new Client({ apiBaseUrl: 'http://127.0.0.1:1', secret: 's', [name]: value }), (e) => e.code === 'validation_error' && e.field === name)
  }
  new Client({ apiBaseUrl: 'http://127.0.0.1:1', secret: 's', readTimeoutMs: 600_000, connectTimeoutMs: 600_000, retryBackoffMs: 10_000, maxRetries: 10 })
})

test('a sent withdrawal names its id on every error', async () => {
  const c = new Client({ apiBaseUrl: await closedPort(), secret: 's', withdrawalPrivateKey: 'k', maxRetries: 0 })
  await assert.rejects(c.createWithdrawal(WITHDRAWAL), (e) => e.code === 'transport_error' && /^sdk-/.test(e.withdrawalId) && e.message.includes(e.withdrawalId))
  await assert.rejects(c.createWithdrawal({ ...WITHDRAWAL, withdrawal_id: 'my-id-1' }), (e) => e.withdrawalId === 'my-id-1')
  await assert.rejects(c.accountsBalance(), (e) => e.code === 'transport_error' && e.withdrawalId === undefined)
})

test('a host that does not resolve is a dns error', async () => {
  const c = new Client({ apiBaseUrl: 'http://paykassma-sdk-test.invalid', secret: 's', maxRetries: 0 })
  await assert.rejects(c.accountsBalance(), (e) => e.code === 'transport_error' && e.kind === 'dns')
})

async function paid(c, label, amount) {
  const { params } = await c.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label })
  return (await sb.control('POST', '/_sandbox/pay', { wallet_type: 'easypaisa', identifier: params.identifier, amount })).transaction_id
}

const client = () => new Client({ apiBaseUrl: sb.baseUrl, secret: SECRET, postbackPrivateKey: POSTBACK_KEY, retryBackoffMs: 10 })
const cutNextActivation = () => sb.control('POST', '/_sandbox/faults', { kind: 'cut_connection', count: 1, path_prefix: '/api/v1/transaction/activate' })

test('a lost activation answer is recovered from the deposit\'s postback', async () => {
  const c = client()
  const key1 = await paid(c, 'node-r1', 1200)
  await cutNextActivation()
  const answer = await c.activateTransaction({ wallet_type: 'easypaisa', currency_code: 'PKR', label: 'node-r1', key1, amount: 1200, custom_transaction_id: 'node-r-1' })
  assert.deepEqual([answer.status, answer.deposit, answer.recovered_from], ['ok', true, 'postback'])
})

test('an inconclusive retry is ambiguous and carries the id', async () => {
  const c = client()
  const key1 = await paid(c, 'node-r2', 100) // below the minimum: stockpiled, no postback yet
  await cutNextActivation()
  await assert.rejects(
    c.activateTransaction({ wallet_type: 'easypaisa', currency_code: 'PKR', label: 'node-r2', key1, amount: 100, custom_transaction_id: 'node-r-2' }),
    (e) => e.code === 'ambiguous_retry' && e.idField === 'custom_transaction_id' && e.id === 'node-r-2',
  )
  assert.ok(ERROR_CODES.includes('ambiguous_retry'))
})

test('a redirect is never followed', async () => {
  const c = new Client({ apiBaseUrl: sb.baseUrl, secret: SECRET, withdrawalPrivateKey: 'sandbox-withdrawal-private-key', retryBackoffMs: 10 })
  for (const status of [301, 302, 307, 308]) {
    await sb.control('POST', '/_sandbox/faults', { kind: 'redirect', status, path_prefix: '/v2/withdrawal' })
    await assert.rejects(c.createWithdrawal(WITHDRAWAL), (e) =>
      e.code === 'unexpected_response' && e.httpStatus === status && e.message.includes('/_sandbox/redirect-target') && Boolean(e.withdrawalId))
  }
  assert.equal((await sb.control('GET', '/_sandbox/redirect-hits')).count, 0)
  assert.deepEqual((await sb.control('GET', '/_sandbox/state')).withdrawals, [])
})
