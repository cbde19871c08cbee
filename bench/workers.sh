#!/bin/sh
# The workers' shares (issue #14, point 5): each of leuchtturm's workers has its own
# listening socket on the one port (SO_REUSEPORT) and the kernel spreads new connections
# over them. wrk opens BENCH_CONNECTIONS (32) connections per round against 127.0.0.1, for
# BENCH_WORKERS_ROUNDS (3) rounds of BENCH_WORKERS_DURATION (3) seconds; afterwards
# /metrics (leuchtturm_worker_connections_total) tells how many of the connections each
# worker took in. Goal: with BENCH_THREADS (2) workers, each takes at least half its fair
# share (1/(2·workers) of the connections), so no worker idles while another does all.
#
#   bench/workers.sh            (and the knobs of bench/lib.sh)
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

ROUNDS=${BENCH_WORKERS_ROUNDS:-3}
WDURATION=${BENCH_WORKERS_DURATION:-3}

bench_init workers
bench_build

DATA="$WORK/data"
"$BIN" init --data "$DATA" >/dev/null 2>&1
start_leuchtturm "$DATA" --quiet

# worker_counts: "W COUNT" lines from /metrics.
worker_counts() {
	curl -s "$LT/metrics" | sed -n 's/^leuchtturm_worker_connections_total{worker="\([0-9]*\)"} \([0-9]*\).*/\1 \2/p'
}

worker_counts >"$WORK/before"
i=0
while [ $i -lt "$ROUNDS" ]; do
	wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WDURATION}s" --timeout 10s "$LT/" >>"$WORK/wrk.log"
	i=$((i + 1))
done
worker_counts >"$WORK/after"

echo
echo "Workers' shares of new connections (issue #14, point 5)"
echo "  (wrk -t$WRK_THREADS -c$CONNECTIONS, $ROUNDS rounds of ${WDURATION}s, $THREADS workers, $(nproc) cores)"
awk -v rps="$(sed -n 's/^Requests\/sec: *//p' "$WORK/wrk.log" | tr '\n' ' ')" '
	FILENAME == ARGV[1] { before[$1] = $2; next }
	{ n++; w[n] = $1; c[n] = $2 - before[$1]; total += c[n] }
	END {
		if (n == 0 || total == 0) { print "  no worker counts in /metrics: not met"; exit 1 }
		printf "  %-8s %12s %8s\n", "worker", "connections", "share";
		min = 1;
		for (i = 1; i <= n; i++) {
			share = c[i] / total;
			if (share < min) min = share;
			printf "  %-8s %12d %7.1f%%\n", w[i], c[i], 100 * share;
		}
		printf "  requests/s of the rounds: %s\n", rps;
		goal = 1 / (2 * n);
		printf "  goal: every worker at least %.1f%% of the connections: %s\n", 100 * goal,
			(min >= goal ? "met" : "not met");
	}
' "$WORK/before" "$WORK/after"
