#!/bin/sh
# Creates the cluster on first start (database "registry", password POSTGRES_PASSWORD for TCP
# clients), then runs postgres in the foreground as the postgres user.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data/pg}
export PGDATA
bin=/usr/lib/postgresql/bin
mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$(dirname "$PGDATA")" "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
as_postgres() { setpriv --reuid postgres --regid postgres --init-groups "$@"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres "$bin/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # A socket-only server while the database is created.
  as_postgres "$bin/pg_ctl" -D "$PGDATA" -s -w -o "-c listen_addresses= -k /run/postgresql" start
  as_postgres "$bin/psql" -q -h /run/postgresql -U postgres -c 'CREATE DATABASE registry' postgres
  as_postgres "$bin/pg_ctl" -D "$PGDATA" -s -w -m fast stop
fi
exec setpriv --reuid postgres --regid postgres --init-groups "$bin/postgres" -D "$PGDATA" \
  -c listen_addresses='*' -c unix_socket_directories=/run/postgresql -c max_connections=${POSTGRES_MAX_CONNECTIONS:-160} "$@"
