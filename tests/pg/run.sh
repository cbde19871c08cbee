#!/bin/sh
# Runs a command against a throw-away PostgreSQL cluster (tests/pg/cluster.sh): starts it,
# exports PGHOST, PGPORT, PGUSER and LEUCHTTURM_TEST_DATABASE_URL (with which the unit
# tests' fixture makes a fresh database per test, tests/unit/fixture.c, and the HTTP harness
# one per server, tests/http/harness.c) and LEUCHTTURM_TEST_PG_SHARED, runs the command and
# stops the cluster, whatever the command's outcome. Exit status: the command's, or
# 77 (skipped) when PostgreSQL is not installed.
#
#   tests/pg/run.sh build/tests/unit/test_store_driver
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/ltpg.XXXXXX)
env=$("$here/cluster.sh" start "$dir") || { rc=$?; rm -rf "$dir"; exit $rc; }
trap '"$here/cluster.sh" stop "$dir"; rm -rf "$dir"' EXIT INT TERM
for line in $env; do
	export "$line"
done
# The folder where the unit fixture and the HTTP harness keep the templates they make once
# for all programs of this run (a migrated database; one with init + demo).
mkdir -p "$dir/shared"
export LEUCHTTURM_TEST_PG_SHARED="$dir/shared"
rc=0
for t in "$@"; do
	"$t" || rc=$?
done
exit $rc
