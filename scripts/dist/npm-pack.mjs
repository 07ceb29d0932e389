// Packs the npm release the way napi-rs lays it out: one package per platform (node/npm/<platform>/,
// made by `napi create-npm-dirs`) holding that platform's addon, and the main package, which has no
// binary and lists every platform package in `optionalDependencies` (what `napi pre-publish`
// writes at publish time), so npm installs only the one that fits.
//   node scripts/dist/npm-pack.mjs ADDON_DIR OUT_DIR
// ADDON_DIR holds the built addons (paykassma.<platform>.node); a platform package is packed for
// each one found there, so one machine packs its own platform and the release job packs them all.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const [addonDir, outDir] = process.argv.slice(2).map((p) => resolve(p))
if (!addonDir || !outDir) throw new Error('usage: node scripts/dist/npm-pack.mjs ADDON_DIR OUT_DIR')

const nodeDir = resolve('node')
const stageRoot = resolve('target/dist/stage/npm')
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
const main = readJson(join(nodeDir, 'package.json'))

rmSync(stageRoot, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })

function pack(dir) {
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: dir, encoding: 'utf8' }).trim()
  console.log(join(outDir, file))
}

const platforms = readdirSync(join(nodeDir, 'npm')).sort()
const optionalDependencies = {}
let packed = 0
for (const platform of platforms) {
  const dir = join(nodeDir, 'npm', platform)
  const pkg = readJson(join(dir, 'package.json'))
  if (pkg.version !== main.version) {
    throw new Error(`node/npm/${platform}/package.json is version ${pkg.version}, the package ${main.version}: run \`napi version\` in node/`)
  }
  optionalDependencies[pkg.name] = pkg.version
  const addon = join(addonDir, pkg.main)
  if (!existsSync(addon)) continue
  const stage = join(stageRoot, platform)
  mkdirSync(stage, { recursive: true })
  for (const file of ['package.json', 'README.md']) copyFileSync(join(dir, file), join(stage, file))
  copyFileSync(addon, join(stage, pkg.main))
  pack(stage)
  packed++
}
if (packed === 0) throw new Error(`no addon for any of ${platforms.join(', ')} in ${addonDir}`)

// The main package: the files it lists, never an addon, and no build tooling.
const stage = join(stageRoot, 'main')
mkdirSync(stage, { recursive: true })
for (const file of main.files) {
  if (/[*?]/.test(file) || file.endsWith('.node')) throw new Error(`node/package.json files: list plain file names, no addon (${file})`)
  copyFileSync(join(nodeDir, file), join(stage, file))
}
const { devDependencies, scripts, ...published } = main
published.optionalDependencies = optionalDependencies
writeFileSync(join(stage, 'package.json'), JSON.stringify(published, null, 2) + '\n')
pack(stage)
