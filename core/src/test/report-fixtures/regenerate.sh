#!/usr/bin/env bash
# Rebuilds the report fixtures in core/src/test/resources/reports/ with the real tools:
# JaCoCo 0.8.15, Surefire 3.6.1 (JUnit 6.1.3) and SpotBugs (spotbugs-maven-plugin 4.10.4.1).
# The project is built in a temporary copy so that no target/ lands in the source tree.
# Tests in core assert exact numbers from these files: rerun the core tests afterwards
# and update the expectations (and the comments saying where they come from) if they moved.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
out="$root/core/src/test/resources/reports"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -R "$here/pom.xml" "$here/src" "$work/"
# Failing tests are intended (maven.test.failure.ignore=true in the pom); the build itself must succeed.
"$root/mvnw" -B -q -f "$work/pom.xml" verify

rm -rf "$out/jacoco" "$out/surefire" "$out/spotbugs"
mkdir -p "$out/jacoco" "$out/surefire" "$out/spotbugs"
cp "$work/target/site/jacoco/jacoco.xml" "$out/jacoco/jacoco.xml"
# Surefire writes every system property of the forked JVM (paths, user, OS) into each suite
# while the suite has failures; enablePropertiesElement=false only covers passing suites.
# Drop that block: it is machine noise, not part of what the readers look at.
for f in "$work"/target/surefire-reports/TEST-*.xml; do
  sed '/^ *<properties>$/,/^ *<\/properties>$/d' "$f" >"$out/surefire/$(basename "$f")"
done
cp "$work/target/spotbugsSarif.json" "$out/spotbugs/spotbugsSarif.json"

echo "fixtures written to $out:"
find "$out/jacoco" "$out/surefire" "$out/spotbugs" -type f | sort
