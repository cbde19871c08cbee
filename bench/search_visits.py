#!/usr/bin/env python3
"""Writes the address lists of the search bench (bench/search.sh): first-visit searches
/praxis?q=... with random words of the catalog's vocabulary (every word of five letters or
more of the published practices' titles, summaries and texts), one to three words, one in
three with a typo in one of its words (a letter dropped, doubled or two neighbours
swapped), so the typo expansion runs. Every address is distinct in the form the page
cache keys it by (the words as typed, compared without case), so each reaches the search;
no other parameter is added (the cache drops unknown ones).

    bench/search_visits.py DB WORK LISTS PER_LIST

  WORK/search.snap      20 addresses for nginx's copies (never in the lists)
  WORK/search.K.txt     list K (1..LISTS) of PER_LIST addresses, disjoint
Prints the number of words drawn from.
"""
import random
import re
import sqlite3
import sys
import urllib.parse

SNAP = 20


def typo(rnd, w):
    i = rnd.randrange(1, len(w) - 1)
    kind = rnd.choice(["drop", "double", "swap"])
    if kind == "drop":
        return w[:i] + w[i + 1:]
    if kind == "double":
        return w[:i] + w[i] + w[i:]
    return w[:i] + w[i + 1] + w[i] + w[i + 2:]


def main():
    db, work, lists, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rnd = random.Random(13)
    con = sqlite3.connect(db)
    words = set()
    for row in con.execute("SELECT title, teaser, situation, implementation FROM practice "
                           "WHERE status = 'published'"):
        for w in re.findall(r"\w+", " ".join(row)):
            if len(w) >= 5 and not any(c.isdigit() for c in w):
                words.add(w)
    con.close()
    words = sorted(words)
    seen, out = set(), []
    want = SNAP + lists * per
    tries = 0
    while len(out) < want and tries < 20 * want:
        tries += 1
        q = rnd.sample(words, rnd.choice([1, 1, 2, 2, 3]))
        if rnd.random() < 1 / 3:
            k = rnd.randrange(len(q))
            q[k] = typo(rnd, q[k])
        text = " ".join(q)
        key = text.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append("/praxis?" + urllib.parse.urlencode([("q", text)]))
    if len(out) < want:
        sys.exit("search_visits: only %d distinct searches of %d words" % (len(out), len(words)))
    with open("%s/search.snap" % work, "w") as f:
        f.write("".join(a + "\n" for a in out[:SNAP]))
    rest = out[SNAP:]
    for k in range(lists):
        with open("%s/search.%d.txt" % (work, k + 1), "w") as f:
            f.write("".join(a + "\n" for a in rest[k * per:(k + 1) * per]))
    print(len(words))


if __name__ == "__main__":
    main()
