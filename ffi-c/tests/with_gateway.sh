#!/usr/bin/env bash
# Runs a command with the project's sandbox gateway (target/release/paykassma sandbox) listening
# on a free loopback port, then stops it. Each word BASE_URL in the command becomes its URL:
#   with_gateway.sh sandbox COMMAND...
# SANDBOX_ARGS adds options to the sandbox's command line (e.g. --config FILE).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ "${1:-}" = sandbox ] || { echo "usage: $0 sandbox COMMAND..." >&2; exit 2; }
shift
out="$(mktemp)"
"$root/target/release/paykassma" sandbox --port 0 ${SANDBOX_ARGS:-} >"$out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$out"' EXIT
url=""
for _ in $(seq 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -n 1 || true)"
  [ -n "$url" ] && (exec 3<>"/dev/tcp/127.0.0.1/${url##*:}") 2>/dev/null && break
  url=""
  sleep 0.05
done
[ -n "$url" ] || { echo "the sandbox did not start:" >&2; cat "$out" >&2; exit 1; }
args=()
for a in "$@"; do args+=("${a//BASE_URL/$url}"); done
"${args[@]}"
