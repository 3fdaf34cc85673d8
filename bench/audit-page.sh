#!/usr/bin/env bash
# The auditor overview on a large rotated audit log: writes a MIB-sized set of FILES files with one
# hash chain, starts `serve` on it, and times /audit (cold, then incremental while agents keep
# writing), the verdict list and a verdict page in the oldest file. Exit 1 when the overview's p95 is
# not under 300 ms.
# usage: bench/audit-page.sh [MIB=100] [FILES=4] [REQUESTS=50]     (after: mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${1:-100}; FILES=${2:-4}; REQUESTS=${3:-50}; PORT=18444
STATE=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$STATE"' EXIT
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
java -cp bench/target/classes dev.ibac.bench.AuditPageBench "https://127.0.0.1:$PORT" "$STATE/ca.crt" "$TOKEN" "$REQUESTS" 300 "$OLD_ID" || RESULT=$?
kill $LOAD 2>/dev/null || true
exit $RESULT
