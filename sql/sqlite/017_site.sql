-- The operator's legal pages (Impressum, Datenschutzerklärung, Erklärung zur
-- Barrierefreiheit) as Markdown the coordination office edits, seeded with defaults that
-- name what the operator must fill in; and the feedback the accessibility statement's form
-- brings in, with the addresses that sent it in the last hour for its rate limit.
CREATE TABLE site_page (
	slug TEXT PRIMARY KEY CHECK (slug IN ('impressum', 'datenschutz', 'barrierefreiheit')),
	body TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES user_account(id)
) STRICT;

CREATE TABLE site_feedback (
	id INTEGER PRIMARY KEY,
	created_at INTEGER NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	page TEXT NOT NULL DEFAULT '',
	message TEXT NOT NULL CHECK (length(message) > 0)
) STRICT;
CREATE INDEX site_feedback_created ON site_feedback(created_at);

-- Kept for an hour only (purged on the next message): the rate limit per address needs no
-- more, and the privacy statement says so.
CREATE TABLE site_feedback_sender (
	id INTEGER PRIMARY KEY,
	address TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX site_feedback_sender_address ON site_feedback_sender(address, at);

-- The audit log's filters by person and by time (the page lists who has caused events).
CREATE INDEX audit_event_actor ON audit_event(actor_id, seq);
CREATE INDEX audit_event_at ON audit_event(at);

INSERT INTO site_page(slug, body, updated_at, updated_by) VALUES ('impressum',
'> **Hinweis für den Betreiber:** Ersetzen Sie alle Angaben in [eckigen Klammern] durch Ihre
> eigenen und entfernen Sie danach diesen Hinweis. Das Impressum muss leicht erkennbar,
> unmittelbar erreichbar und ständig verfügbar sein (§ 5 Digitale-Dienste-Gesetz, DDG).

## Angaben gemäß § 5 DDG

[Name der Organisation, die Leuchtturm betreibt]\
[Straße und Hausnummer]\
[Postleitzahl und Ort]

**Vertreten durch:** [Name der vertretungsberechtigten Person, Funktion]

## Kontakt

Telefon: [Telefonnummer]\
E-Mail: [E-Mail-Adresse der Koordinierungsstelle]

## Registereintrag

[Registergericht und Registernummer, falls vorhanden – sonst diesen Abschnitt löschen]

## Umsatzsteuer-Identifikationsnummer

[USt-IdNr. nach § 27a Umsatzsteuergesetz, falls vorhanden – sonst diesen Abschnitt löschen]

## Verantwortlich für den Inhalt (§ 18 Abs. 2 MStV)

[Name, Anschrift]

## Förderung

[Angaben zum Förderprogramm und zu den Fördergebern, z. B. „Das Förderprogramm
„Integration durch Qualifizierung (IQ)“ wird durch das Bundesministerium für Arbeit und
Soziales gefördert.“]
', 0, NULL);

INSERT INTO site_page(slug, body, updated_at, updated_by) VALUES ('datenschutz',
'> **Hinweis für den Betreiber:** Dieser Text beschreibt, was Leuchtturm speichert. Ergänzen
> Sie alle Angaben in [eckigen Klammern], prüfen Sie ihn mit Ihrer oder Ihrem
> Datenschutzbeauftragten und entfernen Sie danach diesen Hinweis.

## 1. Verantwortliche Stelle

[Name und Anschrift des Betreibers, E-Mail-Adresse]

**Datenschutzbeauftragte oder Datenschutzbeauftragter:** [Name und Kontakt]

## 2. Welche Daten Leuchtturm speichert, wozu und auf welcher Grundlage

- **Benutzerkonten** der Koordinierungsstelle, des Beratungsgremiums und der Teilprojekte:
  Name, E-Mail-Adresse, Organisation, Rollen, Sprache und ein Passwort-Hash (nie das
  Passwort selbst). Zweck: Anmeldung und Zuordnung der Arbeit. Rechtsgrundlage:
  [Art. 6 Abs. 1 lit. e bzw. lit. b DSGVO – bitte festlegen].
- **Vorschläge** der Teilprojekte mit ihren Texten, Ansprechpersonen, Anhängen und jeder
  eingereichten Fassung, Rückfragen und Antworten. Zweck: Auswahl guter Praxis.
- **Bewertungen** des Beratungsgremiums (Punkte, Begründungen, Empfehlungen),
  Befangenheiten, die interne Diskussion, Abstimmungen und Entscheidungen mit ihrer
  Begründung. Zweck: eine nachvollziehbare Auswahl.
- **Veröffentlichte gute Praxis** mit den Kontaktangaben, die das Teilprojekt dafür
  freigegeben hat.
- **Das Protokoll** (Audit-Log): wer wann was geändert hat, als manipulationssichere Kette.
  Zweck: Nachvollziehbarkeit und Schutz vor unbemerkten Änderungen. Einträge werden nicht
  geändert; Aufbewahrung: [Frist festlegen].
- **Sitzungen und Anmeldeversuche:** ein Sitzungs-Cookie nach der Anmeldung und
  fehlgeschlagene Anmeldungen je Konto und Adresse für 15 Minuten (Schutz vor dem Erraten
  von Passwörtern).
- **E-Mails**, die Leuchtturm versendet (Einladungen, Erinnerungen, Bescheide), werden bis
  zum Versand und danach [Frist festlegen] im Postausgang gespeichert.
- **Rückmeldungen zur Barrierefreiheit:** Name und E-Mail-Adresse (freiwillig), die Seite
  und die Nachricht; die IP-Adresse des Absenders eine Stunde lang, nur um Massen-Einsendungen
  zu begrenzen.
- **Server-Protokolle:** der Server protokolliert je Anfrage Zeit, Methode, Adresse der
  Seite, Status, Größe der Antwort und Dauer [und die IP-Adresse, falls Ihr Webserver oder Proxy sie speichert:
  Speicherdauer angeben]. Zweck: Betrieb und Sicherheit.

## 3. Kein Tracking

Leuchtturm setzt keine Analyse- oder Werbe-Cookies, bindet keine Dienste Dritter ein (keine
Schriften, Karten, Videos oder Statistikdienste von fremden Servern) und gibt keine Daten
an Dritte weiter. Es gibt zwei Cookies: die Sitzung nach der Anmeldung und die gewählte
Sprache; beide sind technisch notwendig.

## 4. Empfänger und Hosting

[Hosting-Anbieter und ggf. E-Mail-Dienstleister als Auftragsverarbeiter nennen]

## 5. Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung
(Art. 17), Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und
Widerspruch (Art. 21). Sie können sich bei einer Aufsichtsbehörde beschweren (Art. 77),
zum Beispiel bei [zuständige Datenschutz-Aufsichtsbehörde mit Anschrift].

Stand: [Datum]
', 0, NULL);

INSERT INTO site_page(slug, body, updated_at, updated_by) VALUES ('barrierefreiheit',
'> **Hinweis für den Betreiber:** Ergänzen Sie die Angaben in [eckigen Klammern] nach
> § 7 BITV 2.0, prüfen Sie den Stand der Vereinbarkeit und entfernen Sie danach diesen
> Hinweis.

[Name des Betreibers] ist bemüht, Leuchtturm im Einklang mit dem
Behindertengleichstellungsgesetz des Bundes (BGG) und der
Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit mit den Anforderungen

Leuchtturm wurde nach den Web Content Accessibility Guidelines (WCAG) 2.1, Stufe AA,
entwickelt und mit automatischen Prüfwerkzeugen getestet. Die Website ist
[vollständig / teilweise] mit den Anforderungen vereinbar.

## Nicht barrierefreie Inhalte

[Inhalte nennen, die nicht barrierefrei sind, mit Begründung, z. B. hochgeladene
PDF-Dokumente der Teilprojekte – oder „Keine bekannt.“]

## Erstellung dieser Erklärung

Diese Erklärung wurde am [Datum] erstellt, auf Grundlage einer [Selbstbewertung /
Prüfung durch …].

## Barrieren melden: Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns über das
[Formular für Rückmeldungen zur Barrierefreiheit](/barrierefreiheit/feedback) (ohne
Anmeldung) oder per E-Mail an [E-Mail-Adresse der Koordinierungsstelle].

## Schlichtungsverfahren

Wenn auch nach Ihrer Rückmeldung keine zufriedenstellende Lösung gefunden wurde, können Sie
sich an die Schlichtungsstelle nach § 16 BGG wenden. Sie hilft, Streit zwischen Menschen mit
Behinderungen und öffentlichen Stellen des Bundes außergerichtlich zu lösen; das
Verfahren ist kostenlos und braucht keinen Rechtsbeistand.

Schlichtungsstelle nach dem Behindertengleichstellungsgesetz\
bei dem Beauftragten der Bundesregierung für die Belange von Menschen mit Behinderungen\
Mauerstraße 53\
10117 Berlin

Telefon: 030 18 527-2805\
E-Mail: <info@schlichtungsstelle-bgg.de>\
Internet: [www.schlichtungsstelle-bgg.de](https://www.schlichtungsstelle-bgg.de)
', 0, NULL);
