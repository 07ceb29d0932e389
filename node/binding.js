'use strict'
// Loads the addon: `paykassma.<platform>.node` beside this file (a build from source), else the
// package `paykassma-<platform>`, the one of the main package's `optionalDependencies` that npm
// installed for this machine. The platforms are those of `napi.targets` in package.json, named as
// napi-rs names their packages (node/npm/). When neither loads, the error names the platform, the
// packages that exist, and what to do.

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

function noBinaryError(platform, cause) {
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

function load() {
  const platform = platformName()
  const failures = []
  for (const candidate of [`./paykassma.${platform}.node`, `paykassma-${platform}`]) {
    try {
      return require(candidate)
    } catch (e) {
      failures.push(e)
    }
  }
  throw noBinaryError(platform, new AggregateError(failures, failures.map((e) => e.message).join('\n')))
}

module.exports = load()
