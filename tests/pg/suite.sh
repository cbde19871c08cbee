#!/bin/sh
# Runs test programs against PostgreSQL: against the run's cluster when make check started
# one (LEUCHTTURM_TEST_PG_CLUSTER, the folder tests/pg/cluster.sh started it in: scripts/check
# starts one for all of its first pass), else against a throw-away cluster of their own
# (tests/pg/run.sh). With the run's cluster, the HTTP harness makes the template database
# (init + demo) once for all programs, in DIR/shared (LEUCHTTURM_TEST_PG_SHARED); each
# program's databases have names of its own (process id), so programs may run side by side.
# Exit status: the last failing program's, or 77 (skipped) when PostgreSQL is not installed.
#
#   tests/pg/suite.sh build/tests/http/test_http_auth_login
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cluster=${LEUCHTTURM_TEST_PG_CLUSTER:-}
if [ -z "$cluster" ]; then
	exec "$here/run.sh" "$@"
fi
if [ ! -S "$cluster/.s.PGSQL.5432" ]; then
	echo "suite.sh: no PostgreSQL listens in $cluster" >&2
	exit 1
fi
export PGHOST="$cluster" PGPORT=5432 PGUSER=lt
export LEUCHTTURM_TEST_DATABASE_URL=postgresql:///postgres
export LEUCHTTURM_TEST_PG_SHARED="$cluster/shared"
mkdir -p "$LEUCHTTURM_TEST_PG_SHARED"
rc=0
for t in "$@"; do
	"$t" || rc=$?
done
exit $rc
