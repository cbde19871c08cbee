/* HTTP integration tests: who may use which address. Every route of src/routes.c is tried
 * by every role; the expectations follow from the table below, so a new route is one line
 * (and the test fails until that line exists). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "access_fixture.h"

/* One line per route (more for a pattern worth several addresses). The access column is
 * spelled as in routes.c. status/location: the answer for someone the route admits; a POST
 * is sent with a valid _csrf token and no other field. */
static const struct row {
	const char *method, *pattern, *access;
	const char *path;
	long status;
	const char *location;
} table[] = {
    {"GET", "/", "ANY", "/", 200, NULL},
    {"GET", "/ueber", "ANY", "/ueber", 200, NULL},
    /* German, as every demo account is: a logged-in person asking for another language
     * gets a page that offers to change the account (test_http_site.c). */
    {"GET", "/sprache/:lang", "ANY", "/sprache/de", 303, "/"},
    {"GET", "/sprache/:lang", "ANY", "/sprache/xx", 404, NULL},
    /* For operators; /metrics answers loopback, which the tests are (test_http_operations). */
    {"GET", "/healthz", "ANY", "/healthz", 200, NULL},
    {"GET", "/metrics", "ANY", "/metrics", 200, NULL},

    {"GET", "/feed.atom", "ANY", "/feed.atom", 200, NULL},
    {"GET", "/feed.rss", "ANY", "/feed.rss", 200, NULL},
    {"GET", "/sitemap.xml", "ANY", "/sitemap.xml", 200, NULL},
    {"GET", "/api/v1/practices", "ANY", "/api/v1/practices", 200, NULL},
    {"GET", "/api/v1/practices/:slug", "ANY", "/api/v1/practices/gibt-es-nicht", 404, NULL},
    {"GET", "/api/v1/suggestions", "ANY", "/api/v1/suggestions?q=Anerk", 200, NULL},
    {"GET", "/openapi.json", "ANY", "/openapi.json", 200, NULL},
    {"GET", "/export/practices.csv", "ANY", "/export/practices.csv", 200, NULL},
    {"GET", "/export/practices.xlsx", "ANY", "/export/practices.xlsx", 200, NULL},
    {"GET", "/praxis/:slug.pdf", "ANY", "/praxis/gibt-es-nicht.pdf", 404, NULL},

    {"GET", "/anmelden", "ANON", "/anmelden", 200, NULL},
    {"POST", "/anmelden", "ANON", "/anmelden", 422, NULL},
    {"POST", "/abmelden", "LOGIN", "/abmelden", 303, "/"},
    {"GET", "/passwort-vergessen", "ANY", "/passwort-vergessen", 200, NULL},
    {"POST", "/passwort-vergessen", "ANY", "/passwort-vergessen", 422, NULL},
    {"GET", "/passwort-neu/:token", "ANY", "/passwort-neu/unbekannt", 410, NULL},
    {"POST", "/passwort-neu/:token", "ANY", "/passwort-neu/unbekannt", 410, NULL},
    {"GET", "/einladung/:token", "ANY", "/einladung/unbekannt", 410, NULL},
    {"POST", "/einladung/:token", "ANY", "/einladung/unbekannt", 410, NULL},

    {"GET", "/start", "LOGIN", "/start", 200, NULL},
    {"GET", "/konto", "LOGIN", "/konto", 200, NULL},
    {"POST", "/konto", "LOGIN", "/konto", 422, NULL},
    {"POST", "/konto/passwort", "LOGIN", "/konto/passwort", 422, NULL},
    {"GET", "/konto/daten.zip", "LOGIN", "/konto/daten.zip", 200, NULL},

    {"GET", "/admin/benutzer", "ADMIN", "/admin/benutzer", 200, NULL},
    {"POST", "/admin/benutzer/einladen", "ADMIN", "/admin/benutzer/einladen", 422, NULL},
    {"GET", "/admin/benutzer/:id", "ADMIN", "/admin/benutzer/1", 200, NULL},
    {"GET", "/admin/benutzer/:id", "ADMIN", "/admin/benutzer/999999", 404, NULL},
    {"GET", "/admin/benutzer/:id", "ADMIN", "/admin/benutzer/abc", 404, NULL},
    {"POST", "/admin/benutzer/:id", "ADMIN", "/admin/benutzer/999999", 404, NULL},
    {"GET", "/admin/benutzer/:id/daten.zip", "ADMIN", "/admin/benutzer/1/daten.zip", 200, NULL},
    {"GET", "/admin/benutzer/:id/daten.zip", "ADMIN", "/admin/benutzer/999999/daten.zip", 404,
     NULL},
    {"GET", "/admin/benutzer/:id/loeschen", "ADMIN", "/admin/benutzer/2/loeschen", 200, NULL},
    {"GET", "/admin/benutzer/:id/loeschen", "ADMIN", "/admin/benutzer/999999/loeschen", 404, NULL},
    {"POST", "/admin/benutzer/:id/loeschen", "ADMIN", "/admin/benutzer/999999/loeschen", 404, NULL},
    {"GET", "/admin/aufbewahrung", "ADMIN", "/admin/aufbewahrung", 200, NULL},
    {"POST", "/admin/aufbewahrung", "ADMIN", "/admin/aufbewahrung", 422, NULL},
    {"GET", "/admin/protokoll", "ADMIN", "/admin/protokoll", 200, NULL},
    {"GET", "/admin/protokoll.csv", "ADMIN", "/admin/protokoll.csv", 200, NULL},

    /* The site: legal pages, feedback, the language switch of a logged-in person */
    {"GET", "/impressum", "ANY", "/impressum", 200, NULL},
    {"GET", "/datenschutz", "ANY", "/datenschutz", 200, NULL},
    {"GET", "/barrierefreiheit", "ANY", "/barrierefreiheit", 200, NULL},
    {"GET", "/barrierefreiheit/feedback", "ANY", "/barrierefreiheit/feedback", 200, NULL},
    {"POST", "/barrierefreiheit/feedback", "ANY", "/barrierefreiheit/feedback", 422, NULL},
    {"GET", "/admin/seiten", "ADMIN", "/admin/seiten", 200, NULL},
    {"GET", "/admin/seiten/:slug", "ADMIN", "/admin/seiten/impressum", 200, NULL},
    {"GET", "/admin/seiten/:slug", "ADMIN", "/admin/seiten/gibt-es-nicht", 404, NULL},
    {"POST", "/admin/seiten/:slug", "ADMIN", "/admin/seiten/gibt-es-nicht", 404, NULL},
    {"GET", "/admin/rueckmeldungen", "ADMIN", "/admin/rueckmeldungen", 200, NULL},
    {"POST", "/sprache", "LOGIN", "/sprache", 400, NULL},

    {"GET", "/admin/ausschreibungen", "ADMIN", "/admin/ausschreibungen", 200, NULL},
    {"GET", "/admin/ausschreibungen/neu", "ADMIN", "/admin/ausschreibungen/neu", 200, NULL},
    {"POST", "/admin/ausschreibungen/neu", "ADMIN", "/admin/ausschreibungen/neu", 422, NULL},
    {"GET", "/admin/ausschreibungen/:id", "ADMIN", "/admin/ausschreibungen/999999", 404, NULL},
    {"GET", "/admin/ausschreibungen/:id/bearbeiten", "ADMIN",
     "/admin/ausschreibungen/999999/bearbeiten", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/bearbeiten", "ADMIN",
     "/admin/ausschreibungen/999999/bearbeiten", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/phase", "ADMIN", "/admin/ausschreibungen/999999/phase",
     404, NULL},
    {"GET", "/admin/ausschreibungen/:id/vorschlaege", "ADMIN",
     "/admin/ausschreibungen/999999/vorschlaege", 404, NULL},
    {"GET", "/admin/stammdaten", "ADMIN", "/admin/stammdaten", 200, NULL},
    {"POST", "/admin/stammdaten/begriffe", "ADMIN", "/admin/stammdaten/begriffe", 422, NULL},
    {"GET", "/admin/stammdaten/begriffe/:id", "ADMIN", "/admin/stammdaten/begriffe/999999", 404,
     NULL},
    {"POST", "/admin/stammdaten/begriffe/:id", "ADMIN", "/admin/stammdaten/begriffe/999999", 404,
     NULL},
    {"POST", "/admin/stammdaten/begriffe/:id/ausmustern", "ADMIN",
     "/admin/stammdaten/begriffe/999999/ausmustern", 404, NULL},
    {"POST", "/admin/stammdaten/begriffe/:id/reaktivieren", "ADMIN",
     "/admin/stammdaten/begriffe/999999/reaktivieren", 404, NULL},
    {"POST", "/admin/stammdaten/begriffe/:id/loeschen", "ADMIN",
     "/admin/stammdaten/begriffe/999999/loeschen", 404, NULL},
    /* The search's synonyms (issue 13). */
    {"GET", "/admin/stammdaten/synonyme", "ADMIN", "/admin/stammdaten/synonyme", 200, NULL},
    {"POST", "/admin/stammdaten/synonyme", "ADMIN", "/admin/stammdaten/synonyme", 422, NULL},
    {"GET", "/admin/stammdaten/synonyme/:id", "ADMIN", "/admin/stammdaten/synonyme/999999", 404,
     NULL},
    {"POST", "/admin/stammdaten/synonyme/:id", "ADMIN", "/admin/stammdaten/synonyme/999999", 404,
     NULL},
    {"POST", "/admin/stammdaten/synonyme/:id/loeschen", "ADMIN",
     "/admin/stammdaten/synonyme/999999/loeschen", 404, NULL},
    {"GET", "/admin/stammdaten/organisationen", "ADMIN", "/admin/stammdaten/organisationen", 200,
     NULL},
    {"POST", "/admin/stammdaten/organisationen", "ADMIN", "/admin/stammdaten/organisationen", 422,
     NULL},
    {"GET", "/admin/stammdaten/organisationen/:id", "ADMIN",
     "/admin/stammdaten/organisationen/999999", 404, NULL},
    {"POST", "/admin/stammdaten/organisationen/:id", "ADMIN",
     "/admin/stammdaten/organisationen/999999", 404, NULL},
    {"GET", "/admin/vorschlaege/:id", "ADMIN", "/admin/vorschlaege/999999", 404, NULL},
    {"GET", "/admin/vorschlaege/:id/vergleich", "ADMIN", "/admin/vorschlaege/999999/vergleich", 404,
     NULL},
    {"POST", "/admin/vorschlaege/:id/pruefung", "ADMIN", "/admin/vorschlaege/999999/pruefung", 404,
     NULL},
    {"POST", "/admin/vorschlaege/:id/entscheidung", "ADMIN",
     "/admin/vorschlaege/999999/entscheidung", 404, NULL},
    {"POST", "/admin/vorschlaege/:id/rueckfrage", "ADMIN", "/admin/vorschlaege/999999/rueckfrage",
     404, NULL},

    /* Board review */
    {"GET", "/gremium", "ROLE_BOARD | ADMIN", "/gremium", 200, NULL},
    {"GET", "/gremium/vorschlag/:id/beschluss", "ROLE_BOARD | ADMIN",
     "/gremium/vorschlag/999999/beschluss", 404, NULL},
    {"GET", "/gremium/vorschlag/:id", "ROLE_BOARD | ADMIN", "/gremium/vorschlag/999999", 404, NULL},
    {"POST", "/gremium/vorschlag/:id", "ROLE_BOARD", "/gremium/vorschlag/999999", 404, NULL},
    {"POST", "/gremium/vorschlag/:id/befangenheit", "ROLE_BOARD",
     "/gremium/vorschlag/999999/befangenheit", 404, NULL},
    {"GET", "/admin/ausschreibungen/:id/gremium", "ADMIN", "/admin/ausschreibungen/999999/gremium",
     404, NULL},
    {"POST", "/admin/ausschreibungen/:id/gremium", "ADMIN", "/admin/ausschreibungen/999999/gremium",
     404, NULL},
    {"POST", "/admin/ausschreibungen/:id/gremium/:uid/entfernen", "ADMIN",
     "/admin/ausschreibungen/999999/gremium/1/entfernen", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/gremium/einstellungen", "ADMIN",
     "/admin/ausschreibungen/999999/gremium/einstellungen", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/gremium/mehrere", "ADMIN",
     "/admin/ausschreibungen/999999/gremium/mehrere", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/gremium/kopieren", "ADMIN",
     "/admin/ausschreibungen/999999/gremium/kopieren", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/fortschritt/:uid/erinnern", "ADMIN",
     "/admin/ausschreibungen/999999/fortschritt/1/erinnern", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/befangenheiten", "ADMIN",
     "/admin/ausschreibungen/999999/befangenheiten", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/befangenheiten/:cid/aufheben", "ADMIN",
     "/admin/ausschreibungen/999999/befangenheiten/1/aufheben", 404, NULL},
    {"GET", "/admin/ausschreibungen/:id/rubrik", "ADMIN", "/admin/ausschreibungen/999999/rubrik",
     404, NULL},
    {"POST", "/admin/ausschreibungen/:id/rubrik", "ADMIN", "/admin/ausschreibungen/999999/rubrik",
     404, NULL},
    {"GET", "/admin/ausschreibungen/:id/ranking", "ADMIN", "/admin/ausschreibungen/999999/ranking",
     404, NULL},
    {"GET", "/admin/ausschreibungen/:id/ranking.csv", "ADMIN",
     "/admin/ausschreibungen/999999/ranking.csv", 404, NULL},
    {"GET", "/admin/ausschreibungen/:id/ranking.xlsx", "ADMIN",
     "/admin/ausschreibungen/999999/ranking.xlsx", 404, NULL},
    {"POST", "/gremium/vorschlag/:id/diskussion", "ROLE_BOARD | ADMIN",
     "/gremium/vorschlag/999999/diskussion", 404, NULL},
    {"POST", "/gremium/benachrichtigungen", "ROLE_BOARD | ADMIN", "/gremium/benachrichtigungen",
     303, "/gremium"},
    {"GET", "/admin/ausschreibungen/:id/fortschritt", "ADMIN",
     "/admin/ausschreibungen/999999/fortschritt", 404, NULL},
    {"GET", "/admin/ausschreibungen/:id/zuteilung", "ADMIN",
     "/admin/ausschreibungen/999999/zuteilung", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/zuteilung", "ADMIN",
     "/admin/ausschreibungen/999999/zuteilung", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/zuteilung/modus", "ADMIN",
     "/admin/ausschreibungen/999999/zuteilung/modus", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/zuteilung/automatisch", "ADMIN",
     "/admin/ausschreibungen/999999/zuteilung/automatisch", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/zuteilung/:pid/:uid/entfernen", "ADMIN",
     "/admin/ausschreibungen/999999/zuteilung/1/1/entfernen", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/ranking/:pid/nachfragen", "ADMIN",
     "/admin/ausschreibungen/999999/ranking/1/nachfragen", 404, NULL},
    /* Decisions */
    {"GET", "/admin/ausschreibungen/:id/sitzung", "ADMIN", "/admin/ausschreibungen/999999/sitzung",
     404, NULL},
    {"POST", "/admin/ausschreibungen/:id/sitzung", "ADMIN", "/admin/ausschreibungen/999999/sitzung",
     404, NULL},
    {"GET", "/admin/ausschreibungen/:id/sitzung/:pid", "ADMIN",
     "/admin/ausschreibungen/999999/sitzung/1", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/sitzung/:pid", "ADMIN",
     "/admin/ausschreibungen/999999/sitzung/1", 404, NULL},
    {"GET", "/admin/vorschlaege/:id/beschluss", "ADMIN", "/admin/vorschlaege/999999/beschluss", 404,
     NULL},
    {"POST", "/admin/vorschlaege/:id/beschluss/aendern", "ADMIN",
     "/admin/vorschlaege/999999/beschluss/aendern", 404, NULL},
    {"POST", "/admin/vorschlaege/:id/beschluss/brief", "ADMIN",
     "/admin/vorschlaege/999999/beschluss/brief", 404, NULL},
    {"GET", "/admin/briefvorlagen", "ADMIN", "/admin/briefvorlagen", 200, NULL},
    {"POST", "/admin/briefvorlagen", "ADMIN", "/admin/briefvorlagen", 422, NULL},
    {"GET", "/admin/ausschreibungen/:id/briefvorlagen", "ADMIN",
     "/admin/ausschreibungen/999999/briefvorlagen", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/briefvorlagen", "ADMIN",
     "/admin/ausschreibungen/999999/briefvorlagen", 404, NULL},
    {"GET", "/admin/ausschreibungen/:id/statistik", "ADMIN",
     "/admin/ausschreibungen/999999/statistik", 404, NULL},
    {"GET", "/admin/ausschreibungen/:id/protokoll.pdf", "ADMIN",
     "/admin/ausschreibungen/999999/protokoll.pdf", 404, NULL},
    {"POST", "/admin/ausschreibungen/:id/protokoll", "ADMIN",
     "/admin/ausschreibungen/999999/protokoll", 404, NULL},

    /* Public catalog */
    {"GET", "/praxis", "ANY", "/praxis", 200, NULL},
    {"GET", "/praxis", "ANY", "/praxis?seite=0", 400, NULL},
    {"GET", "/praxis/:slug", "ANY", "/praxis/gibt-es-nicht", 404, NULL},
    {"GET", "/admin/praxis", "ADMIN", "/admin/praxis", 200, NULL},
    {"GET", "/admin/praxis/neu", "ADMIN", "/admin/praxis/neu", 200, NULL},
    {"POST", "/admin/praxis/neu", "ADMIN", "/admin/praxis/neu", 422, NULL},
    {"POST", "/admin/praxis/aus-vorschlag", "ADMIN", "/admin/praxis/aus-vorschlag", 303,
     "/admin/praxis"},
    {"GET", "/admin/praxis/:id", "ADMIN", "/admin/praxis/999999", 404, NULL},
    {"POST", "/admin/praxis/:id", "ADMIN", "/admin/praxis/999999", 404, NULL},
    {"GET", "/admin/praxis/:id/vorschau", "ADMIN", "/admin/praxis/999999/vorschau", 404, NULL},
    {"POST", "/admin/praxis/:id/veroeffentlichen", "ADMIN", "/admin/praxis/999999/veroeffentlichen",
     404, NULL},
    {"POST", "/admin/praxis/:id/zurueckziehen", "ADMIN", "/admin/praxis/999999/zurueckziehen", 404,
     NULL},
    {"POST", "/admin/praxis/:id/archivieren", "ADMIN", "/admin/praxis/999999/archivieren", 404,
     NULL},
    {"GET", "/praxis/:slug/bild/:fid", "ANY", "/praxis/gibt-es-nicht/bild/1", 404, NULL},
    {"GET", "/praxis/:slug/download/:fid", "ANY", "/praxis/gibt-es-nicht/download/1", 404, NULL},
    {"POST", "/admin/praxis/:id/bild", "ADMIN", "/admin/praxis/999999/bild", 404, NULL},
    {"POST", "/admin/praxis/:id/downloads", "ADMIN", "/admin/praxis/999999/downloads", 404, NULL},
    {"GET", "/admin/praxis/:id/dateien/:fid", "ADMIN", "/admin/praxis/999999/dateien/1", 404, NULL},
    {"POST", "/admin/praxis/:id/dateien/:fid/entfernen", "ADMIN",
     "/admin/praxis/999999/dateien/1/entfernen", 404, NULL},
    {"GET", "/einreichung", "SUBMITTER", "/einreichung", 200, NULL},
    {"POST", "/einreichung/neu", "SUBMITTER", "/einreichung/neu", 422, NULL},
    {"GET", "/vorschlag/:id", "LOGIN", "/vorschlag/999999", 404, NULL},
    {"GET", "/vorschlag/:id/bearbeiten", "SUBMITTER", "/vorschlag/999999/bearbeiten", 404, NULL},
    {"POST", "/vorschlag/:id/bearbeiten", "SUBMITTER", "/vorschlag/999999/bearbeiten", 404, NULL},
    {"POST", "/vorschlag/:id/zurueckziehen", "SUBMITTER", "/vorschlag/999999/zurueckziehen", 404,
     NULL},
    {"POST", "/vorschlag/:id/uebernehmen", "SUBMITTER", "/vorschlag/999999/uebernehmen", 404, NULL},
    {"POST", "/vorschlag/:id/nachricht", "LOGIN", "/vorschlag/999999/nachricht", 404, NULL},
    {"POST", "/vorschlag/:id/anhaenge", "SUBMITTER", "/vorschlag/999999/anhaenge", 404, NULL},
    {"GET", "/vorschlag/:id/anhaenge/:aid", "LOGIN", "/vorschlag/999999/anhaenge/1", 404, NULL},
    {"POST", "/vorschlag/:id/anhaenge/:aid/entfernen", "SUBMITTER",
     "/vorschlag/999999/anhaenge/1/entfernen", 404, NULL},

    /* Transfer (issue 11) */
    {"GET", "/praxis/:slug/interesse", "ANY", "/praxis/anerkennungsberatung-im-betrieb/interesse",
     200, NULL},
    {"GET", "/praxis/:slug/interesse", "ANY", "/praxis/gibt-es-nicht/interesse", 404, NULL},
    {"POST", "/praxis/:slug/interesse", "ANY", "/praxis/gibt-es-nicht/interesse", 404, NULL},
    {"GET", "/uebernahme/bestaetigen/:token", "ANY", "/uebernahme/bestaetigen/unbekannt", 410,
     NULL},
    {"POST", "/uebernahme/bestaetigen/:token", "ANY", "/uebernahme/bestaetigen/unbekannt", 410,
     NULL},
    {"GET", "/uebernahme/meldung/:token", "ANY", "/uebernahme/meldung/unbekannt", 410, NULL},
    {"POST", "/uebernahme/meldung/:token", "ANY", "/uebernahme/meldung/unbekannt", 410, NULL},
    {"POST", "/uebernahme/meldung/:token/zurueckziehen", "ANY",
     "/uebernahme/meldung/unbekannt/zurueckziehen", 410, NULL},
    {"GET", "/admin/uebernahmen", "ADMIN", "/admin/uebernahmen", 200, NULL},
    {"GET", "/admin/uebernahmen.csv", "ADMIN", "/admin/uebernahmen.csv", 200, NULL},
    {"GET", "/admin/uebernahmen.xlsx", "ADMIN", "/admin/uebernahmen.xlsx", 200, NULL},
    {"GET", "/admin/uebernahmen/:id", "ADMIN", "/admin/uebernahmen/999999", 404, NULL},
    {"POST", "/admin/uebernahmen/:id", "ADMIN", "/admin/uebernahmen/999999", 404, NULL},
    /* The yearly check (issue 12): the owners' single-use link, the office's review */
    {"GET", "/jahrescheck/:token", "ANY", "/jahrescheck/unbekannt", 410, NULL},
    {"POST", "/jahrescheck/:token", "ANY", "/jahrescheck/unbekannt", 410, NULL},
    {"GET", "/admin/jahrescheck", "ADMIN", "/admin/jahrescheck", 200, NULL},
    {"POST", "/admin/jahrescheck/:id/:action", "ADMIN", "/admin/jahrescheck/999999/approve", 409,
     NULL},
    {"POST", "/admin/jahrescheck/einstellungen", "ADMIN", "/admin/jahrescheck/einstellungen", 422,
     NULL},
    /* The owners' own view when logged in (another practice's round: 404) */
    {"GET", "/konto/jahrescheck", "LOGIN", "/konto/jahrescheck", 200, NULL},
    {"GET", "/konto/jahrescheck/:id", "LOGIN", "/konto/jahrescheck/999999", 404, NULL},
    {"POST", "/konto/jahrescheck/:id", "LOGIN", "/konto/jahrescheck/999999", 404, NULL},
    {"GET", "/einreichung/uebernahmen", "SUBMITTER", "/einreichung/uebernahmen", 200, NULL},
    {"GET", "/transfer", "ANY", "/transfer", 200, NULL},
    {"GET", "/transfer.atom", "ANY", "/transfer.atom", 200, NULL},
    {"GET", "/api/v1/transfers", "ANY", "/api/v1/transfers", 200, NULL},
    {"GET", "/dcat.ttl", "ANY", "/dcat.ttl", 200, NULL},
    {"GET", "/konto/uebernahmen", "LOGIN", "/konto/uebernahmen", 200, NULL},
    {"GET", "/admin/uebernahmen/jahresbericht/:year.pdf", "ADMIN",
     "/admin/uebernahmen/jahresbericht/2026.pdf", 200, NULL},
    {"GET", "/praxis/:slug/transferpaket.zip", "ANY",
     "/praxis/anerkennungsberatung-im-betrieb/transferpaket.zip", 200, NULL},
    {"GET", "/praxis/:slug/transferpaket.zip", "ANY", "/praxis/gibt-es-nicht/transferpaket.zip",
     404, NULL},
    {"GET", "/einreichung/ausschreibung/:id", "SUBMITTER | ADMIN",
     "/einreichung/ausschreibung/999999", 404, NULL},
    {"GET", "/vorschlag/:id/eingangsbestaetigung.pdf", "LOGIN",
     "/vorschlag/999999/eingangsbestaetigung.pdf", 404, NULL},
    /* Collections (issue 12) */
    {"GET", "/admin/sammlungen", "ADMIN", "/admin/sammlungen", 200, NULL},
    {"POST", "/admin/sammlungen", "ADMIN", "/admin/sammlungen", 422, NULL},
    {"GET", "/admin/sammlungen/:id", "ADMIN", "/admin/sammlungen/999999", 404, NULL},
    {"POST", "/admin/sammlungen/:id", "ADMIN", "/admin/sammlungen/999999", 404, NULL},
    {"GET", "/admin/sammlungen/:id/vorschau", "ADMIN", "/admin/sammlungen/999999/vorschau", 404,
     NULL},
    {"POST", "/admin/sammlungen/:id/veroeffentlichen", "ADMIN",
     "/admin/sammlungen/999999/veroeffentlichen", 404, NULL},
    {"POST", "/admin/sammlungen/:id/zurueckziehen", "ADMIN",
     "/admin/sammlungen/999999/zurueckziehen", 404, NULL},
    {"GET", "/sammlungen", "ANY", "/sammlungen", 200, NULL},
    {"GET", "/sammlung/:slug", "ANY",
     "/sammlung/fuer-betriebe-internationale-fachkraefte-gewinnen-und-halten", 200, NULL},
    {"GET", "/sammlung/:slug", "ANY", "/sammlung/gibt-es-nicht", 404, NULL},
    {"GET", "/sammlung/:slug.atom", "ANY",
     "/sammlung/fuer-betriebe-internationale-fachkraefte-gewinnen-und-halten.atom", 200, NULL},
    {"GET", "/sammlung/:slug.atom", "ANY", "/sammlung/gibt-es-nicht.atom", 404, NULL},
    {"GET", "/sammlung/:slug.pdf", "ANY",
     "/sammlung/fuer-betriebe-internationale-fachkraefte-gewinnen-und-halten.pdf", 200, NULL},
    {"GET", "/sammlung/:slug.pdf", "ANY", "/sammlung/gibt-es-nicht.pdf", 404, NULL},
    {"GET", "/merkliste", "ANY", "/merkliste?p=anerkennungslotsen", 200, NULL},
    {"GET", "/merkliste.pdf", "ANY", "/merkliste.pdf?p=gibt-es-nicht", 404, NULL},
    {"GET", "/merkliste.zip", "ANY", "/merkliste.zip?p=gibt-es-nicht", 404, NULL},
    {"GET", "/api/v1/collections", "ANY", "/api/v1/collections", 200, NULL},
    {"GET", "/api/v1/collections/:slug", "ANY", "/api/v1/collections/gibt-es-nicht", 404, NULL},
};
#define NROWS (sizeof table / sizeof table[0])

