'use strict'
// Signing the withdrawal requests of the benchmark corpus (`make bench-corpus`): the addon
// (`sign` on each request as an object and as its JSON text) against the obvious JS (`JSON.parse`,
// sorted keys, `crypto`), same requests, same run. Checks every signature against PHP's first,
// then prints one `BENCH {...}` line per implementation and input: median and slowest over the
// requests, each timed as the best of ROUNDS rounds of REPS calls.
//   node node/benches/sign.js CORPUS [ROUNDS] [REPS]
//
// `the floor (read in JS, one native call, no hashing)` is the least a native `sign` of an object
// must do: read its keys and values in JS, hand them over in one call (as the addon's own path
// does: the keys and strings in one text, three numbers a field) to a native function that reads
// them and answers a constant 40-character string. Add the core's md5 and sha1 of the signing
// string (core/benches/sign.rs, `limit`) for the whole floor.
const fs = require('node:fs')
const crypto = require('node:crypto')
const { sign } = require('..')
const { signFloor } = require('../binding.js')

/** What a merchant writes first from the documents' formula. */
function obviousSign(data, key) {
  const implode = (v) => {
    if (v === true) return '1'
    if (v === false || v === null) return ''
    if (typeof v === 'object') return Object.values(v).map(implode).join(':')
    return String(v)
  }
  const text = Object.keys(data)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => implode(data[k]))
    .join(':')
  const md5 = crypto.createHash('md5').update(text).digest('hex')
  return crypto.createHash('sha1').update(key + md5).digest('hex')
}

// The floor's hand-over: plain objects of strings, numbers, booleans, null and plain objects, as
// the corpus's requests are (anything else is refused, so the row times nothing it does not do).
const FLOOR_FIELDS = new Float64Array(3 * 256)
let floorText = ''
let floorCount = 0
function floorPut(object) {
  const keys = Object.keys(object)
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i]
    const value = object[name]
    const at = 3 * floorCount++
    FLOOR_FIELDS[at] = name.length
    floorText += name
    if (typeof value === 'string') {
      FLOOR_FIELDS[at + 1] = 4
      FLOOR_FIELDS[at + 2] = value.length
      floorText += value
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      FLOOR_FIELDS[at + 1] = 3
      FLOOR_FIELDS[at + 2] = value
    } else if (value === null) {
      FLOOR_FIELDS[at + 1] = 0
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      FLOOR_FIELDS[at + 1] = 5
      FLOOR_FIELDS[at + 2] = Object.keys(value).length
      floorPut(value)
    } else {
      throw new Error('the floor reads plain requests only')
    }
  }
}
function floorSign(data, key) {
  floorText = ''
  floorCount = 0
  floorPut(data)
  return signFloor(floorText, FLOOR_FIELDS, key)
}

const obviousSignJson = (text, key) => obviousSign(JSON.parse(text), key)

function report(impl, input, requests, fn, rounds, reps) {
  const times = requests.map((r) => {
    const data = input === 'object' ? r.request : r.json
    let best = Infinity
    for (let round = 0; round < rounds; round++) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < reps; i++) fn(data, r.key)
      best = Math.min(best, Number(process.hrtime.bigint() - start) / reps / 1000)
    }
    return best
  })
  times.sort((a, b) => a - b)
  const round3 = (x) => Math.round(x * 1000) / 1000
  const line = {
    what: 'sign', impl, input, n: times.length, median_us: round3(times[times.length >> 1]),
    slowest_us: round3(times[times.length - 1]), peak_rss_kb: process.resourceUsage().maxRSS,
  }
  console.log('BENCH ' + JSON.stringify(line))
}

function main() {
  const [corpus, rounds = '7', reps = '20'] = process.argv.slice(2)
  if (!corpus) {
    console.error('usage: sign.js CORPUS [ROUNDS] [REPS]')
    process.exit(2)
  }
  const requests = fs.readFileSync(corpus, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  for (const r of requests) {
    for (const got of [sign(r.request, r.key), sign(r.json, r.key), obviousSign(r.request, r.key)]) {
      if (got !== r.signature) {
        console.error(`signature differs from PHP's on ${r.json}`)
        process.exit(1)
      }
    }
  }
  const [n, k] = [Number(rounds), Number(reps)]
  report('node', 'object', requests, sign, n, k)
  report('node', 'json', requests, sign, n, k)
  report('the floor (read in JS, one native call, no hashing)', 'object', requests, floorSign, n, k)
  report('obvious-js', 'object', requests, obviousSign, n, k)
  report('obvious-js', 'json', requests, obviousSignJson, n, k)
}

main()
