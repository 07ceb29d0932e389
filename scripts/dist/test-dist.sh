#!/usr/bin/env bash
# Tests each release artifact in dist/ as a user installs it: from a scratch folder outside the
# repository, with no cargo or rustc on PATH (except the sdist build, which compiles by design).
#   scripts/dist/test-dist.sh VERSION TRIPLE GLIBC_MAX TOOLS_BIN
# TRIPLE is the Rust target the artifacts were built for; GLIBC_MAX the highest glibc symbol
# version a binary may need (empty when the target has no glibc); TOOLS_BIN the dist tools'
# virtualenv (maturin, auditwheel).
set -euo pipefail
version=$1 triple=$2 glibc_max=$3 tools=$4
repo=$PWD
dist=$repo/dist
work=$(mktemp -d "${TMPDIR:-/tmp}/paykassma-test-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "test-dist: $*" >&2; exit 1; }
one() { # the one file matching a pattern
  local matches=("$@")
  [ ${#matches[@]} -eq 1 ] && [ -e "${matches[0]}" ] || fail "expected one file, found: ${matches[*]}"
  echo "${matches[0]}"
}

# PATH without any folder holding cargo or rustc: nothing below can compile Rust by accident.
clean_path=
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -x "$d/cargo" ] || [ -x "$d/rustc" ] || clean_path=${clean_path:+$clean_path:}$d
done
clean() { env PATH="$clean_path" "$@"; }
clean sh -c '! command -v cargo && ! command -v rustc' >/dev/null || fail "cargo is still on the clean PATH"

floors=()
glibc_floor() { # the highest GLIBC_x.y symbol version a binary needs
  local file=$1 label=$2 need
  [ -n "$glibc_max" ] || return 0
  need=$(objdump -T "$file" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -uV | tail -n 1)
  floors+=("$(printf '%-48s needs glibc %s' "$label" "${need:-(none)}")")
  [ "$(printf '%s\n%s\n' "${need:-0}" "$glibc_max" | sort -V | tail -n 1)" = "$glibc_max" ] ||
    fail "$label needs glibc $need, more than $glibc_max"
}

case $triple in
  *-linux-*) dylib=so ;;
  *-apple-darwin) dylib=dylib ;;
  *) fail "test-dist runs on Linux and macOS (the release workflow smoke-tests Windows)" ;;
esac
key=withdrawal-private-key
want_signature=$(python3 -c 'import hashlib,sys; k=sys.argv[1]; print(hashlib.sha1((k + hashlib.md5(b"1000:1").hexdigest()).encode()).hexdigest())' "$key")

# --- C: the tarball, unpacked, built against with pkg-config, shared and static ---------------
step "C library and CLI: $(basename "$(one "$dist"/libpaykassma-"$version"-"$triple".tar.gz)")"
tar -C "$work" -xzf "$dist/libpaykassma-$version-$triple.tar.gz"
c=$work/libpaykassma-$version-$triple
ls -l "$c/lib" "$c/bin"
for f in include/paykassma.h lib/libpaykassma.a lib/pkgconfig/paykassma.pc bin/paykassma README.md "lib/libpaykassma.$dylib"; do
  [ -e "$c/$f" ] || fail "the C tarball has no $f"
done
if [ "$dylib" = so ]; then
  real=$c/lib/libpaykassma.so.$version
  soname=$(objdump -p "$real" | awk '$1 == "SONAME" { print $2 }')
  [ -n "$soname" ] && [ -e "$c/lib/$soname" ] || fail "libpaykassma.so.$version: SONAME '$soname' has no link beside it"
  [ "$(readlink -f "$c/lib/libpaykassma.so")" = "$(readlink -f "$real")" ] || fail "libpaykassma.so does not lead to $real"
  echo "SONAME $soname"
  glibc_floor "$real" "C: lib/libpaykassma.so.$version"
  glibc_floor "$c/bin/paykassma" "C: bin/paykassma"
fi
clean "$c/bin/paykassma" --version
[ "$(clean "$c/bin/paykassma" --version)" = "paykassma $version" ] || fail "bin/paykassma --version is not 'paykassma $version'"
pc() { clean env PKG_CONFIG_PATH="$c/lib/pkgconfig" pkg-config --define-prefix "$@" paykassma; }
echo "pkg-config --define-prefix --cflags --libs: $(pc --cflags --libs)"
pc --cflags | grep -q -- "-I$c/include" || fail "paykassma.pc does not relocate (cflags: $(pc --cflags))"
clean cc -std=c11 -Wall -Wextra -Werror $(pc --cflags) -o "$work/app-shared" "$repo/tests/dist/app.c" \
  $(pc --libs) -Wl,-rpath,"$c/lib"
