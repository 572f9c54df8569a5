#!/usr/bin/env bash
# JMH: the rollout engine's own overhead for a 10-step canary with no pauses against an in-memory target
# (EngineBenchmark.engineOnly: the state machine; driverInMemory: plus the driver's saves and ledger appends).
# Target: under 5 ms per rollout. Prints JMH's table and PASS/FAIL; exits 1 when the target is missed.
#
#   bench/engine-bench.sh
#
# Not part of the test suite: figures depend on the machine and its load.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B -Pbench -pl bench/engine -am -DskipTests -Djacoco.skip=true package >&2
cp=$(cat bench/engine/target/classpath.txt):bench/engine/target/classes
out=$(mktemp)
trap 'rm -f "$out"' EXIT
java -cp "$cp" org.openjdk.jmh.Main EngineBenchmark -rf json -rff "$out" "$@"
python3 - "$out" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
ok = True
for r in results:
    name = r["benchmark"].rsplit(".", 1)[1]
    us = r["primaryMetric"]["score"]
    err = r["primaryMetric"]["scoreError"]
    passed = us < 5000
    ok &= passed
    print(f"{name}: {us / 1000:.3f} ms per 10-step canary (±{err / 1000:.3f}) -> {'PASS' if passed else 'FAIL'} (target < 5 ms)")
sys.exit(0 if ok else 1)
PY
