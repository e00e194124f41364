#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address), replays each target's regressions
# (inputs that once broke it) and seed corpus, then fuzzes each for a while.
#   scripts/fuzz.sh [all|list|<target>...] [seconds per target, default 60]
# Targets: http-parser, config, object-decoder, rpc-envelope (or their folder names under Fuzz/).
# Builds are cached in .build-fuzz/<target>/ and redone only when a source file, the compiler or the
# flags change. New crashes land in .build-fuzz/<target>/artifacts/: turn each into a file under
# Fuzz/<Dir>/regressions/ and a unit test, then fix the bug.
# To add a target: a `sources_<name>` function printing its source files, and a Fuzz/<Dir>/ with corpus/
# (and optionally a *.dict), registered in TARGETS below.
set -uo pipefail
cd "$(dirname "$0")/.."

# target name -> directory under Fuzz/
declare -A TARGETS=(
    [http-parser]=HTTPParser [config]=Config [object-decoder]=ObjectDecoder [rpc-envelope]=RPCEnvelope
)
ORDER=(http-parser config object-decoder rpc-envelope)
# Longest input tried: RPC messages carrying an Instance are ~10 KB.
declare -A MAXLEN=([http-parser]=8192 [config]=8192 [object-decoder]=16384 [rpc-envelope]=16384)

