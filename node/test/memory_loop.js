'use strict'
// Run by memory.test.js as `node --expose-gc memory_loop.js`: RSS after a warm-up and after many
// more verifyPostback / sign calls, with a full GC before each reading so JS garbage is not
// counted. Prints one JSON line per loop.
// The loops yield to the event loop every 1000 calls, as a server does between requests (a
// verified postback holds no N-API finalizer: its body copy and texts are JS strings the GC frees).
const { sign, verifyPostback } = require('..')
const { signedFixture } = require('./helpers')

const ITERATIONS = 200_000
const SECONDS = 4 // per loop, so a slow machine stays within the suite's budget
const KEY = 'postback-private-key'
const body = Buffer.from(signedFixture('easypaisa_deposit_postback.json', KEY))
const withdrawal = { withdrawal_id: '1234567test', payment_system: 'easypaisa', amount: 10000, currency_code: 'PKR', label: '125199',
  account_number: '03405135211', account_name: 'Muhammad', is_test: true, bank_details: { bank_code: '', branch_code: '' } }

const turn = () => new Promise((resolve) => setImmediate(resolve))

async function rssMb() {
  for (let i = 0; i < 3; i++) {
    global.gc()
    await turn()
  }
  return process.memoryUsage().rss / 1e6
}

async function loop(name, warmup, call) {
  for (let done = 0; done < warmup; done += 1000) {
    for (let i = 0; i < 1000; i++) call()
    await turn()
  }
  const before = await rssMb()
  const deadline = Date.now() + SECONDS * 1000
  let done = 0
  while (done < ITERATIONS && Date.now() < deadline) {
    for (let i = 0; i < 1000; i++) call()
    done += 1000
    await turn()
  }
  const after = await rssMb()
  console.log(JSON.stringify({ name, before_mb: before, after_mb: after, calls: done }))
}

async function main() {
  // Valid postbacks: RSS climbs for the first ~150k calls while the allocator settles around the
  // deferred frees, then stays flat (measured flat from 400k to 1M calls).
  await loop(`verifyPostback (${body.length} bytes)`, 150_000, () => verifyPostback(body, KEY))
  // Read: the first read parses the members from the parts the verdict returned.
  await loop(`verifyPostback, members read (${body.length} bytes)`, 50_000, () => {
    const p = verifyPostback(body, KEY)
    if (p.idempotency_key.length === 0 || p.entries[0].signed === null) throw new Error('unreadable postback')
  })
  await loop('verifyPostback (wrong key)', 20_000, () => {
  try {
    verifyPostback(body, 'another-key')
  } catch (e) {
    if (e.code === 'signature_mismatch') return
  }
    throw new Error('a wrong key must be refused')
  })
  await loop('sign (withdrawal)', 20_000, () => sign(withdrawal, 'withdrawal-private-key'))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
