#!/usr/bin/env bash
# The 1,000-row cell of ContentionHarness in SQL alone, without a JVM: pgbench runs the three
# orders' statements (optimistic.sql, for-update.sql, none.sql) at 32 clients over 1,000 rows,
# alternating, each round on a freshly vacuumed table, and prints each script's median rate and
# its ratio to FOR UPDATE's. It shows what the database itself makes of the two patterns on this
# machine, the ceiling of any optimistic scheme in that cell.
#
# Needs PostgreSQL's server binaries and pgbench (Debian: postgresql-15, in
# /usr/lib/postgresql/15/bin; or set PG_BIN). Starts a private server of its own, with the embedded
# cluster's settings (fsync, full_page_writes and synchronous_commit off), on a free port in a
# temporary directory, and stops and deletes it on exit, also on Ctrl-C. No replica.
#
# Usage: benchmarks/pgbench/compare.sh [rounds] [seconds]
# SCRIPTS="optimistic optimistic-returning optimistic-capture for-update none" runs those instead
# (optimistic-returning: with the settling's RETURNING, as @RetryOptimistic sends it by default;
# optimistic-capture: with the settling's query before COMMIT instead). for-update must be among them.
set -euo pipefail
rounds=${1:-8}
seconds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bin/pgbench" ] || { echo "no pgbench: set PG_BIN to a PostgreSQL bin directory" >&2; exit 1; }
dir=$(mktemp -d /tmp/tether-pgbench-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# initdb refuses to run as root: then the server runs as the postgres user
as=()
if [ "$(id -u)" = 0 ]; then
	chown postgres "$dir"
	as=(su postgres -s /bin/bash -c)
else
	as=(bash -c)
fi
cleanup() {
	"${as[@]}" "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "'$bin/initdb' -D '$dir/data' -A trust -U postgres" >/dev/null
"${as[@]}" "'$bin/pg_ctl' -D '$dir/data' -w -l '$dir/log' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=32MB -c fsync=off -c full_page_writes=off -c synchronous_commit=off\" start" >/dev/null
psql() { "$bin/psql" -q -X -h 127.0.0.1 -p "$port" -U postgres -c "$1" postgres; }
psql "create table counter (id int primary key, value bigint not null, version bigint not null)"
psql "insert into counter select i, 0, 0 from generate_series(0, 999) i"
read -r -a scripts <<< "${SCRIPTS:-optimistic for-update none}"
count=${#scripts[@]}
results="$dir/results"
: > "$results"
for round in $(seq 1 "$rounds"); do
	for k in $(seq 0 $((count - 1))); do
		# the order rotates from round to round, as in ContentionHarness
		script=${scripts[$(( (k + round) % count ))]}
		psql "vacuum counter"
		tps=$("$bin/pgbench" -n -h 127.0.0.1 -p "$port" -U postgres -M prepared -c 32 -j 2 -T "$seconds" \
			-f "$here/$script.sql" postgres 2>/dev/null | awk '/^tps/ { print $3 }')
		echo "$round $script $tps" >> "$results"
	done
done
python3 - "$results" "${scripts[@]}" <<'PY'
import collections, statistics, sys
rates = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    round_, script, tps = line.split()
    rates[script][round_] = float(tps)
base = statistics.median(rates['for-update'].values())
for script in sys.argv[2:]:
    median = statistics.median(rates[script].values())
    # each round's ratio to the same round's FOR UPDATE: steadier than the medians' on a drifting machine
    paired = statistics.median(tps / rates['for-update'][r] for r, tps in rates[script].items())
    print(f"{script:<20} {median:9.0f} tx/s (median of {len(rates[script])})  {median / base:5.2f}x FOR UPDATE"
          f"  (same-round ratios: median {paired:4.2f}x)")
PY
