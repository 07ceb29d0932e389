'use strict'
// Starts the project's sandbox gateway (`paykassma sandbox --port 0`) as its own process, with a
// postback receiver in this process that verifies and acknowledges what the sandbox delivers.
const { execFileSync, spawn } = require('node:child_process')
const http = require('node:http')
const path = require('node:path')
const { repo } = require('./helpers')
const { verifyPostback } = require('..')

const SECRET = 'sandbox-secret'
const WITHDRAWAL_KEY = 'sandbox-withdrawal-private-key'
const POSTBACK_KEY = 'sandbox-postback-private-key'

/** The `paykassma` CLI, built once (release, as `make test` builds the workspace). */
function cliBinary() {
  execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'paykassma-cli'], { cwd: repo, stdio: 'inherit', timeout: 900_000 })
  const target = process.env.CARGO_TARGET_DIR || path.join(repo, 'target')
  return path.join(target, 'release', 'paykassma')
}

/** A receiver that verifies postbacks and records them; `next(n)` waits for the n-th. */
async function startReceiver() {
  const received = []
  const waiters = []
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      try {
        const postback = verifyPostback(Buffer.concat(chunks), POSTBACK_KEY)
        received.push(postback)
        waiters.filter((w) => received.length >= w.n).forEach((w) => w.resolve())
        res.writeHead(200, { 'content-type': 'application/json' }).end(postback.acknowledgement)
      } catch (e) {
        received.push(e)
        res.writeHead(400).end()
      }
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const next = (n, ms = 10_000) =>
    new Promise((resolve, reject) => {
      if (received.length >= n) return resolve(received[n - 1])
      const timer = setTimeout(() => reject(new Error(`postback ${n} did not arrive in ${ms} ms`)), ms)
      waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(received[n - 1])) })
    })
  return { server, received, next, url: `http://127.0.0.1:${server.address().port}/paykassma/postback` }
}

async function startSandbox() {
  const receiver = await startReceiver()
  const child = spawn(cliBinary(), ['sandbox', '--port', '0', '--postback-url', receiver.url], { stdio: ['ignore', 'pipe', 'inherit'] })
  const baseUrl = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
  })
  const control = async (method, p, body) => {
    const res = await fetch(baseUrl + p, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    const text = await res.text()
    if (res.status >= 400) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`)
    return JSON.parse(text)
  }
  const stop = () => {
    child.kill()
    receiver.server.close()
  }
  return { baseUrl, control, receiver, stop }
}

module.exports = { startSandbox, SECRET, WITHDRAWAL_KEY, POSTBACK_KEY }