/* The access bit of each role (anonymous: none). */
static const unsigned role_bit[NROLES] = {0, ACC_SUBMITTER, ACC_BOARD, ACC_ADMIN};

static bool
same_access(const char *x, const char *y)
{
	unsigned a = route_access(x), b = route_access(y);
	return !(a & ACC_UNKNOWN) && a == b;
}

/* The rows to try: the table, plus a stand-in for each route of routes.c the table lacks,
 * so a new route's access rules are checked from the day it exists. A stand-in puts 999999
 * for each ":param" and, not knowing its handler, has status 0: for someone it admits any
 * answer but a refusal, a login redirect or a server error will do. */
static struct row extra[128];

static size_t
rows_to_try(const struct row **out, size_t max)
{
	size_t n = 0;
	for (size_t j = 0; j < NROWS && n < max; j++)
		out[n++] = &table[j];
	struct route_row rr[256];
	int nr = routes_read(rr, 256);
	size_t nextra = 0;
	for (int i = 0; i < nr && n < max && nextra < 128; i++) {
		bool found = false;
		for (size_t j = 0; j < NROWS && !found; j++)
			found = strcmp(rr[i].method, table[j].method) == 0 &&
			        strcmp(rr[i].pattern, table[j].pattern) == 0;
		if (found)
			continue;
		struct row *w = &extra[nextra++];
		*w = (struct row){tstr("%s", rr[i].method),
		                  tstr("%s", rr[i].pattern),
		                  tstr("%s", rr[i].access),
		                  route_example_path(rr[i].pattern),
		                  0,
		                  NULL};
		out[n++] = w;
	}
	return n;
}

