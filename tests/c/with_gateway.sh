#!/usr/bin/env bash
# Runs a command with a gateway listening on a free loopback port, then stops the gateway:
#   with_gateway.sh sandbox COMMAND...   the project's sandbox (target/release/paykassma sandbox)
#   with_gateway.sh fake COMMAND...      php/tests/fake_gateway.php under `php -S`
# Each word BASE_URL in COMMAND becomes the gateway's URL.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
kind="$1"
shift
out="$(mktemp)"
case "$kind" in
  sandbox)
    "$root/target/release/paykassma" sandbox --port 0 >"$out" 2>&1 &
    ;;
  fake)
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "listening on http://127.0.0.1:$port" >"$out"
    PK_FAKE_LOG=/dev/null php -S "127.0.0.1:$port" "$root/php/tests/fake_gateway.php" >/dev/null 2>&1 &
    ;;
  *) echo "usage: $0 sandbox|fake COMMAND..." >&2; exit 2 ;;
esac
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$out"' EXIT
url=""
for _ in $(seq 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -n 1 || true)"
  port="${url##*:}"
  [ -n "$url" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  url=""
  sleep 0.05
done
[ -n "$url" ] || { echo "the $kind gateway did not start:" >&2; cat "$out" >&2; exit 1; }
args=()
for a in "$@"; do args+=("${a//BASE_URL/$url}"); done
"${args[@]}"
