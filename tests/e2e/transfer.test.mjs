// Issue 11 in a real browser: a visitor from a Jobcenter reports the adoption of a good
// practice without an account, confirms the address from the .eml in the outbox, the
// coordination office approves the report, and the practice page shows the adoption on
// the map of the Länder. axe checks every page of the flow.
//
// Fields are found by their ids (as in the other browser tests); axe checks their labels.
// The steps share one report, so they run in order; the names are unique per run, so the
// file also passes against a server other tests (or an earlier run) have used.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ADMIN, assertAccessible, launch, login, newContext } from './browser.mjs';

const OUTBOX = process.env.LEUCHTTURM_DATA ? join(process.env.LEUCHTTURM_DATA, 'outbox') : null;
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const SLUG = 'betriebliche-integration-im-hafen';
const VISITOR = {
	name: 'Jana Kröger',
	email: `e2e-transfer-${RUN}@jobcenter.example`,
	organisation: `Jobcenter Bremerhaven ${RUN}`,
	message: 'Wir möchten die Begleitung für den Fischereihafen übernehmen.',
};
const STORY = `Übernommen für den Fischereihafen (${RUN}).`;

function decodeQuotedPrintable(text) {
	const joined = text.replace(/=\r?\n/g, '');
	const bytes = [];
	for (let i = 0; i < joined.length; i++) {
		const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
		if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(joined[i], 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/* The first link with that path in a mail to `to`; waits (bounded) for the mail worker. */
async function linkInMail(to, prefix, timeoutMs = 60000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		let files = [];
		try {
			files = readdirSync(OUTBOX).filter((f) => /^\d+\.eml$/.test(f));
		} catch (e) {
			if (e.code !== 'ENOENT') throw e;
		}
		for (const file of files) {
			const raw = readFileSync(join(OUTBOX, file), 'latin1');
			if (!raw.toLowerCase().includes(`\nto: ${to.toLowerCase()}`)) continue;
			const body = decodeQuotedPrintable(raw.slice(raw.search(/\r?\n\r?\n/)));
			const m = new RegExp(`${prefix}[0-9a-f]{64}`).exec(body);
			if (m) return m[0];
		}
		if (Date.now() > until) assert.fail(`no mail with ${prefix} to ${to} in ${OUTBOX}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function submitAndWait(page, button) {
	await Promise.all([page.waitForEvent('load'), button.click()]);
}

describe('transfer: interest, confirmation, moderation, the map', { concurrency: false }, () => {
	let browser, visitor, office;
	before(async () => {
		assert.ok(OUTBOX, 'LEUCHTTURM_DATA is not set (run through tests/e2e/run.sh)');
		browser = await launch();
		visitor = await (await newContext(browser)).newPage();
		office = await (await newContext(browser)).newPage();
	});
	after(async () => {
		await browser?.close();
	});

	// The Bremen tile of the map: its number and its shade (the fill of "none" is the lightest).
	async function bremenTile(page) {
		const tile = page.locator('section.transfer svg g', { has: page.locator('title', { hasText: /^Bremen: / }) });
		if (await tile.count() === 0) return { n: 0, fill: NONE };
		const title = await tile.locator('title').textContent();
		return { n: Number(title.split(': ')[1]), fill: await tile.locator('rect').getAttribute('fill') };
	}
	const NONE = '#f1f3f5';
	let bremenBefore;

	test('the visitor reports the adoption from the practice page', async () => {
		await visitor.goto(`/praxis/${SLUG}`);
		bremenBefore = await bremenTile(visitor);
		await assertAccessible(visitor, 'the practice page');
		await submitAndWait(visitor, visitor.getByRole('link', { name: 'Interesse oder Übernahme melden' }));
		assert.equal(new URL(visitor.url()).pathname, `/praxis/${SLUG}/interesse`);
		await assertAccessible(visitor, 'the interest form');
		await visitor.locator('#f-name').fill(VISITOR.name);
		await visitor.locator('#f-email').fill(VISITOR.email);
		await visitor.locator('#f-organisation').fill(VISITOR.organisation);
		await visitor.locator('#f-kind').selectOption('jobcenter');
		await visitor.locator('#f-bundesland').selectOption('hb');
		await visitor.locator('#f-stage').selectOption('adopted');
		await visitor.locator('#f-message').fill(VISITOR.message);
		await visitor.locator('#f-name_public').check();
		// Without the consent: the error next to the box, and nothing is sent.
		await submitAndWait(visitor, visitor.locator('main form button[type=submit]'));
		await visitor.locator('#f-consent-error').waitFor();
		await assertAccessible(visitor, 'the form with an error');
		await visitor.locator('#f-consent').check();
		await submitAndWait(visitor, visitor.locator('main form button[type=submit]'));
		assert.equal(new URL(visitor.url()).pathname, `/praxis/${SLUG}`);
		await visitor.locator('main .notice').first().waitFor();
	});

	test('the visitor confirms the address from the e-mail', async () => {
		const link = await linkInMail(VISITOR.email, '/uebernahme/bestaetigen/');
		await visitor.goto(link);
		await assertAccessible(visitor, 'the confirmation page');
		await submitAndWait(visitor, visitor.getByRole('button', { name: 'Bestätigen' }));
		assert.equal(new URL(visitor.url()).pathname, `/praxis/${SLUG}`);
		// The private link follows; through it the visitor adds what was adapted.
		const manage = await linkInMail(VISITOR.email, '/uebernahme/meldung/');
		await visitor.goto(manage);
		await assertAccessible(visitor, 'the private report page');
		await visitor.locator('#f-report_text').fill(STORY);
		await submitAndWait(visitor, visitor.getByRole('button', { name: 'Meldung speichern' }));
		await visitor.locator('main .notice').first().waitFor();
	});

	test('the office approves the report', async () => {
		await login(office, ADMIN);
		await office.goto('/admin/uebernahmen');
		await assertAccessible(office, 'the transfer reports');
		await submitAndWait(office, office.getByRole('link', { name: VISITOR.organisation }));
		await assertAccessible(office, 'one report');
		assert.ok((await office.locator('main').textContent()).includes(VISITOR.email));
		await submitAndWait(office, office.getByRole('button', { name: 'Freigeben und veröffentlichen' }));
		assert.equal(new URL(office.url()).pathname, '/admin/uebernahmen');
	});

	test('the practice page shows the adoption on the map', async () => {
		await visitor.goto(`/praxis/${SLUG}`);
		const section = visitor.locator('section.transfer');
		await section.locator('svg[role=img]').waitFor();
		assert.match(await section.locator('.transfer-count').textContent(), /Übernommen von \d+ Einrichtung/);
		const bremen = section.locator('table tr', { has: visitor.locator('th', { hasText: 'Bremen' }) });
		assert.ok(Number(await bremen.locator('td').textContent()) >= 1);
		// On the map, Bremen counts one more and is shaded.
		const tile = await bremenTile(visitor);
		assert.equal(tile.n, bremenBefore.n + 1);
		assert.notEqual(tile.fill, NONE);
		assert.equal(Number(await bremen.locator('td').textContent()), tile.n);
		const text = await section.textContent();
		assert.ok(text.includes(STORY));
		assert.ok(text.includes(VISITOR.organisation));
		assert.ok(!text.includes(VISITOR.email) && !text.includes(VISITOR.name));
		await assertAccessible(visitor, 'the practice page with the map');
		await visitor.goto('/transfer');
		assert.ok((await visitor.locator('main').textContent()).includes(STORY));
		await assertAccessible(visitor, 'the transfer page');
	});
});
