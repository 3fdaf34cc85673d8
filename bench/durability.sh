#!/bin/bash
# What durability (issue #13) adds: open-loop admitted decisions at a fixed rate against one build.
# usage: bench/durability.sh JAR [RATE] [SECONDS] [PORT]   (after mvn -B -DskipTests package)
# Run it against the build before a change and after it, alternating, on an otherwise idle machine.
set -euo pipefail
JAR=${1:?usage: bench/durability.sh JAR [RATE] [SECONDS] [PORT]}; RATE=${2:-500}; SECS=${3:-30}; PORT=${4:-18450}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
# the example shop mission, without caps or a change rate that would deny the load
sed -e 's/maxChangesPerMinute: 30/maxChangesPerMinute: 1000000/' -e 's/tokens: 200000/tokens: 2000000000/' \
    -e 's/costUSD: "25.00"/costUSD: "1000000.00"/' -e 's/limit: 2000000, period/limit: 2000000000, period/' \
    -e 's/limitUSD: "100.00"/limitUSD: "1000000.00"/' "$ROOT/deploy/examples/shop-mission.yaml" > "$WORK/shop.yaml"
mkdir "$WORK/missions" && mv "$WORK/shop.yaml" "$WORK/missions/"
java -Xmx1g -jar "$JAR" serve --missions "$WORK/missions" --state "$WORK/state" --host 127.0.0.1 --port "$PORT" \
    --judge semantic > "$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do grep -q "serving https" "$WORK/serve.log" && break; sleep 1; done
java -cp "$ROOT/bench/target/classes" dev.ibac.bench.RateBench "https://127.0.0.1:$PORT/validate" "$WORK/state/ca.crt" "$RATE" "$SECS" 10
