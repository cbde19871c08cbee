#!/bin/sh
# The cost of durable commits (issue 15, point 6): Leuchtturm runs SQLite in WAL mode with
# synchronous=FULL, which syncs the WAL at every commit, so an acknowledged decision or
# audit event survives a power loss; NORMAL syncs only at checkpoints and may lose the last
# commits. This measures one small write transaction after the other (an insert of an
# audit-sized row, as a POST writes), on the file system of the data folder, with each
# setting: commits per second and the time of one commit.
#   bench/durability.sh            (BENCH_COMMITS=2000 by default; BENCH_DIR: where to write)
set -eu
cd "$(dirname "$0")/.."
COMMITS=${BENCH_COMMITS:-2000}
DIR=${BENCH_DIR:-$(pwd)/build-bench}
mkdir -p "$DIR"
WORK=$(mktemp -d "$DIR/durability.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

python3 - "$WORK" "$COMMITS" <<'PY'
import os, sqlite3, statistics, sys, time
work, commits = sys.argv[1], int(sys.argv[2])
print()
print("Durable commits: %d small write transactions, one after the other, WAL mode" % commits)
print()
print("| synchronous | commits/s | p50 ms | p99 ms |")
print("|---|---:|---:|---:|")
rates = {}
for mode in ("NORMAL", "FULL"):
    path = os.path.join(work, mode.lower() + ".db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=" + mode)
    db.execute("CREATE TABLE audit(id INTEGER PRIMARY KEY, at INTEGER, payload TEXT) STRICT")
    payload = "x" * 300
    times = []
    start = time.perf_counter()
    for i in range(commits):
        t = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO audit(at, payload) VALUES (?, ?)", (i, payload))
        db.execute("COMMIT")
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    db.close()
    times.sort()
    rates[mode] = commits / total
    print("| %s | %s | %.2f | %.2f |" % (mode, format(int(rates[mode]), ","),
          1000 * statistics.median(times), 1000 * times[int(len(times) * 0.99) - 1]))
print()
print("FULL costs %.0f %% of NORMAL's commit rate on this file system." %
      (100 * (1 - rates["FULL"] / rates["NORMAL"])))
PY
