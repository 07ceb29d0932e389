// The main npm package installed without its platform package: requiring it must fail with an
// error that names the platform and the package that holds its binary.
//   node no-binary.cjs PLATFORM
const assert = require('node:assert/strict')

const platform = process.argv[2]
assert.throws(
  () => require('paykassma'),
  (e) => {
    assert.equal(e.code, 'ERR_PAYKASSMA_NO_BINARY', e.stack)
    assert.ok(e.message.includes(`(${platform}, Node `), e.message)
    assert.ok(e.message.includes(`paykassma-${platform}`), e.message)
    console.log(e.message)
    return true
  },
)
