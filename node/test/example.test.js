'use strict'
// Runs the README's postback endpoint (examples/postback_server.js) as its own process.
const test = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const path = require('node:path')
const { signedFixture } = require('./helpers')

const KEY = 'example-postback-key'

test('the example endpoint acknowledges verified postbacks once per key and refuses forgeries', async (t) => {
  const server = spawn(process.execPath, [path.join(__dirname, '..', 'examples', 'postback_server.js')], {
    env: { ...process.env, PORT: '0', PAYKASSMA_POSTBACK_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.after(() => server.kill())
  let out = ''
  server.stdout.on('data', (d) => (out += d))
  const port = await new Promise((resolve, reject) => {
    server.stdout.once('data', (d) => resolve(Number(/listening on (\d+)/.exec(String(d))[1])))
    server.once('exit', (code) => reject(new Error(`example exited with ${code}`)))
  })
  const post = (body) => fetch(`http://127.0.0.1:${port}/paykassma/postback`, { method: 'POST', body })
  const body = signedFixture('easypaisa_deposit_postback.json', KEY)

  for (let i = 0; i < 2; i++) {
    const res = await post(body)
    assert.equal(res.status, 200)
    assert.equal(await res.text(), '{"status":"ok"}')
  }
  const forged = await post(body.replace('"amount": "1000"', '"amount": "99999"'))
  assert.equal(forged.status, 400)
  await new Promise((r) => setTimeout(r, 100))
  assert.equal(out.match(/deposit: 23936218009 1000 PKR/g)?.length, 1, `credited once:\n${out}`)
})
