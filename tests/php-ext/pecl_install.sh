#!/usr/bin/env bash
# Installs the PECL package as a user would (`pecl install paykassma-VER.tgz`, which builds it with
# phpize and configure against the libpaykassma pkg-config finds), loads it with
# `extension=paykassma`, runs the sign and postback tests on it, and removes it again.
#   PKG_CONFIG_PATH=... tests/php-ext/pecl_install.sh dist/paykassma-VER.tgz
set -euo pipefail

tarball=$1
php=${PHP:-php}
root=$(cd "$(dirname "$0")/../.." && pwd)
ext_dir=$("$php" -r 'echo ini_get("extension_dir");')
[ ! -e "$ext_dir/paykassma.so" ] || { echo "$ext_dir/paykassma.so exists already: not overwriting it"; exit 1; }

log=$(mktemp)
trap 'pecl uninstall paykassma >/dev/null 2>&1 || true; rm -f "$log"' EXIT
# The one prompt (the configure option) takes its default: find libpaykassma with pkg-config.
if ! printf '\n' | pecl install "$tarball" >"$log" 2>&1; then
  tail -n 30 "$log"
  echo "pecl install $tarball failed"
  exit 1
fi
grep -q "install ok: channel://pecl.php.net/paykassma" "$log" || { tail -n 30 "$log"; exit 1; }
[ -f "$ext_dir/paykassma.so" ] || { echo "pecl did not install $ext_dir/paykassma.so"; exit 1; }
echo "pecl installed $ext_dir/paykassma.so"

run() { PAYKASSMA_BACKEND=extension PAYKASSMA_EXT=paykassma "$php" -d extension=paykassma -d ffi.enable=0 "$@"; }
version=$(run -r 'echo phpversion("paykassma");')
[ "$version" = "$(basename "$tarball" .tgz | sed 's/^paykassma-//')" ] || { echo "loaded version $version"; exit 1; }
for t in SignTest PostbackTest BadInputTest; do
  run "$root/php/tests/$t.php"
done
pecl uninstall paykassma >/dev/null
[ ! -e "$ext_dir/paykassma.so" ] || { echo "pecl uninstall left $ext_dir/paykassma.so"; exit 1; }
echo "pecl install, extension=paykassma, uninstall: ok"
