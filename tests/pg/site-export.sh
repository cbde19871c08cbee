#!/bin/sh
# The static site from PostgreSQL (issue 16, point 5): `site export --database …` of the
# demo data writes the same files as the export of the same demo data on SQLite, and a
# rerun writes none. Run under tests/pg/run.sh (PGHOST, PGUSER set); LEUCHTTURM_BIN is the
# binary.
set -eu
bin=${LEUCHTTURM_BIN:?LEUCHTTURM_BIN is the leuchtturm binary}
db=lt_site_$$
psql -qd postgres -c "CREATE DATABASE $db"
work=$(mktemp -d /tmp/lt-site.XXXXXX)
cleanup() {
	rm -rf "$work"
	psql -qd postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
}
trap cleanup EXIT
fail() { echo "site-export: $*" >&2; exit 1; }
url="postgresql:///$db"
"$bin" init --data "$work/pg" --database "$url" >/dev/null 2>&1
"$bin" demo --data "$work/pg" --database "$url" >/dev/null 2>&1
"$bin" init --data "$work/lite" >/dev/null 2>&1
"$bin" demo --data "$work/lite" >/dev/null 2>&1
out=$("$bin" site export "$work/site-pg" --data "$work/pg" --database "$url" \
	--base-url https://k.example.org 2>"$work/log") || { cat "$work/log" >&2; fail "export failed"; }
echo "site-export: PostgreSQL: $out"
"$bin" site export "$work/site-lite" --data "$work/lite" --base-url https://k.example.org \
	>/dev/null 2>"$work/log" || { cat "$work/log" >&2; fail "export on SQLite failed"; }
(cd "$work/site-pg" && find . -type f | sort) >"$work/pg.list"
(cd "$work/site-lite" && find . -type f | sort) >"$work/lite.list"
diff "$work/lite.list" "$work/pg.list" || fail "PostgreSQL's export has other files than SQLite's"
again=$("$bin" site export "$work/site-pg" --data "$work/pg" --database "$url" \
	--base-url https://k.example.org 2>/dev/null)
case $again in *" 0 written,"*) ;; *) fail "the rerun on PostgreSQL: $again" ;; esac
echo "site-export: $(wc -l <"$work/pg.list") files, the same as on SQLite; a rerun wrote 0"
