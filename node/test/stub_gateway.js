'use strict'
// A stand-in gateway in its own process, for answers the tests need exactly: the first path
// segment of the client's apiBaseUrl picks the behaviour (`/ok`, `/fail`, `/error`, `/html`,
// `/slow`). It prints its port on stdout. The sandbox (make sandbox) is the full gateway; this
// only shapes single answers and delays.
const http = require('node:http')

const server = http.createServer((req, res) => {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    const url = new URL(req.url, 'http://x')
    const [, mode] = url.pathname.split('/')
    const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'secret'))
    const send = (status, text) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(text)
    }
    const echo = () => JSON.stringify({ status: 'ok', method: req.method, path: url.pathname, query, body })
    switch (mode) {
      case 'ok': return send(200, echo())
      case 'fail': return send(200, JSON.stringify({ status: 'fail', message: 'Withdrawal signature is invalid' }))
      case 'error': return send(422, JSON.stringify({ status: 'error', code: 30228, error_message: 'Validation failed', errors: { withdrawals_sum_amount: ['Insufficient balance'] } }))
      case 'html': return send(502, '<html>Bad gateway</html>')
      case 'slow': return setTimeout(() => send(200, echo()), Number(url.searchParams.get('label') || 500))
      default: return send(404, 'Not found')
    }
  })
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
