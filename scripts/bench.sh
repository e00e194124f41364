#!/usr/bin/env bash
# Starts our stack (release build, SQLite, RabbitMQ, fake driver with zero spawn delay) with K compute
# processes x M fake nodes each, runs Benchmarks/nova-bench against it, stops the stack and prints the
# table. Usage: scripts/bench.sh [-n SERVERS] [-c CONCURRENCY] [--computes K] [--nodes-per-compute M]
#                                [--nodes TOTAL] [--json FILE]
# --nodes TOTAL spreads TOTAL fake nodes over the compute processes (e.g. --nodes 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib/deps.sh
. scripts/lib/stack.sh
. scripts/lib/checks.sh

N=500 C=16 K=4 M=25 TOTAL="" JSON=""
while [ $# -gt 0 ]; do
    case $1 in
        -n) N=$2; shift 2 ;;
        -c) C=$2; shift 2 ;;
        --computes) K=$2; shift 2 ;;
        --nodes-per-compute) M=$2; shift 2 ;;
        --nodes) TOTAL=$2; shift 2 ;;
        --json) JSON=$2; shift 2 ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$TOTAL" ]; then M=$(( (TOTAL + K - 1) / K )); fi

STATE=$(mktemp -d /tmp/nova-bench.XXXXXX)
PORT=$(free_port)
cleanup() { NOVA_STATE_DIR=$STATE scripts/stop.sh >/dev/null 2>&1 || true; }
trap cleanup EXIT

say "bench: $K compute processes x $M fake nodes, N=$N C=$C (state $STATE, port $PORT)"
NOVA_STATE_DIR=$STATE NOVA_API_PORT=$PORT NOVA_BUILD=release NOVA_COMPUTES=$K NOVA_FAKE_NODES=$M \
    NOVA_SPAWN_DELAY=0 NOVA_REPORT_INTERVAL=5 scripts/start.sh >"$STATE/start.out" 2>&1 ||
    { cat "$STATE/start.out" >&2; exit 1; }
READY=$(cat "$STATE/run/ready-seconds")
pids=""
for f in "$STATE"/run/*.pid; do pids+="${pids:+,}$(basename "$f" .pid)=$(cat "$f")"; done

python3 Benchmarks/nova-bench/nova_bench.py --endpoint "http://127.0.0.1:$PORT/v2.1" --token admin:admin \
    -n "$N" -c "$C" --unlimited-quota admin --pids "$pids" ${JSON:+--json "$JSON"}
rc=$?
echo "stack ready ${READY}s after its services were started (RabbitMQ already up)"
exit $rc
