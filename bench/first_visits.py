#!/usr/bin/env python3
"""Writes the address lists of the catalog's "first visit" rows (bench/catalog.sh) from the
bench database: addresses a fresh server has never been asked, each distinct in the form
the page cache keys them by (src/pages/view_catalog.c: the query as understood, so the
same facet values in another order or a redundant seite=1 would be the same page; here
each facet's values are sorted and seite=1 is never written, so distinct lines are
distinct pages).

    bench/first_visits.py DB WORK REPS [EXCLUDED ADDRESS...]

For each row, KIND in detail, listing, search:
  WORK/KIND.snap   20 addresses for nginx's copies (asked once by curl before the runs,
                   so they are never in the measured lists)
  WORK/KIND.R.txt  the addresses of round R (1..REPS), disjoint from each other
detail: every published practice's page /praxis/SLUG, shuffled (10,000 at full size).
listing: /praxis with 1–3 random facets of the catalog's terms (now and then two values of
  one facet), plus a page number where the selection has that many pages.
search: /praxis?q= one or two words of the catalog's vocabulary (the published practices'
  titles and teasers), now and then with a facet.
"""
import random
import re
import sqlite3
import sys
import urllib.parse

SNAP = 20
LISTINGS = 120000
SEARCHES = 120000
PER_PAGE = 20  # PRACTICE_PER_PAGE
PARAM = {"art": "art", "handlungsfeld": "feld", "zielgruppe": "zielgruppe",
         "adressat": "adressat", "bundesland": "land"}


def main():
    db, work, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    excluded = set(sys.argv[4:])  # the kept-page rows' addresses
    rnd = random.Random(14)
    con = sqlite3.connect(db)
    published = "p.status = 'published'"
    slugs = [r[0] for r in con.execute("SELECT slug FROM practice p WHERE " + published)]
    rnd.shuffle(slugs)
    # Terms by facet parameter, with how many published practices carry each.
    terms = {}
    for kind, key, n in con.execute(
            "SELECT t.kind, t.key, count(*) FROM taxonomy_term t JOIN ("
            "SELECT pt.term_id AS id, pt.practice_id AS pid FROM practice_term pt UNION "
            "SELECT p.art_id, p.id FROM practice p WHERE p.art_id IS NOT NULL) x ON x.id = t.id "
            "JOIN practice p ON p.id = x.pid WHERE " + published + " GROUP BY t.id"):
        terms.setdefault(PARAM[kind], []).append((key, n))
    params = sorted(terms)
    words = set()
    for title, teaser in con.execute("SELECT title, teaser FROM practice p WHERE " + published):
        for w in re.findall(r"\w+", title + " " + teaser):
            if len(w) >= 5 and not w.isdigit():
                words.add(w)
    words = sorted(words)
    con.close()

    def facets(k):
        chosen = {}
        for param in rnd.sample(params, k):
            values = terms[param]
            m = 2 if rnd.random() < 0.15 and len(values) > 1 else 1
            chosen[param] = sorted(v for v, _ in rnd.sample(values, m))
        return chosen

    def address(q, chosen, page):
        items = [("q", q)] if q else []
        for param in sorted(chosen):
            items += [(param, v) for v in chosen[param]]
        if page > 1:
            items.append(("seite", str(page)))
        return "/praxis?" + urllib.parse.urlencode(items)

    def distinct(make, n):
        seen, out, tries = set(excluded), [], 0
        while len(out) < n and tries < 3 * n:
            tries += 1
            a = make()
            if a not in seen:
                seen.add(a)
                out.append(a)
        return out

    def listing():
        k = rnd.choice([1, 1, 2, 2, 3])
        chosen = facets(k)
        page = 1
        (param, values), = list(chosen.items())[:1]
        if k == 1 and len(values) == 1:
            n = sum(c for v, c in terms[param] if v in values)
            pages = max(1, -(-n // PER_PAGE))
            if pages > 1 and rnd.random() < 0.7:
                page = rnd.randint(2, pages)
        return address(None, chosen, page)

    def search():
        q = " ".join(rnd.sample(words, rnd.choice([1, 1, 2])))
        return address(q, facets(1) if rnd.random() < 0.3 else {}, 1)

    lists = {
        "detail": ["/praxis/" + s for s in slugs],
        "listing": distinct(listing, LISTINGS),
        "search": distinct(search, SEARCHES),
    }
    for kind, addrs in lists.items():
        snap, rest = addrs[:SNAP], addrs[SNAP:]
        with open("%s/%s.snap" % (work, kind), "w") as f:
            f.write("".join(a + "\n" for a in snap))
        size = len(rest) // reps
        for r in range(reps):
            with open("%s/%s.%d.txt" % (work, kind, r + 1), "w") as f:
                f.write("".join(a + "\n" for a in rest[r * size:(r + 1) * size]))
    print(len(slugs), len(lists["listing"]), len(lists["search"]), len(words))


if __name__ == "__main__":
    main()
