'use strict'
// Run by memory.test.js as `node --expose-gc memory_loop.js`: RSS after a warm-up and after many
// more verifyPostback / sign calls, with a full GC before each reading so JS garbage is not
// counted. Prints one JSON line per loop.
const { sign, verifyPostback } = require('..')
const { signedFixture } = require('./helpers')

const ITERATIONS = 200_000
const WARMUP = 20_000
const SECONDS = 6 // per loop, so a slow machine stays within the suite's budget
const KEY = 'postback-private-key'
const body = Buffer.from(signedFixture('easypaisa_deposit_postback.json', KEY))
const withdrawal = { withdrawal_id: '1234567test', payment_system: 'easypaisa', amount: 10000, currency_code: 'PKR', label: '125199',
  account_number: '03405135211', account_name: 'Muhammad', is_test: true, bank_details: { bank_code: '', branch_code: '' } }

const rssMb = () => {
  global.gc()
  return process.memoryUsage().rss / 1e6
}

function loop(name, call) {
  for (let i = 0; i < WARMUP; i++) call()
  const before = rssMb()
  const deadline = Date.now() + SECONDS * 1000
  let done = 0
  while (done < ITERATIONS && Date.now() < deadline) {
    for (let i = 0; i < 1000; i++) call()
    done += 1000
  }
  const after = rssMb()
  console.log(JSON.stringify({ name, before_mb: before, after_mb: after, calls: done }))
}

loop(`verifyPostback (${body.length} bytes)`, () => verifyPostback(body, KEY))
loop('verifyPostback (wrong key)', () => {
  try {
    verifyPostback(body, 'another-key')
  } catch (e) {
    if (e.code === 'signature_mismatch') return
  }
  throw new Error('a wrong key must be refused')
})
loop('sign (withdrawal)', () => sign(withdrawal, 'withdrawal-private-key'))
