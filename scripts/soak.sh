#!/usr/bin/env bash
# Soak: boots and deletes servers in a loop for [minutes] (default 30; CI runs 3) with spawn failures
# injected, sampling the RSS and open descriptors of every service; then checks that every server ended
# ACTIVE or ERROR with the injected fault, that memory stayed flat and descriptors did not grow, and that
# usage never drifted from the instances (scripts/lib/audit.py on the database, os-hypervisors on the API),
# with servers present and after deleting them all. Prints the samples, PASS/FAIL lines and
# "N passed, N failed"; exit status 0 only when all passed.
#
# By default it starts its own stack (scripts/start.sh into a temporary state directory on a free port, two
# computes; NOVA_BUILD and NOVA_SKIP_BUILD as for start.sh) and stops it at the end. SOAK_STATE=<dir>
# attaches to the stack scripts/start.sh runs from <dir> instead (noauth2 and SQLite; spawn failures are
# switched on with a marked block in its nova.conf and SIGHUP, and switched off again at the end).
# Environment: SOAK_CONCURRENCY (4 boot/delete loops), SOAK_RESIDENTS (5 servers kept the whole run),
# SOAK_FAIL_PROBABILITY (0.2), SOAK_SAMPLE_SECONDS (a sample every minutes*2 s, at least 2),
# SOAK_WARMUP_SECONDS (10% of the run, at least 60 s or a third of a shorter run: load without judging
# memory), SOAK_RSS_TOLERANCE_PCT (10)
# and SOAK_RSS_SLACK_MB (3): the last third's mean RSS may exceed the first third's by pct% + slack.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
. scripts/lib/stack.sh
. scripts/lib/checks.sh

MINUTES=${1:-30}
case $MINUTES in '' | *[!0-9]*) echo "usage: scripts/soak.sh [minutes]" >&2; exit 2 ;; esac
[ "$MINUTES" -ge 1 ] || { echo "usage: scripts/soak.sh [minutes] (at least 1)" >&2; exit 2; }
DURATION=$((MINUTES * 60))
CONCURRENCY=${SOAK_CONCURRENCY:-4}
RESIDENTS=${SOAK_RESIDENTS:-5}
FAIL_P=${SOAK_FAIL_PROBABILITY:-0.2}
SAMPLE=${SOAK_SAMPLE_SECONDS:-$((MINUTES * 2 < 2 ? 2 : MINUTES * 2))}
# Warm-up: 10% of the run, but at least a minute (a third of a shorter run): arenas and caches fill first.
MIN_WARMUP=$((DURATION / 3 < 60 ? DURATION / 3 : 60))
WARMUP=${SOAK_WARMUP_SECONDS:-$((DURATION / 10 < MIN_WARMUP ? MIN_WARMUP : DURATION / 10))}
TOL_PCT=${SOAK_RSS_TOLERANCE_PCT:-10}
SLACK_MB=${SOAK_RSS_SLACK_MB:-3}
TOKEN=soak:soak
ADMIN=admin:admin

ensure_packages python3 curl sqlite3 || exit 1
OUT=$(mktemp -d /tmp/mini-nova-soak-run.XXXXXX)
OWN=1
if [ -n "${SOAK_STATE:-}" ]; then
    OWN=0
    STATE=$(cd "$SOAK_STATE" && pwd) || exit 2
    PORT=$(sed -n 's/^osapi_compute_listen_port *= *//p' "$STATE/nova.conf" | tail -n 1)
    DBURL=$(sed -n 's/^connection *= *//p' "$STATE/nova.conf" | tail -n 1)
else
    ensure_rabbitmq || exit 1
    STATE=$(mktemp -d /tmp/mini-nova-soak.XXXXXX)
    PORT=$(free_port)
    DBURL=sqlite:///$STATE/nova.sqlite
