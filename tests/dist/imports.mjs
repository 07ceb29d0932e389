// The installed npm package, imported as an ES module and required as CommonJS (make test-dist
// runs it inside an app that installed the release tarballs).
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import sdk, { Client, ERROR_CODES, pluginUrl, sign, verifyPostback } from 'paykassma'
import * as esm from 'paykassma'

const cjs = createRequire(import.meta.url)('paykassma')

// Every name the CommonJS entry exports is a named ES export bound to the same value.
const names = Object.keys(cjs).sort()
assert.deepEqual(Object.keys(esm).filter((name) => name !== 'default').sort(), names)
for (const name of names) assert.equal(esm[name], cjs[name], name)
assert.equal(sdk, cjs)

const hex = (algorithm, text) => crypto.createHash(algorithm).update(text).digest('hex')
const key = 'withdrawal-private-key'
assert.equal(sign({ amount: 1000, is_test: true }, key), hex('sha1', key + hex('md5', '1000:1')))
assert.equal(cjs.sign('{"amount":1000,"is_test":true}', key), sign({ amount: 1000, is_test: true }, key))
assert.ok(ERROR_CODES.includes('signature_mismatch'))
assert.throws(() => verifyPostback('{}', 'key'), (e) => e.code === 'malformed_postback')
assert.match(pluginUrl({ plugin_base_url: 'https://plugin.example.com', label: 'user-1' }), /^https:\/\/plugin\.example\.com/)
assert.equal(typeof new Client({ apiBaseUrl: 'http://127.0.0.1:9', secret: 's' }).createTransaction, 'function')
console.log(`ESM and CommonJS: ${names.join(', ')}`)
