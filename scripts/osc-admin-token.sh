#!/usr/bin/env bash
# python-openstackclient (from PyPI) pointed straight at the Compute endpoint of a noauth2 stack, the way
# an operator drives Nova without Keystone:
#   openstack --os-auth-type admin_token --os-endpoint http://127.0.0.1:PORT/v2.1 --os-token admin:admin \
#             --os-compute-api-version 2.37 ...
# Starts the stack (scripts/start.sh) in a temporary state directory on a free port, prints PASS/FAIL per
# command and "N passed, N failed", and stops the stack on exit. Exit status 0 only when all passed.
#
# `flavor create`, `keypair create` and `server list` are not run here: openstackclient 10 asks its
# identity proxy for API v3 before sending them, and with admin_token every service's endpoint is the Compute endpoint, whose
# version document says v2.1; the client stops with "Service requires API version '3'" without sending a
# request (the same happens against OpenStack Nova). scripts/osc-e2e.sh runs all three with Keystone-style auth.
# Environment: NOVA_BUILD / NOVA_SKIP_BUILD (passed to start.sh), NOVA_OSC_VENV, KEEP_STATE.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
. scripts/lib/osc.sh
. scripts/lib/checks.sh

STATE=$(mktemp -d /tmp/mini-nova-osc-at.XXXXXX)
PORT=$(free_port)
export NOVA_STATE_DIR=$STATE NOVA_API_PORT=$PORT NOVA_AUTH=noauth2 NOVA_COMPUTES=1
export NOVA_REPORT_INTERVAL=${NOVA_REPORT_INTERVAL:-2}
IMAGE=70a599e0-31e7-49b7-b260-868f441e862b
VM=osc-at-vm1

teardown() {
    NOVA_STATE_DIR=$STATE scripts/stop.sh >/dev/null 2>&1 || true
    if [ "$FAILED" -eq 0 ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$STATE"; else echo "state kept in $STATE"; fi
}
trap teardown EXIT


if ! osc_ensure_venv; then echo "error: could not install python-openstackclient into $OSC_VENV" >&2; exit 1; fi
say "clients: $(osc_versions)"
if ! scripts/start.sh >"$STATE/start.log" 2>&1; then
    tail -n 20 "$STATE/start.log" >&2
    FAILED=1; echo "error: the stack did not start (log: $STATE/start.log)" >&2; exit 1
fi
# Nothing from the caller's shell or a clouds.yaml may configure the client: only the flags below.
for v in $(env | sed -n 's/^\(OS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export OS_CLIENT_CONFIG_FILE=/dev/null

# at ARGS...: openstack with admin_token auth against our Compute endpoint.
at() {
    "$OSC_VENV/bin/openstack" --os-auth-type admin_token --os-endpoint "http://127.0.0.1:$PORT/v2.1" \
        --os-token admin:admin --os-compute-api-version 2.37 "$@"
}
# has VALUE COLUMN ARGS...: the command's COLUMN lists VALUE.
has() { at "${@:3}" -f value -c "$2" | grep -x -- "$1" >/dev/null; }
status_is() { [ "$(at server show "$VM" -f value -c status)" = "$1" ]; }
# vm_gone: `server show` fails, and for the right reason (the server is not found).
vm_gone() {
    local out
    if out=$(at server show "$VM" 2>&1); then echo "still there: $out"; return 1; fi
    echo "$out" | grep -E "No Server found|No server with a name or ID" >/dev/null || { echo "$out"; return 1; }
}
compute_up() { at compute service list --service nova-compute -f value -c State | grep -x up >/dev/null; }

step "flavor list (m1.tiny)" has m1.tiny Name flavor list
step "compute service list (nova-compute up)" compute_up
step "hypervisor list" has up State hypervisor list
step "server create --image <uuid> --flavor m1.tiny --nic none --wait" \
    at server create --image "$IMAGE" --flavor m1.tiny --nic none --wait "$VM"
step "server show (ACTIVE)" status_is ACTIVE
step "server group create --policy anti-affinity" has osc-at-sg1 name server group create --policy anti-affinity osc-at-sg1
step "aggregate create" has osc-at-agg1 name aggregate create osc-at-agg1
step "server delete --wait" at server delete --wait "$VM"
step "server show after delete (not found)" vm_gone

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
