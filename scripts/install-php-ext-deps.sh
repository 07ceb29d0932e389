#!/usr/bin/env bash
# Installs what the PHP extension's build and tests need, only when it is missing: PHP's headers
# and phpize (php8.2-dev), pecl (php-pear), and php-fpm behind nginx for the web-server test.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"

need=()
command -v phpize >/dev/null 2>&1 || need+=(php8.2-dev)
command -v pecl >/dev/null 2>&1 || need+=(php-pear)
command -v php-fpm8.2 >/dev/null 2>&1 || [ -x /usr/sbin/php-fpm8.2 ] || need+=(php8.2-fpm)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)

apt_install ${need[@]+"${need[@]}"}
