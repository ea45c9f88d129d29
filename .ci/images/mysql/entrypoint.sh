#!/usr/bin/env bash
# Entrypoint of the CI's MySQL 8 image. It honours what Testcontainers' MySQLContainer relies on:
# MYSQL_ROOT_PASSWORD (or MYSQL_ALLOW_EMPTY_PASSWORD), MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD,
# scripts in /docker-entrypoint-initdb.d run once on a new data directory, configuration files in
# /etc/mysql/conf.d, and a server that takes TCP connections only once initialisation is over
# (Testcontainers waits by connecting). Root's setup is kept out of the binary log; the database
# and user are written to it, so a replica that replays the log from its start gets them.
set -euo pipefail

if [ "${1:-}" != "mysqld" ] && [ "${1:0:1}" != "-" ]; then
  exec "$@"
fi
[ "${1:0:1}" != "-" ] && shift

root_password=${MYSQL_ROOT_PASSWORD:-}
database=${MYSQL_DATABASE:-}
user=${MYSQL_USER:-}
password=${MYSQL_PASSWORD:-}
datadir=/var/lib/mysql
socket=/var/run/mysqld/init.sock

sql_string() {
  local value=${1//\\/\\\\}
  printf "'%s'" "${value//\'/\'\'}"
}

if [ ! -d "$datadir/mysql" ]; then
  if [ -z "$root_password" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ]; then
    echo "MYSQL_ROOT_PASSWORD (or MYSQL_ALLOW_EMPTY_PASSWORD) is required" >&2
    exit 1
  fi
  chown mysql:mysql "$datadir"
  # root@localhost with mysql_native_password: the mariadb client used below speaks it for sure.
  mysqld --user=mysql --initialize-insecure --default-authentication-plugin=mysql_native_password "$@"
  mysqld --user=mysql --skip-networking --socket="$socket" "$@" &
  server=$!
  for _ in $(seq 1 300); do
    mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  {
    echo "SET @@SESSION.SQL_LOG_BIN = 0;"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY $(sql_string "$root_password");"
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

exec mysqld --user=mysql "$@"
