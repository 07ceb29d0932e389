'use strict'
// Run by secrets.test.js in its own process: every error path reachable from Node, with the
// canary credentials. Prints util.inspect of every client, error and postback to stdout; the
// parent scans that and this process's stderr for the canaries. Last line: the codes reached.
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')
const util = require('node:util')
const { Client, sign, verifyPostback } = require('..')
const { repo, signPostback } = require('./helpers')

const C = JSON.parse(fs.readFileSync(path.join(repo, 'tests', 'secrets', 'canaries.json'), 'utf8'))
const baseUrl = process.argv[2]
const codes = new Set()
const show = (x) => console.log(util.inspect(x, { depth: 10, showHidden: true, getters: true }), String(x), JSON.stringify(x))

function client(url, extra = {}) {
  const c = new Client({ apiBaseUrl: url, pluginBaseUrl: url, secret: C.secret, withdrawalPrivateKey: C.withdrawal_private_key,
    postbackPrivateKey: C.postback_private_key, connectTimeoutMs: 1000, readTimeoutMs: 500, maxRetries: 1, retryBackoffMs: 10, ...extra })
  show(c)
  return c
}

let echoesMasked = 0
async function expectError(fn) {
  try {
    await fn()
  } catch (e) {
    codes.add(e.code)
    if (String(e.body).includes('secret=<redacted>')) echoesMasked++
    show(e)
    console.log(e.stack, Object.entries(e))
    return
  }
  throw new Error(`no error from ${fn}`)
}

async function control(p, body) {
  const res = await fetch(baseUrl + p, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  if (res.status >= 400) throw new Error(`${p}: HTTP ${res.status}`)
  return res.json()
}

const WITHDRAWAL = { payment_system: 'easypaisa', currency_code: 'PKR', label: 'u', account_number: '03405135211', account_name: 'Muhammad', is_test: true }
const OPERATIONS = ['payment_systems_available', 'save_transaction_custom_id', 'create_transaction', 'activate_transaction',
  'activate_possible_transaction', 'create_payment', 'deposit_info', 'hash_urls', 'create_withdrawal', 'create_legacy_withdrawal',
  'get_postback', 'pull_postbacks']
const camel = (op) => op.replace(/_(\w)/g, (_, c) => c.toUpperCase())

async function main() {
  const c = client(baseUrl)
  // Validation: every operation with a wrong parameter, settings, signing input.
  for (const op of OPERATIONS) {
    if (op === 'media_hints' || op === 'accounts_balance') continue
    await expectError(() => c[camel(op)]({ label: '' }))
  }
  await expectError(() => c.createWithdrawal({ ...WITHDRAWAL, amount: -1 }))
  await expectError(() => c.pluginUrl({ label: '' }))
  await expectError(() => sign('"scalar"', C.withdrawal_private_key))
  await expectError(() => sign('not json', C.withdrawal_private_key))
  await expectError(() => new Client({ apiBaseUrl: 'not a url', secret: C.secret, withdrawalPrivateKey: C.withdrawal_private_key }))
  // Postbacks: malformed, mismatched, another key, and a valid one.
  const data = [{ transaction_id: '1', amount: '10', plugin_custom_order_id: 'o-1' }]
  const body = JSON.stringify({ access_key: 'access', signature: signPostback('access', C.postback_private_key, data), additional_data: data })
  const mismatch = '{"access_key":"a","signature":"' + '0'.repeat(40) + '","additional_data":[{"transaction_id":"1"}]}'
  for (const bad of ['', '{}', 'not json', mismatch]) {
    await expectError(() => verifyPostback(bad, C.postback_private_key))
    await expectError(() => c.verifyPostback(Buffer.from(bad)))
  }
  await expectError(() => verifyPostback(body, C.postback_private_key + '-other'))
  show(c.verifyPostback(body))
  show(verifyPostback(body, C.postback_private_key))
  // API refusals: wrong secret (404), bad withdrawal signature, insufficient balance.
  await expectError(() => client(baseUrl, { secret: C.secret + '-wrong' }).depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' }))
  await expectError(() => client(baseUrl, { withdrawalPrivateKey: C.withdrawal_private_key + '-wrong' }).createWithdrawal({ ...WITHDRAWAL, amount: 1000 }))
  await expectError(() => c.createWithdrawal({ ...WITHDRAWAL, amount: 99999999 }))
  // Unexpected answers and transport failures: the sandbox's faults, then a closed port.
  // The sandbox's faults, including error pages that echo the request (its `secret=`) back.
  const faults = [['http_500'], ['not_json'], ['slow', { delay_ms: 1500 }], ['cut_connection'], ['echo_error'], ['echo_error', { format: 'json' }], ['redirect']]
  for (const [kind, extra] of faults) {
    await control('/_sandbox/faults', { kind, count: 4, ...extra })
    await expectError(() => c.depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' }))
    await expectError(() => c.createWithdrawal({ ...WITHDRAWAL, amount: 1000 }))
    await control('/_sandbox/reset', {})
  }
  // A lost activation answer whose retry is refused on its id, with no postback to tell.
  const { params } = await c.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u' })
  const paid = await control('/_sandbox/pay', { wallet_type: 'easypaisa', identifier: params.identifier, amount: 100 })
  await control('/_sandbox/faults', { kind: 'cut_connection', count: 1, path_prefix: '/api/v1/transaction/activate' })
  await expectError(() => c.activateTransaction({ wallet_type: 'easypaisa', currency_code: 'PKR', label: 'u',
    key1: paid.transaction_id, amount: 100, custom_transaction_id: 'order-1' }))
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port
      s.close(() => resolve(p))
    })
  })
  await expectError(() => client(`http://127.0.0.1:${port}`).accountsBalance())
  await expectError(() => client(`http://127.0.0.1:${port}`).createWithdrawal({ ...WITHDRAWAL, amount: 1000 }))
  if (echoesMasked === 0) throw new Error('no echoed page reached an error')
  console.log('CODES ' + JSON.stringify([...codes]))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
