#!/usr/bin/env bash
# Start-up benchmark of the gate decision as a user runs it: `./rollgate gate ...`, a new JVM per run,
# launcher included. Prints median/p90/min/max wall time and median/max peak RSS per scenario, and
# PASS/FAIL against the targets (median <= 400 ms, peak RSS <= 100 MB). Exits 1 if a target is missed.
#
#   bench/gate-bench.sh [RUNS]         RUNS (or env RUNS) defaults to 30
#   COMPARE=1 bench/gate-bench.sh      also measures, for reference: the launcher with only the JDK's own CDS
#                                      archive, with no CDS at all (-Xshare:off), and plain `java -jar` (JDK defaults)
#
# Not part of the test suite: timings depend on the machine and its load (expect about +-30 % between runs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-${RUNS:-30}}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }

# Timing and peak RSS (wait4's ru_maxrss) are measured with python3; install it if missing (Debian).
command -v python3 >/dev/null || { apt-get update -q && apt-get install -y -q --no-install-recommends python3; } >&2

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$java" -version 2>&1 | sed -n 2p | sed 's/^/JVM: /'
echo "Warm-up: ./rollgate builds the jar and trains the CDS archive if needed (not measured)..."
./rollgate --help >/dev/null

java_home=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')

exec python3 - "$runs" "${COMPARE:-0}" "$java" "$java_home" <<'PY'
import json, os, statistics, subprocess, sys, tempfile, time

runs, compare, java, java_home = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3], sys.argv[4]
GATE = ["gate", "--config", "examples/rollgate.yaml", "--env", "production", "--trigger", "push",
        "--ref", "main", "--ci-status", "success"]
SCENARIOS = [
    ("gate --output json (2026-11-25T10:00Z)", GATE + ["--at", "2026-11-25T10:00:00Z", "--output", "json"]),
    ("gate --output text (blocked, Saturday)", GATE + ["--at", "2026-11-28T14:30:00Z", "--output", "text"]),
]
MAX_MS, MAX_MB = 400, 100

def run(cmd, env=None, out=subprocess.DEVNULL):
    """One process: (wall ms, peak RSS MB, exit code)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    return (time.perf_counter() - t) * 1000, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)

def check(args):
    """Runs once outside the measurements: the CLI decides (exit 0 or 1) and JSON output parses."""
    p = subprocess.run(["./rollgate"] + args, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"./rollgate {' '.join(args)} exited {p.returncode}:\n{p.stderr}")
    if "json" in args:
        json.loads(p.stdout)

def cds_usage(args):
    """How many classes came from a CDS archive, from the JVM's class-loading log."""
    with tempfile.TemporaryDirectory() as tmp:  # the JVM rotates an existing log file: read it afterwards
        log = os.path.join(tmp, "class-load.log")
        env = dict(os.environ, ROLLGATE_JAVA_OPTS=f"-Xlog:class+load=info:file={log}")
        subprocess.run(["./rollgate"] + args, env=env, stdin=subprocess.DEVNULL, capture_output=True)
        with open(log) as f:
            lines = [l for l in f if " source: " in l]
    shared = sum("source: shared objects file" in l for l in lines)
    return f"{shared} of {len(lines)} classes loaded from the CDS archive" + ("" if shared else " (NOT USED)")

def measure(label, cmd, env=None, targets=True):
    for _ in range(3):  # page cache and CPU frequency warm-up
        run(cmd, env)
    samples = [run(cmd, env) for _ in range(runs)]
    bad = [c for _, _, c in samples if c not in (0, 1)]
    ms = sorted(s[0] for s in samples)
    mb = [s[1] for s in samples]
    med, p90, rss_med, rss_max = statistics.median(ms), ms[round(0.9 * (len(ms) - 1))], statistics.median(mb), max(mb)
    ok = med <= MAX_MS and rss_max <= MAX_MB and not bad
    verdict = ("PASS" if ok else "FAIL") if targets else "(reference)"
    print(f"{label:<48} median {med:5.0f} ms  p90 {p90:5.0f}  min {ms[0]:5.0f}  max {ms[-1]:5.0f}"
          f"  | RSS median {rss_med:5.1f} MB  max {rss_max:5.1f} MB  {verdict}"
          + (f"  unexpected exit codes {sorted(set(bad))}" if bad else ""))
    return ok or not targets

def jar_stamp():
    st = os.stat("cli/target/rollgate.jar")
    return st.st_mtime_ns, st.st_size

print(f"{runs} runs per scenario, new JVM each, launcher included; targets: median <= {MAX_MS} ms, peak RSS <= {MAX_MB} MB")
print("load average before: %.2f %.2f %.2f (other processes skew timings on 2 cores)" % os.getloadavg())
all_ok = True
stamp = jar_stamp()
for label, args in SCENARIOS:
    check(args)
    print(f"  {label}: {cds_usage(args)}")
for label, args in SCENARIOS:
    all_ok &= measure("./rollgate " + label, ["./rollgate"] + args)
if compare:
    jdk_archive = f"-XX:SharedArchiveFile={java_home}/lib/server/classes.jsa"  # the last such option wins
    for label, args in SCENARIOS:
        short = label.split(" (")[0]
        measure("  JDK's CDS archive only: " + short, ["./rollgate"] + args,
                dict(os.environ, ROLLGATE_JAVA_OPTS=jdk_archive), targets=False)
        measure("  no CDS (-Xshare:off): " + short, ["./rollgate"] + args,
                dict(os.environ, ROLLGATE_JAVA_OPTS="-Xshare:off"), targets=False)
        measure("  plain java -jar, JDK defaults: " + short, [java, "-jar", "cli/target/rollgate.jar"] + args,
                targets=False)
print("load average after:  %.2f %.2f %.2f" % os.getloadavg())
if jar_stamp() != stamp:  # sources edited meanwhile: some runs included a build and a training
    print("WARNING: the jar was rebuilt during the measurement (sources changed); the figures are not valid, run again")
    all_ok = False
print("RESULT:", "PASS" if all_ok else "FAIL")
sys.exit(0 if all_ok else 1)
PY
