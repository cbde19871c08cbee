#!/usr/bin/env python3
"""Writes N good practices in the import format (docs/import-format.md) to standard output,
for the catalog benchmark: varied German texts built from a seeded vocabulary, every facet
(Art, Handlungsfelder, Zielgruppen, Adressaten, Bundesländer, year) spread over its values.
The same N gives the same file (fixed seed).

    bench/gen_practices.py 10000 > practices.json
"""
import json
import random
import sys

ARTEN = ["produkt", "instrument", "konzept", "massnahme", "veranstaltungsformat"]
FELDER = ["anerkennungsberatung", "qualifizierung", "ika", "deutsch", "gruendung",
          "unternehmen", "einwanderung", "arbeitsverwaltung"]
ZIELGRUPPEN = ["auslaendische-abschluesse", "gefluechtete", "frauen", "akademiker",
               "gesundheit", "handwerk", "gruendende", "arbeitsmarktakteure"]
ADRESSATEN = ["landesnetzwerke", "fachstellen", "arbeitsagenturen", "jobcenter",
              "verwaltungen", "bildungstraeger", "unternehmen", "stakeholder"]
LAENDER = [("bw", "Baden-Württemberg", "Stuttgart"), ("by", "Bayern", "München"),
           ("be", "Berlin", "Berlin"), ("bb", "Brandenburg", "Cottbus"),
           ("hb", "Bremen", "Bremen"), ("hh", "Hamburg", "Hamburg"),
           ("he", "Hessen", "Frankfurt am Main"), ("mv", "Mecklenburg-Vorpommern", "Rostock"),
           ("ni", "Niedersachsen", "Hannover"), ("nw", "Nordrhein-Westfalen", "Dortmund"),
           ("rp", "Rheinland-Pfalz", "Mainz"), ("sl", "Saarland", "Saarbrücken"),
           ("sn", "Sachsen", "Leipzig"), ("st", "Sachsen-Anhalt", "Magdeburg"),
           ("sh", "Schleswig-Holstein", "Kiel"), ("th", "Thüringen", "Erfurt")]

FORMEN = ["Anerkennungsberatung", "Qualifizierungsberatung", "Mentoring", "Brückenkurs",
          "Sprachcoaching", "Kompetenzfeststellung", "Lotsenprogramm", "Fachsprachkurs",
          "Gründungsberatung", "Anpassungsqualifizierung", "Schulungsreihe", "Sprechstunde",
          "Netzwerktreffen", "Werkstattgespräch", "Leitfaden", "Onlineplattform",
          "Praxistag", "Tandemprogramm", "Fortbildung", "Beratungskette"]
THEMEN = ["für Pflegefachkräfte", "im Handwerk", "für Ingenieurinnen", "im Jobcenter",
          "für Geflüchtete", "in kleinen Betrieben", "für Lehrkräfte", "in der Gastronomie",
          "für Ärztinnen und Ärzte", "in der Elektrotechnik", "für Gründerinnen",
          "in der Logistik", "für Erzieherinnen", "in der Verwaltung", "für Akademiker",
          "im ländlichen Raum", "in der Altenpflege", "für IT-Fachkräfte",
          "in der Kfz-Technik", "für Berufsrückkehrerinnen"]
ZUSATZ = ["digital", "hybrid", "mehrsprachig", "aufsuchend", "modular", "regional",
          "betriebsnah", "niedrigschwellig", "berufsbegleitend", "trägerübergreifend"]

SUBJEKTE = ["Die Beraterinnen", "Das Projektteam", "Die Koordinierungsstelle",
            "Ehrenamtliche Lotsinnen", "Die Sprachcoaches", "Mentorinnen aus Betrieben",
            "Die Fachkräfte der Arbeitsagentur", "Das Landesnetzwerk",
            "Die Kammern", "Die Bildungsträger", "Die Jobcenter", "Die Teilnehmenden"]
VERBEN = ["begleiten", "beraten", "qualifizieren", "vernetzen", "unterstützen",
          "schulen", "informieren", "vermitteln", "stärken", "erreichen"]
OBJEKTE = ["Ratsuchende mit ausländischen Berufsabschlüssen",
           "zugewanderte Fachkräfte", "Personalverantwortliche in Unternehmen",
           "Geflüchtete mit Berufserfahrung", "Frauen mit Migrationsgeschichte",
           "Beschäftigte in Helfertätigkeiten", "Teams in Arbeitsverwaltungen",
           "Auszubildende mit Sprachförderbedarf", "Gründungsinteressierte",
           "Anerkennungssuchende in Gesundheitsberufen"]
UMSTAENDE = ["in wöchentlichen Sprechstunden", "über eine Lernplattform",
             "direkt am Arbeitsplatz", "in kleinen Gruppen", "per Videogespräch",
             "in enger Abstimmung mit den Kammern", "über sechs Monate hinweg",
             "mit festen Ansprechpersonen", "in Kooperation mit den Jobcentern",
             "entlang eines gemeinsamen Leitfadens"]
