'use strict'
// onRequest/onResponse hooks, NODE_DEBUG=paykassma and the proxy option, against the real
// sandbox process: every attempt reported as it starts and ends, nothing secret in any record or
// line, and a loopback proxy that carries the requests whatever HTTP_PROXY says.
const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const { spawn } = require('node:child_process')
const path = require('node:path')
const { Client } = require('..')
const { startSandbox, SECRET, WITHDRAWAL_KEY, POSTBACK_KEY } = require('./sandbox')

const PROXY_PASSWORD = 'proxy-password-do-not-leak'
let sandbox
test.before(async () => {
  sandbox = await startSandbox()
})
test.after(() => sandbox.stop())

const client = (extra = {}) =>
  new Client({ apiBaseUrl: sandbox.baseUrl, secret: SECRET, withdrawalPrivateKey: WITHDRAWAL_KEY, postbackPrivateKey: POSTBACK_KEY, retryBackoffMs: 10, ...extra })

const withdrawal = { payment_system: 'easypaisa', currency_code: 'PKR', label: 'u', amount: 1000, account_number: '03405135211', account_name: 'Muhammad', is_test: true }

/** Lets the event loop run the hooks queued by the addon's worker thread. */
const settle = () => new Promise((r) => setTimeout(r, 50))

test('onRequest and onResponse see each attempt, retries included, and no secret', async () => {
  const seen = []
  const c = client({ onRequest: (r) => seen.push(r), onResponse: (r) => seen.push(r) })
  await sandbox.control('POST', '/_sandbox/faults', { kind: 'http_500', count: 1, path_prefix: '/api/v1/accounts-balance' })
  await c.accountsBalance()
  await settle()
  assert.deepEqual(
    seen.map((r) => [r.phase, r.method, r.path, r.attempt, r.status ?? null, r.error ?? null, r.retry]),
    [
      ['request', 'GET', '/api/v1/accounts-balance', 1, null, null, false],
      ['response', 'GET', '/api/v1/accounts-balance', 1, 500, 'unexpected_response', true],
      ['request', 'GET', '/api/v1/accounts-balance', 2, null, null, false],
      ['response', 'GET', '/api/v1/accounts-balance', 2, 200, null, false],
    ],
  )
  assert.match(seen[3].line, /^GET \/api\/v1\/accounts-balance -> 200 \(attempt 2, [\d.]+ ms\)$/)
  assert.ok(seen[3].durationMs > 0)

  await sandbox.control('POST', '/_sandbox/faults', { kind: 'echo_error', format: 'json', count: 1 })
  await assert.rejects(c.createWithdrawal(withdrawal), (e) => e.code === 'api_error')
  await settle()
  const text = JSON.stringify(seen)
  for (const secret of [SECRET, WITHDRAWAL_KEY, POSTBACK_KEY]) assert.ok(!text.includes(secret), secret)
  assert.ok(seen.some((r) => r.line.startsWith('POST /v2/withdrawal/create -> 400 api_error (attempt 1, ')))
})

test('a hook that is not a function is refused, naming it', () => {
  assert.throws(() => client({ onResponse: 'log' }), (e) => e instanceof TypeError && e.field === 'onResponse' && /must be a function/.test(e.message))
  assert.throws(() => client({ onRequestt: () => {} }), (e) => e.code === 'validation_error' && e.field === 'onRequestt')
})

