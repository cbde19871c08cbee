// Issue 10, point 1, in a real browser: the office tries to move a call to its review too
// early, reads what is not ready (each point with its link), puts one point right (the
// board), and goes ahead with the rest (the deadline) by giving a reason. axe finds no WCAG
// 2.1 AA violation on the pages that list the points.
//
// The test makes a call of its own (so the demo's calls stay as the other files expect):
// open, its deadline weeks ahead, no board. The steps run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN, assertAccessible, launch, login, newContext } from './browser.mjs';

const TITLE = 'E2E-Runde: Phasenwechsel mit Vorbedingungen';
const REASON = 'Das Gremium hat die Sitzung vorgezogen; die Runde endet vorzeitig (e2e).';
const DAY = 86400000;

let browser, context, page;
before(async () => {
	browser = await launch();
	context = await newContext(browser);
	page = await context.newPage();
	// The phase buttons ask "Move the call …?" (data-confirm): the office says yes.
	page.on('dialog', (dialog) => dialog.accept());
	await login(page, ADMIN);
});
after(async () => {
	await context?.close();
	await browser?.close();
});

/* "2026-12-02T09:00" for a datetime-local field, days from now (the hour does not matter). */
function inDays(days) {
	return new Date(Date.now() + days * DAY).toISOString().slice(0, 14) + '00';
}

/* The kinds of what is not ready, as listed on the current page. */
function listedKinds() {
	return page.locator('ul.readiness li').evaluateAll((items) => items.map((li) => li.dataset.kind));
}

/* Clicks the call page's button to the phase named label (German) and waits for the answer. */
async function moveTo(label) {
	await Promise.all([
		page.waitForLoadState('load'),
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/phase')),
		page.getByRole('button', { name: `Weiter zu „${label}“` }).click(),
	]);
}

const state = {}; // the call's address

describe('phase change with preconditions', () => {
	test('the office creates a call and opens it', async () => {
		await page.goto('/admin/ausschreibungen/neu');
		await page.locator('#f-title').fill(TITLE);
		await page.locator('#f-opens_at').fill(inDays(-1));
		await page.locator('#f-closes_at').fill(inDays(30));
		await page.locator('#f-review_until').fill(inDays(60));
		await page.locator('#f-meeting_at').fill(inDays(70));
		await Promise.all([
			page.waitForURL(/\/admin\/ausschreibungen\/\d+$/),
			page.locator('main form button[type=submit]').click(),
		]);
		state.path = new URL(page.url()).pathname;
		// Preparing → open has no preconditions.
		await moveTo('Offen für Vorschläge');
		await page.waitForURL((url) => url.pathname === state.path);
		assert.match(await page.locator('[aria-current="step"]').innerText(), /Offen für Vorschläge/);
		// The page says before the step what is not ready for the review.
		assert.deepEqual((await listedKinds()).sort(), ['constituencies', 'deadline_ahead']);
		await assertAccessible(page, 'the call\u2019s page with what is not ready');
	});

	test('moving to review too early is refused with the list, which passes axe', async () => {
		await moveTo('In Bewertung');
		assert.equal(new URL(page.url()).pathname, `${state.path}/phase`);
		await page.getByRole('heading', { name: 'Was noch nicht bereit ist' }).waitFor();
		assert.deepEqual((await listedKinds()).sort(), ['constituencies', 'deadline_ahead']);
		assert.match(await page.locator('main').innerText(), /Es wurde nichts geändert/);
		await assertAccessible(page, 'the phase change\u2019s list of what is not ready');
	});

	test('the office puts the board right through the list\u2019s link', async () => {
		await Promise.all([
			page.waitForURL((url) => url.pathname === `${state.path}/gremium`),
			page.locator('li[data-kind="constituencies"] a').click(),
		]);
		for (const [name, constituency] of [
			['Dr. Jonas Albrecht', 'funder'],
			['Stefan Brandt', 'network'],
		]) {
			const value = await page
				.locator('#f-user option')
				.evaluateAll((opts, n) => opts.find((o) => o.textContent.includes(n))?.value, name);
			assert.ok(value, `${name} can be added to the board`);
			await page.locator('#f-user').selectOption(value);
			await page.locator('#f-constituency').selectOption(constituency);
			await Promise.all([
				page.waitForURL((url) => url.pathname === `${state.path}/gremium`),
				page.locator(`form[action="${state.path}/gremium"] button[type=submit]`).click(),
			]);
		}
		await page.goto(state.path);
		assert.deepEqual(await listedKinds(), ['deadline_ahead']);
	});

	test('the office moves the call on with a reason for the rest', async () => {
		await moveTo('In Bewertung');
		assert.deepEqual(await listedKinds(), ['deadline_ahead']);
		// The reason is required: the form does not go without one (the server refuses a
		// blank one too: tests/http/test_http_phase_guards.c).
		assert.notEqual(await page.locator('#f-reason').getAttribute('required'), null);
		await page.locator('#f-reason').fill(REASON);
		await Promise.all([
			page.waitForURL((url) => url.pathname === state.path),
			page.getByRole('button', { name: 'Mit dieser Begründung in „In Bewertung“ überführen' }).click(),
		]);
		assert.match(await page.locator('[aria-current="step"]').innerText(), /In Bewertung/);
		assert.equal(await page.locator('#readiness').count(), 0);
	});
});
