'use strict'
// Benchmark: verifyPostback (the addon) against a hand-written JS port, on a ~6 KB postback as the
// gateway sends it (PHP's default flags: `\/` and `\uXXXX` escapes, pretty-printed, 184 rates).
// Run: npm run bench  (after npm run build)
// BENCH_BODY, BENCH_KEY (a postback file and its key) and BENCH_REQUEST, BENCH_REQUEST_KEY (a
// withdrawal request to time sign on) replace the built-in inputs; then the last line is
// `BENCH {...}` (microseconds per call) for `make benchmarks`.
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const assert = require('node:assert/strict')
const { sign, verifyPostback } = require('..')
const { verifyPostbackJs, phpJson } = require('./js_port')

const KEY = process.env.BENCH_KEY || 'postback-private-key'

/** PHP's json_encode with default flags + JSON_PRETTY_PRINT. */
const phpDefault = (v) =>
  JSON.stringify(v, null, 4).replace(/\//g, '\\/').replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))

function realisticBody() {
  const fixture = path.join(__dirname, '..', '..', 'core', 'tests', 'fixtures', 'easypaisa_deposit_postback.json')
  const base = JSON.parse(fs.readFileSync(fixture, 'utf8'))
  // A stockpiled deposit: two payments credited together, names in Urdu, a URL in the comment.
  const one = base.additional_data[0]
  base.additional_data = [0, 1].map((i) => ({
    ...one,
    transaction_id: String(23936218009 + i),
    amount: String(400 + i * 100),
    account_name: 'محمد ثاقب مشتاق',
    comment: `paid via https://easypaisa.com.pk/app ${i}`,
  }))
  const md5 = crypto.createHash('md5').update(phpJson(base.additional_data)).digest('hex')
  base.signature = crypto.createHash('sha1').update(base.access_key + KEY + md5).digest('hex')
  return Buffer.from(phpDefault(base))
}

function timeIt(fn, body, iterations) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) fn(body, KEY)
  return Number(process.hrtime.bigint() - start) / iterations / 1000 // microseconds per call
}

const body = process.env.BENCH_BODY ? fs.readFileSync(process.env.BENCH_BODY) : realisticBody()
const a = verifyPostback(body, KEY)
const b = verifyPostbackJs(body, KEY)
assert.equal(a.idempotency_key, b.idempotency_key)
assert.deepEqual(a.entries.map((e) => e.amount), b.entries.map((e) => e.amount))

// A forged copy (one signed amount changed): the signature check alone, no result built.
const forged = Buffer.from(body.toString().replace(/"transaction_id": "(\d)/, '"transaction_id": "9$1'))
assert.notEqual(forged.toString(), body.toString())
const rejecting = (verify) => (b, key) => {
  try {
    verify(b, key)
  } catch (e) {
    if (e.code === 'signature_mismatch') return
  }
  throw new Error('the forged copy was accepted')
}

const iterations = Number(process.env.BENCH_ITERATIONS || 20000)
for (let i = 0; i < 3; i++) { timeIt(verifyPostback, body, 2000); timeIt(verifyPostbackJs, body, 2000) } // warm up
const rounds = 5
const [rust, js, rustForged, jsForged] = [[], [], [], []]
for (let r = 0; r < rounds; r++) {
  rust.push(timeIt(verifyPostback, body, iterations))
  js.push(timeIt(verifyPostbackJs, body, iterations))
  rustForged.push(timeIt(rejecting(verifyPostback), forged, iterations))
  jsForged.push(timeIt(rejecting(verifyPostbackJs), forged, iterations))
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]
const [mr, mj] = [median(rust), median(js)]
const [fr, fj] = [median(rustForged), median(jsForged)]
console.log(`verifyPostback on a ${body.length}-byte postback (${a.entries.length} entries), median of ${rounds} rounds x ${iterations} calls, Node ${process.version}`)
console.log(`  addon (Rust core): ${mr.toFixed(2)} us/call  ${Math.round(1e6 / mr)} calls/s`)
console.log(`  JS port          : ${mj.toFixed(2)} us/call  ${Math.round(1e6 / mj)} calls/s`)
console.log(`  speed-up         : ${(mj / mr).toFixed(2)}x`)
console.log('rejecting a forged copy (the signature check alone, no result object built)')
console.log(`  addon (Rust core): ${fr.toFixed(2)} us/call`)
console.log(`  JS port          : ${fj.toFixed(2)} us/call`)
console.log(`  speed-up         : ${(fj / fr).toFixed(2)}x`)
if (process.env.BENCH_REQUEST) {
  const request = JSON.parse(fs.readFileSync(process.env.BENCH_REQUEST, 'utf8'))
  const requestKey = process.env.BENCH_REQUEST_KEY || 'withdrawal-private-key'
  const per = (fn) => {
    for (let i = 0; i < 2000; i++) fn()
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) fn()
    return Number(process.hrtime.bigint() - start) / iterations / 1000
  }
  const line = { language: 'node', node: process.version, body_bytes: body.length, verify_us: mr, port_verify_us: mj,
    sign_us: per(() => sign(request, requestKey)), cross_us: per(() => sign({ a: '1' }, 'k')) }
  console.log('BENCH ' + JSON.stringify(line))
}
