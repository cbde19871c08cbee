#!/bin/sh
# The board's view at full size (issue 4): a call with 400 proposals and 20 board members
# who rated all of them (bench/gen_review.py writes them into the schema), then wrk on
# 127.0.0.1 against the ranking page and a proposal's page with its ratings (logged in as
# the coordination office), each beside nginx serving the same page's bytes as a static
# file in the same run, and a loop of saved ratings (a board member submitting, POST).
# Goals: the ranking at least 40 % of nginx's requests/s and p99 under 20 ms at 32
# connections; saving a rating p50 under 5 ms.
#
#   bench/review.sh     (BENCH_PROPOSALS=400, BENCH_MEMBERS=20, and the knobs of lib.sh)
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
read -r CALL FIRST MEMBER <"$WORK/generated"

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

# A member's rating, submitted again and again over all proposals (the form of
# src/pages/review_rate.c: five rated criteria, a recommendation, the CSRF token).
BOARD=$(login "$MEMBER")
form=$(curl -s -H "Cookie: $BOARD" "$LT$PROPOSAL")
token=$(printf '%s' "$form" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
body="recommendation=select&comment=Bitte+besprechen.&action=submit&_csrf=$token"
for i in 0 1 2 3 4; do
	body="$body&score_$i=$(((i + 2) % 4))&just_$i=Begr%C3%BCndung+Nummer+$i%3A+gut+belegt+durch+die+Ergebnisse."
done
printf '%s\n' "$body" >"$WORK/rating.form"
seq "$FIRST" $((FIRST + PROPOSALS - 1)) | sed 's|^|/gremium/vorschlag/|' >"$WORK/proposals.txt"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $BOARD" \
	-H "Content-Type: application/x-www-form-urlencoded" --data-binary "@$WORK/rating.form" \
	"$LT$PROPOSAL")
if [ "$code" != 303 ]; then
	echo "bench: saving a rating answered $code, not 303" >&2
	exit 1
fi

# ---- the measurements ----
measure ranking.nginx "ranking: nginx, static copy" "$NGX/ranking.html"
measure ranking "ranking: leuchtturm" "$LT$RANKING" -H "Cookie: $OFFICE"
measure ranking-gz.nginx "ranking, gzip: nginx, gzip_static" "$NGX/ranking.html" -H "Accept-Encoding: gzip"
measure ranking-gz "ranking, gzip: leuchtturm" "$LT$RANKING" -H "Cookie: $OFFICE" -H "Accept-Encoding: gzip"
measure proposal.nginx "proposal with ratings: nginx" "$NGX/proposal.html"
measure proposal "proposal with ratings: leuchtturm" "$LT$PROPOSAL" -H "Cookie: $OFFICE"
before=$(sqlite3 "$DATA/leuchtturm.db" "SELECT count(*) FROM audit_event WHERE action = 'review.submit'")
BENCH_C=1 BENCH_PATHS="$WORK/proposals.txt" BENCH_BODY="$WORK/rating.form" \
	measure save-1 "saving a rating (POST), 1 connection" "$LT/" -H "Cookie: $BOARD" \
	-s "$BENCH_ROOT/bench/post.lua"
after=$(sqlite3 "$DATA/leuchtturm.db" "SELECT count(*) FROM audit_event WHERE action = 'review.submit'")

table "Board review: $ROWS proposals in the ranking, $MEMBERS members, $RATINGS ratings on the proposal's page"
echo "  Page sizes: ranking $(wc -c <"$WORK/www/ranking.html") B (gzip $(wc -c <"$WORK/www/ranking.html.gz") B), proposal $(wc -c <"$WORK/www/proposal.html") B"
echo "  Ratings saved during the POST run: $((after - before)) (each one audited)"
load_note
echo
echo "Goals (issue 4):"
goal "ranking at least 40 % of nginx's requests/s" \
	"$(ge "$(field ranking 3)" "$(awk -v n="$(field ranking.nginx 3)" 'BEGIN { print n * 0.4 }')")"
goal "ranking p99 under 20 ms at $CONNECTIONS connections ($(field ranking 5) ms)" \
	"$(ge 20 "$(field ranking 5)")"
goal "saving a rating: p50 under 5 ms ($(field save-1 4) ms)" "$(ge 5 "$(field save-1 4)")"
