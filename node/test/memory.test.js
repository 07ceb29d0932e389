'use strict'
// No memory growth across long loops of verifyPostback and sign through the addon (memory_loop.js
// in its own process, with --expose-gc). Only clear growth fails; the figures are printed.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')

const LIMIT_MB = 20

test('RSS does not grow over 200k verifyPostback and sign calls', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'memory_loop.js')], { encoding: 'utf8', timeout: 120_000 })
  const loops = out.trim().split('\n').map((l) => JSON.parse(l))
  assert.equal(loops.length, 3)
  for (const { name, before_mb: before, after_mb: after, calls } of loops) {
    console.log(`${name}: RSS ${before.toFixed(1)} MB after warm-up, ${after.toFixed(1)} MB after ${calls} more (${(after - before).toFixed(1)} MB)`)
    assert.ok(calls >= 30_000, `${name}: only ${calls} calls ran, too few to show a leak`)
    assert.ok(after - before < LIMIT_MB, `${name}: RSS grew by ${(after - before).toFixed(1)} MB over ${calls} calls`)
  }
})
