#!/bin/sh
# Runs a command against a throw-away PostgreSQL cluster (tests/pg/cluster.sh): starts it,
# exports PGHOST, PGPORT, PGUSER and LEUCHTTURM_TEST_DATABASE_URL (with which the unit
# tests' fixture makes a fresh database per test, tests/unit/fixture.c), runs the command
# and stops the cluster, whatever the command's outcome. Exit status: the command's, or
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
rc=0
for t in "$@"; do
	"$t" || rc=$?
done
exit $rc
