// Issue 12, the yearly check in a real browser, without JavaScript-only controls: the
// demo's sub-project account (whose practice "Anerkennungslotsen" the demo has asked) finds
// the check on its overview, answers it from its account; the office approves it on its
// page and sets the interval; a visitor sees the update on the practice page and filters
// the catalog by "in den letzten 12 Monaten bestätigt" and keeps a selection (Merkliste).
// axe checks every page of the flow.
//
// The demo's round is answered once: run.sh starts a fresh server with the demo data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN, assertAccessible, launch, login, newContext } from './browser.mjs';

const OWNER = 'lotsen@magdeburg.iq-demo.example';
const SLUG = 'anerkennungslotsen';
const UPDATE = `Seit diesem Jahr auch in Halle ${Date.now().toString(36)}.`;

async function submitAndWait(page, button) {
	await Promise.all([page.waitForEvent('load'), button.click()]);
}

describe('yearly check: answered from the account, approved, public', { concurrency: false }, () => {
	let browser, owner, office, visitor;
	before(async () => {
		browser = await launch();
		owner = await (await newContext(browser)).newPage();
		office = await (await newContext(browser)).newPage();
		visitor = await (await newContext(browser)).newPage();
	});
	after(async () => {
		await browser?.close();
	});

	test('the owner answers from their account', async () => {
		await login(owner, OWNER);
		await owner.goto('/start');
		await submitAndWait(owner, owner.locator('main a[href="/konto/jahrescheck"]').first());
		await assertAccessible(owner, 'the owner\'s yearly checks');
		assert.ok((await owner.locator('main').textContent()).includes('wartet auf Ihre Antwort'));
		await submitAndWait(owner, owner.getByRole('link', { name: 'Jahrescheck beantworten' }));
		assert.match(new URL(owner.url()).pathname, /^\/konto\/jahrescheck\/\d+$/);
		await assertAccessible(owner, 'the answer form');
		await owner.getByLabel('Ist die Praxis noch im Einsatz?').selectOption('changed');
		await owner.getByLabel('Im letzten Jahr erreichte Personen').fill('44');
		await owner.getByLabel('Kurzes Jahres-Update').fill(UPDATE);
		await submitAndWait(owner, owner.getByRole('button', { name: 'Jahrescheck absenden' }));
		assert.equal(new URL(owner.url()).pathname, '/konto/jahrescheck');
		assert.ok((await owner.locator('main').textContent()).includes('Koordinierungsstelle sieht es sich an'));
		await assertAccessible(owner, 'the list after the answer');
	});

	test('the office approves it and sets the interval', async () => {
		await login(office, ADMIN);
		await office.goto('/admin/jahrescheck');
		await assertAccessible(office, 'the office\'s yearly checks');
		const item = office.locator('main li', { hasText: UPDATE });
		await submitAndWait(office, item.getByRole('button', { name: 'Freigeben und veröffentlichen' }));
		assert.equal(new URL(office.url()).pathname, '/admin/jahrescheck');
		await office.getByLabel('Tage zwischen zwei Jahreschecks').fill('10');
		await submitAndWait(office, office.getByRole('button', { name: 'Einstellungen speichern' }));
		await assertAccessible(office, 'the settings with an error');
		await office.getByLabel('Tage zwischen zwei Jahreschecks').fill('365');
		await submitAndWait(office, office.getByRole('button', { name: 'Einstellungen speichern' }));
		assert.equal(new URL(office.url()).pathname, '/admin/jahrescheck');
	});

	test('a visitor sees the update and filters the catalog by it', async () => {
		await visitor.goto(`/praxis/${SLUG}`);
		const main = await visitor.locator('main').textContent();
		assert.ok(main.includes(UPDATE));
		assert.ok(main.includes('zuletzt bestätigt:'));
		await visitor.goto('/praxis');
		await visitor.getByLabel('in den letzten 12 Monaten bestätigt').check();
		await submitAndWait(visitor, visitor.getByRole('button', { name: 'Filter anwenden' }));
		assert.match(visitor.url(), /bestaetigt=1/);
		await assertAccessible(visitor, 'the catalog filtered by the yearly check');
		assert.ok(await visitor.locator(`main a[href="/praxis/${SLUG}"]`).count() >= 1);
		assert.equal(await visitor.locator('main a[href="/praxis/netzwerkfruehstueck-fachkraeftesicherung"]').count(), 0);
	});

	test('a visitor ticks practices into a selection and shares it', async () => {
		await visitor.goto('/praxis');
		const boxes = visitor.locator('input[form="merkliste"][name="p"]');
		assert.ok((await boxes.count()) >= 2);
		await boxes.nth(0).check();
		await boxes.nth(1).check();
		await submitAndWait(visitor, visitor.getByRole('button', { name: 'Angekreuzte Praxen als Merkliste öffnen' }));
		const url = new URL(visitor.url());
		assert.equal(url.pathname, '/merkliste');
		assert.equal(url.searchParams.getAll('p').length, 2);
		await assertAccessible(visitor, 'the selection');
		assert.equal(await visitor.locator('main a[href^="/merkliste.pdf?p="]').count(), 1);
		// Removing one keeps the other.
		await submitAndWait(visitor, visitor.locator('main a[href^="/merkliste?p="]').first());
		assert.equal(new URL(visitor.url()).searchParams.getAll('p').length, 1);
	});
});