printf 'linked to lib/libpaykassma.so: '; clean "$work/app-shared" "$version" "$want_signature"
clean cc -std=c11 -Wall -Wextra -Werror $(pc --cflags) -o "$work/app-static" "$repo/tests/dist/app.c" \
  "$c/lib/libpaykassma.a" $(pc --static --libs-only-l | sed 's/-lpaykassma//')
printf 'linked to lib/libpaykassma.a: '; clean "$work/app-static" "$version" "$want_signature"

# --- Python: the wheel in a fresh virtualenv, the vector tests against it -------------------------
wheel=$(one "$dist"/paykassma-"$version"-cp310-abi3-*.whl)
step "Python wheel: $(basename "$wheel")"
if [ -n "$glibc_max" ]; then
  "$tools/auditwheel" show "$wheel" | tee "$work/auditwheel.txt"
  tr -d '\n' <"$work/auditwheel.txt" | grep -q "consistent with the following platform tag: *\"manylinux_${glibc_max/./_}_" ||
    fail "auditwheel does not accept the wheel as manylinux_${glibc_max/./_}"
  mkdir "$work/wheel" && python3 -m zipfile -e "$wheel" "$work/wheel"
  glibc_floor "$(one "$work"/wheel/paykassma/_native*.so)" "Python: $(basename "$wheel")"
fi
clean python3 -m venv "$work/venv"
clean "$work/venv/bin/pip" install --quiet "$wheel" "pytest>=7"
py_vector_tests() {
  (cd "$work" && clean "$work/venv/bin/python" -c \
    'import paykassma, sys; assert paykassma.__file__.startswith(sys.prefix), paykassma.__file__; print("imports", paykassma.__file__)')
  (cd "$work" && clean "$work/venv/bin/python" -m pytest -q -p no:cacheprovider \
    "$repo/py/tests/test_sign.py" "$repo/py/tests/test_postback.py")
}
py_vector_tests
# Without the shared vectors the vector tests fail; they never skip.
mkdir -p "$work/no-vectors/py/tests"
cp "$repo"/py/tests/{conftest.py,test_sign.py,php_oracle.php} "$work/no-vectors/py/tests/"
if (cd "$work" && clean "$work/venv/bin/python" -m pytest -q -p no:cacheprovider -k vectors \
  "$work/no-vectors/py/tests/test_sign.py" >"$work/no-vectors.log" 2>&1); then
  cat "$work/no-vectors.log"; fail "the vector tests passed without tests/vectors"
fi
grep -q "tests/vectors/sign.json is missing" "$work/no-vectors.log" || { cat "$work/no-vectors.log"; fail "no clear failure without the vectors"; }
echo "without tests/vectors: the vector test fails ($(tail -n 1 "$work/no-vectors.log"))"

# --- Python: the sdist builds a working wheel (this step compiles, with cargo) ---------------------
sdist=$(one "$dist/paykassma-$version.tar.gz")
step "Python sdist: $(basename "$sdist") (built with cargo)"
PATH="$tools:$PATH" CARGO_TARGET_DIR=$repo/target/sdist-check "$tools/pip" wheel --quiet --no-deps --no-build-isolation \
  -w "$work/sdist-wheel" "$sdist"
ls "$work/sdist-wheel"
clean "$work/venv/bin/pip" install --quiet --force-reinstall --no-deps "$(one "$work"/sdist-wheel/*.whl)"
py_vector_tests

