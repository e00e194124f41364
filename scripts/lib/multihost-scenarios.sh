# The scenarios of scripts/multihost.sh: boots spread across hosts; a compute cut off the network and back;
# a conductor and a scheduler killed mid-run; cleanup. Sourced by multihost-checks.sh.
# shellcheck shell=bash

run_checks() {
    scenario_spread
    scenario_partition
    scenario_rejoin
    scenario_kill
    scenario_cleanup
}

# handled_by SERVICE IDS...: "a N b M": how many of the boots SERVICE-a and SERVICE-b received (the boot's
# request id on the conductor's schedule_and_build_instances, the scheduler's select_destinations line).
handled_by() {
    local svc=$1 a=0 b=0 id rid what=select_destinations
    shift
    [ "$svc" = nova-conductor ] && what=schedule_and_build_instances
    for id in "$@"; do
        rid=$(request_id "$id")
        [ -n "$rid" ] || continue
        grep -- "\[$rid " "$MH_STATE/logs/$svc-a.log" | grep -q "Received .* $what" && a=$((a + 1))
        grep -- "\[$rid " "$MH_STATE/logs/$svc-b.log" | grep -q "Received .* $what" && b=$((b + 1))
    done
    echo "a $a b $b"
}

# --- boots spread across the hosts; both conductors and schedulers work ------------------------------------
scenario_spread() {
    step "boot 6 servers with curl through nova-api" boot_many a 6
    # shellcheck disable=SC2046
    step "all 6 reach ACTIVE" wait_active 90 $(wave a)
    spread() {
        local h i n
        # shellcheck disable=SC2046
        h=$(hosts_of $(wave a)) || return 1
        [ "$(echo "$h" | wc -l)" -eq "$MH_COMPUTES" ] || { echo "servers on fewer hosts: $(echo "$h" | tr '\n' ' ')"; return 1; }
        for i in $(seq 1 "$MH_COMPUTES"); do
            n=$(running_vms "compute$i") || return 1
            [ "$n" -eq "$(echo "$h" | awk -v h="compute$i" '$1 == h {print $2}')" ] ||
                { echo "os-hypervisors: running_vms $n on compute$i, servers there: $(echo "$h" | tr '\n' ' ')"; return 1; }
        done
        echo "$h" | tr '\n' ' '
    }
    step "they spread across the $MH_COMPUTES hosts (server hosts and os-hypervisors agree)" wait_until 20 spread
    both_worked() {
        local c s
        # shellcheck disable=SC2046
        c=$(handled_by nova-conductor $(wave a))
        # shellcheck disable=SC2046
        s=$(handled_by nova-scheduler $(wave a))
        [[ $c != "a 0 "* && $c != *" b 0" && $s != "a 0 "* && $s != *" b 0" ]] ||
            { echo "conductors: $c; schedulers: $s"; return 1; }
        echo "conductors: $c; schedulers: $s"
    }
    step "both conductors and both schedulers took boots (request ids in their logs)" both_worked
}

