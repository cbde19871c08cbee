#!/bin/sh
# `leuchtturm migrate --to postgresql://…` of the demo data (issue 16, point 4): an SQLite
# installation with the demo and an uploaded download is copied into an empty database
# with a progress line; afterwards every table's count, the audit chain (to its last hash)
# and the file (now in the database) are the same, a server on the copy with an empty data
# folder of its own serves the file and takes new writes
# (the sequences go on after the copied ids) with the chain intact, and a second migrate
# into the now full database is refused. Run under tests/pg/run.sh (PGHOST, PGUSER set);
# LEUCHTTURM_BIN is the binary.
set -eu
bin=${LEUCHTTURM_BIN:?LEUCHTTURM_BIN is the leuchtturm binary}
command -v sqlite3 >/dev/null 2>&1 || { echo "migrate: sqlite3 missing; skipping" >&2; exit 77; }
db=lt_migrate_$$
work=$(mktemp -d /tmp/lt-migrate.XXXXXX)
data=$work/data
url=postgresql:///$db
pid=
unset LEUCHTTURM_DATABASE_URL
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
	psql -qd postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() {
	echo "migrate: FAIL: $*" >&2
	[ -f "$work/log" ] && tail -20 "$work/log" >&2
	exit 1
}

# serve [ARGS…]: starts the server on a free port; sets pid and base.
serve() {
	: >"$work/log"
	"$bin" serve --data "${serve_data:-$data}" --listen 127.0.0.1:0 --pwhash-cost min "$@" >"$work/log" 2>&1 &
	pid=$!
	port=
	for _ in $(seq 300); do
		port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/log")
		[ -n "$port" ] && break
		kill -0 "$pid" 2>/dev/null || fail "the server did not start"
		sleep 0.1
	done
	[ -n "$port" ] || fail "the server did not start"
	base=http://127.0.0.1:$port
}
stop() {
	kill "$pid" && wait "$pid" || true
	pid=
}
# The CSRF token of the page last fetched into $work/page.
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$work/page" | head -1; }
login() {
	rm -f "$work/jar"
	curl -sf -c "$work/jar" -b "$work/jar" -o "$work/page" "$base/anmelden"
	code=$(curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w '%{http_code}' \
		--data-urlencode "email=koordination@iq-demo.example" \
		--data-urlencode "password=Leuchtturm-Demo" --data-urlencode "_csrf=$(csrf)" \
		"$base/anmelden")
	[ "$code" = 303 ] || fail "login answered $code"
}

# ---- an SQLite installation: the demo, and a download uploaded by the office
"$bin" init --data "$data" --pwhash-cost min >/dev/null 2>&1 || fail "init"
"$bin" demo --data "$data" --pwhash-cost min >/dev/null 2>&1 || fail "demo"
printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n' >"$work/leitfaden.pdf"
pslug=$(sqlite3 "$data/leuchtturm.db" "SELECT slug FROM practice WHERE status = 'published' ORDER BY id LIMIT 1")
pid_=$(sqlite3 "$data/leuchtturm.db" "SELECT id FROM practice WHERE slug = '$pslug'")
serve
login
curl -sf -c "$work/jar" -b "$work/jar" -o "$work/page" "$base/admin/praxis/$pid_"
code=$(curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w '%{http_code}' \
	-F "_csrf=$(csrf)" -F "download=@$work/leitfaden.pdf;type=application/pdf" \
	-F "download_title=Leitfaden" "$base/admin/praxis/$pid_/downloads")
[ "$code" = 303 ] || fail "uploading the download answered $code"
stop
fid=$(sqlite3 "$data/leuchtturm.db" "SELECT max(id) FROM practice_file")
[ -n "$fid" ] || fail "no practice_file row after the upload"

# ---- the move
psql -qd postgres -c "CREATE DATABASE $db"
"$bin" migrate --data "$data" --to "$url" >"$work/migrate.out" 2>"$work/migrate.err" ||
	{ cat "$work/migrate.out" "$work/migrate.err" >&2; fail "migrate exited $?"; }
grep -q '^copying: [0-9]*/[0-9]* ' "$work/migrate.out" || fail "no progress line"
grep -q '^verified: ' "$work/migrate.out" || { cat "$work/migrate.out" >&2; fail "not verified"; }
grep -q ', 1 files from .* in the database' "$work/migrate.out" || { cat "$work/migrate.out" >&2; fail "the file is not counted"; }
[ "$(psql -qAtX -d "$db" -c "SELECT count(*) FROM blob")" = 1 ] || fail "the file is not in the database's blob store"

