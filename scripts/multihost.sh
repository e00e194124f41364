#!/usr/bin/env bash
# Scale-out run: network namespaces as hosts on a private bridge (10.250.0.0/24, only inside this machine).
# The controller (10.250.0.1, the root namespace) runs a private RabbitMQ node, a private PostgreSQL
# cluster, nova-api, two conductors and two schedulers; each compute namespace runs one nova-compute with
# its own host and my_ip. Then, with curl only: boots spread across the hosts, a compute cut off (link
# down: service down, no placement, local delete, evacuate) and back (up again, reconciled), a conductor
# and a scheduler killed with SIGKILL while builds run. Prints PASS/FAIL lines and "N passed, N failed",
# tears everything down (namespaces included) and stops by itself within NOVA_MH_LIMIT seconds of the build.
# Run as root. Environment: NOVA_BUILD (debug|release, default debug), NOVA_SKIP_BUILD=1 (reuse the
# build), NOVA_MH_COMPUTES (3), NOVA_MH_LIMIT (600), KEEP_STATE=1 (keep logs even when all passed).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib/deps.sh
. scripts/lib/netns.sh
. scripts/lib/multihost.sh
BUILD=${NOVA_BUILD:-debug}

# First the part the time limit does not cover: root, packages, the build. Then the run itself, one at a
# time on a machine (the namespaces, the bridge and the addresses are the machine's: a second run would
# tear down the first's), under timeout(1), which sends SIGTERM after NOVA_MH_LIMIT seconds (the trap
# below tears down and reports) and SIGKILL two minutes later should the teardown itself hang. Our
# services run in sessions of their own, so the signal reaches only this script and what it waits on.
if [ -z "${NOVA_MH_UNDER_TIMEOUT:-}" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: scripts/multihost.sh creates network namespaces and must run as root" >&2
        exit 2
    fi
    ensure_build_deps || exit 1
    ensure_packages iproute2 procps postgresql-15 rabbitmq-server python3 curl || exit 1
    if [ -z "${NOVA_SKIP_BUILD:-}" ]; then
        mkdir -p .build
        say "building $BUILD binaries (swift build -c $BUILD, log in .build/multihost-build.log)"
        if ! swift build -c "$BUILD" >.build/multihost-build.log 2>&1; then
            grep -E 'error:' .build/multihost-build.log | head -20
            echo "FAIL  build ($BUILD): see .build/multihost-build.log"
            echo "0 passed, 1 failed"
            exit 1
        fi
    fi
    export NOVA_MH_UNDER_TIMEOUT=1
    lock=${NOVA_MH_LOCK:-/tmp/mini-nova-multihost.lock}
    if ! flock -n "$lock" true; then
        say "another scripts/multihost.sh run holds $lock: waiting for it (up to 15 min)"
    fi
    # -o: the lock stays with flock itself, not with the services the run starts.
    flock -o -w 900 -E 75 "$lock" timeout --kill-after=120 "${NOVA_MH_LIMIT:-600}" \
        "$ROOT/scripts/multihost.sh" "$@"
    rc=$?
    if [ $rc -eq 75 ]; then
        echo "FAIL  start: another run held $lock for 15 min"
        echo "0 passed, 1 failed"
    fi
    exit $rc
fi

MH_COMPUTES=${NOVA_MH_COMPUTES:-3}
LIMIT=${NOVA_MH_LIMIT:-600}
MH_REPORT_INTERVAL=2
MH_SERVICE_DOWN_TIME=8
MH_RPC_TIMEOUT=10
MH_AMQP_HEARTBEAT=4
MH_SPAWN_DELAY=3
IMAGE=${NOVA_IMAGE_ID:-70a599e0-31e7-49b7-b260-868f441e862b}
[ "$MH_COMPUTES" -ge 3 ] || { echo "error: NOVA_MH_COMPUTES must be 3 or more" >&2; exit 2; }

. scripts/lib/checks.sh
# A passing step shows the last line its check printed (what it found); a failing one the last three.
STEP_SHOW_LAST=1 STEP_TAIL=3
T_START=$SECONDS
summary() { echo "$PASSED passed, $FAILED failed ($((SECONDS - T_START)) s)"; }

if [ -n "$(netns_leftovers)" ]; then
    say "removing leftovers of an earlier run ($(netns_leftovers | tr '\n' ' '))"
    netns_teardown
fi

MH_STATE=$(mktemp -d /tmp/mini-nova-mh.XXXXXX)
chmod 0755 "$MH_STATE"
mkdir -p "$MH_STATE/run" "$MH_STATE/logs"
FINISHED=0
cleanup() {
    trap - EXIT INT TERM
    mh_teardown
    if [ "$FINISHED" -eq 0 ]; then summary; fi
    if [ "$FAILED" -eq 0 ] && [ "$FINISHED" -eq 1 ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$MH_STATE"; else
        echo "logs and configs kept in $MH_STATE"
    fi
}
trap cleanup EXIT
trap 'fail "run interrupted (signal)"; exit 1' INT
trap 'fail "run stopped by its ${LIMIT} s limit (NOVA_MH_LIMIT)"; exit 1' TERM

MH_BIN=$(swift build -c "$BUILD" --show-bin-path)
for b in nova-api nova-conductor nova-scheduler nova-compute nova-manage; do
    [ -x "$MH_BIN/$b" ] || { fail "binaries present" "$MH_BIN/$b missing (build with NOVA_BUILD=$BUILD)"; exit 1; }
done

. scripts/lib/multihost-checks.sh

# --- hosts, bus, database --------------------------------------------------------------------------------
setup_network() {
    netns_setup "$MH_COMPUTES" || return 1
    local i
    for i in $(seq 1 "$MH_COMPUTES"); do
        ip netns exec "$(netns_name "$i")" ip route get "$CONTROLLER_IP" | grep -q "src $(netns_ip "$i")" ||
            { echo "$(netns_name "$i") has no route to $CONTROLLER_IP from $(netns_ip "$i")"; return 1; }
    done
    echo "$MH_COMPUTES namespaces on $NETNS_BRIDGE, controller $CONTROLLER_IP"
}
step "compute hosts: $MH_COMPUTES network namespaces bridged to the controller" setup_network || exit 1

MH_RABBIT_PORT=$(mh_free_port "$CONTROLLER_IP" 5673)
MH_RABBIT_DIST_PORT=$(mh_free_port 0.0.0.0 $((MH_RABBIT_PORT + 20000)))
MH_PG_PORT=$(mh_free_port "$CONTROLLER_IP" 5433)
MH_API_PORT=$(mh_free_port "$CONTROLLER_IP" 8774)
API=http://$CONTROLLER_IP:$MH_API_PORT/v2.1

rabbit_ready() {
    mh_rabbit_start || return 1
    mh_rabbitmqctl await_startup >/dev/null 2>&1 || { echo "rabbitmqctl await_startup failed"; return 1; }
    echo "node $MH_RABBIT_NODE on $CONTROLLER_IP:$MH_RABBIT_PORT"
}
step "private RabbitMQ node listening on the controller address" rabbit_ready || exit 1

pg_ready() {
    mh_pg_start || return 1
    mh_pg_create_db || return 1
    echo "cluster on $CONTROLLER_IP:$MH_PG_PORT, role and database nova"
}
step "private PostgreSQL cluster on the controller address, role and database created" pg_ready || exit 1

mh_write_configs
no_loopback() {
    local hits
    hits=$(grep -nE '127\.0\.0\.1|localhost|::1' "$MH_STATE"/*.conf) && { echo "$hits"; return 1; }
    grep -h '^transport_url\|^connection' "$MH_STATE"/controller.conf | sed 's/:[^:@]*@/:***@/' | tr '\n' ' '
}
step "every config points at the controller address, none at loopback" no_loopback

db_sync() {
    "$MH_BIN/nova-manage" --config-file "$MH_STATE/controller.conf" db sync >"$MH_STATE/logs/db-sync.log" 2>&1 ||
        { tail -n 5 "$MH_STATE/logs/db-sync.log"; return 1; }
    local n
    n=$(MH_PSQL_DB=nova mh_psql "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    [ "$n" -gt 10 ] || { echo "only $n tables in PostgreSQL"; return 1; }
    . scripts/lib/stack.sh
    seed_catalog "$MH_BIN" "$MH_STATE/controller.conf" >>"$MH_STATE/logs/db-sync.log" 2>&1 || return 1
    echo "$n tables in PostgreSQL database nova, flavors and image seeded"
}
step "nova-manage db sync on PostgreSQL" db_sync || exit 1

# --- services --------------------------------------------------------------------------------------------
start_all() {
    local i c=$MH_STATE/controller.conf
    mh_start nova-conductor-a nova-conductor "$c" "" ctl-a
    mh_start nova-conductor-b nova-conductor "$c" "" ctl-b
    mh_start nova-scheduler-a nova-scheduler "$c" "" ctl-a
    mh_start nova-scheduler-b nova-scheduler "$c" "" ctl-b
    mh_start nova-api nova-api "$c"
    for i in $(seq 1 "$MH_COMPUTES"); do
        mh_start "nova-compute-$i" nova-compute "$MH_STATE/compute$i.conf" "$(netns_name "$i")"
    done
    wait_until 120 all_services_up || return 1
    echo "api, 2 conductors, 2 schedulers up, $MH_COMPUTES computes up"
}
step "nova-api, 2 conductors, 2 schedulers on the controller; one nova-compute per namespace" start_all || exit 1
step "each nova-compute reaches RabbitMQ from its own namespace address" computes_connect_from_own_address
step "os-hypervisors lists one hypervisor per compute host with its my_ip" hypervisors_have_own_ips

run_checks
FINISHED=1
# Teardown now, so its own checks count before the summary; the EXIT trap then finds nothing left.
stop_clean() { mh_stop_services || return 1; echo "every service exited 0..15 s after SIGTERM"; }
step "services stop on SIGTERM" stop_clean
mh_rabbit_stop
mh_pg_stop
netns_teardown
nothing_left() {
    local left
    left=$(mh_leftovers)
    [ -z "$left" ] || { echo "$left"; return 1; }
    echo "no namespace, veth, bridge, process or listener left"
}
step "teardown leaves nothing behind" nothing_left
summary
[ "$FAILED" -eq 0 ]
