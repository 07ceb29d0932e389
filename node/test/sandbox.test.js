'use strict'
// Flows against the sandbox gateway: a deposit and a withdrawal end to end with their postbacks,
// lookups, refusals and faults as typed errors, concurrency and a free event loop.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Client } = require('..')
const { startSandbox, SECRET, WITHDRAWAL_KEY, POSTBACK_KEY } = require('./sandbox')

let sb
test.before(async () => (sb = await startSandbox()))
test.after(() => sb && sb.stop())

const client = (extra = {}) =>
  new Client({
    apiBaseUrl: sb.baseUrl, pluginBaseUrl: sb.baseUrl, secret: SECRET,
    withdrawalPrivateKey: WITHDRAWAL_KEY, postbackPrivateKey: POSTBACK_KEY,
    connectTimeoutMs: 2000, readTimeoutMs: 3000, maxRetries: 2, retryBackoffMs: 10, ...extra,
  })

test('a deposit: wallet, payment, activation, then a verified postback', async () => {
  const c = client()
  const created = await c.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'node-user' })
  const identifier = created.params.identifier
  assert.equal(typeof identifier, 'string')
  const { transaction_id: tx } = await sb.control('POST', '/_sandbox/pay', { wallet_type: 'easypaisa', identifier, amount: 1200 })
  const before = sb.receiver.received.length
  const activated = await c.activateTransaction({
    wallet_type: 'easypaisa', currency_code: 'PKR', label: 'node-user', key1: tx, amount: 1200, custom_transaction_id: 'node-order-1',
  })
  assert.equal(activated.status, 'ok')
  assert.equal(activated.outcome, 'activated')
  const postback = await sb.receiver.next(before + 1)
  assert.equal(postback.kind, 'deposit')
  assert.equal(postback.entries[0].transaction_id, tx)
  assert.equal(postback.entries[0].plugin_custom_order_id, 'node-order-1')
  assert.equal(postback.entries[0].amount, '1200')
  assert.equal(postback.idempotency_key, `deposit:easypaisa:${tx}`)

  const lookup = await c.getPostback({ type: 'deposit', custom_id: 'node-order-1' })
  const raw = JSON.stringify(lookup.postback)
  assert.ok(raw.includes(tx))

  // Below the minimum deposit the sum is stockpiled: its own outcome, no postback (Easypaisa
  // page, activation answer `"deposit": false`).
  const small = await c.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'node-small' })
  const { transaction_id: smallTx } = await sb.control('POST', '/_sandbox/pay', { wallet_type: 'easypaisa', identifier: small.params.identifier, amount: 200 })
  const stockpiled = await c.activateTransaction({
    wallet_type: 'easypaisa', currency_code: 'PKR', label: 'node-small', key1: smallTx, amount: 200, custom_transaction_id: 'node-order-2',
  })
  assert.deepEqual([stockpiled.outcome, stockpiled.deposit], ['stockpiled', false])
})

test('a withdrawal: signed create, paid by staff, final postback; balance debited', async () => {
  const c = client()
  const balance = async () => (await c.accountsBalance()).data.balances.find((b) => b.currency_code === 'PKR').amount
  const start = await balance()
  const created = await c.createWithdrawal({
    payment_system: 'easypaisa', amount: 1000, currency_code: 'PKR', label: 'node-user',
    account_number: '03405135211', account_name: 'Muhammad Saqib Mushtaq', is_test: true,
  })
  assert.equal(created.status, 'ok')
  const id = created.withdrawal_id
  const before = sb.receiver.received.length
  await sb.control('POST', `/_sandbox/withdrawals/${id}/pay`)
  const postback = await sb.receiver.next(before + 1)
  assert.equal(postback.kind, 'withdrawal')
  assert.equal(postback.entries[0].withdrawal_id, id)
  assert.equal(postback.entries[0].withdrawal_status, 1)
  assert.equal(postback.idempotency_key, `withdrawal:${id}:1`)
  assert.equal(await balance(), start - 1000)

  const pulled = await c.pullPostbacks({ type: 'withdrawal', withdrawal_ids: [id] })
  assert.equal(pulled.data.withdrawals[0].postback.additional_data[0].withdrawal_status, 1)
})

