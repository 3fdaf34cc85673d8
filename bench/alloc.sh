#!/usr/bin/env bash
# Allocation per decision, from JFR's jdk.ObjectAllocationSample (sampled allocations whose weights
# add up to an estimate of all bytes allocated): IBAC and the allow-all baseline each take one kind of
# request from wrk for SECONDS while a recording runs; bytes per request = summed weight / requests
# answered. Prints the top allocating frames of IBAC. After bench/compare.sh's build.
# usage: bench/alloc.sh [KIND=judged-cached] [SECONDS=10]        env: IBAC_JAR to measure another build, WARMUP=30
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${1:-judged-cached}; SECONDS_PER_RUN=${2:-10}; BASE=18510; IBAC=18453
JAR=${IBAC_JAR:-webhook/target/ibac.jar}
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
java -cp "$CP" dev.ibac.bench.Reviews "$WORK/reviews"
keytool -genkeypair -alias bench -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 -validity 2 \
  -storetype PKCS12 -keystore "$WORK/base.p12" -storepass benchpass >/dev/null 2>&1
# a recording from launch: the first recording instruments the JDK's I/O event classes, which
# deoptimises the code that inlined them, so one started after the warm-up measured a JVM busy
# recompiling (a fifth of IBAC's throughput while it ran)
DEPTH="-XX:FlightRecorderOptions=stackdepth=128 -XX:StartFlightRecording=name=boot,settings=default,maxsize=20m"
java $DEPTH -cp "$CP" dev.ibac.bench.AllowAllWebhook $BASE "$WORK/base.p12" benchpass >"$WORK/base.log" 2>&1 & PIDS+=($!); BASE_PID=$!
mkdir -p "$WORK/ibac"
java $DEPTH -jar "$JAR" serve --missions bench/missions --state "$WORK/ibac" --judge semantic --host 127.0.0.1 --port $IBAC \
  >"$WORK/ibac.log" 2>&1 & PIDS+=($!); IBAC_PID=$!
for port in $BASE $IBAC; do
  for _ in $(seq 1 240); do curl -sk "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
done
measure() { # label pid port
  # the first request of a kind may wait seconds (the embedding model loads on first use): not measured
  curl -sk --max-time 120 -o /dev/null --data-binary @"$WORK/reviews/$KIND.json" -H 'Content-Type: application/json' "https://127.0.0.1:$3/validate"
  wrk -t1 -c16 -d"${WARMUP:-30}s" --timeout 10s -s bench/reviews.lua "https://127.0.0.1:$3/validate" -- "$WORK/reviews/$KIND.json" "$1" >/dev/null # JIT warm-up
  jcmd "$2" JFR.start name=alloc settings=profile >/dev/null
  local result n
  result=$(wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" --timeout 10s -s bench/reviews.lua "https://127.0.0.1:$3/validate" -- "$WORK/reviews/$KIND.json" "$1" | grep '^RESULT')
  echo "$result"
  n=$(sed -E 's/.* n=([0-9]+).*/\1/' <<<"$result")
  jcmd "$2" JFR.dump name=alloc filename="$WORK/$1.jfr" >/dev/null
  jcmd "$2" JFR.stop name=alloc >/dev/null
  jfr print --json --events jdk.ThreadAllocationStatistics "$WORK/$1.jfr" > "$WORK/$1-threads.json"
  jfr print --json --events jdk.ObjectAllocationSample "$WORK/$1.jfr" > "$WORK/$1.json"
  jfr print --json --events jdk.ExecutionSample "$WORK/$1.jfr" > "$WORK/$1-cpu.json"
  [[ -n "${KEEP:-}" ]] && cp "$WORK/$1.jfr" "$KEEP/"
  python3 - "$WORK/$1-threads.json" "$WORK/$1.json" "$n" "$1" "$WORK/$1-cpu.json" <<'PY'
import json, sys, collections
# exact: each thread's allocated bytes at the recording's start and end (jdk.ThreadAllocationStatistics)
# of the threads requests run on (Jetty's pool, IBAC's audit writer and budget flusher, Caffeine's
# maintenance in the common pool); not JFR's own, the compiler's or the missions directory's poller
per_thread = collections.defaultdict(list)
for e in json.load(open(sys.argv[1]))["recording"]["events"]:
    thread = e["values"]["thread"]
    name = thread.get("javaName") or ""
    if name.startswith(("JettyServerThreadPool", "ibac-http", "ibac-audit", "ibac-budget", "ibac-charge", "ForkJoinPool")):
        per_thread[thread["javaThreadId"]].append(e["values"]["allocated"])
total = sum(max(v) - min(v) for v in per_thread.values())
n, label = int(sys.argv[3]), sys.argv[4]
print(f"ALLOC {label} {total / max(1, n):.0f} bytes per request ({n} requests; per-thread totals at the recording's start and end)")
if label.startswith("ibac"):
    # where, sampled: the innermost IBAC frame of each jdk.ObjectAllocationSample (weights are estimates)
    frames = collections.Counter()
    for e in json.load(open(sys.argv[2]))["recording"]["events"]:
        stack = (e["values"].get("stackTrace") or {}).get("frames") or []
        for f in stack:
            name = (f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
            if name.startswith("dev.ibac") and "$$Lambda" not in name:
                frames[name] += e["values"]["weight"]
                break
    for name, weight in frames.most_common(10):
        print(f"  {weight / max(1, n):8.0f} B/req (sampled)  innermost IBAC frame {name}")
    # where the CPU goes: share of execution samples whose stack holds each IBAC method
    samples = json.load(open(sys.argv[5]))["recording"]["events"]
    inclusive = collections.Counter()
    for e in samples:
        stack = (e["values"].get("stackTrace") or {}).get("frames") or []
        names = {(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".") for f in stack}
        inclusive.update(m for m in names if m.startswith("dev.ibac") and "$$Lambda" not in m)
    print(f"  CPU: {len(samples)} execution samples; share of them inside:")
    for name, count in inclusive.most_common(14):
        print(f"  {100.0 * count / max(1, len(samples)):6.1f} %  {name}")
PY
}
echo "# $KIND, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), jar $JAR, load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure base $BASE_PID $BASE
measure ibac $IBAC_PID $IBAC
