#!/usr/bin/env bash
# Runs test targets under a sanitizer: scripts/sanitize.sh thread|address [TARGET...]
# (default targets: the unit suites, CommonTests ... NovaAPITests). Builds once into .build-<sanitizer>/
# (kept apart from the normal debug build), then runs one test process per target, as scripts/test.sh
# does. A target fails when its process exits non-zero or when the sanitizer printed a report: Swift
# Testing can still print "passed" after ThreadSanitizer found a race, so the output is checked too.
# Reports are kept in .build-<sanitizer>/reports/<target>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

kind=${1:-}
case $kind in
    thread) marker='WARNING: ThreadSanitizer' ;;
    address) marker='ERROR: AddressSanitizer'
             # XCTest itself leaks at exit (PLATFORM-NOTES); leaks in our code are not what this run is for.
             export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} ;;
    *) echo "usage: scripts/sanitize.sh thread|address [TARGET...]" >&2; exit 2 ;;
esac
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(CommonTests NovaDBTests NovaSchedulerTests NovaComputeTests NovaConductorTests NovaAPITests)

ensure_build_deps || exit 1
ensure_packages postgresql python3 || exit 1
ensure_rabbitmq || exit 1

BUILD=.build-$kind
mkdir -p "$BUILD/reports"
say "building the tests with -sanitize=$kind into $BUILD"
if ! swift build --build-tests --sanitize="$kind" --build-path "$BUILD" >"$BUILD/build.log" 2>&1; then
    grep -E 'error:' "$BUILD/build.log" | sort -u | head -20 >&2
    echo "error: the $kind-sanitized build failed (log: $BUILD/build.log)" >&2
    exit 1
fi

failed=()
for target in "${targets[@]}"; do
    say "running $target under the $kind sanitizer"
    log=$BUILD/reports/$target.log
    swift test --skip-build --sanitize="$kind" --build-path "$BUILD" --filter "^$target\." >"$log" 2>&1
    rc=$?
    reports=$(grep -c "$marker" "$log")
    if [ $rc -ne 0 ] || [ "$reports" -gt 0 ]; then
        failed+=("$target")
        echo "FAIL  $target under $kind: exit $rc, $reports sanitizer report(s) (log: $log)" >&2
        grep -A 30 "$marker" "$log" | head -60 >&2
        grep -E '^✘|error:' "$log" | head -20 >&2
    else
        echo "PASS  $target under $kind ($(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -n 1 || true))"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then echo "FAILED under $kind: ${failed[*]}" >&2; exit 1; fi
say "all targets passed under the $kind sanitizer"