# --- Node: both tarballs in one `npm install` into an empty app -----------------------------------
main_tgz=$(one "$dist/paykassma-$version.tgz")
platform_tgz=$(one "$dist"/paykassma-*-"$version".tgz)
platform=${platform_tgz##*/paykassma-}
platform=${platform%-"$version".tgz}
step "npm: $(basename "$main_tgz") and $(basename "$platform_tgz")"
mkdir "$work/app"
echo '{ "name": "app", "private": true }' >"$work/app/package.json"
(cd "$work/app" && clean npm install --no-audit --no-fund --loglevel=error "$main_tgz" "$platform_tgz")
pkg=$work/app/node_modules/paykassma
[ -z "$(find "$pkg" -name '*.node')" ] || fail "the main npm package holds an addon: $(find "$pkg" -name '*.node')"
addon=$(one "$work/app/node_modules/paykassma-$platform"/*.node)
[ -n "$glibc_max" ] && glibc_floor "$addon" "Node: $(basename "$platform_tgz")"
cp "$repo/tests/dist/imports.mjs" "$work/app/" # imports resolve from the importing file's folder
(cd "$work/app" && clean node imports.mjs)
# The suite's vector tests, run from inside the installed package (`require('..')` is the package).
mkdir "$pkg/test"
cp "$repo"/node/test/{sign.test.js,postback.test.js,helpers.js} "$pkg/test/"
(cd "$pkg" && clean env PAYKASSMA_REPO="$repo" PAYKASSMA_CLI="$c/bin/paykassma" \
  node --test --test-reporter=tap test/sign.test.js test/postback.test.js >"$work/node-tests.tap") ||
  { cat "$work/node-tests.tap"; fail "the Node vector tests failed against the installed package"; }
grep -E '^# (tests|pass|fail|skipped) ' "$work/node-tests.tap"
grep -q '^# skipped 0$' "$work/node-tests.tap" || fail "Node tests were skipped"
# TypeScript: the suite's usage file, importing 'paykassma', as CommonJS (.ts) and ES module (.mts).
sed "s|from '\.\.'|from 'paykassma'|" "$repo/node/test/usage.ts" >"$work/app/usage.ts"
cp "$work/app/usage.ts" "$work/app/usage.mts"
cat >"$work/app/tsconfig.json" <<EOF
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "es2020", "module": "nodenext", "moduleResolution": "nodenext",
    "types": ["node"], "typeRoots": ["$repo/node/node_modules/@types"]
  },
  "files": ["usage.ts", "usage.mts"]
}
EOF
(cd "$work/app" && clean node "$repo/node/node_modules/typescript/bin/tsc" -p tsconfig.json)
echo "tsc: usage.ts and usage.mts type-check against the shipped index.d.ts"
# The main package alone: a clear error that names the platform.
mkdir "$work/app-no-binary"
echo '{ "name": "app-no-binary", "private": true }' >"$work/app-no-binary/package.json"
(cd "$work/app-no-binary" && clean npm install --no-audit --no-fund --loglevel=error --omit=optional "$main_tgz")
cp "$repo/tests/dist/no-binary.cjs" "$work/app-no-binary/"
(cd "$work/app-no-binary" && clean node no-binary.cjs "$platform")

# --- PHP: the Composer archive installed by composer, over the released C library --------------
php_zip=$(one "$dist/paykassma-sdk-$version.zip")
step "PHP: composer require paykassma/sdk from $(basename "$php_zip"), with lib/libpaykassma.$dylib from the C tarball"
mkdir -p "$work/php-app/artifacts" && cp "$php_zip" "$work/php-app/artifacts/"
echo '{ "repositories": [{ "type": "artifact", "url": "artifacts/" }, { "packagist.org": false }] }' \
  >"$work/php-app/composer.json"
(cd "$work/php-app" && clean env COMPOSER_HOME="$work/composer-home" COMPOSER_ALLOW_SUPERUSER=1 \
  composer require --no-interaction --no-progress --no-audit "paykassma/sdk:$version")
[ ! -e "$work/php-app/vendor/paykassma/sdk/tests" ] || fail "the Composer archive holds the tests"
clean env PAYKASSMA_LIB="$c/lib/libpaykassma.$dylib" php -d ffi.enable=true -r '
  require $argv[1] . "/vendor/autoload.php";
  $signature = Paykassma\Sdk::sign(["amount" => 1000, "is_test" => true], $argv[2]);
  if ($signature !== $argv[3] || Paykassma\Sdk::version() !== $argv[4]) { fwrite(STDERR, "got $signature\n"); exit(1); }
  echo "PHP ", PHP_VERSION, ": Paykassma\\Sdk::sign over libpaykassma ", Paykassma\Sdk::version(), " as expected\n";
' "$work/php-app" "$key" "$want_signature" "$version"

step "glibc floors (at most ${glibc_max:-n/a})"
printf '%s\n' "${floors[@]}"
echo
echo "every artifact in dist/ passed"
