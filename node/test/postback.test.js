'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { verifyPostback } = require('..')
const { signedFixture, signPostback, vectors, throwsCode } = require('./helpers')

const KEY = 'postback-private-key'

test('the deposit example verifies, with typed entries and unsigned fields apart', () => {
  const p = verifyPostback(Buffer.from(signedFixture('easypaisa_deposit_postback.json', KEY)), KEY)
  assert.equal(p.kind, 'deposit')
  assert.equal(p.idempotency_key, 'deposit:easypaisa:23936218009')
  assert.equal(p.signed_list, 'additional_data')
  assert.equal(p.acknowledgement, '{"status":"ok"}')
  assert.equal(p.entries.length, 1)
  const e = p.entries[0]
  assert.equal(e.transaction_id, '23936218009')
  assert.equal(e.plugin_custom_order_id, '5586199250')
  assert.equal(e.amount, '1000')
  assert.equal(e.stockpiling_id, 4819603)
  assert.equal(e.withdrawal_status, null)
  assert.equal(e.account_number, null, 'empty strings read as null')
  assert.equal(e.signed.account_number, '', 'the signed entry is kept as is')
  assert.equal(p.unsigned.amount, '1000')
  assert.equal(Object.keys(p.unsigned.converted_amount).length, 184)
  assert.ok(p.unsigned_fields.includes('converted_amount'))
  assert.equal(Object.getPrototypeOf(p), Object.prototype, 'a plain object')
})

test('the withdrawal example verifies as a final withdrawal', () => {
  const p = verifyPostback(signedFixture('easypaisa_withdrawal_postback.json', KEY), KEY)
  assert.equal(p.kind, 'withdrawal')
  assert.equal(p.entries[0].withdrawal_status, 1)
  assert.equal(p.idempotency_key, 'withdrawal:10319:1')
})

test('Buffer, Uint8Array and string bodies are the same body', () => {
  const text = signedFixture('easypaisa_deposit_postback.json', KEY)
  const a = verifyPostback(text, KEY)
  assert.deepEqual(verifyPostback(Buffer.from(text), KEY), a)
  assert.deepEqual(verifyPostback(new Uint8Array(Buffer.from(text)), KEY), a)
})

test("the body's encoding does not matter, its signed content does", () => {
  const body = signedFixture('easypaisa_deposit_postback.json', KEY)
  // PHP's default flags escape slashes and non-ASCII: same data, same signature.
  assert.equal(verifyPostback(body.replace('"PKR"', '"\\u0050KR"'), KEY).kind, 'deposit')
  assert.equal(verifyPostback(body.replace(/\n\s*/g, ''), KEY).kind, 'deposit')
  // The unsigned envelope can change without breaking the signature (and is reported as such).
  assert.equal(verifyPostback(body.replace('"amount": 1000', '"amount": 9999'), KEY).unsigned.amount, '9999')
  // A signed amount cannot.
  throwsCode(assert, () => verifyPostback(body.replace('"amount": "1000"', '"amount": "9000"'), KEY), 'signature_mismatch')
  throwsCode(assert, () => verifyPostback(body, 'another-key'), 'signature_mismatch')
})

test('large integers come back as BigInt, never rounded', () => {
  const data = [{ transaction_id: '1', amount: '10', wallet_type: 'upi', stockpiling_id: 9007199254740993n }]
  const json = JSON.stringify(data, (_, v) => (typeof v === 'bigint' ? `@${v}@` : v)).replace(/"@(\d+)@"/g, '$1')
  const signature = crypto.createHash('sha1')
    .update('AK' + KEY + crypto.createHash('md5').update(json).digest('hex')).digest('hex')
  const body = `{"access_key":"AK","signature":"${signature}","additional_data":${json}}`
  const p = verifyPostback(body, KEY)
  assert.equal(p.entries[0].stockpiling_id, 9007199254740993n)
  assert.equal(p.entries[0].signed.stockpiling_id, 9007199254740993n)
})

