#!/usr/bin/env bash
# End-to-end check that python-openstackclient and openstacksdk from PyPI work unchanged against
# mini-Nova in identity mode: starts the stack (scripts/start.sh with NOVA_AUTH=identity) in a temporary
# state directory on a free port, drives it only through the generated clouds.yaml (plus curl for the
# token refusals), prints PASS/FAIL per command and "N passed, N failed", and stops the stack on exit.
# Exit status 0 only when all passed.
# Environment: NOVA_BUILD / NOVA_SKIP_BUILD (passed to start.sh), NOVA_OSC_VENV (the client venv, made
# and filled from PyPI when missing), KEEP_STATE (keep the state directory even when all passed).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
. scripts/lib/osc.sh
. scripts/lib/checks.sh

STATE=$(mktemp -d /tmp/mini-nova-osc.XXXXXX)
PORT=$(free_port)
# Two compute hosts: a resize moves the server to another host (allow_resize_to_same_host is off).
export NOVA_STATE_DIR=$STATE NOVA_API_PORT=$PORT NOVA_AUTH=identity NOVA_COMPUTES=${NOVA_COMPUTES:-2}
export NOVA_REPORT_INTERVAL=${NOVA_REPORT_INTERVAL:-2}
API=http://127.0.0.1:$PORT/v2.1
IMAGE=cirros-0.6.2

teardown() {
    NOVA_STATE_DIR=$STATE scripts/stop.sh >/dev/null 2>&1 || true
    if [ "$FAILED" -eq 0 ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$STATE"; else echo "state kept in $STATE"; fi
}
trap teardown EXIT

# http_code TOKEN PATH: the HTTP status of GET $API/PATH with that token.
http_code() { curl -s -m 10 -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $1" "$API$2"; }
# expect_code WANT TOKEN PATH: succeeds when the status is WANT (a pattern such as 40[03]).
expect_code() {
    local code; code=$(http_code "$2" "$3")
    # shellcheck disable=SC2254
    case $code in $1) return 0 ;; *) echo "GET $3 answered $code, expected $1" >&2; return 1 ;; esac
}

if ! osc_ensure_venv; then echo "error: could not install python-openstackclient into $OSC_VENV" >&2; exit 1; fi
say "clients: $(osc_versions)"
if ! scripts/start.sh >"$STATE/start.log" 2>&1; then
    tail -n 20 "$STATE/start.log" >&2
    FAILED=1; echo "error: the stack did not start (log: $STATE/start.log)" >&2; exit 1
fi
export OS_CLIENT_CONFIG_FILE=$STATE/clouds.yaml
# Only the clouds.yaml may configure the clients: no stray OS_* from the caller's shell.
for v in $(env | sed -n 's/^\(OS_[A-Z_]*\)=.*/\1/p'); do [ "$v" = OS_CLIENT_CONFIG_FILE ] || unset "$v"; done

# --- the server's life cycle, as the demo user -------------------------------------------------------
VM=osc-vm1
# Each check below is a function so that `step` can run it and show its output on failure. No `grep -q`:
# under pipefail, grep quitting at the first match can make the client die of SIGPIPE and fail the step.
lists_vm() { osc "$1" server list "${@:2}" -f value -c Name | grep -x "$VM" >/dev/null; }
shows_active() { [ "$(osc demo server show "$VM" -f value -c status)" = ACTIVE ]; }
stop_vm() { osc demo server stop "$VM" && osc_wait_status demo "$VM" SHUTOFF; }
start_vm() { osc demo server start "$VM" && osc_wait_status demo "$VM" ACTIVE; }
reboot_vm() { osc demo server reboot --wait "$VM" && osc_wait_status demo "$VM" ACTIVE; }
resize_vm() { osc demo server resize --flavor m1.small --wait "$VM" && osc_wait_status demo "$VM" VERIFY_RESIZE; }
confirm_vm() {
    osc demo server resize confirm "$VM" && osc_wait_status demo "$VM" ACTIVE &&
        osc demo server show "$VM" -f value -c flavor | grep m1.small >/dev/null
}
vm_gone() { ! lists_vm demo; }
step "server create --image $IMAGE --flavor m1.tiny --nic none --wait" \
    osc demo server create --image "$IMAGE" --flavor m1.tiny --nic none --wait "$VM"
step "server list (shows $VM)" lists_vm demo
step "server show (ACTIVE)" shows_active
step "server stop (SHUTOFF)" stop_vm
step "server start (ACTIVE)" start_vm
step "server reboot --wait (ACTIVE)" reboot_vm
step "server resize --flavor m1.small --wait (VERIFY_RESIZE)" resize_vm
step "server resize confirm (ACTIVE on m1.small)" confirm_vm

