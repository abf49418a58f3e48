#!/usr/bin/env bash
# Runs the issue-5 cluster benchmark: three ballot-server nodes in separate JVMs on loopback
# (HTTPS, Hazelcast with one synchronous backup, fsync'd logs) and the load generator against
# them, on this machine. The per-address rate limit is off: all load comes from 127.0.0.1. Usage: benchmarks/scripts/cluster-bench.sh [BALLOTS] [CONCURRENCY] [WORKLOAD]
# NODE_JAVA_OPTS, when set, is passed to every node's JVM (for example a JFR recording).
# Writes the nodes' output and the load report under ${BENCH_DIR:-/tmp/evote-cluster-bench}.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BALLOTS="${1:-2000}"
CONC="${2:-16}"
WORKLOAD="${3:-W1}"
DIR="${BENCH_DIR:-/tmp/evote-cluster-bench}"
rm -rf "$DIR" && mkdir -p "$DIR"
cd "$DIR"
"$ROOT/evote" idp keygen --key officials.key >/dev/null
PUB="$("$ROOT/evote" idp public-key --key officials.key)"
MEMBERS=127.0.0.1:15721,127.0.0.1:15722,127.0.0.1:15723
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for i in 1 2 3; do
  JAVA_TOOL_OPTIONS="${NODE_JAVA_OPTS:-}" "$ROOT/evote" server --node-id "node$i" --data-dir "data/node$i" --port "1845$i" \
    --cluster-port "1572$i" --cluster-name "bench$$" --members "$MEMBERS" \
    --officials-key "$PUB" --address-rate-limit 0 >"node$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 120); do
    [[ -f "data/node$i/tls/node-cert.pem" ]] && curl -skf "https://127.0.0.1:1845$i/health" >/dev/null && break
    sleep 1
  done
done
"$ROOT/evote" load --nodes https://127.0.0.1:18451,https://127.0.0.1:18452,https://127.0.0.1:18453 \
  --trust data/node1/tls/node-cert.pem,data/node2/tls/node-cert.pem,data/node3/tls/node-cert.pem \
  --officials-key officials.key --ballots "$BALLOTS" --concurrency "$CONC" --workload "$WORKLOAD" \
  "${@:4}" | tee load.txt
echo "CPU time of the nodes (start-up included):"
ps -o pid=,time=,args= -p "$(IFS=,; echo "${pids[*]}")" | awk '{print "  node pid " $1 ": " $2}'
if [[ -n "${THREAD_CPU:-}" ]]; then
  for p in "${pids[@]}"; do
    for t in /proc/"$p"/task/*; do
      awk -v n="$(tr ' ' '_' <"$t/comm")" '{print n, ($14+$15)/100}' "$t/stat"
    done
  done | sed -E 's/[-#]?[0-9]+ / /; s/(hz\.[a-z]+\.)[a-zA-Z._]*/\1*/' | awk '{s[$1]+=$2} END {for (k in s) if (s[k] > 0.5) printf "  %-40s %7.1f s\n", k, s[k]}' | sort -k2 -n -r
fi