test('an integer past 2^53 is a BigInt in each integer member of an entry, and 2^53 - 1 a number', () => {
  // The addon lists an entry's members only when one of its integers is past 2^53: each place
  // an integer can be (a withdrawal's status too: the core keeps a code it does not know as it
  // is), beside texts of 15 and 16 digits.
  const verifyWith = (member, value) => {
    const id = member === 'withdrawal_status' ? 'withdrawal_id' : 'transaction_id'
    const data = [{ [id]: '1234567890123456', amount: '10', account_number: '123456789012345', [member]: value }]
    const json = JSON.stringify(data, (_, v) => (typeof v === 'bigint' ? `@${v}@` : v)).replace(/"@(-?\d+)@"/g, '$1')
    const signature = crypto.createHash('sha1')
      .update('AK' + KEY + crypto.createHash('md5').update(json).digest('hex')).digest('hex')
    return verifyPostback(`{"access_key":"AK","signature":"${signature}","additional_data":${json}}`, KEY).entries[0][member]
  }
  for (const member of ['stockpiling_id', 'transaction_type', 'withdrawal_status']) {
    for (const big of [9007199254740992n, -9007199254740992n, 9223372036854775807n, -9223372036854775808n]) {
      assert.equal(verifyWith(member, big), big, `${member} ${big}`)
    }
    for (const safe of [9007199254740991n, -9007199254740991n, 0n]) {
      assert.equal(verifyWith(member, safe), Number(safe), `${member} ${safe}`)
    }
  }
})

test('a parsed object is refused with the reason (express.raw, not express.json)', () => {
  const parsed = JSON.parse(signedFixture('easypaisa_deposit_postback.json', KEY))
  throwsCode(assert, () => verifyPostback(parsed, KEY), 'validation_error', { type: TypeError, field: 'body' })
  assert.throws(() => verifyPostback(parsed, KEY), /raw request body.*express\.raw.*express\.json/s)
  for (const bad of [undefined, null, 42, [], new Float64Array(2)]) {
    throwsCode(assert, () => verifyPostback(bad, KEY), 'validation_error', { type: TypeError, field: 'body' })
  }
  throwsCode(assert, () => verifyPostback('{}', 7), 'validation_error', { type: TypeError, field: 'private_key' })
  throwsCode(assert, () => verifyPostback('{}', ''), 'validation_error', { field: 'private_key' })
})

test('malformed bodies are malformed_postback errors, never a crash', () => {
  const body = Buffer.from(signedFixture('easypaisa_deposit_postback.json', KEY))
  for (const bad of ['', 'null', '[]', '{"signature":"x"}', '{', '\u0000', '{"access_key":"AK","signature":"0000000000000000000000000000000000000000","additional_data":"x"}']) {
    throwsCode(assert, () => verifyPostback(bad, KEY), 'malformed_postback')
  }
  const end = body.toString().trimEnd().length // a cut before the final '}' is invalid JSON
  for (let cut = 0; cut < end; cut += 7) {
    throwsCode(assert, () => verifyPostback(body.subarray(0, cut), KEY), 'malformed_postback')
  }
  for (let i = 0; i < 3000; i++) {
    const junk = crypto.randomBytes(1 + (i % 300))
    if (i % 3 === 0) junk[0] = 0x7b // '{', to get past the first check
    assert.throws(() => verifyPostback(junk, KEY), (e) => ['malformed_postback', 'signature_mismatch'].includes(e.code))
  }
})

test('shared vectors: tests/vectors/postback.json', () => {
  const file = vectors('postback.json')
  assert.ok(file, 'tests/vectors/postback.json is missing: the shared vectors are part of every run')
  assert.equal(file.algorithm, 'postback_verification')
  assert.ok(file.cases.length > 0)
  for (const c of file.cases) {
    const label = `${c.id}: ${c.comment}`
    if (c.valid) {
      const p = verifyPostback(Buffer.from(c.body), c.private_key)
      assert.equal(p.kind, c.kind, label)
      assert.equal(p.idempotency_key, c.idempotency_key, label)
      assert.equal(p.signature_form, c.signature_form, label)
    } else {
      assert.throws(() => verifyPostback(Buffer.from(c.body), c.private_key), (e) => {
        assert.equal(e.code, c.error_code, label)
        return true
      })
    }
  }
})

