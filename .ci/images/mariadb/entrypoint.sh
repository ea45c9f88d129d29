#!/usr/bin/env bash
# Entrypoint of the CI's MariaDB image. It honours what Testcontainers' MariaDBContainer relies on:
# MARIADB_* or MYSQL_* variables (ROOT_PASSWORD, ALLOW_EMPTY_ROOT_PASSWORD / ALLOW_EMPTY_PASSWORD,
# DATABASE, USER, PASSWORD), scripts in /docker-entrypoint-initdb.d run once on a new data
# directory, configuration files in /etc/mysql/conf.d, and a server that takes TCP connections
# only once initialisation is over (Testcontainers waits by connecting).
# Root's setup is kept out of the binary log; the database and user are written to it, so a
# replica that replays the log from its start gets them.
set -euo pipefail

if [ "${1:-}" != "mariadbd" ] && [ "${1:-}" != "mysqld" ] && [ "${1:0:1}" != "-" ]; then
  exec "$@"
fi
[ "${1:0:1}" != "-" ] && shift

root_password=${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}
allow_empty=${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-${MYSQL_ALLOW_EMPTY_PASSWORD:-}}
database=${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}
user=${MARIADB_USER:-${MYSQL_USER:-}}
password=${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}
datadir=/var/lib/mysql
socket=/run/mysqld/init.sock

sql_string() {
  local value=${1//\\/\\\\}
  printf "'%s'" "${value//\'/\'\'}"
}

if [ ! -d "$datadir/mysql" ]; then
  if [ -z "$root_password" ] && [ -z "$allow_empty" ]; then
    echo "MARIADB_ROOT_PASSWORD (or MYSQL_ROOT_PASSWORD, or MARIADB_ALLOW_EMPTY_ROOT_PASSWORD) is required" >&2
    exit 1
  fi
  chown mysql:mysql "$datadir"
  mariadb-install-db --user=mysql --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >/dev/null
  mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket="$socket" "$@" &
  server=$!
  for _ in $(seq 1 300); do
    mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  {
    echo "SET @@SESSION.SQL_LOG_BIN = 0;"
    echo "DROP USER IF EXISTS ''@'localhost', 'root'@'127.0.0.1', 'root'@'::1', 'root'@$(sql_string "$(hostname)");"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$root_password");"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY $(sql_string "$root_password");"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    echo "SET @@SESSION.SQL_LOG_BIN = 1;"
    if [ -n "$database" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`$database\`;"
    fi
    if [ -n "$user" ] && [ "$user" != "root" ]; then
      echo "CREATE USER $(sql_string "$user")@'%' IDENTIFIED BY $(sql_string "$password");"
      [ -n "$database" ] && echo "GRANT ALL ON \`$database\`.* TO $(sql_string "$user")@'%';"
    fi
  } | mariadb --socket="$socket" -uroot
  export MYSQL_PWD=$root_password
  for script in /docker-entrypoint-initdb.d/*; do
    [ -e "$script" ] || continue
    case "$script" in
      *.sh) echo "init: running $script"; . "$script" ;;
      *.sql) echo "init: running $script"; mariadb --socket="$socket" -uroot ${database:+"$database"} <"$script" ;;
      *) echo "init: ignoring $script" ;;
    esac
  done
  unset MYSQL_PWD
  kill -TERM "$server"
  wait "$server" || true
fi

exec mariadbd --user=mysql --datadir="$datadir" "$@"
