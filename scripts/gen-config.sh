#!/usr/bin/env bash
# Regenerates etc/nova/nova.conf.sample from the option declarations in Sources/Common/Conf (never edit the
# sample by hand: CommonTests' ConfigSampleFileTests fails when the committed file is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
# Same flags as scripts/test.sh, so the build products are shared rather than rebuilt.
swift build --product nova-manage -Xswiftc -warnings-as-errors >&2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
.build/debug/nova-manage config sample --output-file "$out"
if ! grep -qx '\[DEFAULT\]' "$out"; then
    echo "gen-config.sh: nova-manage wrote no sample config (is 'config sample' in its command table?)" >&2
    exit 1
fi
mkdir -p etc/nova
cp "$out" etc/nova/nova.conf.sample
echo "wrote etc/nova/nova.conf.sample ($(wc -l < etc/nova/nova.conf.sample) lines)" >&2
