#!/bin/sh
# Builds the libFuzzer target for the request parsers into build-fuzz/fuzz_parse, with
# AddressSanitizer and UndefinedBehaviorSanitizer (Debian: clang, libclang-rt-14-dev).
#   tests/fuzz/build.sh            (from anywhere)
#   CC=clang-16 tests/fuzz/build.sh
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build-fuzz"
cc=${CC:-clang}
mkdir -p "$out"

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: $cc is not installed (scripts/install-deps lists clang and libclang-rt-14-dev)" >&2
	exit 1
fi

# The translation tables: made fresh from the catalogs as the build does; when they do not
# compile (a catalog in the middle of an edit) the copy of the last meson build will do,
# as the fuzzed code only needs some table of the right shape.
catalog="$out/i18n_catalog.c"
if ! python3 "$root/scripts/po2c.py" "$catalog" "$root/po/de.po" "$root/po/en.po" 2>"$out/po2c.log"; then
	if [ -f "$root/build/src/util/i18n_catalog.c" ]; then
		echo "fuzz: po2c.py failed ($(head -n 1 "$out/po2c.log")); using build/src/util/i18n_catalog.c" >&2
		cp "$root/build/src/util/i18n_catalog.c" "$catalog"
	else
		cat "$out/po2c.log" >&2
		exit 1
	fi
fi

# The same language level and defines as meson.build; -O1 and -g for usable reports.
# "undefined" is made fatal so that the fuzzer stops at the first report.
# shellcheck disable=SC2086
"$cc" -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-I"$root/src" \
	-o "$out/fuzz_parse" \
	"$root/tests/fuzz/fuzz_parse.c" \
	"$root/src/http/parse.c" \
	"$root"/src/util/*.c \
	"$catalog"
