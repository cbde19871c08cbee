#!/bin/sh
# Builds and runs the request-parser fuzzer for a bounded time (default 20 s).
#   tests/fuzz/run.sh [SECONDS]
# Starts from the seed corpus in tests/fuzz/corpus/; what the fuzzer finds on the way is
# kept in build-fuzz/corpus/ (not committed), so later runs continue from there. A crash,
# a sanitizer report or a broken promise leaves build-fuzz/crash-* and exits non-zero.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-20}
case $seconds in
'' | *[!0-9]*)
	echo "usage: tests/fuzz/run.sh [SECONDS]" >&2
	exit 2
	;;
esac

"$root/tests/fuzz/build.sh"
mkdir -p "$root/build-fuzz/corpus"
cd "$root/build-fuzz"
# -max_total_time bounds the search; timeout bounds everything else (a hang, a slow
# final merge) with a margin. -timeout makes one input slower than 10 s a failure.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
timeout --kill-after=10 $((seconds + 60)) ./fuzz_parse \
	-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
	-print_final_stats=1 -artifact_prefix="$root/build-fuzz/" \
	"$root/build-fuzz/corpus" "$root/tests/fuzz/corpus"
