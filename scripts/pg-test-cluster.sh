#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suites (Debian's PostgreSQL 15).
#   scripts/pg-test-cluster.sh start DIR   initdb into DIR, start it listening on a Unix
#                                          socket in DIR only (no TCP); prints the socket dir
#   scripts/pg-test-cluster.sh stop DIR    stop it and remove DIR
# The server runs as the unprivileged user postgres when started by root (PostgreSQL
# refuses to run as root); its superuser role is named after the calling user, so the
# tests connect without a password (trust, on the socket only). Durability settings are
# off: the cluster lives for one test run (BENCH_PG_DURABLE=1 keeps them on, for
# make bench's PostgreSQL figures).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-test-cluster: PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U "$(id -un)" --auth=trust --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${BENCH_PG_DURABLE:-0}" = 1 ] && durability="-c shared_buffers=1GB"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-c listen_addresses='' -c unix_socket_directories='$dir' -c port=5432 \
         -c max_connections=500 -c shared_buffers=128MB -c max_locks_per_transaction=128 $durability" >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir"
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
