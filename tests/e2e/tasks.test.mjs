// Issue 10, points 5 and 6 in a real browser, on the demo data: the office reads its task
// list on the overview, follows the missing ratings of the call in review to the progress
// page, then adds several members at once to the board of a call it creates (so no other
// test's board changes): one paste with a wrong address is refused line by line and adds
// nobody, the corrected one adds them all. A board member
// sees their own ratings due. axe finds no WCAG 2.1 AA violation on the overviews and on the
// board page with its per-line errors (review.test.mjs checks the progress page).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN, BOARD, assertAccessible, launch, login, newContext } from './browser.mjs';

const TRANSFER = 'gremium-transfer@iq-demo.example';
const FACHSTELLE = 'gremium-fachstelle@iq-demo.example';
const WRONG = 'niemand-e2e@example.org';

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

/* Submits the form holding locator and waits for the answer's page. */
async function submit(page, button) {
	await Promise.all([page.waitForLoadState('load'), button.click()]);
}

describe('task lists and the board at scale', () => {
	test('the office follows a task link and adds several members', () =>
		as(ADMIN, async (page) => {
			await page.goto('/start');
			const tasks = page.locator('section[aria-labelledby="tasks-h"]');
			assert.ok(await tasks.isVisible(), 'the task list is on the overview');
			await assertAccessible(page, 'the office overview with its tasks');

			// The missing ratings lead to the progress page of the call in review.
			const missing = tasks.locator('section[aria-labelledby="task-3"] li.task > a').first();
			const href = await missing.getAttribute('href');
			assert.match(href, /^\/admin\/ausschreibungen\/\d+\/fortschritt$/);
			await Promise.all([page.waitForURL((url) => url.pathname === href), missing.click()]);
			assert.ok(await page.locator('form[action$="/erinnern"] button').count() > 0,
				'a member can be reminded by hand');

			// A call of its own, so no other test's board changes.
			await page.goto('/admin/ausschreibungen/neu');
			await page.locator('input[name="title"]').fill('Runde e2e Gremium');
			const year = new Date().getFullYear() + 2;
			await page.locator('input[name="opens_at"]').fill(`${year}-01-10T09:00`);
			await page.locator('input[name="closes_at"]').fill(`${year}-03-10T18:00`);
			await page.locator('input[name="review_until"]').fill(`${year}-04-10T18:00`);
			await page.locator('input[name="meeting_at"]').fill(`${year}-05-10T10:00`);
			await submit(page, page.locator('main form button[type="submit"]').first());
			const call = new URL(page.url()).pathname;
			assert.match(call, /^\/admin\/ausschreibungen\/\d+$/, `the new call's page: ${call}`);
			const board = `${call}/gremium`;
			await page.goto(board);
			const form = page.locator('form[action$="/gremium/mehrere"]');
			assert.ok(await form.isVisible(), 'the form for several members is shown');

			// The funder's account picked, two addresses pasted, one of them wrong: refused
			// per line.
			await form.getByLabel(/Jonas Albrecht/).check();
			await form.locator('textarea[name="emails"]').fill(`${TRANSFER}\n${WRONG}`);
			await submit(page, form.locator('button[type="submit"]'));
			const lines = page.locator('#emails-lines li');
			assert.equal(await lines.count(), 1, 'one line is wrong');
			assert.ok((await lines.first().innerText()).includes(WRONG), 'the wrong line is named');
			assert.equal(await page.locator('#error-summary').count(), 1, 'the summary links the field');
			assert.ok(await page.locator('form[action$="/gremium/mehrere"] input[name^="pick_"]:checked').count() === 1,
				'the account picked stays picked');
			await assertAccessible(page, 'the board page with per-line errors');
			assert.equal(await page.locator('main table tbody tr').count(), 0, 'nobody was added');

			// Corrected: everyone is added.
			await page.locator('textarea[name="emails"]').fill(`${TRANSFER}\n${FACHSTELLE}`);
			await submit(page, page.locator('form[action$="/gremium/mehrere"] button[type="submit"]'));
			assert.equal(new URL(page.url()).pathname, board);
			const rows = page.locator('section[aria-labelledby="members-h"] table tbody tr');
			assert.equal(await rows.count(), 3, 'three members on the board');
		}));

	test('a board member sees their own ratings due', () =>
		as(BOARD, async (page) => {
			await page.goto('/start');
			const mine = page.locator('section[aria-labelledby="task-rate-h"]');
			assert.ok(await mine.isVisible(), 'the ratings due are on the overview');
			assert.ok(await mine.locator('a[href^="/gremium/vorschlag/"]').count() > 0,
				'each proposal to rate is linked');
			assert.equal(await page.locator('section[aria-labelledby="tasks-h"]').count(), 0,
				'no office list for a board member');
			await assertAccessible(page, 'the board member overview');
		}));
});
