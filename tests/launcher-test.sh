#!/usr/bin/env bash
# Runs ./rollgate as users do (the README's commands): exit codes, text and JSON on stdout, paths relative to the
# caller's directory, and the launcher's own promise: build the jar when it is missing or older than the sources.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
passed=0 failed=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

check() {  # check NAME EXPECTED_EXIT COMMAND... ; then assertions read $out/$err
  local name=$1 want=$2; shift 2
  "$@" >"$out" 2>"$err"; local got=$?
  if [[ $got == "$want" ]]; then return 0; fi
  echo "FAIL $name: exit $got, expected $want"; sed 's/^/  out: /' "$out"; sed 's/^/  err: /' "$err"; failed=$((failed + 1)); return 1
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then return 0; fi
  echo "FAIL $1: expected to find: $3"; sed 's/^/  > /' "$2"; failed=$((failed + 1)); return 1
}
ok() { passed=$((passed + 1)); }

gate=(./rollgate gate --config examples/rollgate.yaml --env production --ref main --ci-status success)

check quickstart 0 "${gate[@]}" --trigger ci_success --at 2026-11-25T10:00:00Z &&
  contains quickstart "$out" "Decision: DEPLOY (automated_ci)" && ok

check weekend 1 "${gate[@]}" --trigger ci_success --at 2026-11-28T14:30:00Z &&
  contains weekend "$out" "Next deployment window: Monday 09:00 UTC" && ok

if check json-stdout 1 "${gate[@]}" --trigger ci_success --at 2026-11-28T14:30:00Z --output json; then
  if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["shouldDeploy"] is False and d["nextWindow"]=="2026-11-30T09:00:00Z" and d["passesAtNextWindow"] is True, d' "$out"; then
    ok
  else
    echo "FAIL json-stdout: stdout is not the expected JSON"; cat "$out"; failed=$((failed + 1))
  fi
fi

check emergency 0 ./rollgate gate --config examples/rollgate.yaml --env prod --ref main --trigger manual --skip-tests \
  --reason "Critical security patch - authentication bypass vulnerability CVE-2024-XXXX" --at 2026-11-28T23:45:00Z &&
  contains emergency "$out" "Decision: DEPLOY (emergency_manual)" && ok

check from-elsewhere 0 bash -c "cd /tmp && '$root/rollgate' validate --config '$root/examples/rollgate.yaml'" &&
  contains from-elsewhere "$out" "valid (service payments-api" && ok

check bad-config 2 ./rollgate validate --config tests/fixtures/typo.yaml &&
  contains bad-config "$err" "tests/fixtures/typo.yaml:5:7: environments.production.gates.windw: unknown field; did you mean 'window'?" && ok

check unknown-env 2 ./rollgate gate --config examples/rollgate.yaml --env prodd --trigger push &&
  contains unknown-env "$err" "unknown environment 'prodd'" && ok

check help 0 ./rollgate --help && contains help "$out" "Exit codes:" && ok

# `rollgate github-action` runs the action's jar (the container's): a step reproduced from its variables and files,
# outside a runner (no GITHUB_OUTPUT), so the outputs are printed as JSON.
event=$(mktemp)
printf '%s' '{"inputs":{"deployment_environment":"prod","deployment_reason":"Checkout outage INC-4521: hotfix now"}}' >"$event"
check action-local 0 env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  GITHUB_EVENT_NAME=workflow_dispatch GITHUB_EVENT_PATH="$event" GITHUB_REF=refs/heads/main \
  GITHUB_SHA=0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c INPUT_CONFIG=examples/rollgate.yaml INPUT_COMMAND=gate \
  INPUT_SKIP_TESTS=true ./rollgate github-action --at 2026-11-28T14:30:00Z &&
  contains action-local "$out" '"deployment_type":"emergency_manual"' && ok
rm -f "$event"

# Rebuilds, in a copy of the tracked files (so this checkout's jar is left alone): missing jar, up to date, stale.
copy=$(mktemp -d)
git ls-files -z | xargs -0 cp --parents -t "$copy"
check first-run 0 "$copy/rollgate" gate --config "$copy/examples/rollgate.yaml" --env staging --trigger manual \
  --ci-status success --output json && contains first-run "$err" "rollgate: building cli/target/rollgate.jar" &&
  python3 -m json.tool "$out" >/dev/null && ok
check up-to-date 0 "$copy/rollgate" --help &&
  if grep -q "building" "$err"; then echo "FAIL up-to-date: rebuilt an up-to-date jar"; failed=$((failed + 1)); else ok; fi
sleep 1  # mtime granularity
touch "$copy/core/src/main/java/dev/rollgate/config/ConfigLoader.java"
check stale 0 "$copy/rollgate" --help && contains stale "$err" "rollgate: building cli/target/rollgate.jar" && ok
rm -rf "$copy"

echo "launcher: $passed passed, $failed failed"
[[ $failed == 0 ]]
