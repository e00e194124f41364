# The pieces of scripts/multihost.sh that are not checks: a private RabbitMQ node and a private PostgreSQL
# cluster on the controller address, the config files, and the service processes (controller services in
# the root namespace, one nova-compute per compute namespace). Needs scripts/lib/deps.sh and netns.sh.
# Everything started here is recorded under $MH_STATE so mh_teardown can stop it all, and only it.
# shellcheck shell=bash

MH_PG_BIN=${MH_PG_BIN:-/usr/lib/postgresql/15/bin}
MH_RABBIT_NODE=${NETNS_PREFIX}-rabbit@localhost
MH_RABBIT_USER=nova
MH_RABBIT_PASS=nova-rabbit-secret
MH_DB_USER=nova
MH_DB_PASS=nova-db-secret

# mh_free_port IP START: the first port from START that nobody listens on at IP (nor on the wildcard).
mh_free_port() {
    local ip=$1 p=$2
    until python3 -c 'import socket, sys
for a in (sys.argv[1], "0.0.0.0"):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((a, int(sys.argv[2]))); s.close()' \
        "$ip" "$p" 2>/dev/null; do
        p=$((p + 1))
    done
    echo "$p"
}

# mh_wait_tcp IP PORT SECONDS: true once something accepts connections there.
mh_wait_tcp() {
    local deadline=$((SECONDS + $3))
    while [ $SECONDS -lt "$deadline" ]; do
        (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
        sleep 0.3
    done
    return 1
}

# --- RabbitMQ: its own node name, address, ports, mnesia and log directories; no plugins ---------------

mh_rabbit_env() {
    local dir=$MH_STATE/rabbitmq
    echo RABBITMQ_NODENAME="$MH_RABBIT_NODE" RABBITMQ_NODE_IP_ADDRESS="$CONTROLLER_IP" \
        RABBITMQ_NODE_PORT="$MH_RABBIT_PORT" RABBITMQ_DIST_PORT="$MH_RABBIT_DIST_PORT" \
        RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
        RABBITMQ_PID_FILE="$dir/beam.pid" HOME=/var/lib/rabbitmq
}

mh_rabbit_start() {
    local dir=$MH_STATE/rabbitmq
    mkdir -p "$dir/mnesia" "$dir/log"
    echo '[].' >"$dir/enabled_plugins"
    : >"$dir/rabbitmq-env.conf"
    # guest may only log in over loopback, so the hosts get a user of their own.
    cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = $CONTROLLER_IP:$MH_RABBIT_PORT
loopback_users = none
default_user = $MH_RABBIT_USER
default_pass = $MH_RABBIT_PASS
default_vhost = /
CONF
    chown -R rabbitmq:rabbitmq "$dir"
    # Checks run in subshells: what teardown needs to know goes to a file.
    pgrep -x epmd >/dev/null || touch "$MH_STATE/run/epmd-started-by-us"
    # shellcheck disable=SC2046
    (cd /var/lib/rabbitmq && exec env $(mh_rabbit_env) setsid runuser -u rabbitmq -- \
        /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/server.out" 2>&1 </dev/null) &
    echo $! >"$MH_STATE/run/rabbitmq.pid"
    if ! mh_wait_tcp "$CONTROLLER_IP" "$MH_RABBIT_PORT" 120; then
        echo "RabbitMQ did not listen on $CONTROLLER_IP:$MH_RABBIT_PORT within 120 s; see $dir/server.out"
        tail -n 20 "$dir/server.out"
        return 1
    fi
}

mh_rabbitmqctl() { (cd /tmp && timeout 30 rabbitmqctl -n "$MH_RABBIT_NODE" -q "$@"); }

mh_rabbit_stop() {
    local dir=$MH_STATE/rabbitmq pid
    [ -f "$MH_STATE/run/rabbitmq.pid" ] || return 0
    mh_rabbitmqctl stop >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do
        pid=$(cat "$dir/beam.pid" 2>/dev/null) || pid=
        { [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; } && break
        sleep 0.2
    done
    pid=$(cat "$dir/beam.pid" 2>/dev/null) || pid=
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    pid=$(cat "$MH_STATE/run/rabbitmq.pid")
    kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
    rm -f "$MH_STATE/run/rabbitmq.pid"
    # The node started epmd when none ran: stop it again unless another node registered since.
    if [ -f "$MH_STATE/run/epmd-started-by-us" ] && ! epmd -names 2>/dev/null | grep -q '^name '; then
        epmd -kill >/dev/null 2>&1 || true
    fi
    rm -f "$MH_STATE/run/epmd-started-by-us"
}

# --- PostgreSQL: a throwaway cluster owned by postgres, listening on the controller address only -------

mh_pg_start() {
    local dir=$MH_STATE/postgres
    mkdir -p "$dir" && chown postgres:postgres "$dir" && chmod 0700 "$dir"
    runuser -u postgres -- "$MH_PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { tail -n 20 "$dir/initdb.log"; return 1; }
    # The superuser over the cluster's own socket; nova with a password from the test network.
    printf 'local all postgres trust\nhost %s %s %s.0/24 scram-sha-256\n' \
        "$MH_DB_USER" "$MH_DB_USER" "$NETNS_SUBNET" >"$dir/data/pg_hba.conf"
    local opts="-k $dir -p $MH_PG_PORT -c listen_addresses=$CONTROLLER_IP -c fsync=off"
    opts+=" -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    runuser -u postgres -- "$MH_PG_BIN/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 60 start \
        >"$dir/pg_ctl.log" 2>&1 </dev/null || { tail -n 20 "$dir/pg_ctl.log" "$dir/server.log"; return 1; }
    touch "$MH_STATE/run/postgres.started"
}

# mh_psql SQL...: runs statements as the superuser over the socket; prints unaligned rows.
mh_psql() {
    local args=() s
    for s in "$@"; do args+=(-c "$s"); done
    runuser -u postgres -- psql -h "$MH_STATE/postgres" -p "$MH_PG_PORT" -U postgres -d "${MH_PSQL_DB:-postgres}" \
        -v ON_ERROR_STOP=1 -qAt "${args[@]}"
}

mh_pg_create_db() {
    mh_psql "CREATE ROLE $MH_DB_USER LOGIN PASSWORD '$MH_DB_PASS'" "CREATE DATABASE nova OWNER $MH_DB_USER"
}

mh_pg_stop() {
    [ -f "$MH_STATE/run/postgres.started" ] || return 0
    runuser -u postgres -- "$MH_PG_BIN/pg_ctl" -D "$MH_STATE/postgres/data" -m immediate -w -t 30 stop \
        >/dev/null 2>&1 || true
    rm -f "$MH_STATE/run/postgres.started"
}

# --- configuration -------------------------------------------------------------------------------------

# mh_common_conf HOST MY_IP: the [DEFAULT] lines every host shares (bus, liveness, timeouts).
mh_common_conf() {
    cat <<CONF
[DEFAULT]
host = $1
my_ip = $2
transport_url = rabbit://$MH_RABBIT_USER:$MH_RABBIT_PASS@$CONTROLLER_IP:$MH_RABBIT_PORT/
report_interval = $MH_REPORT_INTERVAL
service_down_time = $MH_SERVICE_DOWN_TIME
rpc_response_timeout = $MH_RPC_TIMEOUT
periodic_fuzzy_delay = 0
debug = true
CONF
}

# mh_rabbit_conf: the bus section every host shares (a host cut off is noticed within the threshold).
mh_rabbit_conf() {
    printf '\n[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = %s\n' "$MH_AMQP_HEARTBEAT"
}

mh_write_configs() {
    local i
    {
        echo "# The controller ($CONTROLLER_IP): nova-api, the conductors and the schedulers."
        mh_common_conf controller "$CONTROLLER_IP"
        cat <<CONF
state_path = $MH_STATE/controller
osapi_compute_listen = $CONTROLLER_IP
osapi_compute_listen_port = $MH_API_PORT

[database]
connection = postgresql://$MH_DB_USER:$MH_DB_PASS@$CONTROLLER_IP:$MH_PG_PORT/nova

[quota]
instances = 100
cores = 200
ram = 204800
CONF
        mh_rabbit_conf
    } >"$MH_STATE/controller.conf"
    for i in $(seq 1 "$MH_COMPUTES"); do
        {
            echo "# Compute host $i ($(netns_ip "$i"), namespace $(netns_name "$i")): no [database], only the bus."
            mh_common_conf "compute$i" "$(netns_ip "$i")"
            cat <<CONF
state_path = $MH_STATE/compute$i
update_resources_interval = $MH_REPORT_INTERVAL

[fake]
spawn_delay = $MH_SPAWN_DELAY
CONF
            mh_rabbit_conf
        } >"$MH_STATE/compute$i.conf"
    done
}

# --- processes -----------------------------------------------------------------------------------------

# mh_start TAG BINARY CONF [NAMESPACE] [HOST]: one service in the background, its pid in run/TAG.pid.
mh_start() {
    local tag=$1 bin=$2 conf=$3 ns=${4:-} host=${5:-}
    local args=(--config-file "$conf" --log_file "$MH_STATE/logs/$tag.log")
    [ -n "$host" ] && args+=(--host "$host")
    if [ -n "$ns" ]; then
        ip netns exec "$ns" setsid "$MH_BIN/$bin" "${args[@]}" </dev/null >>"$MH_STATE/logs/$tag.out" 2>&1 &
    else
        setsid "$MH_BIN/$bin" "${args[@]}" </dev/null >>"$MH_STATE/logs/$tag.out" 2>&1 &
    fi
    echo $! >"$MH_STATE/run/$tag.pid"
}

mh_pid() { cat "$MH_STATE/run/$1.pid" 2>/dev/null; }
# mh_alive TAG: the process runs (a killed child not yet reaped by this shell is a zombie: not alive).
mh_alive() {
    local p st
    p=$(mh_pid "$1") && [ -n "$p" ] && st=$(ps -o stat= -p "$p" 2>/dev/null) && [[ $st != Z* ]]
}

# mh_stop_services: SIGTERM to every nova service still alive, SIGKILL after 15 s. Fails when one needed it.
mh_stop_services() {
    local f pid rc=0 tags=()
    for f in "$MH_STATE"/run/nova-*.pid; do
        [ -f "$f" ] || continue
        pid=$(cat "$f")
        if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null && tags+=("$(basename "$f" .pid)"); fi
    done
    for _ in $(seq 1 150); do
        local alive=0
        for t in "${tags[@]}"; do mh_alive "$t" && alive=1; done
        [ $alive -eq 0 ] && break
        sleep 0.1
    done
    for t in "${tags[@]}"; do
        if mh_alive "$t"; then
            echo "$t (pid $(mh_pid "$t")) did not exit within 15 s of SIGTERM"
            kill -9 "$(mh_pid "$t")" 2>/dev/null
            rc=1
        fi
    done
    return $rc
}

# mh_teardown: everything this run started, in reverse order; safe to call twice.
mh_teardown() {
    mh_stop_services >/dev/null 2>&1
    mh_rabbit_stop >/dev/null 2>&1
    mh_pg_stop >/dev/null 2>&1
    netns_teardown >/dev/null 2>&1
}

# mh_leftovers: what of this run is still present (namespaces, links, processes, listeners); empty if clean.
mh_leftovers() {
    local f pid
    netns_leftovers | sed 's/^/link or namespace: /'
    for f in "$MH_STATE"/run/*.pid; do
        [ -f "$f" ] || continue
        mh_alive "$(basename "$f" .pid)" && echo "process: $(basename "$f" .pid) (pid $(cat "$f"))"
    done
    pid=$(cat "$MH_STATE/rabbitmq/beam.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null &&
        echo "process: RabbitMQ node $MH_RABBIT_NODE (pid $pid)"
    pgrep -f -- "-D $MH_STATE/postgres/data" >/dev/null && echo "process: PostgreSQL on $MH_STATE/postgres"
    ss -Hltn 2>/dev/null | awk '{print $4}' | grep -E "^$CONTROLLER_IP:" | sed 's/^/listener: /'
    true
}