PROBLEME = ["Die Anerkennungsverfahren dauerten oft länger als ein Jahr.",
            "Viele Fachkräfte arbeiteten weit unter ihrer Qualifikation.",
            "Betriebe kannten die Möglichkeiten der Anpassungsqualifizierung kaum.",
            "Die Wege zu den Beratungsstellen waren im ländlichen Raum zu weit.",
            "Präsenzkurse ließen sich nicht mit Schichtarbeit vereinbaren.",
            "Die Zusammenarbeit zwischen Beratung und Arbeitsverwaltung war unklar geregelt.",
            "Es fehlten Materialien in einfacher Sprache.",
            "Gründerinnen fanden kaum passende Beratungsangebote.",
            "Die Fachsprache am Arbeitsplatz war die größte Hürde.",
            "Diskriminierungserfahrungen wurden selten angesprochen."]
ERGEBNISSE = ["{n} Personen erreichten die volle Gleichwertigkeit ihres Abschlusses.",
              "{n} Teilnehmende fanden eine qualifikationsadäquate Beschäftigung.",
              "Die Verfahrensdauer sank im Mittel um {p} Prozent.",
              "{n} Betriebe beteiligen sich inzwischen dauerhaft.",
              "{p} Prozent der Teilnehmenden würden das Angebot weiterempfehlen.",
              "Es fanden {n} Beratungsgespräche statt.",
              "{n} Fachkräfte der Arbeitsverwaltung wurden geschult."]
NAMEN = ["Selin Arslan", "Jonas Weber", "Marta Nowak", "Yusuf Demir", "Anna Schmidt",
         "Olena Kovalenko", "Tobias Fischer", "Leyla Yilmaz", "Dr. Katrin Vogel",
         "Ahmad Karimi", "Julia Becker", "Nikos Papadopoulos"]


def sentence(rnd):
    return "%s %s %s %s." % (rnd.choice(SUBJEKTE), rnd.choice(VERBEN), rnd.choice(OBJEKTE),
                             rnd.choice(UMSTAENDE))


def paragraph(rnd, k):
    return " ".join(sentence(rnd) for _ in range(k))


def result(rnd):
    return rnd.choice(ERGEBNISSE).format(n=rnd.randint(12, 900), p=rnd.randint(10, 95))


def slugify(s):
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
    out, dash = [], False
    for ch in s.lower():
        ch = table.get(ch, ch)
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def practice(rnd, i):
    land, land_name, city = rnd.choice(LAENDER)
    form = rnd.choice(FORMEN)
    title = "%s %s %s (%s)" % (rnd.choice(ZUSATZ).capitalize(), form, rnd.choice(THEMEN),
                               city)
    year = rnd.randint(2012, 2025)
    month, day = rnd.randint(1, 12), rnd.randint(1, 28)
    published = "%04d-%02d-%02d" % (year, month, day)
    updated = "%04d-%02d-%02d" % (min(year + rnd.randint(0, 2), 2025), month, day)
    if updated < published:
        updated = published
    name = rnd.choice(NAMEN)
    return {
        "slug": "%s-%d" % (slugify(title)[:60].strip("-"), i + 1),
        "title": title,
        "teaser": "%s %s" % (sentence(rnd), result(rnd)),
        "art": rnd.choice(ARTEN),
        "handlungsfelder": rnd.sample(FELDER, rnd.randint(1, 3)),
        "zielgruppen": rnd.sample(ZIELGRUPPEN, rnd.randint(1, 3)),
        "adressaten": rnd.sample(ADRESSATEN, rnd.randint(1, 3)),
        "bundeslaender": [land] + ([rnd.choice(LAENDER)[0]] if rnd.random() < 0.3 else []),
        "organisation_name": "%s %s" % (form, city),
        "organisation_kind": "teilprojekt",
        "bundesland": land_name,
        "contact_name": name,
        "contact_email": "kontakt%d@%s.iq-bench.example" % (i + 1, slugify(city)),
        "in_use_since": str(year - rnd.randint(0, 4)),
        "situation": "%s %s\n\n%s" % (rnd.choice(PROBLEME), rnd.choice(PROBLEME),
                                      paragraph(rnd, 3)),
        "implementation": "%s\n\n1. %s\n2. %s\n3. %s" % (paragraph(rnd, 3), sentence(rnd),
                                                        sentence(rnd), sentence(rnd)),
        "results": "%s **%s** %s" % (result(rnd), result(rnd), paragraph(rnd, 2)),
        "transfer": "**Voraussetzungen:** %s\n\n**Aufwand:** %s\n\n**Materialien:** %s" %
                    (sentence(rnd), sentence(rnd), "Leitfaden, Vorlagen und Schulungsfolien."),
        "criterion_transferable": paragraph(rnd, 1),
        "criterion_innovative": paragraph(rnd, 1),
        "criterion_sustainable": paragraph(rnd, 1),
        "criterion_efficient": paragraph(rnd, 1),
        "links": [{"url": "https://www.netzwerk-iq.de", "label": "Förderprogramm IQ"}],
        "status": "published",
        "published_at": published,
        "updated_at": updated,
    }


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rnd = random.Random(20260601)
    doc = {"format": "leuchtturm-practices", "version": 1,
           "practices": [practice(rnd, i) for i in range(n)]}
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
