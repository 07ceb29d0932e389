'use strict'
// The checked-in index.d.ts types real usage (test/usage.ts) under `tsc --strict`.
const test = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

test('index.d.ts types the documented usage', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2020', '--module', 'commonjs',
    '--types', 'node', path.join(__dirname, 'usage.ts')], { encoding: 'utf8', cwd: path.join(__dirname, '..') })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})
