# PASS/FAIL reporting shared by the check scripts (integration, osc-e2e, osc-admin-token, soak, multihost)
# and a free loopback port. Sourced; the caller prints "$PASSED passed, $FAILED failed" at the end.
# shellcheck shell=bash

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s%s\n' "$1" "${2:+: $2}"; }

# step NAME CMD...: runs CMD; passes when it exits 0, else fails showing the last STEP_TAIL (default 4)
# lines CMD printed, and returns 1. With STEP_SHOW_LAST=1 a pass also shows the last line CMD printed.
step() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        if [ -n "${STEP_SHOW_LAST:-}" ] && [ -n "$out" ]; then name+=" ($(echo "$out" | tail -n 1))"; fi
        pass "$name"
    else
        fail "$name" "$(echo "$out" | tail -n "${STEP_TAIL:-4}" | tr '\n' ' ')"
        return 1
    fi
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
