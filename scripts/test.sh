#!/usr/bin/env bash
# The whole test suite (what .ci/run calls): installs what is missing, starts RabbitMQ, builds once and
# runs, in order: every test target (one process each), the unit targets again under ThreadSanitizer,
# then against services started from that same build the curl integration script, the openstackclient
# scripts (Keystone-style auth and admin_token), the hostile-HTTP catalogue, a short fuzzing pass over
# every libFuzzer target, and the multi-host run in network namespaces on PostgreSQL. Every stage runs;
# the exit status is non-zero when any of them failed.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

ensure_build_deps || exit 1
ensure_packages postgresql iproute2 python3 curl || exit 1
ensure_rabbitmq || exit 1

mkdir -p .build
say "building (debug, with tests)"
if ! swift build --build-tests -Xswiftc -warnings-as-errors >.build/test-build.log 2>&1; then
    grep -E 'error:|warning:' .build/test-build.log | sort -u | head -40 >&2
    echo "error: the build failed (full log: .build/test-build.log)" >&2
    exit 1
fi

# One test process per target, one after the other: on a 2-core machine a single process running all
# ~700 tests at once starves its own two cooperative threads (hundreds of pool, broker and database
# threads), and timeouts that mean "lost message" start firing for tests that are merely waiting.
failed=()
targets=(CommonTests NovaDBTests NovaSchedulerTests NovaComputeTests NovaConductorTests NovaAPITests IntegrationTests)
for dir in Tests/*/; do
    t=$(basename "$dir")
    [ "$t" = NovaTestSupport ] && continue
    [[ " ${targets[*]} " == *" $t "* ]] || { echo "error: test target $t is not in scripts/test.sh" >&2; exit 1; }
done
for target in "${targets[@]}"; do
    say "running $target (swift test --filter '^$target\.')"
    swift test --skip-build --filter "^$target\." || failed+=("$target")
done

say "running the unit suites under ThreadSanitizer (scripts/sanitize.sh thread)"
scripts/sanitize.sh thread || failed+=("scripts/sanitize.sh thread")

say "running scripts/integration.sh on the same build"
NOVA_BUILD=debug NOVA_SKIP_BUILD=1 scripts/integration.sh || failed+=("scripts/integration.sh")

say "running scripts/osc-e2e.sh (python-openstackclient against the identity-mode stack)"
NOVA_BUILD=debug NOVA_SKIP_BUILD=1 scripts/osc-e2e.sh || failed+=("scripts/osc-e2e.sh")

say "running scripts/osc-admin-token.sh (openstackclient with admin_token against the Compute endpoint)"
NOVA_BUILD=debug NOVA_SKIP_BUILD=1 scripts/osc-admin-token.sh || failed+=("scripts/osc-admin-token.sh")

say "running scripts/hostile-http.sh (hostile requests against nova-api)"
NOVA_BUILD=debug NOVA_SKIP_BUILD=1 scripts/hostile-http.sh || failed+=("scripts/hostile-http.sh")

say "running scripts/fuzz.sh all 20 (regressions, corpus, then 20 s of fuzzing per target)"
scripts/fuzz.sh all 20 || failed+=("scripts/fuzz.sh")

say "running scripts/multihost.sh (namespaces as hosts, PostgreSQL, redundant conductors and schedulers)"
NOVA_BUILD=debug NOVA_SKIP_BUILD=1 scripts/multihost.sh || failed+=("scripts/multihost.sh")

if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
say "all stages passed"
