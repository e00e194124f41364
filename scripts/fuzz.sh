#!/usr/bin/env bash
# Builds libFuzzer targets (swiftc -sanitize=fuzzer,address) and runs each for a while over its seed
# corpus kept in the repo. Usage: scripts/fuzz.sh [target|all|list] [seconds per target, default 60]
# Crashes are kept under .build/fuzz/<target>/artifacts; each one found must become a regression test.
# To add a target: a `sources_<name>` function printing its source files, and a Fuzz/<Dir>/ with
# corpus/ (and optionally a *.dict), registered in TARGETS below.
set -euo pipefail
cd "$(dirname "$0")/.."

# target name -> directory under Fuzz/
declare -A TARGETS=([http-parser]=HTTPParser)

sources_http-parser() {
    echo Fuzz/HTTPParser/*.swift Sources/NovaAPI/HTTP/HTTPTypes.swift Sources/NovaAPI/HTTP/Parser/*.swift
}

say() { printf '\n== %s\n' "$*"; }

build() {
    local name=$1 out=.build/fuzz/$1/$1
    mkdir -p ".build/fuzz/$name"
    say "building $name"
    # shellcheck disable=SC2046
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "Fuzz_${name//-/_}" \
        $(sources_"$name") -o "$out"
}

run() {
    local name=$1 seconds=$2 dir=Fuzz/${TARGETS[$1]}
    local work=.build/fuzz/$name/corpus artifacts=.build/fuzz/$name/artifacts/
    mkdir -p "$work" "$artifacts"
    local dict=()
    for d in "$dir"/*.dict; do [ -e "$d" ] && dict=(-dict="$d"); done
    say "fuzzing $name for ${seconds}s (seeds: $dir/corpus, working corpus: $work)"
    if ! ".build/fuzz/$name/$name" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" "$work" "$dir/corpus"; then
        echo "fuzz.sh: $name failed; inputs kept in $artifacts (turn each into a regression test)" >&2
        return 1
    fi
}

target=${1:-all}
seconds=${2:-60}
case "$target" in
list) printf '%s\n' "${!TARGETS[@]}"; exit 0 ;;
all) names=("${!TARGETS[@]}") ;;
*)
    if [ -z "${TARGETS[$target]:-}" ]; then
        echo "fuzz.sh: unknown target '$target' (known: ${!TARGETS[*]})" >&2
        exit 2
    fi
    names=("$target")
    ;;
esac

status=0
for name in "${names[@]}"; do
    build "$name"
    run "$name" "$seconds" || status=1
done
exit $status
