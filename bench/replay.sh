#!/usr/bin/env bash
# Replay benchmark: writes a synthetic hash-chained audit log of ENTRIES agent actions on the
# examples' missions, replays it with the semantic judge under a small heap, prints the rate.
# usage: bench/replay.sh [ENTRIES=100000] [HEAP=256m]     (after: mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES=${1:-100000}; HEAP=${2:-256m}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
java -cp bench/target/classes dev.ibac.bench.ReplayLog "$WORK/audit.jsonl" "$ENTRIES"
ls -l "$WORK/audit.jsonl" | awk '{printf "log: %.1f MiB\n", $5 / 1048576}'
set +e
/usr/bin/time -f "wall %e s, max RSS %M KiB" java -Xmx"$HEAP" -jar webhook/target/ibac.jar replay \
  --log "$WORK/audit.jsonl" --missions deploy/examples >"$WORK/replay.out" 2>"$WORK/replay.err"
EXIT=$?
set -e
grep -c " → " "$WORK/replay.out" | sed 's/^/changed verdicts listed: /'
tail -1 "$WORK/replay.out"
grep -v "^\[main\] INFO\|^\[main\] WARN ai.djl" "$WORK/replay.err" | tail -3
echo "exit $EXIT (0 none changed, 1 some changed)"
