'use strict'
// sign() on the shared edge inputs (tests/vectors/edge_inputs.json, the table in tests/README.md):
// each case's data built as JS values, and what Node must get.
const test = require('node:test')
const assert = require('node:assert/strict')
const { sign } = require('..')
const { vectors } = require('./helpers')

const edge = vectors('edge_inputs.json')

class Amount { constructor () { this.units = 1000 } }
class Stringable {
  constructor (text) { this.text = text }
  toString () { return this.text }
}
const FLOATS = { INF: Infinity, '-INF': -Infinity, NAN: NaN }

/** The JS value of a tree (the vocabulary is in tests/README.md). */
function build (tree) {
  const [kind, arg] = tree
  switch (kind) {
    case 'map': return Object.fromEntries(arg.map(([k, v]) => [typeof k === 'string' ? k : build(k), build(v)]))
    case 'list': return arg.map(build)
    case 'null': return null
    case 'bool': case 'string': return arg
    case 'utf16': return String.fromCharCode(...arg) // a surrogate unit stays a lone surrogate
    case 'bytes': return Buffer.from(arg, 'hex')
    case 'int': return BigInt(arg)
    case 'float': return arg in FLOATS ? FLOATS[arg] : Number(arg) // Number('-0.0') is -0
    case 'function': return () => 1
    case 'object': return new Amount()
    case 'stringable': return new Stringable(arg)
    default: throw new Error(`unknown tree ${JSON.stringify(tree)}`)
  }
}

/** JS cannot express a tree with a bytes key: object keys are strings. */
const expressible = (tree) => tree[0] === 'map'
  ? tree[1].every(([k, v]) => (typeof k === 'string' || k[0] !== 'bytes') && expressible(v))
  : tree[0] !== 'list' || tree[1].every(expressible)

test('the edge inputs file is there', () => {
  assert.ok(edge, 'tests/vectors/edge_inputs.json')
  assert.equal(edge.algorithm, 'edge_inputs')
  assert.ok(edge.cases.length >= 20)
})

for (const c of edge ? edge.cases : []) {
  test(`edge input ${c.id}`, () => {
    const want = c.expect.node
    assert.equal(want === 'n/a', !expressible(c.data), 'n/a exactly where JS cannot express the input')
    if (want === 'n/a') return
    const data = build(c.data)
    if (want.signature) {
      assert.equal(sign(data, c.key), want.signature, `${c.id}: signs ${want.signing_string}`)
      return
    }
    assert.throws(() => sign(data, c.key), (e) => {
      assert.equal(e.constructor.name, want.error, e.message)
      assert.deepEqual([e.code, e.field], [want.code, want.field], e.message)
      assert.ok(!e.message.includes(c.key))
      return true
    })
  })
}
