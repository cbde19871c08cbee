# Shared helpers of the benchmarks (sourced by bench/catalog.sh and bench/review.sh).
#
# Everything runs on 127.0.0.1 in a temporary folder that a trap removes, with the
# processes it started stopped by their pid. Knobs (environment):
#   BENCH_DURATION      seconds per measurement (10)
#   BENCH_CONNECTIONS   wrk connections (32)
#   BENCH_THREADS       worker threads of leuchtturm and worker processes of nginx (2)
#   BENCH_WRK_THREADS   wrk threads (1)
#   BENCH_BUILD_DIR     the meson build folder to use (build-bench, meson's release type;
#                       another folder only for a quick check that the scripts work)
#   BENCH_REPS          repetitions of each alternated row, nginx then leuchtturm (2)
# The machine this was written for has 2 cores: wrk (one thread) shares them with the
# server under test, the same way for leuchtturm and for nginx.

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-"$BENCH_ROOT/build-bench"}
BIN="$BUILD/leuchtturm"
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WRK_THREADS=${BENCH_WRK_THREADS:-1}
REPS=${BENCH_REPS:-2}
# The Lua scripts share out their address lists by wrk thread.
BENCH_WRK_THREADS=$WRK_THREADS
export BENCH_WRK_THREADS

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
	: >"$WORK/bases"
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

# start_leuchtturm DATA [extra serve flags]: sets LT (its base URL) and LT_PID.
start_leuchtturm() {
	data=$1
	shift
	port=$(free_port)
	"$BIN" serve --data "$data" --listen "127.0.0.1:$port" --threads "$THREADS" "$@" \
		>>"$WORK/leuchtturm.log" 2>&1 &
	LT_PID=$!
	PIDS="$PIDS $LT_PID"
	LT="http://127.0.0.1:$port"
	wait_http "$LT/"
}

# stop_leuchtturm PID: stops that server (started by start_leuchtturm, its LT_PID) and
# waits for it to end.
stop_leuchtturm() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	rest=""
	for pid in $PIDS; do
		[ "$pid" = "$1" ] || rest="$rest $pid"
	done
	PIDS=$rest
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
# "KEY|LABEL|requests/s|p50 ms|p99 ms|bad answers|repeated addresses" to the results
# (the last from bench/paths.lua, empty for other runs).
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
		/^Repeated addresses:/ { rep = $3 }
		END { printf "%s|%s|%.0f|%.2f|%.2f|%d|%s\n", key, label, rps, p50, p99, bad, rep }
	' >>"$RESULTS"
}

# field KEY N: field N of the result KEY.
field() {
	awk -F'|' -v key="$1" -v n="$2" '$1 == key { print $n }' "$RESULTS"
}

# table TITLE [PATTERN]: prints the results (those whose key matches the awk regular
# expression PATTERN), each leuchtturm row with its ratio to the nginx row of the same page
# and run (key "X" and "X.nginx"), or to the row named by a "X.base" key (a run beside
# another leuchtturm run, e.g. with and without writes).
table() {
	echo
	echo "$1"
	echo "  (wrk -t$WRK_THREADS, ${DURATION}s per row, $THREADS server threads / nginx workers, $(nproc) cores)"
	awk -F'|' -v pat="${2:-.}" '
		FILENAME == ARGV[1] { base[$1] = $2; next }
		$1 !~ pat { next }
		{ n++; key[n] = $1; label[n] = $2; rps[$1] = $3; p50[n] = $4; p99[n] = $5; bad[n] = $6; rep[n] = $7 }
		END {
			printf "  %-60s %9s %8s %8s %9s\n", "page", "req/s", "p50 ms", "p99 ms", "ratio";
			for (i = 1; i <= n; i++) {
				ratio = "";
				other = (key[i] in base) ? base[key[i]] : key[i] ".nginx";
				if (key[i] !~ /\.nginx$/ && other in rps && rps[other] > 0)
					ratio = sprintf("%.1f %%", 100 * rps[key[i]] / rps[other]);
				note = bad[i] ? sprintf("  (%d bad answers)", bad[i]) : "";
				if (rep[i] != "" && key[i] !~ /\.nginx$/)
					note = note sprintf("  (%d addresses repeated)", rep[i]);
				printf "  %-60s %9d %8.2f %8.2f %9s%s\n", label[i], rps[key[i]], p50[i], p99[i],
				       ratio, note;
			}
		}' "$WORK/bases" "$RESULTS"
}

# alternate KEY LABEL NGINX_FN LEUCHTTURM_FN: REPS rounds of nginx then leuchtturm, each
# a function called as FN RESULT_KEY RESULT_LABEL ROUND (it runs measure with them), so
# every ratio compares runs made one after the other. Keys: KEY.ROUND and KEY.ROUND.nginx.
alternate() {
	r=1
	while [ "$r" -le "$REPS" ]; do
		"$3" "$1.$r.nginx" "$2, run $r: nginx" "$r"
		"$4" "$1.$r" "$2, run $r: leuchtturm" "$r"
		r=$((r + 1))
	done
}

# beside KEY OTHER: the ratio of KEY's row is taken against OTHER's (not KEY.nginx).
beside() {
	echo "$1|$2" >>"$WORK/bases"
}

# worst_ratio KEY: the lowest ratio of KEY.ROUND to its nginx (or beside) row over the
# rounds, as a fraction (0 when a row is missing).
worst_ratio() {
	awk -F'|' -v key="$1" -v reps="$REPS" '
		FILENAME == ARGV[1] { base[$1] = $2; next }
		{ rps[$1] = $3 }
		END {
			w = -1;
			for (r = 1; r <= reps; r++) {
				k = key "." r;
				o = (k in base) ? base[k] : k ".nginx";
				v = (k in rps && o in rps && rps[o] > 0) ? rps[k] / rps[o] : 0;
				if (w < 0 || v < w) w = v;
			}
			printf "%.3f", w < 0 ? 0 : w;
		}' "$WORK/bases" "$RESULTS"
}

# worst FIELD KEY: the highest value of field FIELD (4: p50, 5: p99) of KEY.ROUND over
# the rounds.
worst() {
	awk -F'|' -v key="$2" -v f="$1" -v reps="$REPS" '
		{ v[$1] = $f }
		END {
			w = 0;
			for (r = 1; r <= reps; r++)
				if ((key "." r) in v && v[key "." r] + 0 > w) w = v[key "." r] + 0;
			print w;
		}' "$RESULTS"
}

# pct FRACTION: "12.3 %".
pct() {
	awk -v f="$1" 'BEGIN { printf "%.1f %%", 100 * f }'
}

# goal TEXT MET: one line of the verdicts ("met" when MET is 1).
goal() {
	if [ "$2" = 1 ]; then
		printf '  met     %s\n' "$1"
	else
		printf '  not met %s\n' "$1"
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
