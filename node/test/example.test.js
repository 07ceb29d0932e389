'use strict'
// Runs the README's examples, kept as files the README shows verbatim: the postback endpoint
// (examples/postback_server.js) as its own process, and the client examples, CommonJS and ES
// module, as written against the sandbox.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const { spawn } = require('node:child_process')
const path = require('node:path')
const { signedFixture } = require('./helpers')
const { startSandbox } = require('./sandbox')

const KEY = 'example-postback-key'
const examples = path.join(__dirname, '..', 'examples')
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')

test('the README shows each example file as it is', () => {
  for (const name of ['postback_server.js', 'client.js', 'client.mjs']) {
    assert.ok(readme.includes('```js\n' + fs.readFileSync(path.join(examples, name), 'utf8') + '```\n'), `${name} differs from the README`)
  }
  assert.ok(!/listen\(8080\)|PORT \?\? 8080/.test(readme), 'the example server keeps off the sandbox port')
})

test('the example endpoint acknowledges verified postbacks once per key, 401 to forgeries, 400 to junk', async (t) => {
  const server = spawn(process.execPath, [path.join(examples, 'postback_server.js')], {
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
  assert.equal(forged.status, 401)
  assert.equal(await forged.text(), '')
  for (const junk of ['not json', '{"signature": 1}', '']) {
    const refused = await post(junk)
    assert.equal(refused.status, 400, junk)
    assert.equal(await refused.text(), '', 'no stack trace in the answer')
  }
  await new Promise((r) => setTimeout(r, 100))
  assert.equal(out.match(/deposit: 23936218009 1000 PKR/g)?.length, 1, `credited once:\n${out}`)
  assert.equal(server.exitCode, null, 'still serving')
})

for (const name of ['client.js', 'client.mjs']) {
  test(`examples/${name} runs as written against the sandbox`, async (t) => {
    const sandbox = await startSandbox()
    t.after(() => sandbox.stop())
    const run = spawn(process.execPath, [path.join(examples, name)], {
      env: { ...process.env, PAYKASSMA_API_BASE_URL: sandbox.baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    run.stdout.on('data', (d) => (out += d))
    run.stderr.on('data', (d) => (err += d))
    const code = await new Promise((resolve) => run.on('exit', resolve))
    assert.equal(code, 0, err)
    assert.match(out, /^pay to 03\d{9}\nwithdrawal sdk-[0-9a-f]{32}\n$/)
    const { withdrawals } = await sandbox.control('GET', '/_sandbox/state')
    assert.equal(withdrawals.length, 1)
  })
}
