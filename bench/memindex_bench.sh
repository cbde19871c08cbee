#!/bin/sh
# Builds and runs bench/memindex_bench.c (the search's own index in memory against
# SQLite's FTS5: its build, its size, first-visit searches) against the build's core
# library, once with FTS5 and once with the memory index.
#   bench/memindex_bench.sh DB [QUERIES]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
ninja -C "$root/build" >/dev/null
out=$(mktemp -d "${TMPDIR:-/tmp}/memindex-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -I"$root/src" -I"$root/build/src" "$root/bench/memindex_bench.c" \
	-Wl,--start-group "$root/build/liblt_core.a" -Wl,-u,search_register \
	$(pkg-config --libs sqlite3 libmicrohttpd libsodium jansson libcurl libzip cairo \
	pangocairo libpq 2>/dev/null) -lstemmer -lmd4c -lmagic -lxlsxwriter -lm -lpthread \
	-Wl,--end-group -o "$out/memindex_bench"
LEUCHTTURM_SEARCH_INDEX= "$out/memindex_bench" "$@"
LEUCHTTURM_SEARCH_INDEX=memory "$out/memindex_bench" "$@"
