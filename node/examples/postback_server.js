// A postback endpoint with Node's own http module: PAYKASSMA_POSTBACK_KEY=... node postback_server.js
const http = require('node:http')
const { verifyPostback } = require('paykassma')

const privateKey = process.env.PAYKASSMA_POSTBACK_KEY
const seen = new Set() // use a table with a unique index on idempotency_key in production

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/paykassma/postback') return res.writeHead(404).end()
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    let postback
    try {
      postback = verifyPostback(Buffer.concat(chunks), privateKey) // the raw bytes, as received
    } catch (e) {
      // Not from the gateway: 401 for a bad signature, 400 for a body that is no postback.
      console.warn(`refused postback: ${e.code}`)
      return res.writeHead(e.code === 'signature_mismatch' ? 401 : 400).end()
    }
    if (!seen.has(postback.idempotency_key)) {
      seen.add(postback.idempotency_key)
      for (const entry of postback.entries) {
        console.log(`${postback.kind}: ${entry.transaction_id ?? entry.withdrawal_id} ${entry.amount} ${entry.currency_code}`)
      }
    }
    // Every verified postback, repeats included, gets HTTP 200 and {"status":"ok"}.
    res.writeHead(200, { 'content-type': 'application/json' }).end(postback.acknowledgement)
  })
})
// 3000, not 8080: `paykassma sandbox --port 8080` takes that one.
server.listen(Number(process.env.PORT ?? 3000), () => console.log(`listening on ${server.address().port}`))
