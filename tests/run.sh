#!/usr/bin/env bash
# Runs every test of Rollgate on a fresh machine (Debian 12, JDK 17, node + npm), installing first, idempotently,
# whatever the tests need. This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tools. The Maven wrapper downloads Maven from Maven Central and needs unzip; the JSON Schema check uses Ajv from
# the npm registry, pinned by tests/package-lock.json.
if ! command -v unzip >/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends unzip
fi
npm ci --prefix tests --no-audit --no-fund --loglevel=error

# Java: unit and integration tests (JUnit via Surefire), coverage reports (JaCoCo), the shaded CLI jar.
./mvnw -B verify

# The committed JSON Schema, checked by a real validator: the examples pass, a typo fails.
node tests/schema-check.mjs docs/schema/rollgate.schema.json examples/rollgate.yaml
if node tests/schema-check.mjs docs/schema/rollgate.schema.json tests/fixtures/typo.yaml >/dev/null; then
  echo "schema check: tests/fixtures/typo.yaml should be invalid" >&2
  exit 1
fi

# The launcher as users run it: the README's commands, exit codes, JSON on stdout.
bash tests/launcher-test.sh

# The demo application the local examples deploy, over real HTTP.
bash tests/demo-app-test.sh

python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = 0
for path in glob.glob("*/target/surefire-reports/TEST-*.xml"):
    s = ET.parse(path).getroot()
    t += int(s.get("tests")); f += int(s.get("failures")) + int(s.get("errors"))
    t -= int(s.get("skipped"))
print(f"java: {t - f} passed, {f} failed")
PY
