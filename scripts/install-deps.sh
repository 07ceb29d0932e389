#!/usr/bin/env bash
# Installs the system packages the test suites need, only when they are missing.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"

need=()
command -v php >/dev/null 2>&1 || need+=(php8.2-cli)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# make test-dist installs the PHP package with composer, from a local archive (needs PHP's zip).
command -v composer >/dev/null 2>&1 || need+=(composer)
{ command -v php >/dev/null 2>&1 && php -m | grep -qix zip; } || need+=(php8.2-zip)
# The PHP client's `logger` setting is tested with a PSR-3 logger from Debian's psr/log.
[ -f /usr/share/php/Psr/Log/autoload.php ] || need+=(php-psr-log)

apt_install ${need[@]+"${need[@]}"}

if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
fi
php --version | head -n 1
