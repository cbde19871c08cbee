#!/bin/sh
# The board's view at full size (issues 4 and 14): a call with 400 proposals and 20 board
# members who rated all of them (bench/gen_review.py writes them into the schema), then on
# 127.0.0.1, logged in as the coordination office: the ranking and the proposal pages with
# their ratings, each REPS times in turn with nginx serving the same bytes as static files;
# the ranking's first request after a rating was saved; the ranking at 32 connections
# without and with a rating saved every 100 ms; saving ratings as all 20 members in turn
# at 1, 8 and 32 connections (bench/post.lua).
# Goals: the ranking at least 40 % of nginx's requests/s and p99 under 20 ms at 32
# connections; its first request after a change under 5 ms; with a rating every 100 ms at
# least 80 % of its throughput without; proposal pages at least 30 % of nginx; saving a
# rating p50 under 5 ms on 1 connection, p99 under 50 ms at 32.
#
#   bench/review.sh     (BENCH_PROPOSALS=400, BENCH_MEMBERS=20, BENCH_CHANGES=40, and the
#                        knobs of lib.sh)
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

PROPOSALS=${BENCH_PROPOSALS:-400}
MEMBERS=${BENCH_MEMBERS:-20}
PASSWORD="bench-password-1"

bench_init review
bench_build

# ---- the data ----
DATA="$WORK/data"
"$BIN" init --data "$DATA" >/dev/null 2>&1
# The cheapest password hash keeps logging in out of the figures (it is measured nowhere).
printf '%s\n' "$PASSWORD" | "$BIN" user add office@bench.example --name "Koordinierungsstelle" \
	--role admin --pwhash-cost min --data "$DATA" >/dev/null
python3 "$BENCH_ROOT/bench/gen_review.py" "$DATA/leuchtturm.db" office@bench.example \
	"$PROPOSALS" "$MEMBERS" >"$WORK/generated"
read -r CALL FIRST _ <"$WORK/generated"

start_leuchtturm "$DATA" --quiet
start_nginx

