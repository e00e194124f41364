#!/usr/bin/env bash
# Bad input over HTTP: starts the whole stack (scripts/start.sh into a temporary state directory on a free
# port), throws a catalogue of hostile raw requests at nova-api (scripts/lib/hostile_http.py: header
# injection, invalid UTF-8, conflicting or absurd lengths, deep JSON, huge numbers, unicode names, SQL
# metacharacters in filters and names, path traversal in ids, stalled and dropped connections) and checks
# each gets the status HTTP and Nova give it with Nova's error body, that nova-api stays up with no worker
# crashing, and that a well-behaved client running alongside keeps getting 200s. Prints PASS/FAIL lines
# and "N passed, N failed"; tears the stack down even on failure.
# Environment: NOVA_BUILD (release|debug, as start.sh), NOVA_SKIP_BUILD=1 to use existing binaries,
# KEEP_STATE=1 to keep the state directory.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
. scripts/lib/checks.sh

ensure_packages python3 || exit 1
STATE=$(mktemp -d /tmp/mini-nova-hostile.XXXXXX)
PORT=$(free_port)
export NOVA_STATE_DIR=$STATE NOVA_API_PORT=$PORT NOVA_COMPUTES=1 NOVA_FAKE_NODES=1
rc=1

teardown() {
    NOVA_STATE_DIR=$STATE scripts/stop.sh >/dev/null 2>&1 || true
    if [ "$rc" -eq 0 ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$STATE"; else echo "state kept in $STATE"; fi
}
trap teardown EXIT

if ! scripts/start.sh >"$STATE/start.log" 2>&1; then
    tail -n 20 "$STATE/start.log"
    echo "FAIL  the stack starts (scripts/start.sh): see $STATE/start.log"
    echo "0 passed, 1 failed"
    exit 1
fi
python3 scripts/lib/hostile_http.py "$PORT" "$STATE"
rc=$?
exit $rc