test('the test helper signs like the addon checks (guards the helper itself)', () => {
  const data = [{ transaction_id: '7', amount: '5', wallet_type: 'upi' }]
  const body = JSON.stringify({ access_key: 'AK', signature: signPostback('AK', KEY, data), additional_data: data })
  assert.equal(verifyPostback(body, KEY).entries[0].transaction_id, '7')
})

test("the result has the core's shape: equal to the `paykassma verify-postback` CLI output", () => {
  const { execFileSync } = require('node:child_process')
  const { repo } = require('./helpers')
  for (const name of ['easypaisa_deposit_postback.json', 'easypaisa_withdrawal_postback.json']) {
    const body = signedFixture(name, KEY)
    // PAYKASSMA_CLI: a `paykassma` binary to use instead (make test-dist: the released one).
    const [command, args] = process.env.PAYKASSMA_CLI
      ? [process.env.PAYKASSMA_CLI, []]
      : ['cargo', ['run', '--quiet', '--release', '-p', 'paykassma-cli', '--']]
    const cli = execFileSync(command, [...args, 'verify-postback', '--key', KEY, '-'], {
      cwd: repo, input: body, encoding: 'utf8', timeout: 600_000,
    })
    assert.deepEqual(verifyPostback(body, KEY), JSON.parse(cli), name)
  }
})

test('unsigned.converted_amount is decoded when first read, then is a plain value', () => {
  const p = verifyPostback(signedFixture('easypaisa_deposit_postback.json', KEY), KEY)
  assert.equal(typeof Object.getOwnPropertyDescriptor(p.unsigned, 'converted_amount').get, 'function')
  assert.ok(Object.keys(p.unsigned).includes('converted_amount'))
  assert.equal(p.unsigned.converted_amount.USD, 3.44)
  assert.equal(p.unsigned.converted_amount.BTC, 0.00013153)
  const after = Object.getOwnPropertyDescriptor(p.unsigned, 'converted_amount')
  assert.equal(after.get, undefined)
  assert.equal(after.value, p.unsigned.converted_amount)
  assert.equal(JSON.parse(JSON.stringify(p)).unsigned.converted_amount.INR, 287)
  const noRates = JSON.parse(signedFixture('easypaisa_deposit_postback.json', KEY))
  delete noRates.converted_amount
  assert.equal(verifyPostback(JSON.stringify(noRates), KEY).unsigned.converted_amount, null)
})

test("every shape of signed list gives the core's JSON form (the CLI's), integers past 2^53 as BigInt", () => {
  const { execFileSync } = require('node:child_process')
  const { md5, sha1, repo } = require('./helpers')
  const [command, args] = process.env.PAYKASSMA_CLI
    ? [process.env.PAYKASSMA_CLI, []]
    : ['cargo', ['run', '--quiet', '--release', '-p', 'paykassma-cli', '--']]
  // The CLI's JSON, its integers past 2^53 read as BigInt (JSON.parse would round them).
  const cli = (body) => {
    const out = execFileSync(command, [...args, 'verify-postback', '--key', KEY, '-'], {
      cwd: repo, input: body, encoding: 'utf8', timeout: 600_000,
    })
    return JSON.parse(out.replace(/(?<=[:,[])(-?\d{16,})(?=[,\]}])/g, '"@$1"'), (_, v) =>
      typeof v === 'string' && v.startsWith('@') ? (Number.isSafeInteger(Number(v.slice(1))) ? Number(v.slice(1)) : BigInt(v.slice(1))) : v)
  }
  const floats =
    '[{"transaction_id":"1","amount":"10","wallet_type":"upi","f":1.0,"e":1.0e+25,"s":0.0001,' +
    '"u":"a\\u2028b é \\"q\\" \\/ \\\\","o":{},"l":[],"n":[1,[2,{"k":null,"10":true}]]}]'
  const floatsReencoded = floats.replace('1.0,', '1,').replace('\\/', '/')
  const lists = [
    [floats, floatsReencoded],
    '{"0":{"transaction_id":"1","amount":"10"},"x":{"transaction_id":"2","amount":"20"}}',
    '[{"withdrawal_id":"w1","withdrawal_status":5,"amount":"7.50","stockpiling_id":9007199254740993}]',
    '[{"withdrawal_id":"w1","withdrawal_status":1,"signed_extra":[-9007199254740993]}]',
    '[{"transaction_id":"12345678901234567890","amount":"1","n":9007199254740991,"transaction_type":-9223372036854775808}]',
    // Typed members past ASCII: Latin-1, other BMP scripts, past U+FFFF, escapes beside them.
    '[{"transaction_id":"é😀","amount":"1","account_name":"Zoë नाम 😀\\u2028\\"q\\"","comment":"üÿĀ/محمد"}]',
  ]
  for (const entry of lists) {
    const [list, reencoded] = Array.isArray(entry) ? entry : [entry, entry]
    const body = `{"access_key":"AK","signature":"${sha1('AK' + KEY + md5(reencoded))}","additional_data":${list}}`
    const p = verifyPostback(body, KEY)
    p.entries.forEach((e) => e.signed) // read the lazy members, then compare plain values
    assert.deepStrictEqual(p, cli(body), list)
  }
  const big = verifyPostback(`{"access_key":"AK","signature":"${sha1('AK' + KEY + md5(lists[4]))}","additional_data":${lists[4]}}`, KEY)
  assert.equal(big.entries[0].transaction_type, -9223372036854775808n)
  assert.equal(big.entries[0].signed.n, 9007199254740991)
  assert.equal(big.entries[0].transaction_id, '12345678901234567890')
})

