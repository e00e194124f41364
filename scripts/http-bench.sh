#!/usr/bin/env bash
# Load figures for nova-api's HTTP server, with wrk over loopback: requests/s and latency at 1, 16 and
# 64 connections, for the server alone (`hello`) and through the API pipeline (`pipeline`, GET /v2.1),
# plus the server's peak RSS. Builds a release copy of the package in a scratch directory with
# Benchmarks/HTTPServer/main.swift standing in for nova-api's main (the real package is not touched).
# Usage: scripts/http-bench.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-10}
command -v wrk >/dev/null || { echo "http-bench.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }

scratch=${HTTP_BENCH_DIR:-/tmp/mini-nova-http-bench}
mkdir -p "$scratch"
rm -rf "$scratch/src" && mkdir -p "$scratch/src"
tar -C "$root" --exclude=./.build --exclude=./.git -cf - . | tar -C "$scratch/src" -xf -
cp Benchmarks/HTTPServer/main.swift "$scratch/src/Sources/NovaAPI/main.swift"
echo "== building the bench server (release) in $scratch"
(cd "$scratch/src" && swift build -c release --product nova-api --scratch-path "$scratch/build" 2>&1 | tail -1)
bin="$scratch/build/release/nova-api"

port=$((20000 + RANDOM % 20000))
for mode in hello pipeline; do
    "$bin" "$mode" "$port" >"$scratch/server.log" 2>&1 &
    pid=$!
    trap 'kill $pid 2>/dev/null || true' EXIT
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
    path=/
    [ "$mode" = pipeline ] && path=/v2.1
    for c in 1 16 64; do
        out=$(wrk -t "$([ $c -eq 1 ] && echo 1 || echo 2)" -c "$c" -d "${seconds}s" --latency \
            "http://127.0.0.1:$port$path")
        rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' || true)
        printf '%-9s %-6s c=%-3s %10s req/s  p50 %-9s p99 %-9s %s\n' "$mode" "$path" "$c" "$rps" "$p50" "$p99" \
            "$errors"
    done
    echo "$mode peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status")"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    trap - EXIT
done