# --- the catalog, admin views and the other resources ------------------------------------------------
names_include() { osc "$1" "${@:3}" -f value -c "$2" | grep -x -- "${NAME:?}" >/dev/null; }
image_active() { [ "$(osc demo image show "$IMAGE" -f value -c status)" = active ]; }
sdk_servers() {
    "$OSC_VENV/bin/python" -c "
import openstack
conn = openstack.connect(cloud='mini-nova-demo')
names = [s.name for s in conn.compute.servers()]
assert '$VM' in names, names
print(names)"
}
NAME=m1.tiny step "flavor list" names_include demo Name flavor list
NAME=$IMAGE step "image list" names_include demo Name image list
step "image show $IMAGE (active)" image_active
step "hypervisor list (admin)" osc admin hypervisor list
step "hypervisor stats show (admin)" osc admin hypervisor stats show
NAME=nova-compute step "compute service list (admin)" names_include admin Binary compute service list
step "keypair create" osc demo keypair create --private-key "$STATE/osc-kp1.pem" osc-kp1
# A public key made with the clients' own cryptography package (no ssh-keygen on a fresh machine).
"$OSC_VENV/bin/python" -c '
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
key = ed25519.Ed25519PrivateKey.generate().public_key()
sys.stdout.write(key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " osc-kp2\n")
' >"$STATE/osc-kp2.pub"
step "keypair create --public-key" osc demo keypair create --public-key "$STATE/osc-kp2.pub" osc-kp2
step "flavor create (admin)" osc admin flavor create --vcpus 1 --ram 256 --disk 1 osc-f1
NAME=osc-f1 step "flavor list shows the new flavor" names_include admin Name flavor list
NAME=osc-kp1 step "keypair list" names_include demo Name keypair list
step "server group create --policy anti-affinity" osc demo server group create --policy anti-affinity osc-sg1
step "aggregate create (admin)" osc admin aggregate create --zone osc-az osc-agg1
step "limits show --absolute" osc demo limits show --absolute
step "quota show" osc demo quota show
step "server list --all-projects (admin sees demo's server)" lists_vm admin --all-projects
step "openstacksdk connection.compute.servers()" sdk_servers
step "server delete --wait" osc demo server delete --wait "$VM"
step "server list (empty after delete)" vm_gone

# --- refusals -----------------------------------------------------------------------------------------
# wrong_password_401: the client fails, saying the identity endpoint answered 401 (not some other error).
wrong_password_401() {
    local out
    if out=$(osc demo --os-password "not-the-password" server list 2>&1); then echo "accepted: $out"; return 1; fi
    echo "$out" | grep -E 'HTTP 401|requires authentication' >/dev/null || { echo "$out"; return 1; }
}
step "wrong password is refused (401)" wrong_password_401
# flags_only: the same client configured only by command-line options, as the issue's users would.
flags_only() {
    local password; password=$(sed -n 's/^demo=//p' "$STATE/identity-passwords")
    env -u OS_CLIENT_CONFIG_FILE "$OSC_VENV/bin/openstack" --os-auth-url "http://127.0.0.1:$PORT/identity/v3" \
        --os-username demo --os-password="$password" --os-project-name demo \
        --os-user-domain-name Default --os-project-domain-name Default flavor list -f value -c Name |
        grep -x m1.tiny >/dev/null
}
step "--os-auth-url/--os-username/... flags without clouds.yaml (flavor list)" flags_only
DEMO_TOKEN=$(osc demo token issue -f value -c id 2>/dev/null)
ADMIN_TOKEN=$(osc admin token issue -f value -c id 2>/dev/null)
DEMO_PROJECT=$(osc demo token issue -f value -c project_id 2>/dev/null)
ADMIN_PROJECT=$(osc admin token issue -f value -c project_id 2>/dev/null)
step "token issue; the token lists servers via curl (200)" expect_code 200 "$DEMO_TOKEN" /servers
# Flip one character in the middle of the token (inside the signed payload or the signature).
MID=$(( ${#DEMO_TOKEN} / 2 ))
CH=${DEMO_TOKEN:$MID:1}; if [ "$CH" = A ]; then NEW=B; else NEW=A; fi
TAMPERED=${DEMO_TOKEN:0:$MID}$NEW${DEMO_TOKEN:$((MID + 1))}
step "tampered token is refused (401)" expect_code 401 "$TAMPERED" /servers
step "truncated token is refused (401)" expect_code 401 "${DEMO_TOKEN:0:$(( ${#DEMO_TOKEN} - 4 ))}" /servers
# resign_token TOKEN EXPIRES_IN: TOKEN's payload with its expiry moved to now + EXPIRES_IN seconds (negative:
# in the past), signed with the stack's own key as nova-api would: an expired token whose signature holds.
resign_token() {
    python3 - "$1" "$2" "$STATE/identity_token.key" <<'PY'
import base64, hashlib, hmac, json, sys, time
token, delta, keyfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
key = bytes.fromhex(next(l.strip() for l in open(keyfile) if l.strip() and not l.startswith("#")))
prefix, payload, _ = token.split(".")
body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
now = int(time.time() * 1_000_000)
body["e"] = now + delta * 1_000_000
# Issue time unchanged (so nothing but the expiry differs from the real token); it is seconds old here.
assert body["i"] < body["e"], "the token was issued after the wanted expiry"
signed = prefix + "." + base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")
mac = hmac.new(key, signed.encode(), hashlib.sha256).digest()
print(signed + "." + base64.urlsafe_b64encode(mac).decode().rstrip("="))
PY
}
step "re-signed token valid for 10 more minutes works (200)" expect_code 200 "$(resign_token "$DEMO_TOKEN" 600)" /servers
step "expired token (signature holds) is refused (401)" expect_code 401 "$(resign_token "$DEMO_TOKEN" -1)" /servers
step "no token is refused (401)" expect_code 401 "" /servers
step "demo token with the admin project's URL is refused" expect_code '40[013]' "$DEMO_TOKEN" "/$ADMIN_PROJECT/servers"
step "admin token with the demo project's URL is refused" expect_code '40[013]' "$ADMIN_TOKEN" "/$DEMO_PROJECT/servers"
step "demo token with its own project's URL works (200)" expect_code 200 "$DEMO_TOKEN" "/$DEMO_PROJECT/servers"
step "demo token on an admin API is forbidden (403)" expect_code 403 "$DEMO_TOKEN" /os-hypervisors
revoke_then_refused() { osc demo token revoke "$DEMO_TOKEN" && expect_code 401 "$DEMO_TOKEN" /servers; }
step "token revoke; the revoked token is refused (401)" revoke_then_refused

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
