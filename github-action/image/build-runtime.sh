#!/usr/bin/env bash
# Usage: build-runtime.sh JAR OUTDIR
#
# Makes what the action image runs the shaded jar with, from the JDK this script finds:
#   OUTDIR/java          a jlink runtime with only the modules the jar needs (about a third of a full JDK)
#   OUTDIR/rollgate.jsa  a class-data-sharing (AppCDS) archive of the classes real commands load, for that
#                        runtime and that jar path: the JVM starts in about half the time
# The Dockerfile runs it in its build stage; tests/action-check.sh runs it on this machine, so the runtime the
# image ships is proven to start without a Docker engine.
#
# The JDK: $JAVA_HOME when it has jlink, else the one `javac` on PATH belongs to (Debian: /usr/lib/jvm/default-java).
# jlink needs the JDK's jmods/ folder (Debian: in openjdk-17-jdk-headless; Temurin 17 and 21 JDKs have it), or a
# JDK 24+ built to link from its own run-time image (Temurin 25 is).
# Messages go to stderr; stdout stays empty. Exit 0 when both files are there, non-zero otherwise.
set -euo pipefail

if (($# != 2)); then
  echo "usage: build-runtime.sh JAR OUTDIR" >&2
  exit 2
fi
jar=$(readlink -f -- "$1")
out=$2
[[ -f $jar ]] || { echo "build-runtime: no jar at $1" >&2; exit 2; }
# The examples the training runs use, relative to this script: github-action/image/ -> repository root.
root=$(cd -P -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/../.." && pwd)

jdk=
for candidate in "${JAVA_HOME-}" \
    "$(dirname -- "$(dirname -- "$(readlink -f -- "$(command -v javac || echo /nonexistent/bin/javac)")")")" \
    /usr/lib/jvm/default-java; do
  if [[ -n $candidate && -x $candidate/bin/jlink && -x $candidate/bin/jdeps ]]; then
    jdk=$candidate
    break
  fi
done
[[ -n $jdk ]] || { echo "build-runtime: no JDK with jlink and jdeps (set JAVA_HOME)" >&2; exit 2; }
feature=$("$jdk/bin/jlink" --version | cut -d. -f1)
echo "build-runtime: JDK $("$jdk/bin/jlink" --version) at $jdk" >&2

# Modules: what jdeps finds in the bytecode, plus what it cannot see because it is reached by reflection or
# chosen at run time:
#   jdk.unsupported  sun.misc.Signal (SIGINT/SIGTERM handling), called reflectively by the CLI
#   jdk.crypto.ec    elliptic-curve TLS (ECDHE, ECDSA) to api.github.com; folded into java.base from JDK 22 on
#   java.net.http    the raw deployment-status call and hub4j's default connector
# (jdk.crypto.cryptoki, PKCS#11, is not needed for TLS: SunJSSE and SunEC do the handshake.)
modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")
available=$("$jdk/bin/java" --list-modules | sed 's/@.*//')
for extra in jdk.unsupported jdk.crypto.ec java.net.http; do
  if grep -qx -- "$extra" <<<"$available"; then
    modules+=",$extra"
  fi
done
modules=$(tr ',' '\n' <<<"$modules" | sort -u | paste -sd, -)
echo "build-runtime: modules $modules" >&2

# --compress: JDK 21 names the levels zip-0..zip-9 and warns about the old numbers; JDK 17 knows only 0|1|2.
if ((feature >= 21)); then compress=zip-6; else compress=2; fi
mkdir -p -- "$out"
out=$(cd -P -- "$out" && pwd)
rm -rf -- "$out/java" "$out/rollgate.jsa"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress="$compress" --output "$out/java"
java=$out/java/bin/java
"$java" -version 2>&1 | sed 's/^/build-runtime: /' >&2

# Training. Each run records the classes it loads; the lists are merged and dumped into one static archive.
# (-XX:ArchiveClassesAtExit would keep the classes of one run only, and it needs a base archive, which a jlink
# runtime does not have unless built with --generate-cds-archive.) Runs that end with a non-zero code
# (a blocked gate, a missing token) train as well as successful ones, so their codes are ignored.
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
# A copy of the example policy and the reports it reads, so the ledger a run may read or write stays in $work.
mkdir -p "$work/examples" "$work/home"
cfg=
if [[ -f $root/examples/rollgate.yaml ]]; then
  cp -R -- "$root/examples/rollgate.yaml" "$root/examples/reports" "$work/examples/"
  cfg=$work/examples/rollgate.yaml
fi
runs=0
train() {  # train NAME ENV... -- ARGS...: one run of the jar in an empty environment but for ENV
  local name=$1 envs=()
  shift
  while [[ $1 != -- ]]; do envs+=("$1"); shift; done
  shift
  local code=0
  runs=$((runs + 1))
  (cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work/home" "${envs[@]}" \
      "$java" -Xshare:off -XX:DumpLoadedClassList="$work/$runs.lst" -jar "$jar" "$@") \
      >"$work/$name.out" 2>&1 || code=$?
  echo "build-runtime: training run '$name' exited $code" >&2
}
train help -- --help
if [[ -n $cfg ]]; then
  gate=(gate --config "$cfg" --env production --trigger push --ref main --ci-status success)
  train gate-json -- "${gate[@]}" --at 2026-11-25T10:00:00Z --output json
  train gate-text -- "${gate[@]}" --at 2026-11-28T14:30:00Z --output text
  # The adapter as the runner starts it: a manual dispatch, outputs and summary into files. No token and an
  # API address nothing listens on, so a GitHub call fails at once instead of reaching out.
  printf '{"inputs":{"deployment_environment":"production","skip_tests":"false","deployment_reason":""},"ref":"refs/heads/main"}\n' \
    >"$work/event.json"
  : >"$work/output"
  : >"$work/summary"
  train action GITHUB_ACTIONS=true GITHUB_EVENT_NAME=workflow_dispatch GITHUB_EVENT_PATH="$work/event.json" \
    GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" GITHUB_REPOSITORY=rollgate-dev/rollgate \
    GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 GITHUB_REF=refs/heads/main GITHUB_ACTOR=octocat \
    GITHUB_API_URL=http://127.0.0.1:9 GITHUB_WORKSPACE="$work" INPUT_COMMAND=gate INPUT_CONFIG="$cfg" \
    INPUT_ENVIRONMENT=production INPUT_GITHUB_DEPLOYMENT=off INPUT_WAIT_LOCK=0s \
    -- github-action
else
  echo "build-runtime: no $root/examples/rollgate.yaml; training on --help only" >&2
fi

# Merge, dropping duplicates and the per-run class ids (they clash between runs; only custom loaders need them).
cat "$work"/*.lst | sed 's/ id: [0-9]*$//' | awk '!seen[$0]++' >"$work/classes.lst"
echo "build-runtime: $runs training runs, $(grep -cv '^#' "$work/classes.lst") classes" >&2
if ! "$java" -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$out/rollgate.jsa" \
    -cp "$jar" >"$work/dump.out" 2>&1; then
  cat "$work/dump.out" >&2
  echo "build-runtime: the CDS dump failed" >&2
  exit 1
fi
# Prove the pair works, with the GC and compiler options of the image's ENTRYPOINT: -Xshare:on refuses to start
# when the archive cannot be used with this jar and runtime.
if ! "$java" -Xshare:on -XX:SharedArchiveFile="$out/rollgate.jsa" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -jar "$jar" --help >/dev/null 2>"$work/check.err"; then
  cat "$work/check.err" >&2
  echo "build-runtime: the runtime does not start with the archive" >&2
  exit 1
fi
echo "build-runtime: $(du -sh "$out/java" | cut -f1) runtime, $(du -h "$out/rollgate.jsa" | cut -f1) archive in $out" >&2
