# The checks of scripts/multihost.sh, driven with curl against nova-api on the controller address (and psql
# for what only the database shows: allocations). Sourced after the stack variables are set. Check
# functions run in subshells (step), so whatever a later check needs is kept in files under $MH_STATE.
# shellcheck shell=bash

MV=2.37

# api METHOD PATH [BODY] [TOKEN]: prints the HTTP status; the body is in $MH_STATE/resp, headers in resp.h.
api() {
    local m=$1 p=$2 b=${3:-} t=${4:-admin:admin}
    curl -sS -m 20 -o "$MH_STATE/resp" -D "$MH_STATE/resp.h" -w '%{http_code}' -X "$m" "$API$p" \
        -H "X-Auth-Token: $t" -H 'Content-Type: application/json' -H "OpenStack-API-Version: compute $MV" \
        ${b:+-d "$b"} 2>/dev/null || echo 000
}
# get PATH: prints the body of a GET that must answer 200.
get() {
    local code
    code=$(api GET "$1")
    [ "$code" = 200 ] || { echo "GET $1 answered $code: $(head -c 300 "$MH_STATE/resp")" >&2; return 1; }
    cat "$MH_STATE/resp"
}
# json EXPR: evaluates a Python expression over the JSON on stdin (bound to d).
json() { python3 -c "import sys, json; d = json.load(sys.stdin); r = ($1); print(r if not isinstance(r, (list, dict)) else json.dumps(r))"; }

# wait_until SECONDS CMD...: polls CMD until it succeeds (printing what it printed then); on timeout runs
# it once more so its reason shows.
wait_until() {
    local deadline=$((SECONDS + $1)) out
    shift
    while [ $SECONDS -lt $deadline ]; do
        out=$("$@" 2>/dev/null) && { [ -n "$out" ] && echo "$out"; return 0; }
        sleep 0.5
    done
    "$@"
}

# --- services and hypervisors --------------------------------------------------------------------------

# service_state HOST BINARY: up, down or missing.
service_state() {
    get "/os-services?host=$1&binary=$2" | json "d['services'][0]['state'] if d['services'] else 'missing'"
}
# state_is HOST BINARY STATE: the service has STATE in os-services.
state_is() {
    local st
    st=$(service_state "$1" "$2") || return 1
    [ "$st" = "$3" ] || { echo "$2 on $1 is $st"; return 1; }
}
all_services_up() {
    local s
    s=$(get /os-services) || return 1
    echo "$s" | python3 -c "
import sys, json
want = {'nova-conductor': 2, 'nova-scheduler': 2, 'nova-compute': $MH_COMPUTES}
up = {}
for x in json.load(sys.stdin)['services']:
    if x['state'] == 'up': up[x['binary']] = up.get(x['binary'], 0) + 1
bad = [f'{b}: {up.get(b, 0)} up of {n}' for b, n in want.items() if up.get(b, 0) < n]
sys.exit(print('; '.join(bad)) if bad else 0)"
}
computes_connect_from_own_address() {
    local i ns ip n
    for i in $(seq 1 "$MH_COMPUTES"); do
        ns=$(netns_name "$i")
        ip=$(netns_ip "$i")
        n=$(ip netns exec "$ns" ss -Htn state established "( dport = :$MH_RABBIT_PORT )" |
            awk -v me="$ip" -v peer="$CONTROLLER_IP:$MH_RABBIT_PORT" '$3 ~ "^"me":" && $4 == peer' | wc -l)
        [ "$n" -ge 2 ] || { echo "compute$i: $n AMQP connections from $ip to $CONTROLLER_IP:$MH_RABBIT_PORT"; return 1; }
    done
    echo "publisher and consumer connections from 10.250.0.11..$((10 + MH_COMPUTES))"
}
hypervisors_have_own_ips() {
    local i ip got
    for i in $(seq 1 "$MH_COMPUTES"); do
        got=$(get "/os-hypervisors/detail" |
            json "[h['host_ip'] for h in d['hypervisors'] if h['service']['host'] == 'compute$i']") || return 1
        ip=$(netns_ip "$i")
        [ "$got" = "[\"$ip\"]" ] || { echo "compute$i: host_ip $got, wanted $ip"; return 1; }
    done
    echo "compute1..$MH_COMPUTES at $(netns_ip 1)..$(netns_ip "$MH_COMPUTES")"
}
# running_vms HOST: os-hypervisors' guest count for the host.
running_vms() {
    get /os-hypervisors/detail | json "sum(h['running_vms'] for h in d['hypervisors'] if h['service']['host'] == '$1')"
}

