# The two commands of the README, and a few helpers. Everything real is in meson.
.POSIX:
.PHONY: all run check build deps fuzz bench format clean

DATA ?= ./data

all: build

deps:
	@scripts/install-deps

build: deps
	@[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized >/dev/null
	@ninja -C build

# Builds, prepares ./data (migrations, demo content) and serves on 127.0.0.1:8080.
run: build
	@build/leuchtturm init --data $(DATA) >/dev/null
	@build/leuchtturm demo --data $(DATA)
	@echo "Open http://127.0.0.1:8080/ (Ctrl-C stops the server)"
	@build/leuchtturm serve --data $(DATA)

# Every test suite, then the same suites under AddressSanitizer + UBSan, the fuzzer for
# a bounded time, and one closing line "N passed, N failed".
check: deps
	@scripts/check

fuzz: build
	@tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

bench: build
	@bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')

clean:
	rm -rf build build-asan build-fuzz