# Every table's count, checked here independently of migrate's own check.
tables=$(psql -qAtX -d "$db" -c "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration' ORDER BY 1")
n=0
for t in $tables; do
	# The blob tables are SQLite's empty twins; on PostgreSQL they hold the files (below).
	case $t in blob | blob_chunk) continue ;; esac
	a=$(sqlite3 "$data/leuchtturm.db" "SELECT count(*) FROM \"$t\"")
	b=$(psql -qAtX -d "$db" -c "SELECT count(*) FROM \"$t\"")
	[ "$a" = "$b" ] || fail "$t: $a rows on SQLite, $b on PostgreSQL"
	n=$((n + 1))
done
[ "$n" -gt 40 ] || fail "only $n tables on PostgreSQL"
q="SELECT count(*) || ' ' || max(seq) || ' ' || (SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1) FROM audit_event"
a=$(sqlite3 "$data/leuchtturm.db" "$q")
b=$(psql -qAtX -d "$db" -c "$q")
[ "$a" = "$b" ] || fail "the audit chain differs: SQLite '$a', PostgreSQL '$b'"
events=${a%% *}
# Every identity sequence goes on after the copied ids (setval(max + 1, false)).
psql -qAtX -d "$db" -F ' ' -c "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'" >"$work/identity"
[ -s "$work/identity" ] || fail "no identity columns on PostgreSQL"
while read -r t c; do
	ok=$(psql -qAtX -d "$db" -c "SELECT (SELECT last_value FROM $(psql -qAtX -d "$db" -c "SELECT pg_get_serial_sequence('$t', '$c')")) > (SELECT coalesce(max($c), 0) FROM $t)")
	[ "$ok" = t ] || fail "the sequence of $t.$c does not go on after the copied ids"
done <"$work/identity"

# ---- the copy in use, by an instance with an empty data folder of its own: the file
# served (fetched from the database), new writes with new ids, the chain intact
serve_data=$work/fresh
serve --database "$url"
curl -sf -o "$work/got.pdf" "$base/praxis/$pslug/download/$fid" || fail "the download is not served from the copy"
cmp -s "$work/got.pdf" "$work/leitfaden.pdf" || fail "the download's bytes differ"
[ -n "$(find "$work/fresh/files" -type f 2>/dev/null)" ] || fail "the fetched file is not kept in the instance's folder"
login
curl -sf -c "$work/jar" -b "$work/jar" -o "$work/page" "$base/admin/praxis/$pid_"
code=$(curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w '%{http_code}' \
	-F "_csrf=$(csrf)" -F "download=@$work/leitfaden.pdf;type=application/pdf" \
	-F "download_title=Zweiter Leitfaden" "$base/admin/praxis/$pid_/downloads")
[ "$code" = 303 ] || fail "a new download on the copy answered $code (its id taken?)"
[ "$(psql -qAtX -d "$db" -c "SELECT count(*) FROM practice_file WHERE id > $fid")" = 1 ] ||
	fail "the new download did not get a new id"
curl -sf -c "$work/jar" -b "$work/jar" -o "$work/page" "$base/admin/praxis/$pid_"
code=$(curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w '%{http_code}' \
	--data-urlencode "_csrf=$(csrf)" "$base/admin/praxis/$pid_/zurueckziehen")
[ "$code" = 303 ] || fail "withdrawing on the copy answered $code"
stop
"$bin" audit verify --data "$data" --database "$url" >"$work/verify.out" 2>&1 ||
	{ cat "$work/verify.out" >&2; fail "audit verify on the copy"; }
after=$(sed -n 's/^audit chain intact: \([0-9]*\) events$/\1/p' "$work/verify.out")
[ -n "$after" ] && [ "$after" -gt "$events" ] || { cat "$work/verify.out" >&2; fail "no new audit events ($events, then ${after:-?})"; }

# ---- a database that is not empty is refused
if "$bin" migrate --data "$data" --to "$url" >"$work/again.out" 2>&1; then
	fail "a second migrate into the full database was not refused"
fi
grep -q "not empty" "$work/again.out" || { cat "$work/again.out" >&2; fail "the refusal does not say why"; }
echo "migrate: $n tables, $events audit events and the file moved to PostgreSQL; the copy serves and takes writes"
