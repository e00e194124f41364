#!/usr/bin/env bash
# The integration run: starts all four services (scripts/start.sh into a temporary state directory on a
# free port, two compute hosts), drives them with curl only, prints a line per step and
# "N passed, N failed", and tears the stack down even on failure. Exit status 0 only when all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib/deps.sh
. scripts/lib/checks.sh

STATE=$(mktemp -d /tmp/mini-nova-it.XXXXXX)
PORT=$(free_port)
export NOVA_STATE_DIR=$STATE NOVA_API_PORT=$PORT NOVA_COMPUTES=2 NOVA_FAKE_NODES=1
export NOVA_REPORT_INTERVAL=${NOVA_REPORT_INTERVAL:-2}
API=http://127.0.0.1:$PORT/v2.1
IMAGE=${NOVA_IMAGE_ID:-70a599e0-31e7-49b7-b260-868f441e862b}

teardown() {
    NOVA_STATE_DIR=$STATE scripts/stop.sh >/dev/null 2>&1 || true
    if [ "$FAILED" -eq 0 ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$STATE"; else echo "state kept in $STATE"; fi
}
trap teardown EXIT


req() { # req METHOD PATH [BODY] [TOKEN]: prints the body, fails on HTTP >= 400
    local m=$1 p=$2 b=${3:-} t=${4:-demo:demo}
    curl -sS -f -m 10 -X "$m" "$API$p" -H "X-Auth-Token: $t" -H 'Content-Type: application/json' \
        -H 'OpenStack-API-Version: compute 2.37' ${b:+-d "$b"}
}
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print($1)"; }

# wait_status ID STATUS [SECONDS]: polls the server until it has STATUS.
wait_status() {
    local id=$1 want=$2 deadline=$((SECONDS + ${3:-30})) st=
    while [ $SECONDS -lt $deadline ]; do
        st=$(req GET "/servers/$id" | json 'd["server"]["status"]') || st=?
        [ "$st" = "$want" ] && return 0
        [ "$st" = ERROR ] && [ "$want" != ERROR ] && { echo "server $id went to ERROR"; return 1; }
        sleep 0.2
    done
    echo "server $id is $st, wanted $want"; return 1
}

if ! scripts/start.sh; then
    fail "stack starts (scripts/start.sh)"
    echo "$PASSED passed, $FAILED failed"
    exit 1
fi
pass "stack starts (scripts/start.sh)"

services_up() {
    local n; n=$(req GET /os-services '' admin:admin | json 'sum(1 for s in d["services"] if s["state"] == "up")')
    [ "$n" -ge 4 ] || { echo "only $n services up"; return 1; }
}
step "os-services shows four services up" services_up

IDS=()
boot() {
    local id; id=$(req POST /servers "{\"server\": {\"name\": \"it-$1\", \"flavorRef\": \"1\", \"imageRef\": \"$IMAGE\", \"networks\": \"none\"}}" | json 'd["server"]["id"]') || return 1
    echo "$id"
}
boot_all() {
    for i in 1 2 3; do local id; id=$(boot "$i") || return 1; IDS+=("$id"); done
}
boot_all && pass "boot 3 servers (202)" || fail "boot 3 servers (202)"
active_all() { for id in "${IDS[@]}"; do wait_status "$id" ACTIVE 30 || return 1; done; }
step "servers reach ACTIVE" active_all

list_servers() {
    local n; n=$(req GET /servers/detail | json 'len(d["servers"])')
    [ "$n" -eq "${#IDS[@]}" ] || { echo "listed $n servers"; return 1; }
}
step "servers/detail lists them" list_servers

usage_is() { # usage_is VMS: running_vms summed over hypervisors
    local n; n=$(req GET /os-hypervisors/detail '' admin:admin | json 'sum(h["running_vms"] for h in d["hypervisors"])')
    [ "$n" -eq "$1" ] || { echo "running_vms=$n, wanted $1"; return 1; }
}
wait_usage() { local deadline=$((SECONDS + 20)); until usage_is "$1" >/dev/null; do [ $SECONDS -lt $deadline ] || { usage_is "$1"; return 1; }; sleep 0.5; done; }
step "os-hypervisors shows their usage" wait_usage "${#IDS[@]}"

action() { req POST "/servers/$1/action" "$2" >/dev/null; }
S=${IDS[0]:-none}
stop_it() { action "$S" '{"os-stop": null}' && wait_status "$S" SHUTOFF; }
start_it() { action "$S" '{"os-start": null}' && wait_status "$S" ACTIVE; }
reboot_it() { action "$S" '{"reboot": {"type": "SOFT"}}' && wait_status "$S" ACTIVE; }
step "stop a server (SHUTOFF)" stop_it
step "start it again (ACTIVE)" start_it
step "reboot it (ACTIVE)" reboot_it

R=${IDS[1]:-none}
resize_it() { action "$R" '{"resize": {"flavorRef": "2"}}' && wait_status "$R" VERIFY_RESIZE; }
step "resize a server (VERIFY_RESIZE)" resize_it
confirm_resize() {
    action "$R" '{"confirmResize": null}' && wait_status "$R" ACTIVE || return 1
    local f; f=$(req GET "/servers/$R" | json 'd["server"]["flavor"]["id"]')
    [ "$f" = 2 ] || { echo "flavor is $f"; return 1; }
}
step "confirm the resize (ACTIVE, new flavor)" confirm_resize

delete_all() {
    for id in "${IDS[@]}"; do req DELETE "/servers/$id" >/dev/null || return 1; done
    local deadline=$((SECONDS + 30))
    while [ $SECONDS -lt $deadline ]; do
        local n; n=$(req GET /servers | json 'len(d["servers"])')
        [ "$n" -eq 0 ] && return 0
        sleep 0.2
    done
    echo "servers remain"; return 1
}
step "delete all servers" delete_all
zero_usage() {
    local deadline=$((SECONDS + 20)) u=
    while [ $SECONDS -lt $deadline ]; do
        # memory_mb_used keeps the host's reserved memory (as Nova reports it): count guests and vCPUs.
        u=$(req GET /os-hypervisors/detail '' admin:admin | json 'sum(h["vcpus_used"] + h["running_vms"] for h in d["hypervisors"])')
        [ "$u" -eq 0 ] && return 0
        sleep 0.5
    done
    echo "usage left: $u"; return 1
}
step "usage returns to zero" zero_usage
step "os-services still shows four services up" services_up

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