fi
DB=${DBURL#sqlite:///}
API=http://127.0.0.1:$PORT/v2.1
MARK="# scripts/soak.sh: spawn failures injected while it runs"

hup_computes() { for f in "$STATE"/run/nova-compute*.pid; do pid_alive "$f" && kill -HUP "$(cat "$f")"; done; }

teardown() {
    touch "$OUT/stop"
    jobs -p | xargs -r kill 2>/dev/null
    wait 2>/dev/null
    if [ "$OWN" -eq 1 ]; then
        NOVA_STATE_DIR=$STATE scripts/stop.sh >/dev/null 2>&1 || true
        if [ "$FAILED" -eq 0 ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$STATE"; else echo "state kept in $STATE"; fi
    elif grep -qxF "$MARK" "$STATE/nova.conf"; then
        # Everything from the marker on is ours: cut it off and let the computes re-read.
        awk -v m="$MARK" '$0 == m { exit } { print }' "$STATE/nova.conf" >"$OUT/nova.conf" &&
            cat "$OUT/nova.conf" >"$STATE/nova.conf" && hup_computes
    fi
    if [ "$FAILED" -eq 0 ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$OUT"; else echo "samples and logs kept in $OUT"; fi
}
trap teardown EXIT
trap 'exit 130' INT TERM

# --- the stack -------------------------------------------------------------------------------------------
if [ "$OWN" -eq 1 ]; then
    export NOVA_STATE_DIR=$STATE NOVA_API_PORT=$PORT NOVA_COMPUTES=2 NOVA_FAKE_NODES=1
    export NOVA_REPORT_INTERVAL=${NOVA_REPORT_INTERVAL:-2} NOVA_SPAWN_DELAY=${NOVA_SPAWN_DELAY:-0.2}
    export NOVA_EXTRA_CONF="[DEFAULT]
instance_build_timeout = 60
update_resources_interval = 5
[fake]
fail_probability = $FAIL_P"
    if scripts/start.sh >"$OUT/start.log" 2>&1; then pass "stack starts (scripts/start.sh, $STATE)"; else
        tail -n 20 "$OUT/start.log"
        fail "stack starts (scripts/start.sh)"
        echo "$PASSED passed, $FAILED failed"
        exit 1
    fi
else
    [ -z "$(tail -c 1 "$STATE/nova.conf")" ] || echo >>"$STATE/nova.conf"
    printf '%s\n[fake]\nfail_probability = %s\n' "$MARK" "$FAIL_P" >>"$STATE/nova.conf"
    hup_computes
    pass "attached to the stack in $STATE (port $PORT), spawn failures injected (SIGHUP)"
fi
[ -f "$DB" ] || { fail "the database is an SQLite file" "$DBURL"; echo "$PASSED passed, $FAILED failed"; exit 1; }

# req METHOD PATH [BODY] [TOKEN]: prints the body then the HTTP status on a last line of its own.
req() {
    curl -s -m 15 -X "$1" "$API$2" -H "X-Auth-Token: ${4:-$TOKEN}" -H 'Content-Type: application/json' \
        -H 'OpenStack-API-Version: compute 2.47' ${3:+-d "$3"} -w '\n%{http_code}'
}
status_of() { tail -n 1 <<<"$1"; }
field() { grep -o "\"$1\": *\"[^\"]*\"" <<<"$2" | head -n 1 | sed 's/.*: *"\(.*\)"/\1/'; }

quota=$(req PUT /os-quota-sets/soak '{"quota_set": {"instances": -1, "cores": -1, "ram": -1}}' "$ADMIN")
[ "$(status_of "$quota")" = 200 ] && pass "project soak has unlimited quota" ||
    fail "project soak has unlimited quota" "$(head -c 200 <<<"$quota")"

boot() { # boot NAME: prints the new server's id
    local r id
    r=$(req POST /servers "{\"server\": {\"name\": \"$1\", \"flavorRef\": \"1\", \"imageRef\": \"$DEFAULT_IMAGE_ID\", \"networks\": \"none\"}}")
    id=$(field id "$r")
    [ "$(status_of "$r")" = 202 ] && [ -n "$id" ] || { echo "boot $(status_of "$r") $(head -c 150 <<<"$r" | tr '\n' ' ')"; return 1; }
    echo "$id"
}
# settle ID SECONDS: prints ACTIVE, ERROR <fault message>, or STUCK <status/task>.
settle() {
    local deadline=$(($(date +%s) + $2)) r st task
    while [ "$(date +%s)" -lt "$deadline" ]; do
        r=$(req GET "/servers/$1")
        st=$(field status "$r")
        task=$(field 'OS-EXT-STS:task_state' "$r")
        if [ "$st" = ACTIVE ] && [ -z "$task" ]; then echo ACTIVE; return; fi
        if [ "$st" = ERROR ]; then echo "ERROR $(field message "$r")"; return; fi
        sleep 0.3
    done
    echo "STUCK ${st:-?}/${task:-none}"
}
# gone ID SECONDS: the server answers 404 within SECONDS.
gone() {
    local deadline=$(($(date +%s) + $2))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        [ "$(status_of "$(req GET "/servers/$1")")" = 404 ] && return 0
        sleep 0.3
    done
    return 1
}
delete_and_wait() { req DELETE "/servers/$1" >/dev/null; gone "$1" 60; }

# --- load and sampling -----------------------------------------------------------------------------------
# Residents stay the whole run, so the drift audit also runs with usage present. One whose spawn failed on
# both hosts (the injected failures) is deleted and booted again.
RES_IDS=()
res_why=
for i in $(seq 1 "$RESIDENTS"); do
    for _ in 1 2 3 4 5; do
        id=$(boot "soak-resident-$i") || { res_why=$id; break; }
        outcome=$(settle "$id" 90)
        [ "$outcome" = ACTIVE ] && { RES_IDS+=("$id"); break; }
        delete_and_wait "$id" >/dev/null
        [[ $outcome == "ERROR Exceeded maximum number of retries"* ]] || { res_why="resident: $outcome"; break; }
    done
done
[ "${#RES_IDS[@]}" -eq "$RESIDENTS" ] && pass "$RESIDENTS resident servers ACTIVE" ||
    fail "$RESIDENTS resident servers ACTIVE" "${#RES_IDS[@]} ACTIVE; $res_why"

START=$(date +%s)
END=$((START + DURATION))
worker() { # worker N: boot, settle, delete, until END; one outcome line per cycle
    local n=$1 i=0 id outcome
    while [ "$(date +%s)" -lt "$END" ] && [ ! -f "$OUT/stop" ]; do
        i=$((i + 1))
        if ! id=$(boot "soak-$n-$i"); then echo "BOOTFAIL $id" >>"$OUT/outcomes"; sleep 1; continue; fi
        outcome=$(settle "$id" 90)
        delete_and_wait "$id" || outcome="DELETE-STUCK $id ($outcome)"
        echo "$outcome" >>"$OUT/outcomes"
    done
}
services() { for f in "$STATE"/run/nova-*.pid; do basename "$f" .pid; done; }
tree_pids() { # a service's pid and its children (nova-api's workers)
    local p=$1
    echo "$p"
    cat /proc/"$p"/task/*/children 2>/dev/null | tr ' ' '\n' | grep -v '^$'
}
sampler() {
    while [ ! -f "$OUT/stop" ]; do
        local t=$(($(date +%s) - START))
        for s in $(services); do
            local pid rss=0 fds=0
            pid=$(cat "$STATE/run/$s.pid" 2>/dev/null) || continue
            for p in $(tree_pids "$pid"); do
                rss=$((rss + $(awk '/^VmRSS:/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)))
                fds=$((fds + $(ls /proc/"$p"/fd 2>/dev/null | wc -l)))
            done
            echo "$t $s $rss $fds" >>"$OUT/samples"
        done
        sleep "$SAMPLE"
    done
}
say "soaking for $MINUTES min: $CONCURRENCY boot/delete loops, spawn failure probability $FAIL_P, a sample every ${SAMPLE}s"
: >"$OUT/outcomes"
sampler &
SAMPLER=$!
WORKERS=()
for n in $(seq 1 "$CONCURRENCY"); do worker "$n" & WORKERS+=($!); done
wait "${WORKERS[@]}"
touch "$OUT/stop"
wait "$SAMPLER"

# --- outcomes --------------------------------------------------------------------------------------------
cycles=$(wc -l <"$OUT/outcomes")
active=$(grep -c '^ACTIVE$' "$OUT/outcomes")
injected=$(grep -c '^ERROR Exceeded maximum number of retries' "$OUT/outcomes")
bad=$(grep -v '^ACTIVE$' "$OUT/outcomes" | grep -cv '^ERROR Exceeded maximum number of retries')
reschedules=$(cat "$STATE"/logs/nova-compute*.log 2>/dev/null | grep -c 'Injected spawn failure')
say "$cycles cycles: $active ACTIVE, $injected ERROR after every host failed (injected), $bad other; $reschedules injected spawn failures"
[ "$cycles" -gt 0 ] && [ "$bad" -eq 0 ] &&
    pass "$cycles boot/delete cycles, every server ACTIVE or ERROR with the injected fault, every delete done" ||
    fail "every server ACTIVE or ERROR with the injected fault" "$(grep -v '^ACTIVE$' "$OUT/outcomes" | grep -v '^ERROR Exceeded' | sort | uniq -c | sort -rn | head -5 | tr '\n' ';')"
if ls "$STATE"/logs/nova-compute*.log >/dev/null 2>&1; then
    [ "$reschedules" -gt 0 ] && pass "spawn failures were injected ($reschedules) and rescheduled" ||
        fail "spawn failures were injected" "none in the compute logs"
fi

# --- drift -----------------------------------------------------------------------------------------------
# settled_audit: servers settle and the computes report (update_resources_interval), then the audit is clean.
settled_audit() {
    local deadline=$((SECONDS + 60)) out=
    while [ $SECONDS -lt $deadline ]; do
        out=$(python3 scripts/lib/audit.py "$DB" --settled 2>&1) && return 0
        sleep 1
    done
    echo "$out" | head -n 5
    return 1
}
# api_usage_matches: os-hypervisors' vcpus_used and running_vms equal what the listed servers add up to.
api_usage_matches() {
    local servers hyps
    servers=$(req GET '/servers/detail?all_tenants=1&limit=1000' '' "$ADMIN" | sed '$d')
    hyps=$(req GET /os-hypervisors/detail '' "$ADMIN" | sed '$d')
    python3 - "$servers" "$hyps" <<'PY'
import json, sys
servers = json.loads(sys.argv[1])["servers"]
hyps = json.loads(sys.argv[2])["hypervisors"]
want = {}
for s in servers:
    node = s.get("OS-EXT-SRV-ATTR:hypervisor_hostname")
    if node:
        v, n = want.get(node, (0, 0))
        want[node] = (v + s["flavor"]["vcpus"], n + 1)
bad = [f'{h["hypervisor_hostname"]}: vcpus_used/running_vms {h["vcpus_used"]}/{h["running_vms"]}, servers '
       f'add up to {want.get(h["hypervisor_hostname"], (0, 0))}' for h in hyps
       if (h["vcpus_used"], h["running_vms"]) != want.get(h["hypervisor_hostname"], (0, 0))]
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
}
if out=$(settled_audit); then pass "no drift with $RESIDENTS servers present (usage = allocations = their flavors)"; else
    fail "no drift with servers present" "$(echo "$out" | tr '\n' ';')"
fi
sleep 3
out=$(api_usage_matches) && pass "os-hypervisors agrees with the servers listed" || fail "os-hypervisors agrees with the servers" "$out"
for id in "${RES_IDS[@]}"; do delete_and_wait "$id" || echo "resident $id not deleted"; done
left=$(req GET '/servers?all_tenants=1' '' "$ADMIN" | sed '$d' | grep -o '"id"' | wc -l)
[ "$left" -eq 0 ] && pass "every server deleted" || fail "every server deleted" "$left left"
allocs=$(sqlite3 "$DB" 'SELECT COUNT(*) FROM allocations' 2>&1)
if out=$(settled_audit) && [ "$allocs" = 0 ]; then pass "no drift after deleting everything (no allocation left)"; else
    fail "no drift after deleting everything" "$allocs allocations; $(echo "$out" | tr '\n' ';')"
fi
out=$(api_usage_matches) && pass "os-hypervisors shows no usage left" || fail "os-hypervisors shows no usage left" "$out"

# --- memory and descriptors ------------------------------------------------------------------------------
python3 - "$OUT/samples" "$WARMUP" "$TOL_PCT" "$SLACK_MB" >"$OUT/report" <<'PY'
import sys
path, warmup, tol, slack = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rows = [l.split() for l in open(path) if l.strip()]
series = {}
for t, svc, rss, fds in rows:
    series.setdefault(svc, []).append((int(t), int(rss) / 1024, int(fds)))
names = sorted(series)
short = {n: n.replace("nova-", "").replace("compute-", "") for n in names}
times = sorted({int(r[0]) for r in rows})
step = max(1, len(times) // 12)
shown = times[::step] + ([times[-1]] if times[-1] not in times[::step] else [])
print("RSS in MB (fds) over time; judged from t >= %ds (warm-up before)" % warmup)
print("%7s " % "t(s)" + "".join("%18s" % short[n] for n in names))
for t in shown:
    cells = []
    for n in names:
        s = next((x for x in series[n] if x[0] == t), None)
        cells.append("%18s" % ("%.1f (%d)" % (s[1], s[2]) if s else "-"))
    print("%7d " % t + "".join(cells))
print()
print("%-22s %9s %9s %8s %9s %12s  %s" % ("service", "first MB", "last MB", "change", "max MB", "fds", "verdict"))
verdicts = []
for n in names:
    judged = [s for s in series[n] if s[0] >= warmup]
    if len(judged) < 3:
        verdicts.append(("FAIL", f"{n}: too few samples after the warm-up ({len(judged)})"))
        continue
    third = len(judged) // 3
    first, last = judged[:third], judged[-third:]
    f = sum(s[1] for s in first) / len(first)
    l = sum(s[1] for s in last) / len(last)
    ffd, lfd = max(s[2] for s in first), max(s[2] for s in last)
    mem_ok = l <= f * (1 + tol / 100) + slack
    fd_ok = lfd <= ffd + 2
    ok = mem_ok and fd_ok
    print("%-22s %9.1f %9.1f %+7.1f%% %9.1f %5d -> %-4d  %s" % (n, f, l, (l - f) / f * 100, max(s[1] for s in judged),
                                                           ffd, lfd, "flat" if ok else "GROWS"))
    what = f"{n}: RSS {f:.1f} -> {l:.1f} MB (limit {f * (1 + tol / 100) + slack:.1f}), fds {ffd} -> {lfd}"
    verdicts.append(("PASS" if ok else "FAIL", what))
print()
for v, what in verdicts:
    print(v, what)
PY
sed -n '/^PASS\|^FAIL/!p' "$OUT/report"
while read -r verdict what; do
    if [ "$verdict" = PASS ]; then pass "memory and descriptors flat: $what"; else fail "memory and descriptors flat" "$what"; fi
done < <(grep -E '^(PASS|FAIL) ' "$OUT/report")

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
