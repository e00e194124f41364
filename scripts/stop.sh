#!/usr/bin/env bash
# Stops the services a scripts/start.sh started (SIGTERM, wait, report stragglers). RabbitMQ is left alone
# unless --rabbitmq is given. Environment: NOVA_STATE_DIR (./.nova-state).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
. scripts/lib/stack.sh
STATE=${NOVA_STATE_DIR:-$PWD/.nova-state}
rc=0
stop_services "$STATE" || rc=1
if [ "${1:-}" = "--rabbitmq" ]; then
    say "stopping RabbitMQ"
    rabbitmqctl -n rabbit@localhost stop >/dev/null 2>&1 || true
fi
exit $rc
