#!/bin/sh
# A throw-away PostgreSQL 15 cluster from Debian's postgresql package, for the tests.
#
#   tests/pg/cluster.sh start DIR   initdb in DIR/data and start the server on the unix
#                                   socket DIR/.s.PGSQL.5432 (no TCP), role "lt", trust;
#                                   prints the environment that reaches it (PGHOST, …)
#   tests/pg/cluster.sh stop DIR    stop it (DIR stays; remove it yourself)
#
# PostgreSQL refuses to run as root, and CI runs as root: there the cluster runs as the
# unprivileged user nobody, and DIR is made its own. fsync is off: the cluster lives for
# one test run. Exit status 77 (the tests' "skipped") when the binaries are missing.
set -eu

BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
	echo "usage: $0 start|stop DIR" >&2
	exit 2
fi
if [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/pg_ctl" ]; then
	echo "cluster.sh: no PostgreSQL in $BIN (apt-get install postgresql)" >&2
	exit 77
fi

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

case "$cmd" in
start)
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown nobody "$dir"
	chmod 0700 "$dir"
	as_owner "$BIN/initdb" -D "$dir/data" -U lt --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
	as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	echo "PGHOST=$dir"
	echo "PGPORT=5432"
	echo "PGUSER=lt"
	echo "LEUCHTTURM_TEST_DATABASE_URL=postgresql:///postgres"
	;;
stop)
	as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
