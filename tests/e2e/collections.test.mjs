// Issue 12, point 3 in a real browser: the office composes a collection without
// JavaScript-only controls (title, Markdown introduction, audience, one line per practice
// with its note), previews and publishes it; a visitor finds it under /sammlungen, reads it,
// and reaches it from a practice's page. axe checks every page of the flow.
//
// The title is unique per run, so the file also passes against a server other tests (or an
// earlier run) have used.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN, assertAccessible, launch, login, newContext } from './browser.mjs';

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const TITLE = `Sprache im Beruf ${RUN}`;
const SLUG = `sprache-im-beruf-${RUN}`;

async function submitAndWait(page, button) {
	await Promise.all([page.waitForEvent('load'), button.click()]);
}

describe('collections: compose, preview, publish, read', { concurrency: false }, () => {
	let browser, visitor, office;
	before(async () => {
		browser = await launch();
		visitor = await (await newContext(browser)).newPage();
		office = await (await newContext(browser)).newPage();
	});
	after(async () => {
		await browser?.close();
	});

	test('the office composes, previews and publishes a collection', async () => {
		await login(office, ADMIN);
		await office.goto('/admin/sammlungen');
		await assertAccessible(office, 'the office\'s collections');
		await office.locator('#f-title').fill(TITLE);
		await submitAndWait(office, office.getByRole('button', { name: 'Anlegen' }));
		assert.match(new URL(office.url()).pathname, /^\/admin\/sammlungen\/\d+$/);
		await assertAccessible(office, 'the collection\'s form');
		await office.locator('#f-intro').fill('Deutsch **für den Beruf**.');
		await office.getByLabel('Bildungsträger').check();
		await office.locator('#f-practices').fill(
			'fachsprachpruefung-medizin-vorbereiten | Für Ärztinnen\ngibt-es-nicht');
		await submitAndWait(office, office.getByRole('button', { name: 'Speichern' }));
		await office.locator('#f-practices-error').waitFor();
		await assertAccessible(office, 'the form with an error');
		await office.locator('#f-practices').fill(
			'fachsprachpruefung-medizin-vorbereiten | Für Ärztinnen\n' +
				'digitale-lernplattform-berufsbezogenes-deutsch');
		await submitAndWait(office, office.getByRole('button', { name: 'Speichern' }));
		await office.locator('main .notice').first().waitFor();
		await submitAndWait(office, office.getByRole('link', { name: 'Vorschau' }));
		assert.ok((await office.locator('main').textContent()).includes('Für Ärztinnen'));
		await assertAccessible(office, 'the preview');
		await submitAndWait(office, office.getByRole('link', { name: 'Zurück zur Bearbeitung' }));
		await submitAndWait(office, office.getByRole('button', { name: 'Veröffentlichen' }));
		assert.ok((await office.locator('main').textContent()).includes(`/sammlung/${SLUG}`));
	});

	test('a visitor finds and reads it, also from a practice', async () => {
		await visitor.goto('/sammlungen');
		await assertAccessible(visitor, 'the collections');
		await submitAndWait(visitor, visitor.getByRole('link', { name: TITLE }));
		assert.equal(new URL(visitor.url()).pathname, `/sammlung/${SLUG}`);
		const main = await visitor.locator('main').textContent();
		assert.ok(main.includes('Für Ärztinnen') && main.includes('Bildungsträger'));
		await assertAccessible(visitor, 'a collection');
		await visitor.goto('/praxis/fachsprachpruefung-medizin-vorbereiten');
		await submitAndWait(visitor, visitor.getByRole('link', { name: TITLE }));
		assert.equal(new URL(visitor.url()).pathname, `/sammlung/${SLUG}`);
	});
});
