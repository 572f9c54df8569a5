#!/usr/bin/env bash
# The demo application (examples/local/demo/DemoApp.java) over real HTTP on loopback: health, version, the exact
# share of injected errors, latency, and bad flags.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

log=$(mktemp)
timeout 120 java examples/local/demo/DemoApp.java --port 0 --version v2 --error-rate 10 --latency 50ms >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -f "$log"' EXIT
port=
for _ in $(seq 200); do  # source launch compiles first: up to 20 s
  port=$(sed -n 's/^demo-app v2 listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$log")
  [[ -n $port ]] && break
  sleep 0.1
done
if [[ -z $port ]]; then fail "start: no 'listening' line"; cat "$log"; else
  [[ $(curl -s "127.0.0.1:$port/health") == ok ]] && passed=$((passed + 1)) || fail health
  [[ $(curl -s "127.0.0.1:$port/version") == v2 ]] && passed=$((passed + 1)) || fail version
  codes=$(for _ in $(seq 50); do curl -s -o /dev/null -w '%{http_code}\n' "127.0.0.1:$port/api/invoices"; done | sort | uniq -c | tr -s ' ')
  [[ $codes == *" 45 200"*" 5 500"* ]] && passed=$((passed + 1)) || fail "error share: expected 45x200 and 5x500, got: $codes"
  t=$(curl -s -o /dev/null -w '%{time_total}' "127.0.0.1:$port/api/x")
  python3 -c "import sys; sys.exit(0 if float('$t') >= 0.05 else 1)" && passed=$((passed + 1)) || fail "latency: $t s < 50 ms"
fi
java examples/local/demo/DemoApp.java --error-rate 200 >/dev/null 2>"$log"; code=$?
[[ $code == 2 ]] && grep -q "is not a percent" "$log" && passed=$((passed + 1)) || fail "bad flag: exit $code"

echo "demo app: $passed passed, $failed failed"
[[ $failed == 0 ]]
