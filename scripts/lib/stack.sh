# Shell pieces of start.sh/stop.sh/integration.sh: config, catalog, service processes.
# shellcheck shell=bash

SERVICES_CONTROL="nova-conductor nova-scheduler nova-api"
DEFAULT_IMAGE_ID=${NOVA_IMAGE_ID:-70a599e0-31e7-49b7-b260-868f441e862b}

# stack_vhost DIR: a RabbitMQ vhost named after the state directory, so two stacks never cross.
stack_vhost() { printf 'nova-%s' "$(printf '%s' "$1" | md5sum | cut -c1-10)"; }

write_config() {
    local state=$1 port=$2 vhost=$3 computes=$4
    mkdir -p "$state/logs" "$state/run"
    cat >"$state/nova.conf" <<CONF
# Written by scripts/start.sh for the stack in $state.
[DEFAULT]
host = ${NOVA_HOST:-$(hostname)}
state_path = $state
transport_url = rabbit://guest:guest@127.0.0.1:5672/$vhost
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $port
report_interval = ${NOVA_REPORT_INTERVAL:-10}
service_down_time = ${NOVA_SERVICE_DOWN_TIME:-60}
periodic_fuzzy_delay = 0
debug = ${NOVA_DEBUG:-false}

[database]
connection = ${NOVA_DB_CONNECTION:-sqlite:///$state/nova.sqlite}

[fake]
nodes = ${NOVA_FAKE_NODES:-1}
spawn_delay = ${NOVA_SPAWN_DELAY:-0}
CONF
    # NOVA_EXTRA_CONF: more lines (with their [section] headers) for this stack; later values win.
    [ -n "${NOVA_EXTRA_CONF:-}" ] && printf '\n# NOVA_EXTRA_CONF\n%s\n' "$NOVA_EXTRA_CONF" >>"$state/nova.conf"
    return 0
}

# seed_catalog BIN CONF: default flavors and one image; idempotent.
seed_catalog() {
    local bin=$1 conf=$2
    "$bin/nova-manage" --config-file "$conf" flavor ensure --id 1 --name m1.tiny --vcpus 1 --ram 512 --disk 1
    "$bin/nova-manage" --config-file "$conf" flavor ensure --id 2 --name m1.small --vcpus 1 --ram 2048 --disk 20
    "$bin/nova-manage" --config-file "$conf" flavor ensure --id 3 --name m1.medium --vcpus 2 --ram 4096 --disk 40
    "$bin/nova-manage" --config-file "$conf" flavor ensure --id 4 --name m1.large --vcpus 4 --ram 8192 --disk 80
    "$bin/nova-manage" --config-file "$conf" image ensure --id "$DEFAULT_IMAGE_ID" --name cirros-0.6.2 \
        --disk-format qcow2 --size 21430272 --min-disk 0 --min-ram 0
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# start_one BIN STATE NAME [HOST]: starts one service in the background unless its pid file is alive.
start_one() {
    local bin=$1 state=$2 name=$3 host=${4:-}
    local tag=$name${host:+-$host}
    local pidf=$state/run/$tag.pid
    if pid_alive "$pidf"; then return 0; fi
    local args=(--config-file "$state/nova.conf" --log_file "$state/logs/$tag.log")
    [ -n "$host" ] && args+=(--host "$host")
    setsid "$bin/$name" "${args[@]}" </dev/null >>"$state/logs/$tag.out" 2>&1 &
    echo $! >"$pidf"
}

start_services() {
    local bin=$1 state=$2 computes=$3
    say "starting nova-conductor, nova-scheduler, nova-api and $computes nova-compute (logs in $state/logs)"
    for s in $SERVICES_CONTROL; do start_one "$bin" "$state" "$s"; done
    if [ "$computes" -eq 1 ]; then
        start_one "$bin" "$state" nova-compute
    else
        for i in $(seq 1 "$computes"); do start_one "$bin" "$state" nova-compute "compute$i"; done
    fi
}

# stack_token: the admin token for scripted checks (noauth2: admin:admin; identity: signs in once).
STACK_TOKEN=""
stack_token() {
    if [ -z "$STACK_TOKEN" ]; then
        if [ -n "${STACK_TOKEN_CMD:-}" ]; then STACK_TOKEN=$($STACK_TOKEN_CMD); else STACK_TOKEN=admin:admin; fi
    fi
    printf '%s' "$STACK_TOKEN"
}

api_get() { curl -s -m 5 -H "X-Auth-Token: $(stack_token)" "http://127.0.0.1:$1$2"; }

# wait_for_stack STATE PORT TIMEOUT: the API answers and a compute is up with its hypervisor listed.
wait_for_stack() {
    local state=$1 port=$2 timeout=$3 deadline=$((SECONDS + $3))
    while [ $SECONDS -lt $deadline ]; do
        for f in "$state"/run/*.pid; do
            if ! pid_alive "$f"; then
                local tag; tag=$(basename "$f" .pid)
                echo "error: $tag exited during start-up; last lines of its log:" >&2
                tail -n 30 "$state/logs/$tag.log" "$state/logs/$tag.out" 2>/dev/null >&2
                return 1
            fi
        done
        if api_get "$port" /v2.1/os-services?binary=nova-compute | grep -q '"state": *"up"' &&
            api_get "$port" /v2.1/os-hypervisors | grep -q '"hypervisor_hostname"'; then
            return 0
        fi
        sleep 0.2
    done
    echo "error: the stack did not come up within ${timeout}s; last log lines:" >&2
    for f in "$state"/logs/*.log; do echo "--- $f" >&2; tail -n 15 "$f" >&2; done
    return 1
}

stop_services() {
    local state=$1 rc=0 pids=()
    for f in "$state"/run/*.pid; do
        [ -f "$f" ] || continue
        if pid_alive "$f"; then kill -TERM "$(cat "$f")" 2>/dev/null && pids+=("$f"); else rm -f "$f"; fi
    done
    [ ${#pids[@]} -gt 0 ] && say "stopping ${#pids[@]} services (SIGTERM)"
    for _ in $(seq 1 100); do
        local alive=0
        for f in "${pids[@]}"; do pid_alive "$f" && alive=1; done
        [ $alive -eq 0 ] && break
        sleep 0.1
    done
    for f in "${pids[@]}"; do
        if pid_alive "$f"; then
            echo "error: $(basename "$f" .pid) (pid $(cat "$f")) did not exit after SIGTERM" >&2
            rc=1
        else
            rm -f "$f"
        fi
    done
    return $rc
}

print_usage() {
    local port=$1 state=$2
    cat <<USAGE

mini-Nova is up.
  Compute API:  http://127.0.0.1:$port/v2.1
  Token:        X-Auth-Token: admin:admin   (noauth2: user:project; user "admin" is the admin)
  State, logs:  $state
  Stop it:      NOVA_STATE_DIR=$state scripts/stop.sh

Boot a server:
  curl -s -X POST http://127.0.0.1:$port/v2.1/servers -H 'X-Auth-Token: demo:demo' \\
    -H 'Content-Type: application/json' -H 'OpenStack-API-Version: compute 2.37' \\
    -d '{"server": {"name": "vm1", "flavorRef": "1", "imageRef": "$DEFAULT_IMAGE_ID", "networks": "none"}}'
List servers:
  curl -s http://127.0.0.1:$port/v2.1/servers/detail -H 'X-Auth-Token: demo:demo'
USAGE
}