# --- servers -----------------------------------------------------------------------------------------------

# boot NAME [FIELDS]: POSTs a server (FIELDS: extra JSON members); appends "id request-id NAME" to
# $MH_STATE/servers and prints the id.
boot() {
    local code id rid
    code=$(api POST /servers "{\"server\": {\"name\": \"$1\", \"flavorRef\": \"1\", \"imageRef\": \"$IMAGE\", \"networks\": \"none\"${2:+, $2}}}")
    [ "$code" = 202 ] || { echo "boot $1 answered $code: $(head -c 300 "$MH_STATE/resp")" >&2; return 1; }
    id=$(json "d['server']['id']" <"$MH_STATE/resp")
    rid=$(tr -d '\r' <"$MH_STATE/resp.h" | awk -F': ' 'tolower($1) == "x-openstack-request-id" {print $2}')
    echo "$id $rid $1" >>"$MH_STATE/servers"
    echo "$id"
}
# boot_many PREFIX N: boots N servers; their ids go to $MH_STATE/wave-PREFIX.
boot_many() {
    local i id
    : >"$MH_STATE/wave-$1"
    for i in $(seq 1 "$2"); do
        id=$(boot "$1-$i") || return 1
        echo "$id" >>"$MH_STATE/wave-$1"
    done
    echo "$2 x 202"
}
wave() { cat "$MH_STATE/wave-$1"; }
request_id() { awk -v id="$1" '$1 == id {print $2}' "$MH_STATE/servers"; }

server_field() { get "/servers/$1" | json "d['server'].get('$2')"; }
server_host() { server_field "$1" OS-EXT-SRV-ATTR:host; }

# all_active IDS...: every server ACTIVE (a server in ERROR fails at once, with its fault).
all_active() {
    local id st
    for id in "$@"; do
        st=$(get "/servers/$id" | json "d['server']['status'] + ' ' + str(d['server'].get('fault', {}).get('message', ''))") || return 1
        case $st in
            "ACTIVE "*) ;;
            "ERROR "*) echo "server $id is ERROR: ${st#ERROR }"; return 2 ;;
            *) echo "server $id is $st"; return 1 ;;
        esac
    done
}
# wait_active SECONDS IDS...: like wait_until, but stops early on a server in ERROR.
wait_active() {
    local deadline=$((SECONDS + $1)) rc
    shift
    while [ $SECONDS -lt $deadline ]; do
        all_active "$@" >/dev/null 2>&1
        rc=$?
        [ $rc -eq 0 ] && { echo "$# ACTIVE"; return 0; }
        [ $rc -eq 2 ] && break
        sleep 0.5
    done
    all_active "$@"
}
# hosts_of IDS...: "host count" lines for where the servers are.
hosts_of() { local id; for id in "$@"; do server_host "$id"; done | sort | uniq -c | awk '{print $2, $1}'; }
none_in_build() {
    local n
    n=$(get "/servers/detail?all_tenants=1&status=BUILD" | json "len(d['servers'])") || return 1
    [ "$n" -eq 0 ] || { echo "$n servers in BUILD"; return 1; }
    echo "0 servers in BUILD"
}
# allocation_hosts ID: the hosts whose nodes hold allocations for the consumer (from PostgreSQL).
allocation_hosts() {
    MH_PSQL_DB=nova mh_psql "SELECT DISTINCT n.host FROM allocations a JOIN compute_nodes n ON n.id = a.compute_node_id
        WHERE a.consumer_id = '$1' ORDER BY 1" | tr '\n' ' ' | sed 's/ $//'
}
# evacuation_of ID: "status source dest" of the server's evacuation migration (os-migrations).
evacuation_of() {
    get "/os-migrations?instance_uuid=$1" |
        json "' '.join(str(m[k]) for m in d['migrations'] if m.get('migration_type') == 'evacuation' for k in ('status', 'source_compute', 'dest_compute'))"
}

# --- the scenarios ---------------------------------------------------------------------------------------

. scripts/lib/multihost-scenarios.sh
