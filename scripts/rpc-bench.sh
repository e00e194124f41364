#!/usr/bin/env bash
# The RPC layer's benchmark: call round-trip p50/p99 over 10,000 calls and cast throughput for 100,000
# messages, on fake:// and on RabbitMQ (loopback, its own vhost). Release build.
# Usage: scripts/rpc-bench.sh [--calls N] [--casts N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
ensure_build_deps
ensure_rabbitmq
ensure_vhost rpc-bench
[ -n "${NOVA_SKIP_BUILD:-}" ] || swift build -c release --product rpc-bench >/dev/null
exec "$(swift build -c release --show-bin-path)/rpc-bench" --url rabbit://guest:guest@127.0.0.1:5672/rpc-bench "$@"