# --- compute1 cut off: down, no placement, local delete, evacuate ------------------------------------------
scenario_partition() {
    local link
    link=$(netns_link 1)
    pick_victims() {
        local ids n i
        ids=$(get "/servers/detail?all_tenants=1&host=compute1" | json "' '.join(s['id'] for s in d['servers'])") || return 1
        n=$(echo "$ids" | wc -w)
        for i in $(seq "$n" 1); do
            [ "$n" -ge 2 ] && break
            # Two servers on compute1 are needed: one to delete, one to evacuate (forced host, admin only).
            ids="$ids $(boot "p-on-compute1-$i" '"availability_zone": "nova:compute1"')" || return 1
            n=$((n + 1))
        done
        # shellcheck disable=SC2086
        wait_active 60 $ids >/dev/null || { echo "servers on compute1 not ACTIVE"; return 1; }
        set -- $ids
        echo "$1" >"$MH_STATE/victim-delete"
        echo "$2" >"$MH_STATE/victim-evacuate"
        echo "delete $1, evacuate $2"
    }
    step "compute1 holds two servers to delete and evacuate" pick_victims || return
    local del evac
    del=$(cat "$MH_STATE/victim-delete")
    evac=$(cat "$MH_STATE/victim-evacuate")

    ip link set "$link" down
    date +%s >"$MH_STATE/link-down-at"
    went_down() {
        local t0 took
        wait_until $((MH_SERVICE_DOWN_TIME + 30)) state_is compute1 nova-compute down || return 1
        t0=$(cat "$MH_STATE/link-down-at")
        took=$(($(date +%s) - t0))
        # Down only once the last heartbeat is older than service_down_time, not at once.
        [ "$took" -ge $((MH_SERVICE_DOWN_TIME - MH_REPORT_INTERVAL - 1)) ] ||
            { echo "down after only ${took}s (service_down_time $MH_SERVICE_DOWN_TIME)"; return 1; }
        echo "down ${took}s after the link, service_down_time $MH_SERVICE_DOWN_TIME"
    }
    step "ip link set $link down: compute1 turns down in os-services after service_down_time" went_down
    others_up() {
        local i
        for i in $(seq 2 "$MH_COMPUTES"); do
            [ "$(service_state "compute$i" nova-compute)" = up ] || { echo "compute$i is not up"; return 1; }
        done
        get /os-hypervisors/detail | json "[h['state'] for h in d['hypervisors'] if h['service']['host'] == 'compute1'] == ['down']" |
            grep -qx True || { echo "os-hypervisors does not show compute1 down"; return 1; }
        echo "compute2..$MH_COMPUTES up; os-hypervisors shows compute1 down"
    }
    step "the other computes stay up; os-hypervisors shows compute1 down" others_up
    no_placement() {
        boot_many p 3 >/dev/null || return 1
        # shellcheck disable=SC2046
        wait_active 60 $(wave p) >/dev/null || { echo "boots while compute1 is down did not all go ACTIVE"; return 1; }
        local h
        # shellcheck disable=SC2046
        h=$(hosts_of $(wave p))
        ! echo "$h" | grep -q '^compute1 ' || { echo "placed on compute1: $(echo "$h" | tr '\n' ' ')"; return 1; }
        echo "3 ACTIVE on $(echo "$h" | tr '\n' ' ')"
    }
    step "the scheduler places nothing on compute1 while it is down" no_placement
    local_delete() {
        local code
        code=$(api DELETE "/servers/$del")
        [ "$code" = 204 ] || { echo "DELETE answered $code"; return 1; }
        code=$(api GET "/servers/$del")
        [ "$code" = 404 ] || { echo "GET after delete answered $code"; return 1; }
        [ -z "$(allocation_hosts "$del")" ] || { echo "allocations left on $(allocation_hosts "$del")"; return 1; }
        echo "204, then 404, no allocation left"
    }
    step "deleting a server of the down compute succeeds (local delete, allocation freed)" local_delete
    refused() {
        local up code
        up=$(wave p | head -n 1)
        code=$(api POST "/servers/$up/action" '{"evacuate": {}}')
        [ "$code" = 400 ] && grep -q "still in use" "$MH_STATE/resp" ||
            { echo "evacuate from an up host answered $code: $(head -c 200 "$MH_STATE/resp")"; return 1; }
        code=$(api POST "/servers/$evac/action" '{"evacuate": {}}' alice:admin)
        [ "$code" = 403 ] || { echo "evacuate by a non-admin answered $code"; return 1; }
        echo "400 ComputeServiceInUse for a server on an up host, 403 for a non-admin"
    }
    step "evacuate is refused from an up host and for non-admins" refused
    evacuate() {
        local code host
        code=$(api POST "/servers/$evac/action" '{"evacuate": {}}')
        [ "$code" = 200 ] || { echo "evacuate answered $code: $(head -c 300 "$MH_STATE/resp")"; return 1; }
        wait_active 60 "$evac" >/dev/null || { all_active "$evac"; return 1; }
        host=$(server_host "$evac")
        [ -n "$host" ] && [ "$host" != compute1 ] && [ "$host" != None ] || { echo "host is $host"; return 1; }
        echo "$host" >"$MH_STATE/evacuated-to"
        echo "ACTIVE on $host"
    }
    step "evacuate rebuilds the server of the down compute on a live host" evacuate || return
    local dest
    dest=$(cat "$MH_STATE/evacuated-to")
    migration_done() {
        local m
        m=$(evacuation_of "$evac") || return 1
        [ "$m" = "done compute1 $dest" ] || { echo "evacuation migration: '$m'"; return 1; }
        [ "$(allocation_hosts "$evac")" = "$dest" ] || { echo "allocations on '$(allocation_hosts "$evac")'"; return 1; }
        echo "migration done compute1 -> $dest; allocations only on $dest"
    }
    step "os-migrations shows the evacuation; the allocation moved to the new host" migration_done
}

