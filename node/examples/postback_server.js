'use strict'
// A postback endpoint with Node's own http module. Run:
//   PAYKASSMA_POSTBACK_KEY=... PORT=8080 node examples/postback_server.js
// and give the gateway (or the sandbox) http://your-host:8080/paykassma/postback as postback URL.
const http = require('node:http')
const { verifyPostback } = require('paykassma')

const privateKey = process.env.PAYKASSMA_POSTBACK_KEY
const seen = new Set() // use a table with a unique index on idempotency_key in production

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/paykassma/postback') {
    res.writeHead(404).end()
    return
  }
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    let postback
    try {
      // The raw bytes, exactly as received: never JSON.parse them first.
      postback = verifyPostback(Buffer.concat(chunks), privateKey)
    } catch (e) {
      // signature_mismatch or malformed_postback: not from the gateway. Do not acknowledge.
      console.warn(`refused postback: ${e.code}: ${e.message}`)
      res.writeHead(400).end()
      return
    }
    if (!seen.has(postback.idempotency_key)) {
      seen.add(postback.idempotency_key)
      for (const entry of postback.entries) {
        // Credit from the signed entries only (postback.unsigned is informational).
        console.log(`${postback.kind}: ${entry.transaction_id ?? entry.withdrawal_id} ${entry.amount} ${entry.currency_code}`)
      }
    }
    // Every verified postback, repeats included, gets HTTP 200 and {"status":"ok"}.
    res.writeHead(200, { 'content-type': 'application/json' }).end(postback.acknowledgement)
  })
})

server.listen(Number(process.env.PORT || 8080), () => console.log(`listening on ${server.address().port}`))
module.exports = server