test('entries[i].signed is parsed when first read, then is a plain value', () => {
  const p = verifyPostback(signedFixture('easypaisa_deposit_postback.json', KEY), KEY)
  const e = p.entries[0]
  assert.equal(typeof Object.getOwnPropertyDescriptor(e, 'signed').get, 'function')
  assert.equal(e.signed.transaction_id, '23936218009')
  assert.equal(Object.getOwnPropertyDescriptor(e, 'signed').value, e.signed)
  e.signed = 'replaced'
  assert.equal(e.signed, 'replaced', 'a plain, writable property after the first read')
  assert.equal(JSON.parse(JSON.stringify(p)).entries[0].signed, 'replaced')
})

test('Client#verifyPostback gives the same object as verifyPostback', () => {
  const { Client } = require('..')
  const client = new Client({ apiBaseUrl: 'http://127.0.0.1:9', secret: 'secret', postbackPrivateKey: KEY })
  const body = signedFixture('easypaisa_withdrawal_postback.json', KEY)
  assert.deepStrictEqual(client.verifyPostback(body), verifyPostback(body, KEY))
})

test('the lazy properties behave as plain ones: assigned before a read, read on a frozen object', () => {
  const body = signedFixture('easypaisa_deposit_postback.json', KEY)
  const assigned = verifyPostback(body, KEY)
  assigned.entries[0].signed = 'mine'
  assigned.unsigned.converted_amount = null
  assert.equal(assigned.entries[0].signed, 'mine')
  assert.equal(assigned.unsigned.converted_amount, null)
  const frozen = verifyPostback(body, KEY)
  Object.freeze(frozen.entries[0])
  Object.seal(frozen.unsigned)
  assert.equal(frozen.entries[0].signed.transaction_id, '23936218009')
  assert.equal(frozen.unsigned.converted_amount.USD, 3.44)
})

