#!/usr/bin/env python3
"""Sums the test cases of meson test logs (testlog.json) into one line "N passed, N failed".

cmocka programs report their cases ("[  PASSED  ] 12 test(s)."), node's runner reports
"# pass N" / "# fail N"; any other test counts as one case by its meson result.

For each failed program it prints what went wrong (node's "not ok" blocks, cmocka's
error lines, else the output's tail), so that the last lines of a CI log, which may be
all one gets to read, say why.
"""
import json
import re
import sys


def count(entry):
    # cmocka writes its PASSED/FAILED lines to stderr, the rest to stdout.
    out = (entry.get("stdout") or "") + "\n" + (entry.get("stderr") or "")
    ok = entry.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
    cm_pass = sum(int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out))
    cm_fail = sum(int(n) for n in re.findall(r"\[  FAILED  \] (\d+) test", out))
    if cm_pass or cm_fail:
        # A crash after some cases passed still fails the program.
        return cm_pass, cm_fail + (0 if ok or cm_fail else 1)
    node_pass = re.findall(r"^# pass (\d+)", out, re.M)
    node_fail = re.findall(r"^# fail (\d+)", out, re.M)
    if node_pass or node_fail:
        p = sum(int(n) for n in node_pass)
        f = sum(int(n) for n in node_fail)
        return p, f + (0 if ok or f else 1)
    return (1, 0) if ok else (0, 1)


def excerpt(entry, limit=60):
    out = (entry.get("stdout") or "") + "\n" + (entry.get("stderr") or "")
    lines = out.splitlines()
    picked = []
    for i, line in enumerate(lines):
        # node's runner: a failed subtest's block runs until the next "ok"/"not ok".
        if re.match(r"\s*not ok ", line):
            picked.append(line)
            for follow in lines[i + 1:i + 30]:
                if re.match(r"\s*(not )?ok ", follow):
                    break
                picked.append(follow)
        elif re.search(r"\[\s+(ERROR|FAILED|LINE)\s+\]|^e2e: ", line):
            picked.append(line)
    if not picked:
        picked = lines[-20:]
    return picked[:limit]


def main(argv):
    passed = failed = 0
    extras = []
    failures = []
    args = argv[1:]
    while args:
        a = args.pop(0)
        if a == "--extra":
            extras.append(args.pop(0))
            continue
        try:
            lines = open(a).read().splitlines()
        except OSError:
            print("summary: missing log " + a, file=sys.stderr)
            failed += 1
            continue
        for line in lines:
            if not line.strip():
                continue
            entry = json.loads(line)
            p, f = count(entry)
            passed += p
            failed += f
            if f:
                failures.append((entry, a))
    for entry, log in failures:
        print("\n-- %s (%s):" % (entry.get("name"), log))
        for line in excerpt(entry):
            print("   " + line[:300])
    if failures:
        print()
    for entry, log in failures:
        print("failed: %s (%s)" % (entry.get("name"), log))
    for e in extras:
        name, _, result = e.partition("=")
        if result == "pass":
            passed += 1
        else:
            failed += 1
            print("failed: " + name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