sources_http-parser() {
    echo Fuzz/HTTPParser/*.swift Sources/NovaAPI/HTTP/HTTPTypes.swift Sources/NovaAPI/HTTP/Parser/*.swift
}
sources_config() {
    echo Fuzz/Config/*.swift Sources/Common/Config/*.swift Sources/Common/Config/Sample/*.swift \
        Sources/Common/Conf/*.swift
}
sources_object-decoder() {
    echo Fuzz/ObjectDecoder/*.swift Sources/Common/Objects/*.swift Sources/Common/Objects/States/*.swift \
        Sources/Common/JSON/*.swift
}
sources_rpc-envelope() {
    echo Fuzz/RPCEnvelope/*.swift Sources/Common/RPC/Messages/*.swift Sources/Common/RPC/Errors/*.swift \
        Sources/Common/Context/*.swift Sources/Common/JSON/*.swift
}

OUT=.build-fuzz
passed=0
failed=0
pass() { echo "PASS  $*"; passed=$((passed + 1)); }
fail() { echo "FAIL  $*"; failed=$((failed + 1)); }
say() { printf '\n== %s\n' "$*"; }

# The key of a build: the compiler, the flags and every source file's content.
build_key() {
    # shellcheck disable=SC2046
    { swiftc --version 2>&1; echo "${FLAGS[*]}"; sha256sum $(sources_"$1"); } | sha256sum | cut -d' ' -f1
}

# build NAME: compiles the target unless the cached binary has the same key; output in $OUT/NAME/build.log.
build() {
    local name=$1 dir=$OUT/$1
    local key
    key=$(build_key "$name")
    mkdir -p "$dir"
    if [ -x "$dir/$name" ] && [ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then
        echo "cached" >"$dir/build.log"
        return 0
    fi
    rm -f "$dir/key"
    local files=()
    for f in $(sources_"$name"); do files+=("$PWD/$f"); done
    # From inside the build folder: whole-module builds leave module files in the current directory.
    if (cd "$dir" && swiftc "${FLAGS[@]}" -module-name "Fuzz_${name//-/_}" "${files[@]}" -o "$name") \
        >"$dir/build.log" 2>&1; then
        echo "$key" >"$dir/key"
    else
        rm -f "$dir/$name"
        return 1
    fi
}

# replay NAME: runs the binary once over every regression and seed input (no fuzzing).
replay() {
    local name=$1 src=Fuzz/${TARGETS[$1]}
    local inputs=()
    for f in "$src"/regressions/* "$src"/corpus/*; do [ -f "$f" ] && inputs+=("$f"); done
    [ ${#inputs[@]} -gt 0 ] || return 0
    "$OUT/$name/$name" -rss_limit_mb=2048 -timeout=10 "${inputs[@]}" >"$OUT/$name/replay.log" 2>&1
}

# fuzz NAME SECONDS: fuzzes from the seed corpus (and the working corpus of earlier runs).
fuzz() {
    local name=$1 seconds=$2 src=Fuzz/${TARGETS[$1]} dir=$OUT/$1
    mkdir -p "$dir/corpus" "$dir/artifacts"
    local dict=()
    for d in "$src"/*.dict; do [ -e "$d" ] && dict=(-dict="$d"); done
    "$dir/$name" -max_total_time="$seconds" -max_len="${MAXLEN[$name]}" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${dict[@]}" "$dir/corpus" "$src/corpus" \
        >"$dir/fuzz.log" 2>&1
}

target=${1:-all}
seconds=${2:-60}
case "$seconds" in '' | *[!0-9]*) echo "fuzz.sh: seconds must be a whole number, not '$seconds'" >&2; exit 2 ;; esac
case "$target" in
list) printf '%s\n' "${ORDER[@]}"; exit 0 ;;
all) names=("${ORDER[@]}") ;;
*)
    names=()
    for n in "${!TARGETS[@]}"; do
        if [ "$n" = "$target" ] || [ "${TARGETS[$n]}" = "$target" ]; then names=("$n"); fi
    done
    if [ ${#names[@]} -eq 0 ]; then
        echo "fuzz.sh: unknown target '$target' (known: ${ORDER[*]})" >&2
        exit 2
    fi
    ;;
esac

command -v swiftc >/dev/null || { echo "fuzz.sh: swiftc not found" >&2; exit 2; }

# Short runs (CI's 20 s) build unoptimised: about four times quicker to build, at about half the inputs
# per second. Runs of a minute or more build with -O. FUZZ_OPT=-O|-Onone decides instead.
if [ -n "${FUZZ_OPT:-}" ]; then opt=$FUZZ_OPT; elif [ "$seconds" -ge 60 ]; then opt=-O; else opt=-Onone; fi
case "$opt" in -O) FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -wmo -g) ;;
-Onone) FLAGS=(-sanitize=fuzzer,address -parse-as-library -Onone -g) ;;
*) echo "fuzz.sh: FUZZ_OPT must be -O or -Onone, not '$opt'" >&2; exit 2 ;; esac

# Build two at a time (the machine has two cores), then fuzz one target after another.
say "building ${names[*]} ($opt)"
t0=$SECONDS
declare -A built=()
pids=()
for name in "${names[@]}"; do
    build "$name" &
    pids+=("$!:$name")
    if [ ${#pids[@]} -ge 2 ]; then
        p=${pids[0]}
        pids=("${pids[@]:1}")
        if wait "${p%%:*}"; then built[${p#*:}]=1; fi
    fi
done
for p in "${pids[@]}"; do if wait "${p%%:*}"; then built[${p#*:}]=1; fi; done
for name in "${names[@]}"; do
    if [ -n "${built[$name]:-}" ]; then
        pass "build $name ($(head -c 40 "$OUT/$name/build.log" | grep -q '^cached' && echo cached || echo compiled))"
    else
        fail "build $name: see $OUT/$name/build.log"
        tail -20 "$OUT/$name/build.log"
    fi
done
echo "builds took $((SECONDS - t0))s"

for name in "${names[@]}"; do
    [ -n "${built[$name]:-}" ] || continue
    src=Fuzz/${TARGETS[$name]}
    say "$name: replaying $src/regressions and $src/corpus"
    if replay "$name"; then
        pass "$name: every regression and seed input keeps the invariants"
    else
        fail "$name: a regression or seed input breaks an invariant again"
        grep -E 'Running:|invariant broken|ERROR|Fatal error' "$OUT/$name/replay.log" | tail -10
        continue
    fi
    say "$name: fuzzing for ${seconds}s (seeds: $src/corpus, working corpus: $OUT/$name/corpus)"
    if fuzz "$name" "$seconds"; then
        runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$OUT/$name/fuzz.log" | grep -oE '[0-9]+$')
        cov=$(grep -oE 'cov: [0-9]+' "$OUT/$name/fuzz.log" | tail -1)
        pass "$name: ${runs:-?} inputs in ${seconds}s, no invariant broken (${cov:-cov: ?})"
    else
        fail "$name: an input broke an invariant; kept in $OUT/$name/artifacts/ (make it a regression test)"
        grep -E 'invariant broken|ERROR:|Fatal error|Test unit written|Base64' "$OUT/$name/fuzz.log" | head -10
    fi
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
