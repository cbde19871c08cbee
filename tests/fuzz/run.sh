#!/bin/sh
# Builds the fuzz targets and runs each for its share of a bounded time (default 20 s in
# all, split evenly; every target gets at least 1 s).
#   tests/fuzz/run.sh [SECONDS [TARGET...]]      e.g. tests/fuzz/run.sh 60 fuzz_import
# Each target starts from its seed corpus in tests/fuzz/corpus/NAME/ (NAME: the target
# without "fuzz_"); what the fuzzer finds on the way is kept in build-fuzz/corpus/NAME/
# (not committed), so later runs continue from there. A crash, a sanitizer report or a
# broken promise leaves build-fuzz/NAME-crash-* and makes the script exit non-zero (after the
# other targets have run).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-20}
case $seconds in
'' | *[!0-9]*)
	echo "usage: tests/fuzz/run.sh [SECONDS [TARGET...]]" >&2
	exit 2
	;;
esac
[ $# -gt 0 ] && shift

built=$("$root/tests/fuzz/build.sh")
targets=${*:-$built}
count=$(echo "$targets" | wc -w)
share=$((seconds / count))
[ "$share" -ge 1 ] || share=1

cd "$root/build-fuzz"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=""
for t in $targets; do
	name=${t#fuzz_}
	mkdir -p "corpus/$name"
	echo "== $t ($share s)"
	# -max_total_time bounds the search; timeout bounds everything else (a hang, loading
	# a large corpus on a busy machine) with a margin. -timeout makes one input slower
	# than 10 s a failure.
	timeout --kill-after=10 $((share + 60)) "./$t" \
		-max_total_time="$share" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix="$root/build-fuzz/$name-" \
		"corpus/$name" "$root/tests/fuzz/corpus/$name" || failed="$failed $t"
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed" >&2
	exit 1
fi
