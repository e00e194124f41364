# Network namespaces as hosts for scripts/multihost.sh: a bridge in the root namespace (the controller,
# 10.250.0.1) and one namespace per compute host joined to it by a veth pair. The range exists only
# inside this machine. Everything created is named with the prefix $NETNS_PREFIX so teardown finds it all.
# shellcheck shell=bash

NETNS_PREFIX=${NETNS_PREFIX:-nmh}
NETNS_SUBNET=${NETNS_SUBNET:-10.250.0}
NETNS_BRIDGE=${NETNS_PREFIX}-br0
CONTROLLER_IP=$NETNS_SUBNET.1

# netns_ip I: the address of compute host I (1-based).
netns_ip() { echo "$NETNS_SUBNET.$((10 + $1))"; }
netns_name() { echo "${NETNS_PREFIX}-c$1"; }
# netns_link I: the root-namespace end of host I's veth pair (taking it down cuts the host off).
netns_link() { echo "${NETNS_PREFIX}-v$1"; }

netns_setup() {
    local count=$1 i ns
    ensure_packages iproute2
    ip link add "$NETNS_BRIDGE" type bridge
    ip addr add "$CONTROLLER_IP/24" dev "$NETNS_BRIDGE"
    ip link set "$NETNS_BRIDGE" up
    for i in $(seq 1 "$count"); do
        ns=$(netns_name "$i")
        ip netns add "$ns"
        ip link add "$(netns_link "$i")" type veth peer name "${NETNS_PREFIX}-p$i"
        ip link set "${NETNS_PREFIX}-p$i" netns "$ns"
        ip link set "$(netns_link "$i")" master "$NETNS_BRIDGE"
        ip link set "$(netns_link "$i")" up
        ip -n "$ns" link set lo up
        ip -n "$ns" link set "${NETNS_PREFIX}-p$i" name eth0
        ip -n "$ns" addr add "$(netns_ip "$i")/24" dev eth0
        ip -n "$ns" link set eth0 up
        ip -n "$ns" route add default via "$CONTROLLER_IP"
    done
}

# netns_teardown: removes every namespace, veth and bridge with our prefix (safe to call twice).
netns_teardown() {
    local ns link
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NETNS_PREFIX}-" || true); do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 |
        grep "^${NETNS_PREFIX}-" || true); do
        ip link del "$link" 2>/dev/null || true
    done
}

# netns_leftovers: prints anything of ours still present (empty when clean).
netns_leftovers() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NETNS_PREFIX}-" || true
    ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^${NETNS_PREFIX}-" || true
}
