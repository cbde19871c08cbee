#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) into build-fuzz/, with AddressSanitizer
# and UndefinedBehaviorSanitizer (Debian: clang, libclang-rt-14-dev), and prints their names.
#   tests/fuzz/build.sh            (from anywhere)
#   CC=clang-16 tests/fuzz/build.sh
# It writes build-fuzz/build.ninja and lets ninja do the work, so a second build compiles
# only what changed (make check builds the targets every time).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build-fuzz"
cc=${CC:-clang}
mkdir -p "$out/gen"

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: $cc is not installed (scripts/install-deps lists clang and libclang-rt-14-dev)" >&2
	exit 1
fi

# Writes a generated file only when it changed, so ninja does not recompile it for nothing.
keep_if_new() {
	if cmp -s "$1" "$2"; then rm -f "$1"; else mv "$1" "$2"; fi
}

# The translation tables: made fresh from the catalogs as the build does; when they do not
# compile (a catalog in the middle of an edit) the copy of the last meson build will do,
# as the fuzzed code only needs some table of the right shape.
catalog="$out/gen/i18n_catalog.c"
if python3 "$root/scripts/po2c.py" "$catalog.new" "$root/po/de.po" "$root/po/en.po" 2>"$out/po2c.log"; then
	keep_if_new "$catalog.new" "$catalog"
elif [ -f "$root/build/src/util/i18n_catalog.c" ]; then
	echo "fuzz: po2c.py failed ($(head -n 1 "$out/po2c.log")); using build/src/util/i18n_catalog.c" >&2
	cp "$root/build/src/util/i18n_catalog.c" "$catalog.new"
	keep_if_new "$catalog.new" "$catalog"
else
	cat "$out/po2c.log" >&2
	exit 1
fi
# The migrations, for the targets that need a database (the import).
python3 "$root/scripts/embed.py" migrations "$out/gen/migrations.c.new" "$root"/sql/sqlite/*.sql
keep_if_new "$out/gen/migrations.c.new" "$out/gen/migrations.c"
python3 "$root/scripts/embed.py" pg-migrations "$out/gen/pg_migrations.c.new" "$root"/sql/pg/*.sql
keep_if_new "$out/gen/pg_migrations.c.new" "$out/gen/pg_migrations.c"

# The code under test: the layers up to the domain (io too), the HTTP request parsers and the
# Markdown renderer. Everything goes into one archive; each target takes what it uses.
lib_sources=$(cd "$root" && ls src/util/*.c src/store/*.c src/io/*.c src/search/*.c src/domain/*.c \
	src/http/parse.c src/http/multipart.c src/html/html.c src/html/markdown.c)
libs="$(pkg-config --libs sqlite3 jansson libsodium libzip libmicrohttpd md4c libcurl zlib libpq) -lmagic -lstemmer -lm -lpthread"
targets=$(cd "$root/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')

# The same language level and defines as meson.build; -O1 and -g for usable reports.
# "undefined" is made fatal so that the fuzzer stops at the first report. The library is
# instrumented for coverage (fuzzer-no-link); only the targets link libFuzzer's main.
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -D_GNU_SOURCE -DLEUCHTTURM_VERSION=\\\"fuzz\\\" -g -O1 -fno-omit-frame-pointer $san \
-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -I$root/src \
$(pkg-config --cflags libpq)"

{
	echo "cc = $cc"
	echo "cflags = $cflags"
	echo "libs = $libs"
	echo "rule cc"
	echo "  command = \$cc \$cflags \$extra -MMD -MF \$out.d -c \$in -o \$out"
	echo "  depfile = \$out.d"
	echo "  deps = gcc"
	echo "  description = CC \$out"
	echo "rule ar"
	echo "  command = rm -f \$out && ar rcs \$out \$in"
	echo "  description = AR \$out"
	echo "rule link"
	echo "  command = \$cc \$cflags -fsanitize=fuzzer \$in \$link -o \$out \$libs"
	echo "  description = LINK \$out"
	objs=""
	for src in $lib_sources gen/i18n_catalog.c gen/migrations.c gen/pg_migrations.c; do
		case $src in gen/*) path="$out/$src" ;; *) path="$root/$src" ;; esac
		obj="obj/$(echo "$src" | sed 's|/|_|g; s|\.c$|.o|')"
		echo "build $obj: cc $path"
		echo "  extra = -fsanitize=fuzzer-no-link"
		objs="$objs $obj"
	done
	echo "build libfuzzed.a: ar$objs"
	for t in $targets; do
		echo "build obj/$t.o: cc $root/tests/fuzz/$t.c"
		echo "  extra = -fsanitize=fuzzer-no-link"
		# -u keeps the FTS5 tokenizer, which registers itself with every database opened.
		echo "build $t: link obj/$t.o libfuzzed.a"
		echo "  link = -Wl,-u,search_register"
	done
} >"$out/build.ninja.new"
keep_if_new "$out/build.ninja.new" "$out/build.ninja"

ninja -C "$out" >&2
echo "$targets"
