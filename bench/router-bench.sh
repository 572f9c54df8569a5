#!/usr/bin/env bash
# Throughput and latency of the local target's weighted HTTP router (WeightedHttpRouter) against nginx doing the
# same 90/10 split, measured with wrk on 127.0.0.1. Prints requests/s, p50 and p99 per setup, the router/nginx
# throughput ratio and the router's added p50 latency, and PASS/FAIL against the targets:
#   router throughput >= 0.5 x nginx proxy throughput,   router p50 - direct-backend p50 < 1 ms.
# Exits 1 if a target is missed. See bench/router.md.
#
#   bench/router-bench.sh                 10 s per measurement, 32 connections, 2 wrk threads
#   DURATION=30s CONNECTIONS=64 bench/router-bench.sh
#   BASE_PORT=28180 bench/router-bench.sh  ports BASE+1..BASE+4 on 127.0.0.1 (default 18180)
#
# Not part of the test suite: figures depend on the machine and its load.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration=${DURATION:-10s}
conns=${CONNECTIONS:-32}
base=${BASE_PORT:-18180}
p_v1=$((base + 1)) p_v2=$((base + 2)) p_nginx=$((base + 3)) p_router=$((base + 4))

# --- tools (Debian packages; installed only if missing) ---------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

echo "Building core (classes and test classes)..." >&2
./mvnw -q -B -pl core test-compile >&2
cp=core/target/classes:core/target/test-classes   # the router needs only the JDK

# --- processes: all on 127.0.0.1, each under `timeout 600`, killed by PID on exit ---------------------------
work=$(mktemp -d); chmod a+rx "$work"   # nginx runs as nobody
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

nginx_conf() { # $1 = name, $2 = http block body
  mkdir -p "$work/$1/logs" "$work/$1/tmp"
  cat > "$work/$1/nginx.conf" <<CONF
daemon off; worker_processes auto; pid nginx.pid; error_log logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  keepalive_requests 1000000;
$2
}
CONF
  chmod -R a+rwX "$work/$1"
}
start_nginx() { # $1 = name
  timeout 600 setpriv --reuid=nobody --regid=nogroup --clear-groups nginx -e stderr -p "$work/$1" -c nginx.conf &
  pids+=($!)
}
wait_http() { # $1 = port
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done
  echo "nothing answers on 127.0.0.1:$1" >&2; exit 1
}

# Two backends in one nginx: a tiny fixed body per version.
nginx_conf backends "
  server { listen 127.0.0.1:$p_v1; location / { default_type text/plain; return 200 \"v1\n\"; } }
  server { listen 127.0.0.1:$p_v2; location / { default_type text/plain; return 200 \"v2\n\"; } }"
# The reference proxy: nginx's own smooth weighted round-robin, with persistent upstream connections.
nginx_conf proxy "
  upstream versions { server 127.0.0.1:$p_v1 weight=9; server 127.0.0.1:$p_v2 weight=1; keepalive 32; }
  server { listen 127.0.0.1:$p_nginx;
           location / { proxy_pass http://versions; proxy_http_version 1.1; proxy_set_header Connection \"\";
                        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; } }"
start_nginx backends
start_nginx proxy
timeout 600 "$java" -XX:+UseParallelGC -Xms256m -Xmx256m -cp "$cp" dev.rollgate.target.local.RouterBenchMain \
  "$p_router" "$p_v1" "$p_v2" 90 > "$work/router.out" 2>&1 &
pids+=($!)
for p in $p_v1 $p_v2 $p_nginx $p_router; do wait_http "$p"; done

# --- measure ------------------------------------------------------------------------------------------------
run_wrk() { # $1 = label, $2 = port [, $3 = connections]; prints "label rps p50ms p99ms"
  local c=${3:-$conns} t=2
  ((c >= 2)) || t=1
  timeout 120 wrk -t"$t" -c"$c" -d"$duration" --latency "http://127.0.0.1:$2/" | awk -v label="$1" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 }
    /Non-2xx|Socket errors/ { print "  (" label ": " $0 ")" > "/dev/stderr" }
    END { printf "%s %.0f %.3f %.3f\n", label, rps, p50, p99 }'
}
echo "Warm-up (JIT for the router; not measured)..." >&2
timeout 60 wrk -t2 -c"$conns" -d5s "http://127.0.0.1:$p_router/" >/dev/null
timeout 60 wrk -t2 -c"$conns" -d2s "http://127.0.0.1:$p_nginx/" >/dev/null

echo "Measuring: wrk -t2 -c$conns -d$duration --latency, one setup at a time ($(nproc) CPUs, shared by all)" >&2
results=$( { run_wrk direct-v1 "$p_v1"; run_wrk direct-v2 "$p_v2"; run_wrk nginx-90/10 "$p_nginx";
             run_wrk rollgate-90/10 "$p_router";
             # Informational, not judged: one connection, so the CPUs are not saturated and p50 shows the
             # cost of the extra hop itself rather than queueing behind 31 other connections.
             run_wrk direct-v1/c1 "$p_v1" 1; run_wrk nginx/c1 "$p_nginx" 1; run_wrk rollgate/c1 "$p_router" 1; } )

kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true   # router prints its own stats on SIGTERM
echo
awk 'BEGIN { printf "%-16s %12s %10s %10s\n", "setup", "requests/s", "p50 ms", "p99 ms" }
     { printf "%-16s %12s %10s %10s\n", $1, $2, $3, $4 }' <<<"$results"
echo
grep '^router stats' "$work/router.out" || true
verdict='
  $1 == "direct-v1" { dp50 = $3 } $1 == "nginx-90/10" { nrps = $2 } $1 == "rollgate-90/10" { rrps = $2; rp50 = $3 } { r1[$1] = $3 }
  END {
    ratio = rrps / nrps; added = rp50 - dp50
    okr = ratio >= 0.5; okl = added < 1.0
    printf "throughput rollgate/nginx: %.2f x   (target >= 0.50)  %s\n", ratio, okr ? "PASS" : "FAIL"
    printf "added p50 latency:         %.3f ms (target <  1 ms)  %s\n", added, okl ? "PASS" : "FAIL"
    if (("rollgate/c1" in r1) && ("direct-v1/c1" in r1))
      printf "added p50 at 1 connection: %.3f ms (nginx: %.3f ms; informational)\n", r1["rollgate/c1"] - r1["direct-v1/c1"], r1["nginx/c1"] - r1["direct-v1/c1"]
    exit !(okr && okl)
  }'
awk "$verdict" <<<"$results"
