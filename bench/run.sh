#!/usr/bin/env bash
# Load benchmark on loopback: starts `serve` on the examples, drives it, prints latency percentiles.
# usage: bench/run.sh [REQUESTS=4000] [CONCURRENCY=8] [KINDS=human,out-of-scope,judged-cached,judged-fresh]     (after: mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${1:-4000}; CONCURRENCY=${2:-8}; KINDS=${3:-human,out-of-scope,judged-cached,judged-fresh}; PORT=18443
STATE=$(mktemp -d)
java -jar webhook/target/ibac.jar serve --missions deploy/examples --state "$STATE" --host 127.0.0.1 --port $PORT >"$STATE/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$STATE"' EXIT
for _ in $(seq 1 120); do
  curl -sk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
java -cp bench/target/classes dev.ibac.bench.LoadGenerator "https://127.0.0.1:$PORT/validate" "$STATE/ca.crt" "$REQUESTS" "$CONCURRENCY" "$KINDS"
