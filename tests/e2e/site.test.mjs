// The site in a real browser: the legal pages from the footer (German and English, where
// the operator's German text says so), the accessibility feedback form with its honeypot
// and minimum time, the office's readable audit log with its filters and disclosures, and
// the footer's language switch when logged in; each checked with axe-core (WCAG 2.1 AA).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN, SUBMITTER, assertAccessible, launch, login, newContext } from './browser.mjs';

let browser;
before(async () => {
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

async function withPage(fn, options = {}) {
	const context = await newContext(browser, options);
	try {
		return await fn(await context.newPage());
	} finally {
		await context.close();
	}
}

/* site_feedback.c's FEEDBACK_MIN_SECONDS plus a margin: the form must be this old. */
const FEEDBACK_MIN_MS = 3500;

describe('legal pages', () => {
	test('the footer leads to each page, which passes axe in German and English', async () => {
		await withPage(async (page) => {
			await page.goto('/praxis');
			const footer = page.locator('footer');
			for (const [name, path, heading] of [
				['Impressum', '/impressum', 'Impressum'],
				['Datenschutz', '/datenschutz', 'Datenschutzerklärung'],
				['Barrierefreiheit', '/barrierefreiheit', 'Erklärung zur Barrierefreiheit'],
			]) {
				await footer.getByRole('link', { name, exact: true }).click();
				await page.waitForURL((url) => url.pathname === path);
				assert.equal(await page.locator('h1').textContent(), heading);
				assert.equal(
					await footer.getByRole('link', { name, exact: true }).getAttribute('aria-current'),
					'page',
				);
			}
			// One axe run for the three: they share their markup (the layout and Markdown).
			await assertAccessible(page, '/barrierefreiheit (German)');
			assert.ok(await page.getByText('Schlichtungsstelle nach dem Behindertengleichstellungsgesetz').isVisible());
		});
		await withPage(
			async (page) => {
				await page.goto('/datenschutz');
				assert.equal(await page.locator('html').getAttribute('lang'), 'en');
				assert.equal(await page.locator('h1').textContent(), 'Privacy policy');
				// The operator's text is German: WCAG 3.1.2 asks that the page says so.
				assert.equal(await page.locator('main .legal').getAttribute('lang'), 'de');
				await assertAccessible(page, '/datenschutz (English)');
			},
			{ locale: 'en-GB' },
		);
	});
});

describe('accessibility feedback', () => {
	test('a person reports a barrier without an account; too quick a form is sent again', async () => {
		await withPage(async (page) => {
			await page.goto('/barrierefreiheit');
			await page.getByRole('link', { name: 'Barriere melden' }).click();
			await page.waitForURL((url) => url.pathname === '/barrierefreiheit/feedback');
			const shown = Date.now();
			await assertAccessible(page, 'the feedback form');

			// The honeypot is off-screen, hidden from screen readers and out of the tab order.
			const trap = page.locator('input[name="website"]');
			const box = await trap.boundingBox();
			assert.ok(!box || box.x + box.width < 0, `the honeypot is visible at ${JSON.stringify(box)}`);
			await page.getByLabel('Ihr Name (freiwillig)').fill('Erika Muster');
			await page.getByLabel('Ihre E-Mail-Adresse (freiwillig)').press('Shift+Tab');
			assert.equal(await page.evaluate(() => document.activeElement.name), 'name');
			await page.getByLabel('Ihre E-Mail-Adresse (freiwillig)').fill('erika@example.org');
			await page.getByLabel('Wo sind Sie auf die Barriere gestoßen? (freiwillig)').fill('/praxis');
			await page.getByLabel('Ihre Nachricht').fill('Die Filter lassen sich nicht mit der Tastatur öffnen.');
			await page.getByLabel('Ihre Nachricht').press('Tab');
			assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Nachricht senden');

			// Sent at once, it is refused with a reason, and nothing typed is lost. Whether the
			// server still finds it too quick is the server's clock: on a loaded machine the
			// click may arrive late, and then the form simply passes.
			const thanks = page.getByText('Vielen Dank. Ihre Nachricht hat die Koordinierungsstelle erreicht.');
			const tooQuick = page.getByText('schneller, als ein Mensch schreiben kann');
			let sent = false;
			if (Date.now() - shown < 1500) {
				await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Nachricht senden' }).click()]);
				await tooQuick.or(thanks).first().waitFor();
				sent = await thanks.isVisible();
				if (!sent)
					assert.equal(
						await page.getByLabel('Ihre Nachricht').inputValue(),
						'Die Filter lassen sich nicht mit der Tastatur öffnen.',
					);
			}
			// A moment later the same form passes (its stamp is the first showing's).
			if (!sent) {
				await page.waitForFunction((t) => Date.now() >= t, shown + FEEDBACK_MIN_MS, { polling: 100 });
				await Promise.all([
					page.waitForURL((url) => url.pathname === '/barrierefreiheit'),
					page.getByRole('button', { name: 'Nachricht senden' }).click(),
				]);
			}
			await thanks.waitFor();
		});
		// The office reads it in its list.
		await withPage(async (page) => {
			await login(page, ADMIN);
			await page.goto('/admin/rueckmeldungen');
			await page.getByText('Die Filter lassen sich nicht mit der Tastatur öffnen.').waitFor();
		});
	});
});

describe('audit log', () => {
	test('the office reads events in words, opens the details and filters', async () => {
		await withPage(async (page) => {
			await login(page, ADMIN);
			await page.goto('/admin/protokoll');
			const first = page.locator('tbody tr').first();
			assert.match(await first.locator('.audit-sentence').textContent(), /^Katrin Vogel hat sich angemeldet$/);
			// The raw data behind a disclosure, by keyboard.
			const details = first.locator('details');
			assert.equal(await details.evaluate((d) => d.open), false);
			await details.locator('summary').focus();
			await page.keyboard.press('Enter');
			assert.equal(await details.evaluate((d) => d.open), true);
			assert.ok(await details.getByText('session.login').isVisible());
			await assertAccessible(page, 'the audit log with a disclosure open');

			await page.getByLabel('Art des Ereignisses').selectOption('proposal.formal_check');
			await Promise.all([
				page.waitForURL((url) => url.searchParams.get('aktion') === 'proposal.formal_check'),
				page.getByRole('button', { name: 'Filtern' }).click(),
			]);
			const sentences = await page.locator('.audit-sentence').allTextContents();
			assert.ok(sentences.length > 0);
			for (const s of sentences) assert.match(s, /hat (den Vorschlag „.*“ (als (nicht )?zulässig markiert|zur Überarbeitung zurückgegeben)|die Formalprüfung)/);
			const csv = await page.getByRole('link', { name: 'Diese Auswahl als CSV herunterladen' }).getAttribute('href');
			assert.match(csv, /^\/admin\/protokoll\.csv\?aktion=proposal\.formal_check&/);

			// A time span that is none: the message sits at its field.
			await page.getByLabel('Von (Tag, Berliner Zeit)').fill('2026-05-02');
			await page.getByLabel('Bis (Tag, einschließlich)').fill('2026-05-01');
			await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Filtern' }).click()]);
			await page.getByText('Das Ende des Zeitraums liegt vor seinem Anfang.').waitFor();
			assert.equal(await page.getByLabel('Bis (Tag, einschließlich)').getAttribute('aria-invalid'), 'true');
		});
	});
});

describe('language', () => {
	test('the footer switch changes the account of a logged-in person', async () => {
		await withPage(async (page) => {
			await login(page, SUBMITTER);
			await page.goto('/einreichung');
			await Promise.all([
				page.waitForURL((url) => url.pathname === '/einreichung'),
				page.locator('footer').getByRole('button', { name: 'English' }).click(),
			]);
			assert.equal(await page.locator('html').getAttribute('lang'), 'en');
			// It stays English on the next page, being the account's language now.
			await page.goto('/konto');
			assert.equal(await page.locator('html').getAttribute('lang'), 'en');
			await Promise.all([
				page.waitForURL((url) => url.pathname === '/konto'),
				page.locator('footer').getByRole('button', { name: 'Deutsch' }).click(),
			]);
			assert.equal(await page.locator('html').getAttribute('lang'), 'de');
		});
	});
});