test('gateway refusals and faults reject with the shared codes', async () => {
  const wrong = client({ secret: 'wrong-secret' })
  const notFound = await rejects(wrong.depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' }), 'api_error')
  assert.equal(notFound.httpStatus, 404)
  assert.ok(!notFound.message.includes('wrong-secret') && !notFound.body.includes('wrong-secret'))
  const e30228 = await rejects(wrong.accountsBalance(), 'api_error')
  assert.deepEqual([e30228.status, e30228.gatewayCode], ['error', 30228])

  const c = client()
  // Reserve all but 50 PKR with one withdrawal in progress; the next one cannot be covered.
  let available = (await c.accountsBalance()).data.balances.find((b) => b.currency_code === 'PKR').amount
  const reserved = []
  while (available > 150) {
    const amount = Math.min(available - 50, 1000000) // the per-withdrawal maximum
    reserved.push((await c.createWithdrawal({
      payment_system: 'easypaisa', amount, currency_code: 'PKR', label: 'u', account_number: '03405135211', account_name: 'M',
    })).withdrawal_id)
    available -= amount
  }
  const poor = await rejects(c.createWithdrawal({
    payment_system: 'easypaisa', amount: 100, currency_code: 'PKR', label: 'u', account_number: '03405135211', account_name: 'M',
  }), 'api_error')
  assert.equal(poor.status, 'fail')
  assert.deepEqual(poor.fieldErrors, { withdrawals_sum_amount: ['Insufficient balance'] })
  assert.equal(poor.httpStatus, 400)
  const before = sb.receiver.received.length
  for (const id of reserved) await sb.control('POST', `/_sandbox/withdrawals/${id}/reject`)
  assert.equal((await sb.receiver.next(before + reserved.length)).entries[0].withdrawal_status, 5)

  await sb.control('POST', '/_sandbox/faults', { kind: 'not_json', count: 1, path_prefix: '/api/v1/deposit-info' })
  const html = await rejects(client({ maxRetries: 0 }).depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' }), 'unexpected_response')
  assert.equal(html.httpStatus, 200)
  assert.match(html.body, /<html/i)

  await sb.control('POST', '/_sandbox/faults', { kind: 'slow', count: 1, delay_ms: 1500, path_prefix: '/api/v1/deposit-info' })
  const slow = await rejects(client({ readTimeoutMs: 300, maxRetries: 0 }).depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' }), 'transport_error')
  assert.equal(slow.kind, 'timeout')

  // A GET is retried through a 500; the caller sees the answer.
  await sb.control('POST', '/_sandbox/faults', { kind: 'http_500', count: 1, path_prefix: '/api/v1/deposit-info' })
  assert.equal(typeof (await c.depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' })).minimum_deposit, 'number')
})

test('the event loop keeps running during a slow gateway call', async () => {
  await sb.control('POST', '/_sandbox/faults', { kind: 'slow', count: 1, delay_ms: 800, path_prefix: '/api/v1/accounts-balance' })
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  const started = Date.now()
  const answer = await client().accountsBalance()
  clearInterval(timer)
  assert.equal(answer.status, 'success')
  assert.ok(Date.now() - started >= 750, 'the answer waited for the slow gateway')
  assert.ok(ticks >= 30, `only ${ticks} timer ticks ran during an 800 ms call`)
})

test('many concurrent Promises against the sandbox', async () => {
  const c = client()
  const labels = Array.from({ length: 100 }, (_, i) => `node-concurrent-${i}`)
  const answers = await Promise.all(labels.map((label, i) =>
    i % 2 ? c.createTransaction({ wallet_type: 'upi', currency: 'INR', label })
      : c.depositInfo({ wallet_type: 'upi', currency: 'INR', label })))
  answers.forEach((a, i) => {
    if (i % 2) assert.equal(typeof a.params.identifier, 'string', JSON.stringify(a))
    else assert.equal(a.minimum_deposit, 100, JSON.stringify(a))
  })
  // Withdrawals in parallel: each its own id, none lost.
  const ids = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => c.createWithdrawal({
    payment_system: 'easypaisa', amount: 100 + i, currency_code: 'PKR', label: `node-w-${i}`, account_number: '03405135211', account_name: 'M',
  }).then((w) => w.withdrawal_id)))
  assert.equal(new Set(ids).size, 8)
})

test('a duplicated postback delivery is acknowledged twice and has one idempotency key', async () => {
  const c = client()
  await sb.control('POST', '/_sandbox/faults', { kind: 'duplicate_postback', count: 1 })
  const created = await c.createWithdrawal({
    payment_system: 'easypaisa', amount: 500, currency_code: 'PKR', label: 'node-dup', account_number: '03405135211', account_name: 'M',
  })
  const before = sb.receiver.received.length
  await sb.control('POST', `/_sandbox/withdrawals/${created.withdrawal_id}/reject`)
  const [a, b] = [await sb.receiver.next(before + 1), await sb.receiver.next(before + 2)]
  assert.equal(a.idempotency_key, `withdrawal:${created.withdrawal_id}:5`)
  assert.equal(b.idempotency_key, a.idempotency_key)
})

test('pluginUrl with the sandbox as plugin base', () => {
  const url = new URL(client().pluginUrl({ label: 'node-user', currency_code: 'PKR', wallet_type: 'easypaisa' }))
  assert.equal(url.origin, new URL(sb.baseUrl).origin)
  assert.equal(url.searchParams.get('wallet_type'), 'easypaisa')
})

async function rejects(promise, code) {
  let caught
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, code, e.message)
    caught = e
    return true
  })
  return caught
}

