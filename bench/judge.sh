#!/usr/bin/env bash
# The semantic judge on the labelled intent corpus: per-category accuracy on both splits and the
# judge stage's fresh-judgement latency. usage: bench/judge.sh [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt" >/dev/null
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.ibac.bench.JudgeBench "${1:-3}"
