'use strict'
// No memory growth across long loops of verifyPostback and sign through the addon (memory_loop.js
// in its own process, with --expose-gc). Only clear growth fails; the figures are printed. And
// what one forged body costs: little more than the body, whatever it holds.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')

const LIMIT_MB = 20

test('RSS does not grow over 200k verifyPostback and sign calls', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'memory_loop.js')], { encoding: 'utf8', timeout: 120_000 })
  const loops = out.trim().split('\n').map((l) => JSON.parse(l))
  assert.equal(loops.length, 4)
  for (const { name, before_mb: before, after_mb: after, calls } of loops) {
    console.log(`${name}: RSS ${before.toFixed(1)} MB after warm-up, ${after.toFixed(1)} MB after ${calls} more (${(after - before).toFixed(1)} MB)`)
    assert.ok(calls >= 30_000, `${name}: only ${calls} calls ran, too few to show a leak`)
    assert.ok(after - before < LIMIT_MB, `${name}: RSS grew by ${(after - before).toFixed(1)} MB over ${calls} calls`)
  }
})

// A fresh process for each body, whose peak RSS nothing else has raised: how much verifying one
// forged body raises it. A 1 MB body of half a million tiny signed items with a wrong signature,
// as a Buffer and as a string (which the addon copies out of the JS heap), and a string over the
// size cap, which must be refused before it is copied.
const FORGED = `
const { verifyPostback } = require(${JSON.stringify(path.join(__dirname, '..'))})
const CAP = 1 << 20
const head = '{"access_key":"AK","signature":"' + '0'.repeat(40) + '","additional_data":['
const forged = head + '0,'.repeat(Math.floor((CAP - head.length - 3) / 2)) + '0]}'
const body = {
  buffer: () => Buffer.from(forged),
  string: () => Buffer.from(forged).toString('latin1'), // flat, as a body read from a socket
  over_cap: () => Buffer.alloc(32 * CAP, ' ').toString('latin1'),
}[process.argv[1]]()
const before = process.resourceUsage().maxRSS
let code = 'verified'
try { verifyPostback(body, 'postback-key') } catch (e) { code = e.code }
const grewMb = (process.resourceUsage().maxRSS - before) / 1024
console.log(JSON.stringify({ bytes: body.length, code, grew_mb: grewMb }))
`

test('a forged body costs little memory', () => {
  const run = (kind) => JSON.parse(execFileSync(process.execPath, ['-e', FORGED, kind], { encoding: 'utf8', timeout: 60_000 }))
  const [buffer, string, overCap] = ['buffer', 'string', 'over_cap'].map(run)
  for (const [name, r] of [['Buffer', buffer], ['string', string], ['string over the cap', overCap]]) {
    console.log(`forged ${r.bytes}-byte body as a ${name}: ${r.code}, peak RSS +${r.grew_mb.toFixed(1)} MB`)
  }
  assert.ok(buffer.bytes <= 1 << 20)
  assert.equal(buffer.code, 'signature_mismatch')
  assert.equal(string.code, 'signature_mismatch')
  // At most 4x the body on top of it (the copy of a string is one of those four).
  assert.ok(buffer.grew_mb <= 4 && string.grew_mb <= 4, 'a forged 1 MB body took more than 4 MB')
  assert.equal(overCap.code, 'malformed_postback')
  assert.ok(overCap.grew_mb < 16, 'a body over the cap was copied before it was refused')
})
