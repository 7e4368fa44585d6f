#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests.
#   scripts/test-postgres.sh start DIR   initdb + start on a free loopback port; prints the
#                                        superuser URL postgres://facetest:facetest@127.0.0.1:PORT/postgres
#   scripts/test-postgres.sh stop DIR    stops it (immediate) and removes DIR
# PostgreSQL refuses to run as root, so as root the cluster runs as the
# `postgres` user (runuser). fsync stays on: the crash tests rely on it.
# TCP logins need the password (scram-sha-256), so a wrong one is refused
# as in production; the socket in DIR is trusted.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
command=${1:?usage: $0 start|stop DIR}
dir=${2:?usage: $0 start|stop DIR}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
    install -d -m 0700 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    echo facetest >"$dir/password"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/password"
    as_pg "$PGBIN/initdb" -D "$dir/data" --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/password" \
        -U facetest -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: ask the kernel for one, then let PostgreSQL bind it (retry on a lost race).
    for attempt in 1 2 3 4 5; do
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=on -c synchronous_commit=on" \
            >/dev/null; then
            echo "$port" >"$dir/port"
            echo "postgres://facetest:facetest@127.0.0.1:$port/postgres"
            exit 0
        fi
    done
    echo "test-postgres: could not start PostgreSQL; see $dir/pg.log" >&2
    exit 1
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
