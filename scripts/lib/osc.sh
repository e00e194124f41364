# Shell pieces for driving the stack with python-openstackclient and openstacksdk (sourced by
# scripts/osc-e2e.sh): a virtualenv with the clients from PyPI, and helpers that run `openstack`.
# Environment: NOVA_OSC_VENV (the venv; default ${XDG_CACHE_HOME:-$HOME/.cache}/mini-nova/osc-venv),
# NOVA_OSC_PACKAGE (the pip requirement, default python-openstackclient).
# shellcheck shell=bash

OSC_VENV=${NOVA_OSC_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/mini-nova/osc-venv}

# osc_ensure_venv: makes $OSC_VENV with python-openstackclient (which pulls in openstacksdk and
# keystoneauth1) unless it already has a working `openstack`. Prints nothing on reuse.
osc_ensure_venv() {
    if [ -x "$OSC_VENV/bin/openstack" ] && "$OSC_VENV/bin/openstack" --version >/dev/null 2>&1; then
        return 0
    fi
    say "installing ${NOVA_OSC_PACKAGE:-python-openstackclient} from PyPI into $OSC_VENV"
    mkdir -p "$(dirname "$OSC_VENV")"
    if ! python3 -m venv "$OSC_VENV" >/dev/null 2>&1; then
        # Debian ships venv's ensurepip separately.
        ensure_packages python3-venv
        python3 -m venv "$OSC_VENV" || return 1
    fi
    "$OSC_VENV/bin/pip" install -q --upgrade pip >/dev/null 2>&1 || true
    "$OSC_VENV/bin/pip" install -q "${NOVA_OSC_PACKAGE:-python-openstackclient}" || return 1
    "$OSC_VENV/bin/openstack" --version >/dev/null 2>&1
}

# osc_versions: one line naming the client versions in use (for the run's log).
osc_versions() {
    "$OSC_VENV/bin/python" - <<'PY' 2>/dev/null
from importlib.metadata import version
print(", ".join(f"{p} {version(p)}" for p in ("python-openstackclient", "openstacksdk", "keystoneauth1")))
PY
}

# osc CLOUD ARGS...: runs `openstack --os-cloud mini-nova-CLOUD ARGS...` with the stack's clouds.yaml
# (OS_CLIENT_CONFIG_FILE must be exported by the caller).
osc() {
    local cloud=$1; shift
    "$OSC_VENV/bin/openstack" --os-cloud "mini-nova-$cloud" "$@"
}

# osc_wait_status CLOUD SERVER STATUS [SECONDS]: polls `server show` until the server's status is STATUS
# (fails on ERROR or after SECONDS, default 60).
osc_wait_status() {
    local cloud=$1 server=$2 want=$3 limit=${4:-60}
    local deadline=$(( $(date +%s) + limit )) status=""
    while [ "$(date +%s)" -lt "$deadline" ]; do
        status=$(osc "$cloud" server show "$server" -f value -c status 2>/dev/null) || status=""
        [ "$status" = "$want" ] && return 0
        if [ "$status" = ERROR ]; then echo "server $server went to ERROR" >&2; return 1; fi
        sleep 1
    done
    echo "server $server is '$status', not $want, after ${limit}s" >&2
    return 1
}
