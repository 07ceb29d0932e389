'use strict'
// The answer interfaces of index.d.ts against what the sandbox answers: each method's real
// answer, written into a TypeScript file as a literal of its declared type, must compile under
// tsc --strict (a missing required key or a key of another type fails).
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { Client } = require('..')
const { startSandbox, SECRET, WITHDRAWAL_KEY } = require('./sandbox')

async function answers(sandbox) {
  const c = new Client({ apiBaseUrl: sandbox.baseUrl, secret: SECRET, withdrawalPrivateKey: WITHDRAWAL_KEY })
  const out = {}
  out.PaymentSystemsAnswer = await c.paymentSystemsAvailable({ label: 'u1', currency_codes: ['PKR'] })
  const created = (out.CreatedTransactionAnswer = await c.createTransaction({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u1' }))
  const { transaction_id } = await sandbox.control('POST', '/_sandbox/pay', { wallet_type: 'easypaisa', identifier: created.params.identifier, amount: 1500 })
  out.ActivationAnswer = await c.activateTransaction({ wallet_type: 'easypaisa', currency_code: 'PKR', label: 'u1', key1: transaction_id, amount: 1500, custom_transaction_id: 'o-1' })
  out.DepositInfoAnswer = await c.depositInfo({ wallet_type: 'easypaisa', currency: 'PKR', label: 'u1' })
  out.StatusAnswer = await c.saveTransactionCustomId({ label: 'u1', transaction_custom_id: 'x-1' })
  out.HashUrlsAnswer = await c.hashUrls({ success_urls: [{ order: 1, url: 'https://shop.example/ok' }], fail_urls: [] })
  out.MediaHintsAnswer = await c.mediaHints()
  const w = (out.CreatedWithdrawalAnswer = await c.createWithdrawal({ payment_system: 'easypaisa', currency_code: 'PKR', label: 'u', amount: 1000, account_number: '03405135211', account_name: 'M' }))
  out.LegacyWithdrawalAnswer = await c.createLegacyWithdrawal({ wallet_type: 'paytm', wallet_recipient: '123123232', wallet_sender: '1111', amount: 100, email: 'a@b.co' })
  out.AccountsBalanceAnswer = await c.accountsBalance()
  await sandbox.control('POST', `/_sandbox/withdrawals/${w.withdrawal_id}/pay`)
  out.PostbackAnswer = await c.getPostback({ type: 'withdrawal', withdrawal_id: w.withdrawal_id })
  out.PullPostbacksAnswer = await c.pullPostbacks({ type: 'withdrawal', withdrawal_ids: [w.withdrawal_id] })
  return out
}

function tsc(source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-answers-'))
  const file = path.join(dir, 'answers.ts')
  fs.writeFileSync(file, source)
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'es2020',
    '--module', 'commonjs', '--types', 'node', file], { encoding: 'utf8', cwd: path.join(__dirname, '..') })
  fs.rmSync(dir, { recursive: true, force: true })
  return r
}

const index = JSON.stringify(path.join(__dirname, '..'))

test('every answer the sandbox gives fits its interface', async (t) => {
  const sandbox = await startSandbox()
  t.after(() => sandbox.stop())
  const got = await answers(sandbox)
  const names = Object.keys(got)
  const lines = names.map((n, i) => `const a${i}: ${n} = ${JSON.stringify(got[n])}`)
  const r = tsc(`import type { ${names.join(', ')} } from ${index}\n${lines.join('\n')}\nvoid [${names.map((_, i) => `a${i}`).join(', ')}]\n`)
  assert.equal(r.status, 0, r.stdout + r.stderr)

  // The check can fail: a required key missing, or of another type.
  const broken = tsc(`import type { CreatedTransactionAnswer, AccountsBalanceAnswer } from ${index}
const a: CreatedTransactionAnswer = { status: 'ok', params: {} }
const b: AccountsBalanceAnswer = ${JSON.stringify({ ...got.AccountsBalanceAnswer, code: 'x' })}
void [a, b]\n`)
  assert.notEqual(broken.status, 0)
  assert.match(broken.stdout, /\(2,\d+\): error TS\d+: Property 'identifier' is missing/)
  assert.match(broken.stdout, /\(3,\d+\): error TS\d+: Type 'string' is not assignable to type 'number'/)
})
