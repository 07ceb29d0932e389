#!/usr/bin/env bash
# Runs a command with a scripted gateway listening on a free loopback port:
#   with_gateway.sh COMMAND... (the words BASE_URL in COMMAND become the gateway's URL)
# The gateway is php/tests/fake_gateway.php under `php -S`; it is stopped when the command ends.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
PK_FAKE_LOG="$log" php -S "127.0.0.1:$port" "$here/../../php/tests/fake_gateway.php" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.05
done
args=()
for a in "$@"; do args+=("${a//BASE_URL/http://127.0.0.1:$port}"); done
"${args[@]}"