# --- compute1 back: up, reconciled, placeable ---------------------------------------------------------------
scenario_rejoin() {
    local link evac dest del
    link=$(netns_link 1)
    evac=$(cat "$MH_STATE/victim-evacuate" 2>/dev/null) || evac=none
    del=$(cat "$MH_STATE/victim-delete" 2>/dev/null) || del=none
    dest=$(cat "$MH_STATE/evacuated-to" 2>/dev/null) || dest=none
    ip link set "$link" up
    date +%s >"$MH_STATE/link-up-at"
    came_back() {
        wait_until 60 state_is compute1 nova-compute up || return 1
        echo "up $(($(date +%s) - $(cat "$MH_STATE/link-up-at")))s after the link"
    }
    step "ip link set $link up: compute1 returns up in os-services" came_back
    completed() {
        local m
        m=$(evacuation_of "$evac")
        [ "$m" = "completed compute1 $dest" ] || { echo "evacuation migration: '$m'"; return 1; }
        grep -q "Destroying instance $evac as it has been evacuated from this host" "$MH_STATE/logs/nova-compute-1.log" ||
            { echo "no 'Destroying instance ... evacuated' line in compute1's log"; return 1; }
        grep -q "Destroying instance $del: it was deleted while" "$MH_STATE/logs/nova-compute-1.log" ||
            { echo "no line for the guest deleted while compute1 was away"; return 1; }
        echo "migration completed; evacuated and deleted guests destroyed on compute1"
    }
    step "compute1 reconciles: evacuated guest destroyed, migration completed" wait_until 30 completed
    counts_own() {
        local mine vms
        mine=$(get "/servers/detail?all_tenants=1&host=compute1" | json "len(d['servers'])") || return 1
        vms=$(running_vms compute1) || return 1
        [ "$vms" -eq "$mine" ] || { echo "running_vms $vms on compute1, $mine servers there"; return 1; }
        [ "$(server_host "$evac")" = "$dest" ] && all_active "$evac" ||
            { echo "evacuated server is on $(server_host "$evac")"; return 1; }
        echo "running_vms $vms = its $mine servers; evacuated server stays ACTIVE on $dest"
    }
    step "compute1 counts only its own servers; the evacuated one is not resurrected" wait_until 30 counts_own
    placeable() {
        local id
        id=$(boot r-on-compute1 '"availability_zone": "nova:compute1"') || return 1
        wait_active 60 "$id" >/dev/null || { all_active "$id"; return 1; }
        [ "$(server_host "$id")" = compute1 ] || { echo "built on $(server_host "$id")"; return 1; }
        echo "ACTIVE on compute1"
    }
    step "compute1 builds servers again" placeable
}

