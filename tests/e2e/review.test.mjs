// Issue 4 in a real browser, on the demo's call in review: a board member opens a proposal,
// does not see the other members' ratings, rates it (every criterion with a score and a
// justification), submits, and only then sees the others'; a member with a conflict of
// interest on it cannot reach it by its address; the internal discussion; and axe finds no
// WCAG 2.1 AA violation on the rating form, the ranking and the office's progress and
// assignment pages.
//
// Who is who (src/cli/demo/review.c): the funder's account (gremium@) has not rated
// "Videosprechstunde Berufssprache"; the transfer project (Miriam Okafor) and the Fachstelle
// (Dr. Lena Hoffmann) have submitted ratings of it; the network member (gremium-netzwerk@,
// IQ Netzwerk Niedersachsen) is automatically conflicted on it (its sub-project is in
// Hannover). The steps run in order and expect the demo data as run.sh seeds it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN, BOARD, assertAccessible, launch, login, newContext } from './browser.mjs';

const NETWORK_MEMBER = 'gremium-netzwerk@iq-demo.example';
const TITLE = 'Videosprechstunde Berufssprache';
const OTHERS = ['Miriam Okafor', 'Dr. Lena Hoffmann'];
const JUSTIFICATION = 'Im Antrag mit Zahlen belegt (e2e).';
const POST = 'Sind die 600 Sprechstunden je Coach gezählt? (e2e)';

const state = {}; // the proposal's address, handed from step to step

let browser;
before(async () => {
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

/* Runs fn with a page of its own context, logged in as email. */
async function as(email, fn) {
	const context = await newContext(browser);
	try {
		const page = await context.newPage();
		await login(page, email);
		return await fn(page);
	} finally {
		await context.close();
	}
}

/* The text of the section with the other members' ratings. */
function othersText(page) {
	return page.locator('section[aria-labelledby="others-h"]').innerText();
}

describe('board review', () => {
	test('the member sees the others\u2019 ratings only after submitting their own', () =>
		as(BOARD, async (page) => {
			await page.goto('/gremium');
			const link = page.locator('main table a', { hasText: TITLE });
			assert.equal(await link.count(), 1, `"${TITLE}" is in the funder's list`);
			state.path = await link.getAttribute('href');
			assert.match(state.path, /^\/gremium\/vorschlag\/\d+$/);
			await link.click();
			await page.waitForURL((url) => url.pathname === state.path);

			// Nothing submitted yet: the others' ratings stay hidden.
			let others = await othersText(page);
			for (const name of OTHERS) assert.ok(!others.includes(name), `${name}'s rating is hidden before: ${others}`);
			await assertAccessible(page, 'the rating form');

			// Submitting without justifications is refused, naming the fields.
			await page.locator('input[name="score_0"][value="2"]').check();
			await Promise.all([
				page.waitForLoadState('load'),
				page.locator('button[name="action"][value="submit"]').click(),
			]);
			assert.ok(await page.locator('#error-summary').isVisible(), 'the error summary is shown');
			await assertAccessible(page, 'the rating form with errors');

			// Every criterion with a score and a justification, a recommendation, submit.
			const criteria = await page.locator('fieldset textarea[name^="just_"]').count();
			assert.equal(criteria, 5, 'five rated criteria (effizient with its two aspects)');
			for (let i = 0; i < criteria; i++) {
				await page.locator(`input[name="score_${i}"][value="${i === 1 ? 3 : 2}"]`).check();
				await page.locator(`#f-just_${i}`).fill(JUSTIFICATION);
			}
			await page.locator('#f-recommendation').selectOption('select');
			await Promise.all([
				page.waitForURL((url) => url.pathname === state.path),
				page.locator('button[name="action"][value="submit"]').click(),
			]);
			assert.equal(await page.locator('#error-summary').count(), 0, 'no errors after submitting');
			others = await othersText(page);
			for (const name of OTHERS) assert.ok(others.includes(name), `${name}'s rating shows after: ${others}`);
			await assertAccessible(page, 'the proposal page after submitting');
		}));

	test('the member writes in the internal discussion', () =>
		as(BOARD, async (page) => {
			assert.ok(state.path, 'the first step found the proposal');
			await page.goto(state.path);
			await page.locator('#f-body').fill(POST);
			await Promise.all([
				page.waitForURL((url) => url.pathname === state.path && url.hash === '#diskussion'),
				page.locator('#diskussion button[type=submit]').click(),
			]);
			assert.ok((await page.locator('#diskussion').innerText()).includes(POST));
			await assertAccessible(page, 'the proposal page with the discussion');
		}));

	test('a conflicted member cannot reach the proposal by its address', () =>
		as(NETWORK_MEMBER, async (page) => {
			assert.ok(state.path, 'the first step found the proposal');
			await page.goto('/gremium');
			assert.equal(await page.locator('main table a', { hasText: TITLE }).count(), 0, 'not in the conflicted list');
			const resp = await page.goto(state.path);
			assert.equal(resp.status(), 404);
			const body = await page.locator('main').innerText();
			assert.ok(!body.includes(TITLE), 'the 404 page does not name the proposal');
			assert.ok(!body.includes(POST), 'nor the discussion');
			assert.ok(!body.includes(JUSTIFICATION), 'nor a rating');
		}));

	test('the office\u2019s ranking, progress and assignment pages pass axe', () =>
		as(ADMIN, async (page) => {
			await page.goto('/gremium');
			// The office's list of calls in review: the one in review is the demo's 2026/I.
			const item = page.locator('main li', { hasText: 'Ausschreibungsrunde 2026/I:' });
			const href = await item.locator('a[href$="/ranking"]').getAttribute('href');
			const call = href.replace(/\/ranking$/, '');
			await page.goto(href);
			assert.ok((await page.locator('main table').innerText()).includes(TITLE));
			await assertAccessible(page, 'the ranking');
			await page.goto(`${call}/fortschritt`);
			assert.equal(await page.locator('main h1').count(), 1);
			await assertAccessible(page, 'the progress page');
			await page.goto(`${call}/zuteilung`);
			await assertAccessible(page, 'the assignment page');
		}));
});
