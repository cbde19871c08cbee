#!/usr/bin/env python3
"""Fills a Leuchtturm database (made by `leuchtturm init`, with one admin account) with a
board review at full size, for the review benchmark: one call in its review phase with the
programme's default rubric, PROPOSALS proposals past the formal check, MEMBERS board
members (every constituency) who each submitted a rating of every proposal, with scores,
justifications and a recommendation.

It writes straight into the tables of sql/sqlite/ (001, 003, 005), which is fine for a
benchmark. What the schema asks for:
  * the rubric-freeze triggers of 005_review.sql refuse criteria and scale levels for a
    call in review, so the call is created in 'preparing', gets its rubric, and only then
    moves to 'review';
  * audit_event is append-only (triggers): nothing here writes or changes it, so
    `leuchtturm audit verify` still holds (generated rows simply have no audit events);
  * no member belongs to a submitting organisation or its network/Fachstelle, so there is
    no automatic conflict (conflict_all) and every rating counts.
The members get the admin's password hash, so they log in with the admin's password.

    bench/gen_review.py DB ADMIN_EMAIL [PROPOSALS [MEMBERS]]
Prints "call_id first_proposal_id member_email" for the benchmark script.
"""
import random
import sqlite3
import sys
import time

CRITERIA = [  # key, parent, de, en, guidance
    ("transferable", "", "Transferfähig", "Transferable",
     "Dient als Vorbild für neue Projekte, lässt sich an andere Bedingungen anpassen und "
     "ohne zusätzlichen Aufwand in die Regelinstitutionen überführen."),
    ("innovative", "", "Innovativ", "Innovative",
     "Beantwortet eine aktuelle Herausforderung mit einer neuen, kreativen Idee."),
    ("sustainable", "", "Nachhaltig", "Sustainable",
     "Wirkt dauerhaft – in den Angebotsstrukturen und in den Effekten."),
    ("efficient", "", "Effizient", "Efficient",
     "Effizient in der Erstellung und im Transfer (zwei Aspekte)."),
    ("efficient_creation", "efficient", "Effizient in der Erstellung", "Efficient to create",
     "Der Aufwand an Personal, Zeit und Kosten steht in einem angemessenen Verhältnis zum "
     "Erfolg."),
    ("efficient_transfer", "efficient", "Effizient im Transfer", "Efficient to transfer",
     "Wer die Praxis übernimmt, spart Zeit oder Kosten."),
]
LEVELS = [("nicht erfüllt", "not met"), ("ansatzweise erfüllt", "partly met"),
          ("überwiegend erfüllt", "largely met"), ("voll erfüllt", "fully met")]
LAENDER = ["Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg",
           "Hessen", "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen",
           "Rheinland-Pfalz", "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein",
           "Thüringen"]
FORMEN = ["Mentoring-Tandem", "Brückenkurs", "Videosprechstunde", "Lotsenprogramm",
          "Anpassungsqualifizierung", "Kompetenzfeststellung", "E-Learning-Reihe",
          "Gründungsberatung", "Fachsprachkurs", "Praxistag im Betrieb"]
THEMEN = ["für Pflegefachkräfte", "im Handwerk", "für Ingenieurinnen", "im Jobcenter",
          "für Geflüchtete", "in kleinen Betrieben", "für Lehrkräfte", "in der Logistik",
          "für Ärztinnen und Ärzte", "in der Elektrotechnik"]
WHY = ["Gut belegt durch die Zahlen im Abschnitt Ergebnisse.",
       "Die Übertragbarkeit auf andere Regionen ist plausibel beschrieben.",
       "Der Ansatz ist neu, die Wirkung aber noch nicht lange beobachtet.",
       "Die Verstetigung ist nur bis zum Projektende gesichert.",
       "Der Aufwand steht in gutem Verhältnis zum Erfolg.",
       "Materialien liegen vor und sind frei verfügbar."]
RECS = ["select", "dont_select", "discuss"]
CONSTITUENCIES = ["funder", "transfer_project", "network", "fachstelle"]