test('NODE_DEBUG=paykassma writes one line per attempt to stderr, and nothing without it', async () => {
  const script = `
    const { Client } = require(${JSON.stringify(path.join(__dirname, '..'))})
    new Client({ apiBaseUrl: process.argv[1], secret: ${JSON.stringify(SECRET)} }).accountsBalance().then(() => {}, (e) => { console.error(e); process.exit(1) })`
  const run = (nodeDebug) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['-e', script, sandbox.baseUrl], { env: { ...process.env, NODE_DEBUG: nodeDebug }, stdio: ['ignore', 'pipe', 'pipe'] })
      let err = ''
      child.stderr.on('data', (d) => (err += d))
      child.on('exit', (code) => resolve({ code, err }))
    })
  const on = await run('http2,paykassma')
  assert.equal(on.code, 0, on.err)
  assert.match(on.err, /^PAYKASSMA \d+: GET \/api\/v1\/accounts-balance -> 200 \(attempt 1, [\d.]+ ms\)$/m)
  assert.ok(!on.err.includes(SECRET))
  // Read as util.debuglog reads it: any case, commas or spaces, `*` wildcards.
  for (const on of ['PAYKASSMA', 'net pay*', '*']) assert.match((await run(on)).err, /^PAYKASSMA \d+: GET /m, on)
  for (const off of ['', 'http', 'paykassma2', 'kassma*']) {
    const quiet = await run(off)
    assert.equal(quiet.code, 0, quiet.err)
    assert.equal(quiet.err, '', off)
  }
})

/** An HTTP proxy on loopback (CONNECT tunnels and absolute-form requests); keeps the heads. */
function startProxy() {
  const heads = []
  const server = net.createServer((socket) => {
    let head = Buffer.alloc(0)
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.off('data', onData)
      const text = head.subarray(0, end + 4).toString('latin1')
      heads.push(text)
      const target = text.split(' ')[1]
      const connect = !target.startsWith('http://')
      const authority = connect ? target : target.slice(7).split('/')[0]
      const [host, port] = [authority.slice(0, authority.lastIndexOf(':')), Number(authority.slice(authority.lastIndexOf(':') + 1))]
      const upstream = net.connect(port, host, () => {
        if (connect) socket.write('HTTP/1.1 200 Connection established\r\n\r\n')
        else upstream.write(head.subarray(0, end + 4))
        const rest = head.subarray(end + 4)
        if (rest.length) upstream.write(rest)
        socket.pipe(upstream).pipe(socket)
      })
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
    }
    socket.on('data', onData)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ heads, port: server.address().port, close: () => server.close() })))
}

async function deadPort() {
  const s = net.createServer()
  await new Promise((r) => s.listen(0, '127.0.0.1', r))
  const port = s.address().port
  await new Promise((r) => s.close(r))
  return port
}

test('the proxy option carries the requests, wins over the environment and hides its password', async () => {
  const proxy = await startProxy()
  const saved = { ...process.env }
  try {
    const dead = `http://127.0.0.1:${await deadPort()}`
    Object.assign(process.env, { HTTP_PROXY: dead, http_proxy: dead, ALL_PROXY: dead, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' })
    const c = client({ proxy: `http://merchant:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}`, maxRetries: 0 })
    const answer = await c.accountsBalance()
    assert.equal(answer.status, 'success')
    assert.equal(proxy.heads.length, 1)
    assert.ok(proxy.heads[0].includes(sandbox.baseUrl.slice(7)), proxy.heads[0])
    assert.ok(proxy.heads[0].includes(Buffer.from(`merchant:${PROXY_PASSWORD}`).toString('base64')), proxy.heads[0])

    // Without the option the environment decides: a dead HTTP_PROXY fails the call.
    delete process.env.NO_PROXY
    delete process.env.no_proxy
    await assert.rejects(client({ maxRetries: 0 }).accountsBalance(), (e) => e.code === 'transport_error')

    const down = client({ proxy: `http://merchant:${PROXY_PASSWORD}@127.0.0.1:${await deadPort()}`, maxRetries: 0 })
    let failed
    await assert.rejects(down.accountsBalance(), (e) => ((failed = e), e.code === 'transport_error'))
    let refused
    assert.throws(() => client({ proxy: `ftp://merchant:${PROXY_PASSWORD}@host` }), (e) => ((refused = e), e.field === 'proxy'))
    const shown = [failed.message, String(failed.stack), refused.message, require('node:util').inspect(down)].join(' ')
    assert.ok(!shown.includes(PROXY_PASSWORD), shown)
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
    proxy.close()
  }
})
