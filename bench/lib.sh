# Shared helpers of the benchmarks (sourced by bench/catalog.sh and bench/review.sh).
#
# Everything runs on 127.0.0.1 in a temporary folder that a trap removes, with the
# processes it started stopped by their pid. Knobs (environment):
#   BENCH_DURATION      seconds per measurement (10)
#   BENCH_CONNECTIONS   wrk connections (32)
#   BENCH_THREADS       worker threads of leuchtturm and worker processes of nginx (2)
#   BENCH_WRK_THREADS   wrk threads (1)
# The machine this was written for has 2 cores: wrk (one thread) shares them with the
# server under test, the same way for leuchtturm and for nginx.

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$BENCH_ROOT/build-bench"
BIN="$BUILD/leuchtturm"
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WRK_THREADS=${BENCH_WRK_THREADS:-1}

WORK=""
PIDS=""
RESULTS=""

bench_cleanup() {
	for pid in $PIDS; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $PIDS; do
		wait "$pid" 2>/dev/null || true
	done
	PIDS=""
	[ -n "$WORK" ] && rm -rf "$WORK"
	WORK=""
}

# bench_init NAME: the temporary folder and the trap.
bench_init() {
	for tool in wrk nginx curl python3 sqlite3; do
		command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
			echo "$1: $tool is missing (scripts/install-deps installs it)" >&2
			exit 1
		}
	done
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/leuchtturm-bench-$1.XXXXXX")
	# nginx's workers may run as another user: they must be able to read the web root.
	chmod 755 "$WORK"
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
	RESULTS="$WORK/results"
	: >"$RESULTS"
}

# The optimised build the measurements use (meson's release type: -O3, no assertions).
bench_build() {
	if [ ! -f "$BUILD/build.ninja" ]; then
		meson setup "$BUILD" "$BENCH_ROOT" --buildtype=release >/dev/null
	fi
	ninja -C "$BUILD" leuchtturm >/dev/null
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL: until something answers there (at most 10 s).
wait_http() {
	i=0
	while ! curl -s -o /dev/null "$1"; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "bench: nothing answers at $1" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# start_leuchtturm DATA [extra serve flags]: sets LT (its base URL).
start_leuchtturm() {
	data=$1
	shift
	port=$(free_port)
	"$BIN" serve --data "$data" --listen "127.0.0.1:$port" --threads "$THREADS" "$@" \
		>>"$WORK/leuchtturm.log" 2>&1 &
	PIDS="$PIDS $!"
	LT="http://127.0.0.1:$port"
	wait_http "$LT/"
}

# start_nginx: a minimal nginx of our own serving $WORK/www; sets NGX (its base URL).
start_nginx() {
	port=$(free_port)
	mkdir -p "$WORK/www" "$WORK/nginx/tmp"
	chmod 755 "$WORK/www"
	user=""
	[ "$(id -u)" -eq 0 ] && user="user root;"
	cat >"$WORK/nginx/nginx.conf" <<EOF
$user
worker_processes $THREADS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	default_type "text/html; charset=utf-8";
	gzip_static on;
	client_body_temp_path $WORK/nginx/tmp;
	proxy_temp_path $WORK/nginx/tmp;
	fastcgi_temp_path $WORK/nginx/tmp;
	uwsgi_temp_path $WORK/nginx/tmp;
	scgi_temp_path $WORK/nginx/tmp;
	server {
		listen 127.0.0.1:$port;
		root $WORK/www;
	}
}
EOF
	nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' \
		>>"$WORK/nginx/out.log" 2>&1 &
	PIDS="$PIDS $!"
	NGX="http://127.0.0.1:$port"
	wait_http "$NGX/"
}

# snapshot URL FILE [curl args]: the page's bytes as nginx will serve them (FILE in the
# web root), plus FILE.gz for gzip_static. Fails unless the answer is 200.
snapshot() {
	url=$1
	file=$2
	shift 2
	code=$(curl -s -o "$WORK/www/$file" -w '%{http_code}' "$@" "$url")
	if [ "$code" != 200 ]; then
		echo "bench: $url answered $code, not 200" >&2
		exit 1
	fi
	gzip -6 -k -f "$WORK/www/$file"
	chmod 644 "$WORK/www/$file" "$WORK/www/$file.gz"
}

# measure KEY LABEL URL [wrk args]: one wrk run; appends
# "KEY|LABEL|requests/s|p50 ms|p99 ms|bad answers" to the results.
measure() {
	key=$1
	label=$2
	url=$3
	shift 3
	out=$(wrk -t"$WRK_THREADS" -c"${BENCH_C:-$CONNECTIONS}" -d"${DURATION}s" --timeout 10s --latency "$@" "$url")
	echo "$out" >>"$WORK/wrk.log"
	echo "$out" | awk -v key="$key" -v label="$label" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000;
			if (v ~ /ms$/) return v + 0;
			if (v ~ /s$/) return v * 1000;
			return v;
		}
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { bad += $NF }
		/Socket errors:/ { bad += $4 + $6 + $8 + $10 }
		END { printf "%s|%s|%.0f|%.2f|%.2f|%d\n", key, label, rps, p50, p99, bad }
	' >>"$RESULTS"
}

# field KEY N: field N of the result KEY.
field() {
	awk -F'|' -v key="$1" -v n="$2" '$1 == key { print $n }' "$RESULTS"
}

# table TITLE: prints the results, each leuchtturm row with its ratio to the nginx row
# of the same page (key "X" and "X.nginx").
table() {
	echo
	echo "$1"
	echo "  (wrk -t$WRK_THREADS, ${DURATION}s per row, $THREADS server threads / nginx workers, $(nproc) cores)"
	awk -F'|' '
		{ key[NR] = $1; label[NR] = $2; rps[$1] = $3; p50[NR] = $4; p99[NR] = $5; bad[NR] = $6; n = NR }
		END {
			printf "  %-44s %10s %9s %9s %9s\n", "page", "req/s", "p50 ms", "p99 ms", "vs nginx";
			for (i = 1; i <= n; i++) {
				ratio = "";
				if (key[i] !~ /\.nginx$/ && (key[i] ".nginx") in rps && rps[key[i] ".nginx"] > 0)
					ratio = sprintf("%.1f %%", 100 * rps[key[i]] / rps[key[i] ".nginx"]);
				printf "  %-44s %10d %9.2f %9.2f %9s%s\n", label[i], rps[key[i]], p50[i], p99[i],
				       ratio, bad[i] ? sprintf("  (%d bad answers)", bad[i]) : "";
			}
		}' "$RESULTS"
}

# goal TEXT MET: one line of the verdicts ("met" when MET is 1).
goal() {
	if [ "$2" = 1 ]; then
		printf '  met     %s\n' "$1"
	else
		printf '  MISSED  %s\n' "$1"
	fi
}

# ge A B: 1 when the number A >= B.
ge() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? 1 : 0 }'
}

load_note() {
	echo "  load average before the run: $LOAD_BEFORE (other work on the machine skews the figures)"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