test('a verified postback is built when first read, and is a plain object before and after', () => {
  const { inspect } = require('node:util')
  const text = signedFixture('easypaisa_deposit_postback.json', KEY)
  const eager = verifyPostback(text, KEY) // the first postback of a process is built at once
  const isLazy = (p) => typeof Object.getOwnPropertyDescriptor(p, 'entries').get === 'function'
  assert.equal(isLazy(verifyPostback(text, KEY)), true, 'returned before its members are built')
  assert.deepEqual(Object.keys(verifyPostback(text, KEY)), Object.keys(eager))
  assert.deepStrictEqual({ ...verifyPostback(text, KEY) }, { ...eager })
  assert.equal(JSON.stringify(verifyPostback(text, KEY)), JSON.stringify(eager))
  assert.deepStrictEqual(structuredClone(verifyPostback(text, KEY)), structuredClone(eager))
  assert.equal(inspect(verifyPostback(text, KEY), { depth: 0 }), inspect(eager, { depth: 0 }))
  const read = verifyPostback(text, KEY)
  assert.equal(read.kind, 'deposit')
  assert.equal(read.entries, read.entries, 'built once: the same values each time')
  assert.deepEqual(Object.getOwnPropertySymbols(read).filter((s) => Object.getOwnPropertyDescriptor(read, s).enumerable), [])
  const frozen = Object.freeze(verifyPostback(text, KEY))
  assert.equal(frozen.entries, frozen.entries, 'a frozen postback reads the same values each time')
  assert.deepStrictEqual(frozen, eager)
  assert.throws(() => { frozen.kind = 'mine' }, TypeError) // what strict mode does to a frozen data property
  assert.equal(frozen.kind, 'deposit')
  const assigned = verifyPostback(text, KEY)
  assigned.kind = 'mine'
  assert.equal(assigned.kind, 'mine')
  assert.deepStrictEqual({ ...assigned, kind: eager.kind }, eager)
  const deleted = verifyPostback(text, KEY)
  delete deleted.unsigned
  assert.equal(deleted.kind, 'deposit')
  assert.equal('unsigned' in deleted, false, 'a deleted member stays deleted')
})

test('the key is not kept where inspect can see it, and a Buffer reused after the call changes nothing', () => {
  const { inspect } = require('node:util')
  const { Client } = require('..')
  const key = 'a-private-key-nobody-prints'
  // Non-ASCII bytes, so that the copy of a Buffer must keep bytes, not characters.
  const list = [{ transaction_id: '7', amount: '10', account_name: 'Zoë Ünal नाम' }]
  const bodyText = `{"access_key":"AK","signature":"${signPostback('AK', key, list)}","additional_data":${JSON.stringify(list)}}`
  verifyPostback(bodyText, key) // so the next ones are lazy
  const body = Buffer.from(bodyText)
  const client = new Client({ apiBaseUrl: 'http://127.0.0.1:9', secret: 'secret', postbackPrivateKey: key })
  for (const p of [verifyPostback(body, key), verifyPostback(new Uint8Array(body), key), client.verifyPostback(body)]) {
    const shown = inspect(p, { showHidden: true, depth: 0 })
    assert.equal(shown.includes(key), false, shown)
    body.fill(0x20) // a Buffer reused after the call changes nothing
    body.write(bodyText)
  }
  const p = verifyPostback(body, key)
  body.fill(0x20)
  assert.equal(p.entries[0].account_name, 'Zoë Ünal नाम')
  assert.equal(p.entries[0].signed.account_name, 'Zoë Ünal नाम')
})

test('converted_amount reads as the core decodes it, where JSON.parse would read it otherwise', () => {
  const list = [{ transaction_id: '1', amount: '10' }]
  const withRates = (rates) =>
    `{"access_key":"AK","signature":"${signPostback('AK', KEY, list)}","additional_data":${JSON.stringify(list)},"converted_amount":${rates}}`
  verifyPostback(withRates('{}'), KEY) // so the next ones are lazy
  const rates = '{"USD":3.44,"big":9007199254740993,"neg":-9007199254740993,"zero":-0,"nz":-0.0,"exp":1e300,' +
    '"pair":"\\ud83d\\ude00","long":1234567890123456.5,"k":"x1234567890123456789","safe":9007199254740991}'
  assert.deepStrictEqual(verifyPostback(withRates(rates), KEY).unsigned.converted_amount, {
    USD: 3.44, big: 9007199254740993n, neg: -9007199254740993n, zero: 0, nz: -0, exp: 1e300, pair: '😀',
    long: 1234567890123456.5, k: 'x1234567890123456789', safe: 9007199254740991,
  })
  assert.deepStrictEqual(verifyPostback(withRates('{"USD":3.44,"BTC":0.00013153,"n":-0.5}'), KEY).unsigned.converted_amount,
    { USD: 3.44, BTC: 0.00013153, n: -0.5 })
  assert.throws(() => verifyPostback(withRates('{"bad":"\\ud800"}'), KEY).unsigned.converted_amount)
})

