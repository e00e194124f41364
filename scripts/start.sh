#!/usr/bin/env bash
# Builds mini-Nova and runs the whole control plane on the embedded defaults (SQLite, RabbitMQ on
# loopback, the fake virt driver), then prints how to use it with curl. Re-running on a running stack is
# harmless. Environment: NOVA_STATE_DIR (./.nova-state), NOVA_API_PORT (8774), NOVA_BUILD (release|debug),
# NOVA_START_TIMEOUT (seconds, 60), NOVA_COMPUTES (number of nova-compute processes, 1),
# NOVA_FAKE_NODES (fake nodes per compute, 1), NOVA_SPAWN_DELAY (fake spawn delay in seconds, 0),
# NOVA_EXTRA_CONF (more nova.conf lines, with their [section] headers).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib/deps.sh
. scripts/lib/stack.sh
. scripts/lib/identity.sh

STATE=${NOVA_STATE_DIR:-$ROOT/.nova-state}
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
PORT=${NOVA_API_PORT:-8774}
BUILD=${NOVA_BUILD:-release}
TIMEOUT=${NOVA_START_TIMEOUT:-60}
COMPUTES=${NOVA_COMPUTES:-1}

ensure_build_deps
ensure_rabbitmq
VHOST=$(stack_vhost "$STATE")
ensure_vhost "$VHOST"

if [ -z "${NOVA_SKIP_BUILD:-}" ]; then
    say "building $BUILD binaries (swift build -c $BUILD)"
    mkdir -p "$STATE/logs"
    if ! swift build -c "$BUILD" >"$STATE/logs/build.log" 2>&1; then
        grep -E 'error:' "$STATE/logs/build.log" | head -20 >&2 || tail -n 30 "$STATE/logs/build.log" >&2
        echo "error: the build failed; full log in $STATE/logs/build.log" >&2
        exit 1
    fi
fi
BIN=$(swift build -c "$BUILD" --show-bin-path)

write_config "$STATE" "$PORT" "$VHOST" "$COMPUTES"
CONF=$STATE/nova.conf
AUTH=${NOVA_AUTH:-noauth2}
case $AUTH in
    noauth2) ;;
    identity) identity_config_lines "$STATE" "$PORT" >>"$CONF" ;;
    *) echo "error: NOVA_AUTH must be noauth2 or identity, not '$AUTH'" >&2; exit 2 ;;
esac

say "syncing the database ($STATE/nova.sqlite)"
"$BIN/nova-manage" --config-file "$CONF" db sync
seed_catalog "$BIN" "$CONF"
if [ "$AUTH" = identity ]; then
    identity_bootstrap "$BIN" "$CONF" "$STATE"
    # wait_for_stack signs in as admin once the API answers.
    STACK_TOKEN_CMD="identity_token $PORT admin $IDENTITY_ADMIN_PASSWORD admin"
fi

T0=$(date +%s.%N)
start_services "$BIN" "$STATE" "$COMPUTES"
say "waiting for the API on port $PORT and a compute service to come up (up to ${TIMEOUT}s)"
if ! wait_for_stack "$STATE" "$PORT" "$TIMEOUT"; then
    exit 1
fi
READY=$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN { printf "%.2f", a - b }')
say "stack ready ${READY}s after the services were started"
echo "$READY" >"$STATE/run/ready-seconds"
if [ "$AUTH" = identity ]; then identity_print_usage "$STATE" "$PORT"; else print_usage "$PORT" "$STATE"; fi
