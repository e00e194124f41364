#!/usr/bin/env bash
# Installs mini-Nova: release binaries, systemd units, /etc/nova/nova.conf, the nova user and its
# directories, then syncs the database. For packaging: --prefix P (default /usr/local) and DESTDIR.
# --no-build installs binaries already built; --no-user/--no-db-sync skip those steps (DESTDIR implies both).
# NOVA_BUILD=debug installs the debug build instead of the release one (the test suite does, with DESTDIR).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
PREFIX=/usr/local
BUILD=1; MKUSER=1; DBSYNC=1
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) PREFIX=$2; shift ;;
        --prefix=*) PREFIX=${1#--prefix=} ;;
        --no-build) BUILD=0 ;;
        --no-user) MKUSER=0 ;;
        --no-db-sync) DBSYNC=0 ;;
        -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
        *) echo "error: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
DESTDIR=${DESTDIR:-}
if [ -n "$DESTDIR" ]; then MKUSER=0; DBSYNC=0; fi
if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then echo "error: run as root (or set DESTDIR)" >&2; exit 1; fi

CONFIG=${NOVA_BUILD:-release}
case $CONFIG in debug|release) ;; *) echo "error: NOVA_BUILD must be debug or release, not '$CONFIG'" >&2; exit 2 ;; esac
if [ $BUILD -eq 1 ]; then
    ensure_build_deps
    say "building $CONFIG binaries"
    swift build -c "$CONFIG" >/dev/null
fi
BIN=$(swift build -c "$CONFIG" --show-bin-path)
for b in nova-api nova-conductor nova-scheduler nova-compute nova-manage; do
    [ -x "$BIN/$b" ] || { echo "error: $BIN/$b is missing; build first (or drop --no-build)" >&2; exit 1; }
done
BINDIR=$DESTDIR$PREFIX/bin
UNITDIR=$DESTDIR/etc/systemd/system
ETC=$DESTDIR/etc/nova
install -d "$BINDIR" "$UNITDIR" "$ETC" "$DESTDIR/var/lib/nova" "$DESTDIR/var/log/nova"
for b in nova-api nova-conductor nova-scheduler nova-compute nova-manage; do
    install -m 0755 "$BIN/$b" "$BINDIR/$b"
done
for u in etc/systemd/*.service; do
    sed "s#/usr/local/bin#$PREFIX/bin#g" "$u" >"$UNITDIR/$(basename "$u")"
    chmod 0644 "$UNITDIR/$(basename "$u")"
done
if [ ! -f "$ETC/nova.conf" ]; then
    {
        echo "# mini-Nova configuration. Every option, with its help and default: nova.conf.sample."
        echo "[DEFAULT]"
        echo "state_path = /var/lib/nova"
        echo "log_dir = /var/log/nova"
        echo "transport_url = rabbit://guest:guest@127.0.0.1:5672/"
        echo
        echo "[database]"
        echo "connection = sqlite:////var/lib/nova/nova.sqlite"
    } >"$ETC/nova.conf"
    chmod 0640 "$ETC/nova.conf"
fi
install -m 0644 etc/nova/nova.conf.sample "$ETC/nova.conf.sample"
if [ $MKUSER -eq 1 ]; then
    id nova >/dev/null 2>&1 || useradd --system --home-dir /var/lib/nova --shell /usr/sbin/nologin nova
    chown -R nova:nova /var/lib/nova /var/log/nova
    chgrp nova "$ETC/nova.conf"
fi
if [ $DBSYNC -eq 1 ]; then
    say "syncing the database"
    if [ $MKUSER -eq 1 ]; then
        runuser -u nova -- "$BINDIR/nova-manage" --config-file "$ETC/nova.conf" db sync
    else
        "$BINDIR/nova-manage" --config-file "$ETC/nova.conf" db sync
    fi
fi
say "installed into ${DESTDIR:-/}$PREFIX; start with: systemctl daemon-reload && systemctl enable --now nova-conductor nova-scheduler nova-compute nova-api"
