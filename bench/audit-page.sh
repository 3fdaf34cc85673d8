#!/usr/bin/env bash
# The auditor pages on a large rotated audit log: writes a MIB-sized set of FILES files with one
# hash chain, starts `serve` on it, and times, while agents keep writing, /audit (cold, then
# incremental), the verdict list, a filtered list, an audit id search and the verdict page of an
# entry in the oldest file, REQUESTS views each, printing p50/p95/p99. Exit 1 when a page's p99 is
# not under 300 ms.
# usage: bench/audit-page.sh [MIB=100] [FILES=4] [REQUESTS=100]     (after: mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${1:-100}; FILES=${2:-4}; REQUESTS=${3:-100}; PORT=18444
STATE=$(mktemp -d)
SERVER=
LOAD=
# the server still writes its state while it stops: wait for it before removing the directory
trap '[ -n "$LOAD" ] && kill $LOAD 2>/dev/null; [ -n "$SERVER" ] && kill $SERVER 2>/dev/null && wait $SERVER 2>/dev/null; rm -rf "$STATE"' EXIT
java -cp bench/target/classes dev.ibac.bench.AuditLogGenerator "$STATE/audit.jsonl" "$MIB" "$FILES"
OLDEST="$STATE/audit.jsonl.$((FILES - 1))"
OLD_ID=$(head -1 "$OLDEST" | grep -o '"auditId":"[^"]*"' | cut -d'"' -f4)
du -ch "$STATE"/audit.jsonl* | tail -1
java -jar webhook/target/ibac.jar audit verify --log "$STATE/audit.jsonl" --rotated
java -jar webhook/target/ibac.jar serve --missions deploy/examples --state "$STATE" --host 127.0.0.1 --port $PORT \
  --audit-max-bytes $((MIB * 1024 * 1024 / FILES + 1024 * 1024)) >"$STATE/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
TOKEN=$(tr -d '\n' <"$STATE/audit-token")
curl -sk -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$PORT/audit" | grep -o 'Hash chain [a-z]*</strong>[^<]*' || true
# agents keep writing while the pages are read: each overview has new entries to take in
java -cp bench/target/classes dev.ibac.bench.LoadGenerator "https://127.0.0.1:$PORT/validate" "$STATE/ca.crt" 2000 1 out-of-scope >/dev/null &
LOAD=$!
RESULT=0
echo "$(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp bench/target/classes dev.ibac.bench.AuditPageBench "https://127.0.0.1:$PORT" "$STATE/ca.crt" "$TOKEN" "$REQUESTS" 300 "$OLD_ID" || RESULT=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); serve's resident memory: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MiB", $1/1024}')"
kill $LOAD 2>/dev/null || true
exit $RESULT