# login EMAIL: logs in with curl; prints the Cookie header's value (session and the rest).
login() {
	jar="$WORK/jar.$1"
	form=$(curl -s -c "$jar" -b "$jar" "$LT/anmelden")
	token=$(printf '%s' "$form" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
		--data-urlencode "email=$1" --data-urlencode "password=$PASSWORD" \
		--data-urlencode "_csrf=$token" "$LT/anmelden")
	if [ "$code" != 303 ]; then
		echo "bench: logging in as $1 answered $code" >&2
		exit 1
	fi
	# Netscape cookie file; HttpOnly cookies come with a "#HttpOnly_" prefix.
	awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

OFFICE=$(login office@bench.example)
RANKING="/admin/ausschreibungen/$CALL/ranking"
PROPOSAL="/gremium/vorschlag/$FIRST"
snapshot "$LT$RANKING" ranking.html -H "Cookie: $OFFICE"
snapshot "$LT$PROPOSAL" proposal.html -H "Cookie: $OFFICE"
ROWS=$(grep -o "<th scope=\"row\">" "$WORK/www/ranking.html" | wc -l)
RATINGS=$(grep -o "<article class=\"panel\">" "$WORK/www/proposal.html" | wc -l)
# The proposal pages in turn (logged-in pages are never kept, so each is computed), and
# nginx's copies of 20 of them.
seq "$FIRST" $((FIRST + PROPOSALS - 1)) | sed 's|^|/gremium/vorschlag/|' >"$WORK/proposals.txt"
mkdir -p "$WORK/www/proposals"
i=0
for path in $(head -n 20 "$WORK/proposals.txt"); do
	i=$((i + 1))
	snapshot "$LT$path" "proposals/$i.html" -H "Cookie: $OFFICE"
	echo "/proposals/$i.html" >>"$WORK/proposals.nginx"
done

# Every member logged in, with the CSRF token of their session (for bench/post.lua), and
# their rating as the form of src/pages/review_rate.c sends it: five rated criteria, a
# recommendation, the token.
: >"$WORK/sessions"
m=1
while [ "$m" -le "$MEMBERS" ]; do
	email=$(printf 'gremium%02d@bench.example' "$m")
	cookie=$(login "$email")
	form=$(curl -s -H "Cookie: $cookie" "$LT$PROPOSAL")
	token=$(printf '%s' "$form" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	printf '%s\t%s\n' "$cookie" "$token" >>"$WORK/sessions"
	m=$((m + 1))
done
body="recommendation=select&comment=Bitte+besprechen.&action=submit&_csrf=@CSRF@"
for i in 0 1 2 3 4; do
	body="$body&score_$i=$(((i + 2) % 4))&just_$i=Begr%C3%BCndung+Nummer+$i%3A+gut+belegt+durch+die+Ergebnisse."
done
printf '%s\n' "$body" >"$WORK/rating.form"

# save_one N: member N mod MEMBERS submits their rating of proposal N mod PROPOSALS again
# (with other scores every time); fails unless it is accepted (303).
save_one() {
	line=$(sed -n "$(($1 % MEMBERS + 1))p" "$WORK/sessions")
	cookie=$(printf '%s' "$line" | cut -f1)
	token=$(printf '%s' "$line" | cut -f2)
	path=$(sed -n "$(($1 % PROPOSALS + 1))p" "$WORK/proposals.txt")
	form=$(sed "s#@CSRF@#$token#; s#score_0=[0-9]#score_0=$(($1 % 4))#" "$WORK/rating.form")
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" \
		-H "Content-Type: application/x-www-form-urlencoded" --data-binary "$form" "$LT$path")
	if [ "$code" != 303 ]; then
		echo "bench: saving a rating answered $code, not 303" >&2
		exit 1
	fi
}
save_one 0

# BENCH_REVIEW_ROWS=saves: only the rating saves (point 7 of issue 14), the rest skipped.
ROWS_WANTED=${BENCH_REVIEW_ROWS:-all}
if [ "$ROWS_WANTED" = all ]; then
# ---- the measurements: nginx and leuchtturm in turn, each pair REPS times ----
ngx_ranking() { measure "$1" "$2" "$NGX/ranking.html"; }
lt_ranking() { measure "$1" "$2" "$LT$RANKING" -H "Cookie: $OFFICE"; }
ngx_ranking_gz() { measure "$1" "$2" "$NGX/ranking.html" -H "Accept-Encoding: gzip"; }
lt_ranking_gz() { measure "$1" "$2" "$LT$RANKING" -H "Cookie: $OFFICE" -H "Accept-Encoding: gzip"; }
ngx_proposals() {
	BENCH_PATHS="$WORK/proposals.nginx" measure "$1" "$2" "$NGX/" -s "$BENCH_ROOT/bench/paths.lua"
}
lt_proposals() {
	# Logged-in pages are never kept: asking one again is no cache hit.
	BENCH_REPEATS_OK=1 BENCH_PATHS="$WORK/proposals.txt" measure "$1" "$2" "$LT/" -H "Cookie: $OFFICE" \
		-s "$BENCH_ROOT/bench/paths.lua"
}
alternate ranking "ranking (kept between changes)" ngx_ranking lt_ranking
alternate ranking-gz "ranking, gzip" ngx_ranking_gz lt_ranking_gz
alternate proposal "proposal pages, $MEMBERS ratings each" ngx_proposals lt_proposals

# The ranking's first request after a change: a rating saved, then the ranking asked once,
# CHANGES times; the time from the request sent to the answer's first byte (curl's
# starttransfer - pretransfer: the server's work, not curl's connecting); beside it nginx
# sending the ranking's bytes the same way.
CHANGES=${BENCH_CHANGES:-40}
: >"$WORK/after-change.lt"
: >"$WORK/after-change.nginx"
i=1
while [ "$i" -le "$CHANGES" ]; do
	save_one "$i"
	curl -s -o /dev/null -w '%{time_starttransfer} %{time_pretransfer}\n' -H "Cookie: $OFFICE" \
		"$LT$RANKING" >>"$WORK/after-change.lt"
	curl -s -o /dev/null -w '%{time_starttransfer} %{time_pretransfer}\n' \
		"$NGX/ranking.html" >>"$WORK/after-change.nginx"
	i=$((i + 1))
done
# p50 FILE: the median of the differences (seconds) of the lines' two fields, in ms.
p50() {
	awk '{ print $1 - $2 }' "$1" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", 1000 * (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
AFTER_LT=$(p50 "$WORK/after-change.lt")
AFTER_NGX=$(p50 "$WORK/after-change.nginx")

# The ranking at CONNECTIONS connections, without writes and while a rating is saved
# every 100 ms (a member submitting, as above), in turn; the ratio compares the two.
writer() {
	n=1000
	while [ ! -f "$WORK/stop-writer" ]; do
		save_one "$n"
		n=$((n + 1))
		sleep 0.1
	done
}
r=1
while [ "$r" -le "$REPS" ]; do
	measure "ranking-quiet.$r" "ranking without writes, run $r" "$LT$RANKING" -H "Cookie: $OFFICE"
	rm -f "$WORK/stop-writer"
	writer &
	wpid=$!
	measure "ranking-writes.$r" "ranking, a rating saved every 100 ms, run $r" "$LT$RANKING" \
		-H "Cookie: $OFFICE"
	touch "$WORK/stop-writer"
	wait "$wpid"
	beside "ranking-writes.$r" "ranking-quiet.$r"
	r=$((r + 1))
done

fi

# Saving ratings: all MEMBERS members in turn over all proposals, at 1, 8 and CONNECTIONS
# connections (each connection a stream of POSTs of whoever's turn it is).
before=$(sqlite3 "$DATA/leuchtturm.db" "SELECT count(*) FROM audit_event WHERE action = 'review.submit'")
for c in $(printf '%s\n' 1 8 "$CONNECTIONS" | sort -nu); do
	r=1
	while [ "$r" -le "$REPS" ]; do
		BENCH_C=$c BENCH_PATHS="$WORK/proposals.txt" BENCH_BODY="$WORK/rating.form" \
			BENCH_SESSIONS="$WORK/sessions" \
			measure "save-$c.$r" "saving ratings (POST), $MEMBERS members, -c$c, run $r" \
			"$LT/" -s "$BENCH_ROOT/bench/post.lua"
		r=$((r + 1))
	done
done
after=$(sqlite3 "$DATA/leuchtturm.db" "SELECT count(*) FROM audit_event WHERE action = 'review.submit'")

table "Board review: $ROWS proposals in the ranking, $MEMBERS members, $RATINGS ratings on the proposal's page"
echo "  Page sizes: ranking $(wc -c <"$WORK/www/ranking.html") B (gzip $(wc -c <"$WORK/www/ranking.html.gz") B), proposal $(wc -c <"$WORK/www/proposal.html") B"
[ "$ROWS_WANTED" = all ] &&
	echo "  The ranking's first request after a rating was saved, to the first byte, p50 of $CHANGES: leuchtturm $AFTER_LT ms, nginx (the same bytes) $AFTER_NGX ms"
echo "  Ratings saved during the POST runs: $((after - before)) (each one audited)"
load_note
echo
echo "Goals (issues 4 and 14; a ratio counts the worse of the $REPS rounds):"
if [ "$ROWS_WANTED" = all ]; then
r=$(worst_ratio ranking)
goal "ranking at least 40 % of nginx's requests/s ($(pct "$r"))" "$(ge "$r" 0.4)"
p=$(worst 5 ranking)
goal "ranking p99 under 20 ms at $CONNECTIONS connections ($p ms)" "$(ge 20 "$p")"
goal "the ranking's first request after a change under 5 ms (p50 $AFTER_LT ms)" "$(ge 5 "$AFTER_LT")"
r=$(worst_ratio ranking-writes)
goal "ranking with a rating saved every 100 ms: at least 80 % of the throughput without ($(pct "$r"))" \
	"$(ge "$r" 0.8)"
r=$(worst_ratio proposal)
goal "proposal pages with $MEMBERS ratings at least 30 % of nginx ($(pct "$r"))" "$(ge "$r" 0.3)"
fi
p=$(worst 4 save-1)
goal "saving a rating, 1 connection: p50 under 5 ms ($p ms)" "$(ge 5 "$p")"
p=$(worst 5 "save-$CONNECTIONS")
goal "saving ratings at $CONNECTIONS connections: p99 under 50 ms ($p ms)" "$(ge 50 "$p")"
