'use strict'
// Secret hygiene: runs every error path reachable from Node (secrets_paths.js, its own process)
// with the canary credentials of tests/secrets/canaries.json against a sandbox that accepts
// them, and fails if a canary shows in anything that process wrote: inspect output of clients,
// errors and postbacks, error stacks and fields, or stderr.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync, spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { repo } = require('./helpers')
const { ERROR_CODES } = require('..')

const C = JSON.parse(fs.readFileSync(path.join(repo, 'tests', 'secrets', 'canaries.json'), 'utf8'))

test('no canary credential in any error, inspect output or log line', async () => {
  execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'paykassma-cli'], { cwd: repo, stdio: 'inherit', timeout: 900_000 })
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(repo, 'target'), 'release', 'paykassma')
  const config = path.join(repo, 'tests', 'secrets', 'sandbox_config.json')
  const sandbox = spawn(bin, ['sandbox', '--port', '0', '--config', config], { stdio: ['ignore', 'pipe', 'ignore'] })
  try {
    const baseUrl = await new Promise((resolve, reject) => {
      let out = ''
      sandbox.stdout.on('data', (d) => {
        out += d
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m) resolve(m[1])
      })
      sandbox.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
    })
    const child = spawn(process.execPath, [path.join(__dirname, 'secrets_paths.js'), baseUrl], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const code = await new Promise((resolve) => child.on('close', resolve))
    assert.equal(code, 0, `secrets_paths.js failed: ${stderr}`)
    for (const canary of [C.secret, C.withdrawal_private_key, C.postback_private_key]) {
      const at = (stdout + stderr).indexOf(canary)
      assert.equal(at, -1, `canary leaked: ...${(stdout + stderr).slice(Math.max(0, at - 300), at + 100)}`)
    }
    const reached = JSON.parse(/^CODES (.*)$/m.exec(stdout)[1])
    assert.deepEqual([...reached].sort(), [...ERROR_CODES].sort(), 'every error family was reached')
    assert.ok(stdout.length > 10_000, 'the paths printed what they inspected')
  } finally {
    sandbox.kill()
  }
})
