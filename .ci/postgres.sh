#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests and benchmarks.
#
#   .ci/postgres.sh          start (or reuse) the server; the last line on stdout is the connection string
#   .ci/postgres.sh stop     stop it (the data folder stays, so the next start is quick)
#   .ci/postgres.sh destroy  stop it and delete the data folder
#
# Usage in CI:  export CVML_TEST_POSTGRES="$(.ci/postgres.sh)"
#
# The server listens only on 127.0.0.1 on its own port (CVML_PG_PORT, default 55432), keeps its data
# and socket under CVML_PG_DIR (default ${TMPDIR:-/tmp}/cvml-pg), and runs as the unprivileged
# `postgres` user when this script runs as root (PostgreSQL refuses to run as root). Durability is
# switched off (fsync, synchronous_commit): this server holds test data only.
set -euo pipefail

root=${CVML_PG_DIR:-${TMPDIR:-/tmp}/cvml-pg}
port=${CVML_PG_PORT:-55432}
role=cvml_test
password=cvml_test
database=cvml_test
data=$root/data
log=$root/server.log

say() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  # Debian keeps the server binaries off PATH, one folder per major version; take the newest.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; fi
}

bindir=$(find_bindir)
if [[ -z "$bindir" && "${1:-start}" == start ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    say "initdb not found and not running as root: install the 'postgresql' package first"
    exit 1
  fi
  say "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(find_bindir)
  [[ -n "$bindir" ]] || { say "postgresql installed but initdb still not found"; exit 1; }
fi

# Run server tools as `postgres` when we are root; as ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { [[ -n "$bindir" ]] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

case "${1:-start}" in
  stop)
    if running; then as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >&2; fi
    exit 0 ;;
  destroy)
    if running; then as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >&2; fi
    rm -rf "$root"
    exit 0 ;;
  start) ;;
  *) say "unknown command '$1' (start, stop, destroy)"; exit 1 ;;
esac

if [[ ! -s "$data/PG_VERSION" ]]; then
  say "creating a cluster in $data"
  mkdir -p "$root"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$root"
  chmod 700 "$root"
  pwfile=$root/.pw
  # initdb creates the `postgres` superuser; local socket connections are trusted, TCP needs a password.
  as_owner bash -c "umask 077; printf '%s\n' '$password' > '$pwfile'"
  as_owner "$bindir/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
  rm -f "$pwfile"
  as_owner bash -c "cat >> '$data/postgresql.conf'" <<EOF

# cvml test server
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$root'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
fi

if running; then
  say "server already running in $data, reusing it"
else
  say "starting the server on 127.0.0.1:$port"
  as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >&2
fi

psql_admin() { as_owner "$bindir/psql" -h "$root" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [[ -z $(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'") ]]; then
  say "creating role $role"
  psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password' CREATEDB" >&2
fi
if [[ -z $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
  say "creating database $database"
  psql_admin -c "CREATE DATABASE $database OWNER $role" >&2
fi

connection="Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$database"
echo "$connection" > "$root/connection-string"
echo "$connection"
