#!/usr/bin/env bash
# Side-by-side bench: IBAC and an allow-all webhook on the same stack (Javalin 7 / Jetty 12 TLS), driven
# in one run by wrk (Debian's package, installed when missing) with realistic AdmissionReviews, then an
# open-loop fixed-rate run for p99 under load. Prints one RESULT line per run and a summary table.
# usage: bench/compare.sh [ROUNDS=3] [SECONDS=8]        env: BUILD=1 to rebuild first, CONNECTIONS=16, RATES="500 2500", WARMUP=10
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}; SECONDS_PER_RUN=${2:-8}; CONNECTIONS=${CONNECTIONS:-16}
KINDS=(human out-of-scope protect-denied budget-charged judged-cached judged-fresh)
BASE=18500; IBAC=18443; IBAC_LLM=18444; LLM=18600
JAR=${IBAC_JAR:-webhook/target/ibac.jar}   # IBAC_JAR=... measures another build side by side (e.g. the one before a change)

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)" >&2
  (apt-get install -y wrk || (apt-get update && apt-get install -y wrk)) >/dev/null
fi
if [[ "${BUILD:-0}" == 1 || ! -f webhook/target/ibac.jar || ! -f bench/target/classpath.txt ]]; then
  mvn -B -q -pl webhook,bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
IBAC_JAVA_OPTS=${IBAC_JAVA_OPTS:-}
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

java -cp "$CP" dev.ibac.bench.Reviews "$WORK/reviews"
keytool -genkeypair -alias bench -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 -validity 2 \
  -storetype PKCS12 -keystore "$WORK/base.p12" -storepass benchpass >/dev/null 2>&1

java -cp "$CP" dev.ibac.bench.AllowAllWebhook $BASE "$WORK/base.p12" benchpass >"$WORK/base.log" 2>&1 & PIDS+=($!)
java -cp "$CP" dev.ibac.bench.FakeLlmProvider $LLM 200 >"$WORK/llm.log" 2>&1 & PIDS+=($!)
mkdir -p "$WORK/ibac" "$WORK/ibac-llm"
java $IBAC_JAVA_OPTS -jar "$JAR" serve --missions bench/missions --state "$WORK/ibac" --judge semantic \
  --host 127.0.0.1 --port $IBAC >"$WORK/ibac.log" 2>&1 & PIDS+=($!)
IBAC_LLM_BASE_URL=http://127.0.0.1:$LLM/v1 IBAC_LLM_MODEL=bench-judge IBAC_LLM_TIMEOUT=5s \
  java $IBAC_JAVA_OPTS -jar "$JAR" serve --missions bench/missions --state "$WORK/ibac-llm" --judge llm \
  --host 127.0.0.1 --port $IBAC_LLM >"$WORK/ibac-llm.log" 2>&1 & PIDS+=($!)
for port in $BASE $IBAC $IBAC_LLM; do
  for _ in $(seq 1 240); do curl -sk "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sfk "https://127.0.0.1:$port/readyz" >/dev/null || { echo "server on $port did not start" >&2; cat "$WORK"/*.log >&2; exit 1; }
done

OUT="$WORK/results.txt"
drive() { # target port kind seconds connections
  wrk -t1 -c"$5" -d"$4s" --timeout 10s --latency -s bench/reviews.lua "https://127.0.0.1:$2/validate" -- "$WORK/reviews/$3.json" "$1 $3" \
    | grep '^RESULT' | tee -a "$OUT"
}

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# wrk ceiling (GET /healthz on the baseline, no body; cold JVM, so a floor):"
wrk -t1 -c"$CONNECTIONS" -d3s "https://127.0.0.1:$BASE/healthz" | grep 'Requests/sec'
prime() { # port kind: the first request of a kind may wait seconds (the embedding model loads on first use)
  curl -sk --max-time 120 -o /dev/null --data-binary @"$WORK/reviews/$2.json" -H 'Content-Type: application/json' \
    "https://127.0.0.1:$1/validate"
}
for kind in "${KINDS[@]}"; do prime $BASE "$kind"; prime $IBAC "$kind"; done
prime $IBAC_LLM llm
# JIT warm-up, not counted: on 2 cores C2 still takes a third of the CPU 30 s into a load and a tenth
# after two minutes (per-thread CPU of the IBAC process), so a short warm-up measures the compiler
echo "# warm-up (JIT), ${WARMUP:-10} s per kind and server, not counted"
for kind in "${KINDS[@]}"; do
  drive base $BASE "$kind" "${WARMUP:-10}" "$CONNECTIONS" >/dev/null; drive ibac $IBAC "$kind" "${WARMUP:-10}" "$CONNECTIONS" >/dev/null
done
: >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  echo "# round $round, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for kind in "${KINDS[@]}"; do
    drive base $BASE "$kind" "$SECONDS_PER_RUN" "$CONNECTIONS"
    drive ibac $IBAC "$kind" "$SECONDS_PER_RUN" "$CONNECTIONS"
  done
done

echo "# LLM judge through the fake provider (200 ms), at its 8 calls in flight, new name each request"
drive ibac-llm $IBAC_LLM llm 3 8 >/dev/null
drive ibac-llm $IBAC_LLM llm "$SECONDS_PER_RUN" 8
sleep 2   # calls the previous run left in flight finish first
before=$(curl -s http://127.0.0.1:$LLM/calls)
java -cp "$CP" dev.ibac.bench.FixedRateClient $IBAC_LLM "$WORK/reviews/llm-identical.json" 10000 0.005 50 "ibac-llm 50-identical-at-once"
after=$(curl -s http://127.0.0.1:$LLM/calls)
echo "SINGLEFLIGHT 50 identical concurrent gray requests made $((after - before)) model call(s)" | tee -a "$OUT"

echo "# fixed rate (open loop, latency from when each request was due), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in ${RATES:-500 2500}; do
  for kind in human out-of-scope judged-cached judged-fresh; do
    for target in base ibac; do
      port=$([[ $target == base ]] && echo $BASE || echo $IBAC)
      java -cp "$CP" dev.ibac.bench.FixedRateClient "$port" "$WORK/reviews/$kind.json" "$rate" "$SECONDS_PER_RUN" 64 "$target $kind" | tee -a "$OUT"
    done
  done
done
echo "# stages IBAC decided at (its /metrics):"
curl -sk "https://127.0.0.1:$IBAC/metrics" | grep '^ibac_requests_total' || true
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/summary.py "$OUT"