# --- a conductor and a scheduler killed with SIGKILL mid-run ------------------------------------------------
scenario_kill() {
    handed_to_computes() {
        local id h
        for id in $(wave k1); do
            h=$(server_host "$id") || return 1
            [ -n "$h" ] && [ "$h" != None ] || { echo "$id has no host yet"; return 1; }
        done
        echo "3 builds handed to computes"
    }
    in_flight() {
        boot_many k1 3 >/dev/null || return 1
        # The conductors' part is done (hosts chosen) while the computes still spawn (spawn_delay).
        wait_until 30 handed_to_computes >/dev/null || { handed_to_computes; return 1; }
        kill -9 "$(mh_pid nova-conductor-a)" "$(mh_pid nova-scheduler-a)" || return 1
        local building
        # shellcheck disable=SC2046
        building=$(for id in $(wave k1); do server_field "$id" status; done | grep -c BUILD)
        sleep 0.5
        ! mh_alive nova-conductor-a && ! mh_alive nova-scheduler-a || { echo "still alive after SIGKILL"; return 1; }
        [ "$building" -ge 1 ] || { echo "the builds were already done when the kill came"; return 1; }
        echo "SIGKILL to conductor ctl-a and scheduler ctl-a with $building of 3 builds still in BUILD"
    }
    step "kill -9 one conductor and one scheduler while builds run" in_flight || return
    step "boot 6 more servers through the survivors" boot_many k2 6
    # shellcheck disable=SC2046
    step "all 9 reach ACTIVE" wait_active 120 $(wave k1) $(wave k2)
    step "no server is left in BUILD" none_in_build
    survivors() {
        local c s
        # shellcheck disable=SC2046
        c=$(handled_by nova-conductor $(wave k2))
        # shellcheck disable=SC2046
        s=$(handled_by nova-scheduler $(wave k2))
        [ "$c" = "a 0 b 6" ] && [ "$s" = "a 0 b 6" ] || { echo "conductors: $c; schedulers: $s"; return 1; }
        echo "conductor ctl-b and scheduler ctl-b handled all 6"
    }
    step "the boots after the kill went through conductor ctl-b and scheduler ctl-b" survivors
    killed_down() {
        local x
        for x in "ctl-a nova-conductor down" "ctl-a nova-scheduler down" "ctl-b nova-conductor up" "ctl-b nova-scheduler up"; do
            # shellcheck disable=SC2086
            state_is $x || return 1
        done
        echo "killed ones down, survivors up"
    }
    step "os-services shows the killed conductor and scheduler down, the survivors up" \
        wait_until $((MH_SERVICE_DOWN_TIME + 20)) killed_down
}

# --- everything deleted, nothing held ----------------------------------------------------------------------
scenario_cleanup() {
    no_servers_left() {
        local n
        n=$(get "/servers?all_tenants=1" | json "len(d['servers'])") || return 1
        [ "$n" -eq 0 ] || { echo "$n servers remain"; return 1; }
    }
    delete_all() {
        local ids id code n
        ids=$(get "/servers?all_tenants=1" | json "' '.join(s['id'] for s in d['servers'])") || return 1
        n=$(echo "$ids" | wc -w)
        for id in $ids; do
            code=$(api DELETE "/servers/$id")
            [ "$code" = 204 ] || { echo "DELETE $id answered $code"; return 1; }
        done
        wait_until 60 no_servers_left || return 1
        echo "$n deleted"
    }
    step "delete every server" delete_all
    nothing_held() {
        local u a
        u=$(get /os-hypervisors/detail | json "sum(h['vcpus_used'] + h['running_vms'] for h in d['hypervisors'])") || return 1
        a=$(MH_PSQL_DB=nova mh_psql "SELECT count(*) FROM allocations") || return 1
        [ "$u" -eq 0 ] && [ "$a" -eq 0 ] || { echo "hypervisor usage $u, allocations $a"; return 1; }
        echo "hypervisor usage 0, 0 allocations in PostgreSQL"
    }
    step "usage and allocations return to zero" wait_until 30 nothing_held
}