test("the README's postback endpoint receives the sandbox's postbacks", async (t) => {
  const { spawn } = require('node:child_process')
  const path = require('node:path')
  const server = spawn(process.execPath, [path.join(__dirname, '..', 'examples', 'postback_server.js')], {
    env: { ...process.env, PORT: '0', PAYKASSMA_POSTBACK_KEY: POSTBACK_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  server.stdout.on('data', (d) => (out += d))
  const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(/listening on (\d+)/.exec(String(d))[1])))
  await sb.control('POST', '/_sandbox/settings', { postback_url: `http://127.0.0.1:${port}/paykassma/postback` })
  t.after(async () => {
    server.kill()
    await sb.control('POST', '/_sandbox/settings', { postback_url: sb.receiver.url })
  })

  const c = client()
  const { params } = await c.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'readme-user' })
  const { transaction_id: tx } = await sb.control('POST', '/_sandbox/pay', { wallet_type: 'easypaisa', identifier: params.identifier, amount: 2500 })
  await c.activateTransaction({ wallet_type: 'easypaisa', currency_code: 'PKR', label: 'readme-user', key1: tx, amount: 2500, custom_transaction_id: 'readme-order' })
  const deadline = Date.now() + 10_000
  while (!out.includes(`deposit: ${tx} 2500 PKR`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  assert.ok(out.includes(`deposit: ${tx} 2500 PKR`), `the example did not credit the deposit:\n${out}`)
  // The sandbox records the acknowledgement once it has read the endpoint's answer.
  let mine = []
  do {
    const postbacks = await sb.control('GET', '/_sandbox/postbacks')
    const list = Array.isArray(postbacks) ? postbacks : postbacks.postbacks
    mine = list.filter((p) => (p.transaction_ids || []).includes(tx))
    if (mine.length > 0 && mine.every((p) => p.acknowledged)) break
    await new Promise((r) => setTimeout(r, 50))
  } while (Date.now() < deadline)
  assert.ok(mine.length > 0 && mine.every((p) => p.acknowledged), JSON.stringify(mine).slice(0, 300))
})
