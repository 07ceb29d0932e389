'use strict'
// Benchmark: verifyPostback against the obvious JS (JSON.parse, JSON.stringify, node:crypto), on
// the varied corpus (target/bench-corpus/postbacks.jsonl, from `make bench-corpus`).
//
//   node node/benches/verify_postback.js [--corpus FILE] [--rounds N] [--batch-ms MS]
//
// Each body is timed as the best of N rounds (each a batch of calls lasting about MS); each
// implementation runs in its own process, so that its peak memory is its own, and prints
// `BENCH {"what":"verify","impl":...,"n","median_us","slowest_us","peak_rss_kb"}`, then the same
// figures for the bodies with and without an integer past 2^53, and for the bodies of 3.7 to
// 7.9 KB, on a line of its own (`node` and `obvious-js` also print the last as a BENCH line with
// `"input":"3.7-7.9 KB"`).
//
// `node` and `obvious-js` give the verdict (a verified postback's members are parsed when first
// read); `node-read-first` also reads one member, which builds them all but the two decoded when
// read (entries' `signed`, `converted_amount`); `node-read-all` and `obvious-js-read-all` read
// every member, nested ones included, so the cost of the members is shown too.
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const { execFileSync } = require('node:child_process')

const IMPLS = ['node', 'node-read-first', 'node-read-all', 'obvious-js', 'obvious-js-read-all']

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? process.argv[at + 1] : fallback
}

/** What a merchant writes first; timed on every body whatever its verdict. */
function obviousVerify(body, privateKey) {
  const data = JSON.parse(body.toString('utf8'))
  const list = data.additional_data ?? data.transactions
  const md5 = crypto.createHash('md5').update(JSON.stringify(list)).digest('hex')
  const expected = crypto.createHash('sha1').update(data.access_key + privateKey + md5).digest('hex')
  return expected === data.signature ? data : null
}

/** Reads every member of `value`, nested ones included; returns how many were read. */
function readAll(value) {
  if (value === null || typeof value !== 'object') return 1
  let n = 0
  for (const key of Object.keys(value)) n += readAll(value[key])
  return n
}

/** Whether a body holds an integer past 2^53, which JSON.parse rounds. */
function hasBigInt(text) {
  const digits = text.match(/(?<=[:,[]\s*)-?\d{16,}(?=\s*[,\]}])/g) || []
  return digits.some((d) => BigInt(d) > BigInt(Number.MAX_SAFE_INTEGER) || BigInt(d) < -BigInt(Number.MAX_SAFE_INTEGER))
}

/** Microseconds per call of `fn()`: the best of `rounds` batches of about `batchMs` each. */
function time(fn, rounds, batchMs) {
  let start = process.hrtime.bigint()
  fn()
  const once = Number(process.hrtime.bigint() - start) / 1e3
  const calls = Math.max(1, Math.ceil((batchMs * 1e3) / Math.max(once, 0.5)))
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    start = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) fn()
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e3 / calls)
  }
  return best
}

const MID = '3.7-7.9 KB'

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b)
  const round = (x) => Math.round(x * 100) / 100
  return { n: sorted.length, median_us: round(sorted[Math.floor((sorted.length - 1) / 2)]), slowest_us: round(sorted[sorted.length - 1]) }
}

function runOne(impl, corpusFile, rounds, batchMs) {
  const { verifyPostback } = require('..')
  const items = fs.readFileSync(corpusFile, 'utf8').split('\n').filter(Boolean).map((line) => {
    const item = JSON.parse(line)
    const body = Buffer.from(item.body)
    return { key: item.key, body, big: hasBigInt(item.body), mid: body.length >= 3700 && body.length <= 7900 }
  })
  let sink = 0
  const verify = {
    node: (item) => { sink += verifyPostback(item.body, item.key) === null ? 1 : 0 },
    'node-read-first': (item) => { sink += verifyPostback(item.body, item.key).entries.length },
    'node-read-all': (item) => { sink += readAll(verifyPostback(item.body, item.key)) },
    'obvious-js': (item) => { sink += obviousVerify(item.body, item.key) === null ? 1 : 0 },
    'obvious-js-read-all': (item) => { sink += readAll(obviousVerify(item.body, item.key)) },
  }[impl]
  for (const item of items) verify(item) // every body verifies (the node impl throws otherwise)
  const refused = sink
  const times = items.map((item) => time(() => verify(item), rounds, batchMs))
  const peak = process.resourceUsage().maxRSS
  console.log('BENCH ' + JSON.stringify({ what: 'verify', impl, ...summary(times), peak_rss_kb: peak }))
  const subset = (keep) => summary(times.filter((_, i) => keep(items[i])))
  const group = (keep) => JSON.stringify(subset(keep))
  if (impl === 'node' || impl === 'obvious-js') {
    // The sizes issue 17 first measured on, as a row of their own (the whole corpus spans 1-14 KB).
    console.log('BENCH ' + JSON.stringify({ what: 'verify', impl, input: MID, ...subset((item) => item.mid), peak_rss_kb: peak }))
  }
  console.log(`${impl}: with an integer past 2^53 ${group((item) => item.big)}; without ${group((item) => !item.big)}; ` +
    `${MID} ${group((item) => item.mid)}` +
    (impl === 'obvious-js' ? `; it refused ${refused} of the ${items.length} bodies` : '') + (sink < 0 ? '!' : ''))
}

const corpus = option('corpus', path.join(__dirname, '..', '..', 'target', 'bench-corpus', 'postbacks.jsonl'))
const rounds = Number(option('rounds', 5))
const batchMs = Number(option('batch-ms', 1))
const only = option('impl', null)
if (!fs.existsSync(corpus)) {
  console.error(`${corpus} is missing: run \`make bench-corpus\` first`)
  process.exit(1)
}
if (only) {
  runOne(only, corpus, rounds, batchMs)
} else {
  const lines = IMPLS.map((impl) => execFileSync(process.execPath, [__filename, '--impl', impl, '--corpus', corpus,
    '--rounds', String(rounds), '--batch-ms', String(batchMs)], { encoding: 'utf8' }))
  process.stdout.write(lines.join(''))
  const bench = Object.fromEntries(lines.map((out) => JSON.parse(out.match(/^BENCH (.*)$/m)[1])).map((b) => [b.impl, b]))
  for (const [ours, theirs] of [['node', 'obvious-js'], ['node-read-first', 'obvious-js'], ['node-read-all', 'obvious-js-read-all']]) {
    const [a, b] = [bench[ours], bench[theirs]]
    console.log(`${ours} vs ${theirs}: ${(b.median_us / a.median_us).toFixed(2)}x at the median, ` +
      `${(b.slowest_us / a.slowest_us).toFixed(2)}x at the slowest; ${ours}'s slowest / median: ` +
      `${(a.slowest_us / a.median_us).toFixed(2)}`)
  }
}