def main():
    db, admin_email = sys.argv[1], sys.argv[2]
    nprop = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    nmem = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    rnd = random.Random(20260602)
    now = int(time.time())
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    cur = con.cursor()
    admin, pw_hash = cur.execute("SELECT id, password_hash FROM user_account WHERE email = ?",
                                 (admin_email,)).fetchone()

    def org(name, kind, parent=None, land=""):
        cur.execute("INSERT INTO organisation(name, kind, parent_id, bundesland, created_at) "
                    "VALUES (?, ?, ?, ?, ?)", (name, kind, parent, land, now))
        return cur.lastrowid

    funder = org("Bundesministerium (Bench)", "funder")
    transfer = org("Transferprojekt (Bench)", "transfer_project")
    networks = [org("Netzwerk %s (Bench)" % l, "network", None, l) for l in LAENDER]
    fachstellen = [org("Fachstelle %d (Bench)" % (i + 1), "fachstelle") for i in range(5)]
    # Submitting sub-projects hang under networks 0–7 and Fachstellen 0–1 only; members
    # come from elsewhere, so nobody is automatically conflicted.
    teilprojekte = []
    for i in range(40):
        parent = networks[i % 8] if i < 32 else fachstellen[i % 2]
        teilprojekte.append(org("Teilprojekt %d %s" % (i + 1, LAENDER[i % 16]), "teilprojekt",
                                parent, LAENDER[i % 16]))

    cur.execute("INSERT INTO call(title, body, opens_at, closes_at, review_until, meeting_at, "
                "phase, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'preparing', ?, ?)",
                ("Benchmark-Runde: %d Vorschläge, %d Mitglieder im Gremium" % (nprop, nmem),
                 "Eine Ausschreibungsrunde in voller Größe für die Lastmessung.",
                 now - 90 * 86400, now - 30 * 86400, now + 30 * 86400, now + 40 * 86400,
                 now, now))
    call = cur.lastrowid
    crit_ids = {}
    for pos, (key, parent, de, en, guide) in enumerate(CRITERIA, 1):
        cur.execute("INSERT INTO criterion(call_id, key, parent_key, label_de, label_en, "
                    "guidance_de, guidance_en, weight, position) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)", (call, key, parent, de, en, guide, "",
                                                          pos))
        crit_ids[key] = cur.lastrowid
    for level, (de, en) in enumerate(LEVELS):
        cur.execute("INSERT INTO scale_level(call_id, level, label_de, label_en) "
                    "VALUES (?, ?, ?, ?)", (call, level, de, en))
    cur.execute("INSERT INTO review_setting(call_id) VALUES (?)", (call,))
    # From now on the rubric is frozen (the triggers refuse any change to it).
    cur.execute("UPDATE call SET phase = 'review' WHERE id = ?", (call,))
    leaves = [crit_ids[k] for k, p, *_ in CRITERIA if k != "efficient"]

    members = []
    for i in range(nmem):
        constituency = CONSTITUENCIES[i % 4]
        home = {"funder": funder, "transfer_project": transfer,
                "network": networks[8 + i % 8], "fachstelle": fachstellen[2 + i % 3]}
        email = "gremium%02d@bench.example" % (i + 1)
        cur.execute("INSERT INTO user_account(email, name, password_hash, organisation_id, "
                    "constituency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (email, "Mitglied %02d" % (i + 1), pw_hash, home[constituency],
                     constituency, now, now))
        uid = cur.lastrowid
        cur.execute("INSERT INTO user_role(user_id, role) VALUES (?, 'board')", (uid,))
        cur.execute("INSERT INTO board_member(call_id, user_id, constituency, added_by, "
                    "added_at) VALUES (?, ?, ?, ?, ?)", (call, uid, constituency, admin, now))
        members.append((uid, email))

    art = cur.execute("SELECT id FROM taxonomy_term WHERE kind = 'art' AND key = 'konzept'"
                      ).fetchone()[0]
    first = None
    for i in range(nprop):
        title = "%s %s (%d)" % (rnd.choice(FORMEN), rnd.choice(THEMEN), i + 1)
        cur.execute(
            "INSERT INTO proposal(call_id, organisation_id, state, title, teaser, art_id, "
            "in_use_since, situation, implementation, results, experience, "
            "transfer_requirements, transfer_effort, transfer_materials, resources, "
            "contact_name, contact_email, created_by, updated_by, created_at, updated_at, "
            "submitted_at) VALUES (?, ?, 'in_review', ?, ?, ?, '2021', ?, ?, ?, ?, ?, ?, ?, "
            "?, 'Projektleitung', 'kontakt@bench.example', ?, ?, ?, ?, ?)",
            (call, teilprojekte[i % len(teilprojekte)], title,
             "Ein erprobter Ansatz, der Fachkräfte schneller in passende Arbeit bringt.", art,
             "Viele Fachkräfte mit ausländischem Abschluss arbeiten unter ihrer "
             "Qualifikation. " * 3,
             "Das Team begleitet die Teilnehmenden in festen Terminen und mit einer "
             "Lernplattform. " * 4,
             "%d Teilnehmende, %d davon in qualifikationsadäquater Beschäftigung." %
             (rnd.randint(40, 200), rnd.randint(10, 40)),
             "Früh mit den Betrieben sprechen.", "Eine koordinierende Stelle.",
             "Drei Monate Vorbereitung.", "Leitfaden, Vorlagen.", "Eine halbe Stelle.",
             admin, admin, now - 40 * 86400, now - 40 * 86400, now - 40 * 86400))
        pid = cur.lastrowid
        first = first or pid
        for key in ("transferable", "innovative", "sustainable", "efficient_creation",
                    "efficient_transfer"):
            cur.execute("INSERT INTO self_assessment(proposal_id, criterion_key, body) "
                        "VALUES (?, ?, ?)", (pid, key, "Unsere Einschätzung: erfüllt, weil "
                                             "die Ergebnisse es belegen."))
        quality = rnd.uniform(0.8, 2.8)
        for uid, _ in members:
            cur.execute("INSERT INTO review(proposal_id, user_id, state, recommendation, "
                        "comment, created_at, updated_at, submitted_at) "
                        "VALUES (?, ?, 'submitted', ?, ?, ?, ?, ?)",
                        (pid, uid, rnd.choice(RECS), "Bitte in der Sitzung besprechen."
                         if rnd.random() < 0.2 else "", now - 86400, now - 86400,
                         now - 86400 + rnd.randint(0, 3600)))
            rid = cur.lastrowid
            cur.executemany("INSERT INTO review_score(review_id, criterion_id, score, "
                            "justification) VALUES (?, ?, ?, ?)",
                            [(rid, c, max(0, min(3, round(rnd.gauss(quality, 0.7)))),
                              rnd.choice(WHY)) for c in leaves])
    con.commit()
    con.close()
    print(call, first, members[0][1])


if __name__ == "__main__":
    main()
