#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the test suite and prints its address:
#
#     export "$(.ci/postgres.sh)"     # DATABASE_URL=postgres://vlgsite:…@127.0.0.1:5432/vlgsite
#     .ci/postgres.sh stop            # stops it again
#
# Installs Debian's PostgreSQL when missing, creates a cluster in $PG_DIR (default
# /tmp/vlgsite-pg) listening on 127.0.0.1:$PG_PORT (default 5432, or the next free port),
# a role and a database "vlgsite" that may create the test database. Runs as root (CI) or
# as any user; the server itself runs as the user "postgres" when started by root.
# Progress goes to stderr, only the DATABASE_URL line to stdout. Fails loudly.
set -euo pipefail

PG_DIR=${PG_DIR:-/tmp/vlgsite-pg}
PG_PORT=${PG_PORT:-5432}
PG_USER=vlgsite
PG_PASSWORD=vlgsite
PG_DB=vlgsite

say() { echo "postgres.sh: $*" >&2; }
fail() { say "ERROR: $*"; [ -f "$PG_DIR/server.log" ] && tail -20 "$PG_DIR/server.log" >&2; exit 1; }

bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# As the owner of the cluster: root hands over to "postgres", others run it themselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

BIN=$(bindir || true)
if [ -z "$BIN" ]; then
    [ "$(id -u)" = 0 ] || fail "PostgreSQL is not installed and installing needs root."
    say "installing PostgreSQL (apt-get)…"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    BIN=$(bindir) || fail "no initdb after installing postgresql."
fi

if [ "${1:-}" = stop ]; then
    [ -f "$PG_DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >&2
    exit 0
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -f "$PG_DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    PG_PORT=$(sed -n 4p "$PG_DIR/data/postmaster.pid")
    say "cluster already running on port $PG_PORT"
else
    while port_in_use "$PG_PORT"; do
        say "port $PG_PORT is taken, trying $((PG_PORT + 1))"
        PG_PORT=$((PG_PORT + 1))
    done
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        say "initialising a cluster in $PG_DIR/data"
        as_owner "$BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 \
            --locale=C.UTF-8 >/dev/null || fail "initdb failed"
    fi
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_owner "$BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || fail "PostgreSQL did not start"
fi

psql_admin() { as_owner "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin -c "SELECT 1" >/dev/null || fail "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" >/dev/null
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null
fi
say "ready"
echo "DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
