# Shared shell helpers: install what is missing, start RabbitMQ on loopback. Sourced by scripts/*.sh.
# shellcheck shell=bash

say() { printf '==> %s\n' "$*" >&2; }

# ensure_packages PKG...: installs the Debian packages that are missing (as root), else says what to run.
ensure_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: missing packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
        return 1
    fi
    say "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # policy-rc.d keeps the packages' own init scripts from starting servers we start ourselves.
    apt-get install -y -q "${missing[@]}" >/tmp/mini-nova-apt.log 2>&1 || {
        apt-get update -q >>/tmp/mini-nova-apt.log 2>&1
        apt-get install -y -q "${missing[@]}" >>/tmp/mini-nova-apt.log 2>&1
    } || { echo "error: apt-get install ${missing[*]} failed; see /tmp/mini-nova-apt.log" >&2; return 1; }
}

ensure_build_deps() { ensure_packages librabbitmq-dev libsqlite3-dev libpq-dev libssl-dev libcrypt-dev pkg-config; }

# without_inherited_fds CMD...: runs CMD in a subshell that first closes every descriptor above 2, so a
# daemon CMD leaves behind keeps none of its caller's pipes or sockets open (a Swift Foundation Process
# waits until its child's descriptors are all closed, so a test that starts RabbitMQ would hang).
without_inherited_fds() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
        done
        exec "$@"
    )
}

rabbit_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }

# ensure_rabbitmq: a broker answering on 127.0.0.1:5672 (started detached if none answers).
ensure_rabbitmq() {
    rabbit_up && return 0
    ensure_packages rabbitmq-server || return 1
    say "starting RabbitMQ on 127.0.0.1:5672"
    export RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    if [ "$(id -u)" -eq 0 ]; then
        mkdir -p /var/lib/rabbitmq /var/log/rabbitmq
        chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq 2>/dev/null || true
    fi
    without_inherited_fds rabbitmq-server -detached </dev/null >/tmp/mini-nova-rabbit.log 2>&1 || true
    say "waiting for RabbitMQ to finish starting (up to 60 s)"
    timeout 60 rabbitmqctl -n rabbit@localhost await_startup >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do rabbit_up && return 0; sleep 1; done
    echo "error: RabbitMQ did not start; see /tmp/mini-nova-rabbit.log and /var/log/rabbitmq" >&2
    return 1
}

# ensure_vhost NAME: a vhost that guest may use (so two stacks or test runs never cross).
ensure_vhost() {
    local vh=$1
    rabbitmqctl -n rabbit@localhost -q list_vhosts 2>/dev/null | grep -qx "$vh" && return 0
    rabbitmqctl -n rabbit@localhost -q add_vhost "$vh" >/dev/null 2>&1 || true
    rabbitmqctl -n rabbit@localhost -q set_permissions -p "$vh" guest '.*' '.*' '.*' >/dev/null
}
