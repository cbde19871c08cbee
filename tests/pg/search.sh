#!/bin/sh
# The search's HTTP tests on PostgreSQL, where the search's own index in memory serves
# (src/search/memindex.c): each test program given runs against a new database of its
# own (LEUCHTTURM_DATABASE_URL), which the harness's init and demo fill. Run under
# tests/pg/run.sh (PGHOST, PGUSER set); LEUCHTTURM_BIN is the binary.
#
#   tests/pg/run.sh tests/pg/search.sh build/tests/http/test_http_search_corpus …
set -eu
rc=0
n=0
for t in "$@"; do
	n=$((n + 1))
	db=lt_search_$$_$n
	psql -qd postgres -c "CREATE DATABASE $db"
	LEUCHTTURM_DATABASE_URL="postgresql:///$db" "$t" || rc=$?
	psql -qd postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
done
exit $rc
