#!/bin/sh
# Builds and runs bench/vocab_bench.c (the search vocabulary's rebuild after a catalog
# change) against the build's core library.
#   bench/vocab_bench.sh DB [ROUNDS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
ninja -C "$root/build" >/dev/null
out=$(mktemp -d "${TMPDIR:-/tmp}/vocab-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -I"$root/src" -I"$root/build/src" "$root/bench/vocab_bench.c" \
	-Wl,--start-group "$root/build/liblt_core.a" -Wl,-u,search_register \
	$(pkg-config --libs sqlite3 libmicrohttpd libsodium jansson libcurl libzip cairo \
	pangocairo 2>/dev/null) -lstemmer -lmd4c -lmagic -lxlsxwriter -lm -lpthread \
	-Wl,--end-group -o "$out/vocab_bench"
"$out/vocab_bench" "$@"
