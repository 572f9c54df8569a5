#!/usr/bin/env bash
# Crash safety of a local canary: the CLI driving it is killed with kill -9 at a random moment, TRIALS times
# (default 20). After each kill, `rollgate resume` (odd trials) or `rollgate abort` (even trials; every fourth
# trial the abort is killed too, then resumed) must bring the rollout to a complete end: Promoted with every
# request served by the new version, or Aborted/RolledBack with every request served by the old one; never a
# split. The ledger must hold every attempt that started, finished.
# Real processes throughout: the CLI, the local agent with its router, the demo app's instances.
set -uo pipefail
cd "$(dirname "$0")/.."
trials=${TRIALS:-20}
passed=0 failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/rollgate.yaml" <<YAML
service: crash
environments:
  crash:
    rollout:
      local:
        command: "java $PWD/examples/local/demo/DemoApp.java --port {port} --version {version}"
        listen: 127.0.0.1:$port
      healthCheck: { interval: 200ms, timeout: 2s, failureThreshold: 100 }
      strategy:
        canary:
          steps:
            - setWeight: 30
            - pause: { duration: 2s }
            - setWeight: 70
            - pause: { duration: 1s }
YAML
rg() { ./rollgate "$@" --config "$work/rollgate.yaml" --env crash --state-dir "$work/state"; }
cleanup() { rg abort >/dev/null 2>&1; rg down >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

# Every request through the router answered by one version: prints it, or "split: ..." when not.
served() {
  local seen
  seen=$(for _ in $(seq 30); do curl -s -m 2 "127.0.0.1:$port/version"; echo; done | grep -v '^$' | sort -u | tr '\n' ' ')
  echo "${seen% }"
}
phase() { rg status --output json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("phase") or "none", d.get("stableVersion") or "-", d.get("canaryVersion") or "-")'; }

rg deploy --version v0 >"$work/first.log" 2>&1 || { cat "$work/first.log"; fail "first deployment"; exit 1; }
stable=v0
for i in $(seq "$trials"); do
  version=v$i
  # The launcher execs the JVM, so $! is the CLI's own process: kill -9 hits the driver itself.
  ./rollgate deploy --config "$work/rollgate.yaml" --env crash --state-dir "$work/state" --version "$version" \
    --unattended >"$work/deploy.log" 2>&1 &
  pid=$!
  delay=$(python3 -c "import random; print(round(random.uniform(0.2, 7.0), 2))")
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  read -r before _ canary < <(phase)
  how=none
  if [[ $canary == "$version" && $before != Promoted && $before != Aborted && $before != RolledBack ]]; then
    if ((i % 2)); then
      how=resume; rg resume >"$work/converge.log" 2>&1
    elif ((i % 4)); then
      how=abort; rg abort --reason "crash test" >"$work/converge.log" 2>&1
    else
      # The abort itself is killed part-way through putting traffic back; resume must still finish the job.
      ./rollgate abort --config "$work/rollgate.yaml" --env crash --state-dir "$work/state" --reason "crash test" \
        >"$work/converge.log" 2>&1 &
      apid=$!
      sleep "$(python3 -c "import random; print(round(random.uniform(0.1, 1.5), 2))")"
      kill -9 "$apid" 2>/dev/null
      wait "$apid" 2>/dev/null
      how="abort (killed too), resume"
      rg resume >>"$work/converge.log" 2>&1
    fi
  fi
  read -r after now_stable canary < <(phase)
  answer=$(served)
  expect=$stable
  [[ $after == Promoted && $canary == "$version" ]] && expect=$version
  if [[ $after != Promoted && $after != Aborted && $after != RolledBack ]]; then
    fail "trial $i (killed after ${delay}s in $before, $how): ended $after"; cat "$work/converge.log"
  elif [[ $answer != "$expect" ]]; then
    fail "trial $i (killed after ${delay}s in $before, $how): router serves '$answer', expected only $expect"
  elif [[ $now_stable != "$expect" ]]; then
    fail "trial $i: status says stable $now_stable, expected $expect"
  else
    passed=$((passed + 1))
    echo "ok trial $i: killed after ${delay}s in $before; $how -> $after, all traffic on $expect"
  fi
  stable=$expect
done

# SIGTERM (a cancelled CI job) in the middle of a canary: a safe abort by default, exit 3, traffic back on stable.
./rollgate deploy --config "$work/rollgate.yaml" --env crash --state-dir "$work/state" --version term \
  --unattended >"$work/term.log" 2>&1 &
pid=$!
sleep 4
kill -TERM "$pid"
wait "$pid"; code=$?
read -r after now_stable _ < <(phase)
answer=$(served)
if [[ $code == 3 && $after == Aborted && $answer == "$stable" && $now_stable == "$stable" ]]; then
  passed=$((passed + 1)); echo "ok SIGTERM: exit 3, Aborted, all traffic on $stable"
else
  fail "SIGTERM: exit $code, phase $after, router serves '$answer' (expected $stable)"; cat "$work/term.log"
fi

# --on-interrupt leave: SIGTERM leaves the rollout as it is; rollgate resume finishes it later.
./rollgate deploy --config "$work/rollgate.yaml" --env crash --state-dir "$work/state" --version left \
  --unattended --on-interrupt leave >"$work/leave.log" 2>&1 &
pid=$!
sleep 4
kill -TERM "$pid"
wait "$pid"; code=$?
read -r left_phase _ _ < <(phase)
rg resume >"$work/resume.log" 2>&1
read -r after now_stable _ < <(phase)
answer=$(served)
if [[ $code == 3 && ($left_phase == Progressing || $left_phase == Paused) && $after == Promoted && $answer == left ]]; then
  passed=$((passed + 1)); echo "ok --on-interrupt leave: left $left_phase, resume -> Promoted, all traffic on left"
else
  fail "--on-interrupt leave: exit $code, left $left_phase, after resume $after, router serves '$answer'"
  cat "$work/leave.log" "$work/resume.log"
fi

# The ledger holds every attempt that got as far as starting, each with a final outcome.
history=$(rg history --output json)
python3 - "$history" "$trials" <<'PY' && passed=$((passed + 1)) || fail "ledger"
import json, sys
records = json.loads(sys.argv[1])
open_ = [r for r in records if r["outcome"] == "in_progress"]
if open_:
    print("attempts left in progress:", [r["version"] for r in open_]); sys.exit(1)
versions = [r["version"] for r in records]
print(f"ledger: {len(records)} attempts, outcomes {sorted(set(r['outcome'] for r in records))}")
PY

echo "crash test: $passed passed, $failed failed"
((failed == 0))