test('a string body is refused by its UTF-8 size at the exact cap, however few UTF-16 units it has', () => {
  const CAP = 1 << 20
  const body = (bytes, char = ' ') => { // JSON of `bytes` UTF-8 bytes: `{}` padded with `char`
    const pad = bytes - 2
    return '{' + char.repeat(Math.floor(pad / Buffer.byteLength(char))) + ' '.repeat(pad % Buffer.byteLength(char)) + '}'
  }
  const refusal = (text) => {
    try {
      verifyPostback(text, KEY)
    } catch (e) {
      return e
    }
    assert.fail('verified')
  }
  for (const char of [' ', '\u00a0', '\u2003']) { // 1, 2 and 3 UTF-8 bytes a UTF-16 unit
    const atCap = refusal(body(CAP, char))
    assert.equal(Buffer.byteLength(body(CAP, char)), CAP)
    assert.doesNotMatch(atCap.message, /over the/, `${char.codePointAt(0)}: the cap itself is not refused by size`)
    const over = refusal(body(CAP + 1, char))
    assert.equal(over.code, 'malformed_postback')
    assert.match(over.message, new RegExp(`body is ${CAP + 1} bytes, over the ${CAP}-byte cap`))
  }
})

test('the text members are plain values from the start, UTF-8 past ASCII included', () => {
  const { md5, sha1 } = require('./helpers')
  const list = '[{"transaction_id":"é😀नाम","wallet_type":"upi","amount":"1"}]'
  const body = `{"access_key":"AK","signature":"${sha1('AK' + KEY + md5(list))}","additional_data":${list}}`
  verifyPostback(body, KEY) // not the first postback of the process: that one is built at once
  const p = verifyPostback(body, KEY)
  const value = (name) => Object.getOwnPropertyDescriptor(p, name).value
  assert.equal(value('kind'), 'deposit')
  assert.equal(value('idempotency_key'), 'deposit:upi:é😀नाम')
  assert.equal(value('signed_list'), 'additional_data')
  assert.equal(value('signature_form'), 'current')
  assert.equal(value('acknowledgement'), '{"status":"ok"}')
  assert.equal(typeof Object.getOwnPropertyDescriptor(p, 'entries').get, 'function', 'the others are read when first read')
  assert.deepEqual(Object.keys(p), ['kind', 'idempotency_key', 'signed_list', 'signature_form', 'entries', 'unsigned', 'unsigned_fields', 'acknowledgement'])
  assert.equal(p.entries[0].transaction_id, 'é😀नाम')
})

test('an idempotency key the JSON text escapes is the key itself', () => {
  const { md5, sha1 } = require('./helpers')
  for (const id of ['a"b', 'a\\b', 'a/b', 'a\u2028b', 'é"\\😀']) {
    // As PHP encodes it: U+2028 escaped, `/` and other characters as they are.
    const list = JSON.stringify([{ transaction_id: id, wallet_type: 'upi', amount: '1' }]).replace(/\u2028/g, '\\u2028')
    const body = `{"access_key":"AK","signature":"${sha1('AK' + KEY + md5(list))}","additional_data":${list}}`
    verifyPostback(body, KEY) // not the first postback of the process: that one is built at once
    const p = verifyPostback(body, KEY)
    assert.equal(Object.getOwnPropertyDescriptor(p, 'idempotency_key').value, `deposit:upi:${id}`, id)
    assert.equal(p.entries[0].transaction_id, id)
  }
})

test('unsigned_fields is a plain list of its own in each postback', () => {
  const { md5, sha1 } = require('./helpers')
  const list = '[{"transaction_id":"1","wallet_type":"upi","amount":"1"}]'
  const body = `{"access_key":"AK","signature":"${sha1('AK' + KEY + md5(list))}","additional_data":${list}}`
  const a = verifyPostback(body, KEY)
  a.unsigned_fields.push('changed')
  const b = verifyPostback(body, KEY)
  assert.deepEqual(Object.getOwnPropertyDescriptor(b, 'unsigned_fields').value,
    ['amount', 'label', 'currency_code', 'wallet_type', 'direction', 'created_datetime', 'converted_amount'])
  assert.notEqual(verifyPostback(body, KEY).unsigned_fields, b.unsigned_fields)
  assert.deepStrictEqual(JSON.parse(JSON.stringify(b)).unsigned_fields, b.unsigned_fields)
})
