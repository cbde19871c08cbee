#!/bin/sh
# Builds and runs bench/typo_bench.c (the typo candidates: bucket scan vs BK-tree vs the
# size of a SymSpell index) against the debug build's core library.
#   bench/typo_bench.sh [WORDS]        (WORDS: the first N of the dictionary; all by default)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
ninja -C "$root/build" >/dev/null
out=$(mktemp -d "${TMPDIR:-/tmp}/typo-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -I"$root/src" -I"$root/build/src" "$root/bench/typo_bench.c" \
	"$root/build/liblt_core.a" $(pkg-config --libs sqlite3 libmicrohttpd libsodium jansson \
	libcurl libzip cairo pangocairo libxml-2.0 2>/dev/null) -lstemmer -lmd4c -lmagic \
	-lxlsxwriter -lpq -lm -lpthread -o "$out/typo_bench"
"$out/typo_bench" "$@"
