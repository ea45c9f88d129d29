#!/usr/bin/env bash
# Entrypoint of the CI's PostgreSQL image. It honours what Testcontainers' PostgreSQLContainer
# relies on: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, scripts in /docker-entrypoint-initdb.d
# run once on a new data directory, and the log line "database system is ready to accept
# connections" printed twice on a first start (a server for the init scripts, then the real one).
set -euo pipefail

as_postgres() {
  setpriv --reuid=postgres --regid=postgres --init-groups "$@"
}

# Arguments that start with "-" are server options; "postgres ..." is the server; anything else runs as is.
if [ "${1:-}" != "postgres" ] && [ "${1:0:1}" != "-" ]; then
  exec "$@"
fi
[ "${1:-}" = "postgres" ] && shift

user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
mkdir -p "$PGDATA"
chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != "trust" ]; then
    echo "POSTGRES_PASSWORD is required (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  rm -f "$pwfile"
  # Other containers and the host reach the server through the engine's bridge.
  echo "host all all all ${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"

  # A first server on the socket only, for the database and the init scripts.
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start
  if [ "$database" != "postgres" ]; then
    as_postgres psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d postgres \
      -c "CREATE DATABASE \"$database\""
  fi
  for script in /docker-entrypoint-initdb.d/*; do
    [ -e "$script" ] || continue
    case "$script" in
      *.sh) echo "init: running $script"; . "$script" ;;
      *.sql) echo "init: running $script"
        as_postgres psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d "$database" -f "$script" ;;
      *) echo "init: ignoring $script" ;;
    esac
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop
fi

exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" "$@"