/* What `role` must get for the row. */
static void
expect(const struct row *w, enum role role, long *status, const char **location)
{
	unsigned a = route_access(w->access);
	*status = w->status;
	*location = w->location;
	if (a & ACC_PUBLIC)
		return;
	if (a & ACC_ANON) {
		if (role != R_ANON) {
			*status = 303;
			*location = "/start";
		}
		return;
	}
	if (role == R_ANON) {
		/* Back to where one wanted to go, for a page; a form goes to the overview. */
		*status = 303;
		*location = strcmp(w->method, "GET") == 0 ? tstr("/anmelden?next=%s", w->path)
		                                          : "/anmelden?next=/start";
		return;
	}
	if (!(a & role_bit[role])) {
		*status = 403;
		*location = NULL;
	}
}

static void
test_table_matches_routes_c(void **state)
{
	struct route_row rows[256];
	int n = routes_read(rows, 256);
	assert_true(n > 10);
	int missing = 0;
	for (int i = 0; i < n; i++) {
		bool found = false;
		for (size_t j = 0; j < NROWS; j++) {
			if (strcmp(rows[i].method, table[j].method) != 0 ||
			    strcmp(rows[i].pattern, table[j].pattern) != 0)
				continue;
			found = true;
			if (!same_access(rows[i].access, table[j].access)) {
				print_message("%s %s: routes.c says %s, this test %s\n",
				              rows[i].method, rows[i].pattern, rows[i].access,
				              table[j].access);
				missing++;
			}
		}
		if (!found) {
			print_message("%s %s (%s) has no line in test_http_access_routes.c\n",
			              rows[i].method, rows[i].pattern, rows[i].access);
			missing++;
		}
	}
	for (size_t j = 0; j < NROWS; j++) {
		bool found = false;
		for (int i = 0; i < n && !found; i++)
			found = strcmp(rows[i].method, table[j].method) == 0 &&
			        strcmp(rows[i].pattern, table[j].pattern) == 0;
		if (!found) {
			print_message("%s %s is not in routes.c any more\n", table[j].method,
			              table[j].pattern);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

static void
test_every_route_for_every_role(void **state)
{
	struct srv *s = *state;
	int failures = 0, checked = 0;
	const struct row *rows[256];
	size_t nrows = rows_to_try(rows, 256);
	for (int role = 0; role < NROLES; role++) {
		for (size_t i = 0; i < nrows; i++) {
			const struct row *w = rows[i];
			long want;
			const char *want_location;
			expect(w, (enum role)role, &want, &want_location);
			struct client *c = client_as(s, (enum role)role);
			struct resp r;
			if (strcmp(w->method, "POST") == 0)
				http_post_csrf(c, w->path, "", &r);
			else
				http_request(c, &(struct req){.method = w->method, .path = w->path},
				             &r);
			const char *loc = resp_header(&r, "Location");
			bool ok = r.status == want;
			if (want == 0)
				ok = r.status > 0 && r.status != 403 && r.status != 405 &&
				     r.status < 500 &&
				     !(r.status == 303 && loc && strncmp(loc, "/anmelden", 9) == 0);
			if (ok && want == 303)
				ok = loc && strcmp(loc, want_location) == 0;
			/* HTML pages and refusals are whole pages of the site. */
			const char *type = resp_header(&r, "Content-Type");
			if (ok && (want == 200 || want == 403 || want == 404) &&
			    strcmp(w->method, "GET") == 0 && type && strstr(type, "text/html"))
				ok = strstr(r.body, "<main id=\"main\"") != NULL;
			if (!ok) {
				print_message(
				    "%-9s %-4s %-32s want %ld%s %s, got %ld %s\n", roles[role].name,
				    w->method, w->path, want, want ? "" : " (any admitting answer)",
				    want_location ? want_location : "", r.status, loc ? loc : "");
				failures++;
			}
			checked++;
			resp_free(&r);
			client_free(c);
		}
	}
	print_message("%d of %d route × role checks failed\n", failures, checked);
	assert_int_equal(failures, 0);
}

/* ---- dual roles and a conflict of interest (DESIGN.md §3) ----
 * A person who holds two roles and is conflicted on a proposal is excluded from it in every
 * role: every route of routes.c about one proposal (its pages, files, board page, decision,
 * the office's pages and the meeting's, GET and POST alike) answers as if it did not exist,
 * and no POST changes anything. The routes are found in routes.c, so a new proposal route
 * is swept from the day it exists. */

/* Whether the pattern is about one proposal. */
static bool
proposal_route(const char *pattern)
{
	return strstr(pattern, "/vorschlag/:id") || strstr(pattern, "/vorschlaege/:id") ||
	       strstr(pattern, ":pid");
}

/* The pattern's address for proposal p of call c, attachment a, person u. */
static const char *
fill(const char *pattern, long p, long c, long a, long u)
{
	char out[512];
	size_t o = 0;
	bool call_route = strncmp(pattern, "/admin/ausschreibungen/", 23) == 0;
	for (const char *q = pattern; *q && o < sizeof out - 32;) {
		if (*q != ':') {
			out[o++] = *q++;
			continue;
		}
		const char *name = ++q;
		while (*q && *q != '/' && *q != '.')
			q++;
		size_t n = (size_t)(q - name);
		long v = 999999;
		if (n == 2 && strncmp(name, "id", 2) == 0)
			v = call_route ? c : p;
		else if (n == 3 && strncmp(name, "pid", 3) == 0)
			v = p;
		else if (n == 3 && strncmp(name, "aid", 3) == 0)
			v = a;
		else if (n == 3 && strncmp(name, "uid", 3) == 0)
			v = u;
		o += (size_t)snprintf(out + o, sizeof out - o, "%ld", v);
	}
	out[o] = '\0';
	return tstr("%s", out);
}

/* The roles a person holds, as the route table's bits. */
static unsigned
person_bits(struct srv *s, long uid)
{
	unsigned bits = 0;
	const char *const names[] = {"submitter", "board", "admin"};
	const unsigned acc[] = {ACC_SUBMITTER, ACC_BOARD, ACC_ADMIN};
	for (int i = 0; i < 3; i++)
		if (srv_sql_long(s, tstr("SELECT count(*) FROM user_role WHERE user_id = %ld AND "
		                         "role = '%s'",
		                         uid, names[i])))
			bits |= acc[i];
	return bits;
}

/* Sweeps every proposal route as the person logged in on c; returns the failures. When
 * conflicted, each answer must be 404 (403 where the route is not for any of the person's
 * roles, or where a form refuses naming the conflict), no body names the proposal's title,
 * and nothing is written. Not conflicted, the statuses are kept in before[] (the pages
 * that opened must close once the conflict is set, so the sweep cannot pass idly). */
static int
sweep(struct srv *s, struct client *c, const char *who, long uid, long p, long call, long aid,
      bool conflicted, long before[256], int *opened)
{
	struct route_row rr[256];
	int nr = routes_read(rr, 256);
	assert_true(nr > 10);
	unsigned mine = person_bits(s, uid);
	const char *title = srv_sql_value(s, tstr("SELECT title FROM proposal WHERE id = %ld", p));
	long audit_before = srv_sql_long(s, "SELECT count(*) FROM audit_event");
	int failures = 0;
	for (int i = 0; i < nr; i++) {
		if (!proposal_route(rr[i].pattern))
			continue;
		const char *path = fill(rr[i].pattern, p, call, aid, uid);
		unsigned a = route_access(rr[i].access);
		bool admitted = a == ACC_PUBLIC || (a & mine) ||
		                (a & (ACC_SUBMITTER | ACC_BOARD | ACC_ADMIN)) ==
		                    (ACC_SUBMITTER | ACC_BOARD | ACC_ADMIN);
		bool post = strcmp(rr[i].method, "POST") == 0;
		struct resp r;
		if (post)
			http_post_csrf(c, path, "", &r);
		else
			http_get(c, path, &r);
		if (!conflicted) {
			before[i] = r.status;
			if (!post && r.status == 200)
				(*opened)++;
		} else {
			bool ok = admitted ? r.status == 404 || (post && r.status == 403)
			                   : r.status == 403;
			if (ok && title && *title && r.body && strstr(r.body, title))
				ok = false;
			if (!ok) {
				print_message("%s (conflicted) %-4s %-48s got %ld (%ld before the "
				              "conflict)%s\n",
				              who, rr[i].method, path, r.status, before[i],
				              title && r.body && strstr(r.body, title)
				                  ? ", naming the proposal"
				                  : "");
				failures++;
			}
		}
		resp_free(&r);
	}
	/* The call's pages that list its proposals leave this one out: the meeting, the
	 * ranking, the board's overview. */
	const char *lists[] = {tstr("/admin/ausschreibungen/%ld/sitzung", call),
	                       tstr("/admin/ausschreibungen/%ld/ranking", call), "/gremium"};
	for (size_t i = 0; conflicted && i < sizeof lists / sizeof *lists; i++) {
		struct resp r;
		http_get(c, lists[i], &r);
		if (r.status == 200 && title && *title && strstr(r.body, title)) {
			print_message("%s (conflicted) GET %s names the proposal\n", who, lists[i]);
			failures++;
		}
		resp_free(&r);
	}
	/* Making a practice of it, with its files or without. */
	for (int files = 0; files < 2; files++) {
		struct resp r;
		http_post_csrf(c, "/admin/praxis/aus-vorschlag",
		               tstr("proposal=%ld%s", p, files ? "&files=1" : ""), &r);
		if (conflicted && (mine & ACC_ADMIN) && r.status != 404 && r.status != 403) {
			print_message(
			    "%s (conflicted) POST /admin/praxis/aus-vorschlag proposal=%ld "
			    "files=%d: got %ld\n",
			    who, p, files, r.status);
			failures++;
		}
		resp_free(&r);
	}
	long audit_after = srv_sql_long(s, "SELECT count(*) FROM audit_event");
	if (conflicted && audit_after != audit_before) {
		print_message("%s (conflicted): the sweep wrote %ld audit events\n", who,
		              audit_after - audit_before);
		failures++;
	}
	return failures;
}

static long
user_id_of(struct srv *s, const char *email)
{
	return srv_sql_long(s, tstr("SELECT id FROM user_account WHERE email = '%s'", email));
}

static void
give_role(struct srv *s, long uid, const char *role)
{
	srv_sql_exec(s, tstr("INSERT INTO user_role(user_id, role) VALUES (%ld, '%s') "
	                     "ON CONFLICT DO NOTHING",
	                     uid, role));
}

static void
seat_on_board(struct srv *s, long call, long uid)
{
	give_role(s, uid, "board");
	srv_sql_exec(s, tstr("INSERT INTO board_member(call_id, user_id, constituency, added_by, "
	                     "added_at) VALUES (%ld, %ld, 'funder', %ld, 1800000000) "
	                     "ON CONFLICT DO NOTHING",
	                     call, uid, uid));
}

static void
set_conflict(struct srv *s, long p, long uid, const char *kind)
{
	srv_sql_exec(s, tstr("INSERT INTO conflict(proposal_id, user_id, kind, reason, created_by, "
	                     "created_at) VALUES (%ld, %ld, '%s', 'Berät den Träger.', %ld, "
	                     "1800000000)",
	                     p, uid, kind, uid));
}

/* One identity: give it its roles, sweep, set the conflict, sweep again. */
static int
dual_role_case(struct srv *s, const char *who, const char *email, const char *extra_role,
               const char *kind, long p, long call, long aid, int *opened)
{
	long uid = user_id_of(s, email);
	assert_true(uid > 0);
	seat_on_board(s, call, uid);
	if (extra_role)
		give_role(s, uid, extra_role);
	struct client *c = client_new(s);
	assert_int_equal(login(c, email, DEMO_PASSWORD), 0);
	long before[256] = {0};
	int n = 0;
	sweep(s, c, who, uid, p, call, aid, false, before, &n);
	set_conflict(s, p, uid, kind);
	/* The session holds no roles or conflicts: they count from the next request. */
	struct resp r;
	http_get(c, "/start", &r);
	resp_free(&r);
	int failures = sweep(s, c, who, uid, p, call, aid, true, before, opened);
	*opened += n;
	srv_sql_exec(
	    s, tstr("DELETE FROM conflict WHERE proposal_id = %ld AND user_id = %ld", p, uid));
	client_free(c);
	return failures;
}

/* A file of proposal p (its bytes are not stored: the download is not a 404 at least). */
static long
add_attachment(struct srv *s, long p, long by)
{
	srv_sql_exec(s, tstr("INSERT INTO attachment(proposal_id, sha256, filename, content_type, "
	                     "size, uploaded_by, uploaded_at) VALUES (%ld, printf('%%064d', %ld), "
	                     "'Vertraulich-%ld.pdf', 'application/pdf', 1024, %ld, 1800000000)",
	                     p, p, p, by));
	return srv_sql_long(s, tstr("SELECT id FROM attachment WHERE filename = "
	                            "'Vertraulich-%ld.pdf'",
	                            p));
}

static void
test_dual_roles_conflicted_on_every_proposal_route(void **state)
{
	struct srv *s = *state;
	/* A decided proposal (closed call: its decision, meeting page and letter exist) and one
	 * of the call that is deciding (the board reads it, rates and votes). Neither of an
	 * organisation the people below belong to (that conflict is the automatic one, and
	 * their own organisation's proposals stay theirs as submitters). */
	const char *mine = "(SELECT organisation_id FROM user_account WHERE email IN ('" DEMO_ADMIN
	                   "', '" DEMO_BOARD "', '" DEMO_SUBMITTER "'))";
	long proposals[2] = {
	    srv_sql_long(s, tstr("SELECT proposal_id FROM decision JOIN proposal ON proposal.id = "
	                         "proposal_id WHERE organisation_id NOT IN %s ORDER BY "
	                         "proposal_id LIMIT 1",
	                         mine)),
	    srv_sql_long(s, tstr("SELECT p.id FROM proposal p JOIN call c ON c.id = p.call_id "
	                         "WHERE c.phase = 'deciding' AND p.state = 'in_review' AND "
	                         "p.organisation_id NOT IN %s ORDER BY p.id LIMIT 1",
	                         mine))};
	long office = user_id_of(s, DEMO_ADMIN);
	int opened = 0, failures = 0;
	for (int k = 0; k < 2; k++) {
		long p = proposals[k];
		assert_true(p > 0);
		long call = srv_sql_long(s, tstr("SELECT call_id FROM proposal WHERE id = %ld", p));
		long aid = add_attachment(s, p, office);
		/* The office member who sits on the board as well. */
		failures += dual_role_case(s, "office+board", DEMO_ADMIN, NULL, "admin", p, call,
		                           aid, &opened);
		/* A board member who also submits for another organisation, conflict declared. */
		failures += dual_role_case(s, "board+submitter", DEMO_BOARD, "submitter",
		                           "declared", p, call, aid, &opened);
		/* All three roles at once. */
		failures += dual_role_case(s, "office+board+submitter", DEMO_ADMIN, "submitter",
		                           "admin", p, call, aid, &opened);
		srv_sql_exec(s, "DELETE FROM user_role WHERE role = 'submitter' AND user_id IN "
		                "(SELECT id FROM user_account WHERE email IN ('" DEMO_ADMIN
		                "', '" DEMO_BOARD "'))");
	}
	/* The office member on the board who submits for the proposal's own organisation:
	 * conflicted there automatically; the proposal stays theirs to read as a submitter,
	 * but making a practice of it is the office's act. */
	long p = proposals[1];
	long call = srv_sql_long(s, tstr("SELECT call_id FROM proposal WHERE id = %ld", p));
	long org_was = srv_sql_long(s, tstr("SELECT coalesce(organisation_id, 0) FROM "
	                                    "user_account WHERE id = %ld",
	                                    office));
	seat_on_board(s, call, office);
	give_role(s, office, "submitter");
	srv_sql_exec(s, tstr("UPDATE user_account SET organisation_id = (SELECT organisation_id "
	                     "FROM proposal WHERE id = %ld) WHERE id = %ld",
	                     p, office));
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	for (int files = 0; files < 2; files++) {
		struct resp r;
		http_post_csrf(c, "/admin/praxis/aus-vorschlag",
		               tstr("proposal=%ld%s", p, files ? "&files=1" : ""), &r);
		if (r.status != 404) {
			print_message(
			    "office+board+own submitter: POST /admin/praxis/aus-vorschlag "
			    "files=%d got %ld\n",
			    files, r.status);
			failures++;
		}
		resp_free(&r);
	}
	client_free(c);
	srv_sql_exec(s, tstr("UPDATE user_account SET organisation_id = NULLIF(%ld, 0) WHERE id = "
	                     "%ld",
	                     org_was, office));
	print_message("%d pages opened before the conflicts, %d refusals missing\n", opened,
	              failures);
	assert_true(opened >= 20);
	assert_int_equal(failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_matches_routes_c),
	    cmocka_unit_test_setup_teardown(test_every_route_for_every_role, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_dual_roles_conflicted_on_every_proposal_route,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
