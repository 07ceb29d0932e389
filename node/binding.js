'use strict'
// Loads the addon through the loader napi-rs generates (index.js), which looks for
// `paykassma.<platform>.node` beside it, then for the package `paykassma-<platform>`. When neither
// loads, its error blames an npm bug whatever the cause; this one names the platform, the packages
// that exist, and what to do.

function platformName() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const report = process.report && typeof process.report.getReport === 'function' ? process.report.getReport() : null
    const glibc = report && report.header && report.header.glibcVersionRuntime
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function noBinaryError(cause) {
  const platform = platformName()
  const pkg = require('./package.json')
  const prebuilt = Object.keys(pkg.optionalDependencies || {}).map((name) => name.slice(pkg.name.length + 1))
  const lines = [`paykassma: no native binary loads on this platform (${platform}, Node ${process.versions.node}).`]
  if (prebuilt.includes(platform)) {
    lines.push(
      `The package ${pkg.name}-${platform} holds it: if it is missing from node_modules, npm skipped the optional`,
      'dependency (https://github.com/npm/cli/issues/4828): remove node_modules and package-lock.json and run',
      'npm install again. If it is there, the cause below says why it did not load.',
    )
  } else {
    lines.push(
      prebuilt.length > 0
        ? `Prebuilt binaries exist for: ${prebuilt.join(', ')}.`
        : 'This copy of the package ships no prebuilt binary: run `npm run build` in its folder (needs Rust).',
      'On another platform, build from source: https://github.com/paykassma-sdk/paykassma/tree/main/node#build-from-source',
    )
  }
  const error = new Error(lines.join('\n'))
  error.code = 'ERR_PAYKASSMA_NO_BINARY'
  error.cause = cause
  return error
}

try {
  module.exports = require('./index.js')
} catch (e) {
  throw noBinaryError(e)
}
