// The public catalog in a real browser: search, filter, open a practice, download its PDF,
// follow the feed link; the same without JavaScript; suggestions while typing (the
// combobox, by keyboard); WCAG 2.1 AA (axe-core) on the catalog, a search, a practice's
// page and the office's practice pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN, BASE_URL, assertAccessible, launch, login, newContext } from './browser.mjs';

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
		return await fn(await context.newPage(), context);
	} finally {
		await context.close();
	}
}

/* Search, filter, open, download, subscribe: what a job-centre employee does. */
async function searchFilterOpen(page, context) {
	await page.goto('/praxis');
	await page.locator('#q').fill('Anerkennungsberatungen');
	await Promise.all([page.waitForURL(/[?&]q=Anerkennungsberatungen/), page.locator('#q').press('Enter')]);
	const results = page.locator('ol.cards > li');
	assert.ok((await results.count()) > 0, 'the search found nothing');
	assert.ok((await page.locator('ol.cards mark').count()) > 0, 'no highlighted match');

	// Narrow down to one field of action; the search stays.
	await page.locator('input[name="feld"][value="anerkennungsberatung"]').check();
	await Promise.all([
		page.waitForURL(/feld=anerkennungsberatung/),
		page.locator('.sidebar button[type=submit]').click(),
	]);
	assert.match(page.url(), /q=Anerkennungsberatungen/);
	assert.ok(await page.locator('input[name="feld"][value="anerkennungsberatung"]').isChecked());

	// The page is bookmarkable: the same address gives the same selection.
	const address = page.url();
	const titles = await page.locator('ol.cards h3').allTextContents();
	await page.goto(address);
	assert.deepEqual(await page.locator('ol.cards h3').allTextContents(), titles);

	// Open the first practice.
	const first = page.locator('ol.cards h3 a').first();
	const title = (await first.textContent()).trim();
	await Promise.all([page.waitForURL(/\/praxis\/[a-z0-9-]+$/), first.click()]);
	assert.equal((await page.locator('main h1').textContent()).trim(), title);
	assert.ok(await page.locator('link[rel=canonical]').count(), 'no canonical link');

	// Its PDF.
	const pdf = await page.locator('a[href$=".pdf"]').getAttribute('href');
	const pdfResponse = await context.request.get(new URL(pdf, BASE_URL).href);
	assert.equal(pdfResponse.status(), 200, `${pdf}: ${pdfResponse.status()}`);
	assert.match(pdfResponse.headers()['content-type'], /^application\/pdf/);
	assert.equal((await pdfResponse.body()).subarray(0, 5).toString(), '%PDF-');

	// The catalog's feed link keeps the selection.
	await page.goto(address);
	const feed = await page.locator('p.feeds a[href^="/feed.atom"]').getAttribute('href');
	assert.match(feed, /q=Anerkennungsberatungen/);
	assert.match(feed, /feld=anerkennungsberatung/);
	const feedResponse = await context.request.get(new URL(feed, BASE_URL).href);
	assert.equal(feedResponse.status(), 200);
	assert.match(await feedResponse.text(), /<feed/);
	assert.ok(await page.locator('head link[rel=alternate][type="application/rss+xml"]').count());
}

describe('the public catalog', () => {
	test('search, filter, open a practice, its PDF and the feed', async () => {
		await withPage(searchFilterOpen);
	});

	test('works without JavaScript', async () => {
		await withPage(searchFilterOpen, { javaScriptEnabled: false });
	});

	test('pages past the end and odd input are answered, not errors', async () => {
		await withPage(async (page) => {
			const past = await page.goto('/praxis?seite=99');
			assert.equal(past.status(), 404);
			// The way to the last page is offered.
			await Promise.all([page.waitForURL(/seite=2$/), page.locator('main a[href="/praxis?seite=2"]').first().click()]);
			assert.ok((await page.locator('ol.cards > li').count()) > 0);
			const odd = await page.goto('/praxis?q=%22NEAR(+*+-');
			assert.equal(odd.status(), 200);
			const bad = await page.goto('/praxis?seite=-1');
			assert.equal(bad.status(), 400);
		});
	});

	test('suggestions while typing: a combobox with a listbox, by keyboard', async () => {
		await withPage(async (page) => {
			await page.goto('/praxis');
			const q = page.locator('#q');
			assert.equal(await q.getAttribute('role'), 'combobox');
			assert.equal(await q.getAttribute('aria-expanded'), 'false');
			await q.pressSequentially('Anerkennungsl');
			const options = page.locator('#q-suggestions [role=option]');
			await options.first().waitFor();
			assert.equal(await q.getAttribute('aria-expanded'), 'true');
			assert.ok((await options.allTextContents()).includes('Anerkennungslotsen'));
			await assertAccessible(page, 'the catalog with its suggestions open');
			// Arrow down marks the first option; Enter searches for it.
			await q.press('ArrowDown');
			const first = options.first();
			assert.equal(await first.getAttribute('aria-selected'), 'true');
			assert.equal(await q.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
			const text = (await first.textContent()).trim();
			await Promise.all([page.waitForURL(/[?&]q=/), q.press('Enter')]);
			assert.equal(await page.locator('#q').inputValue(), text);
			assert.ok((await page.locator('ol.cards > li').count()) > 0);
			// Escape closes the list and keeps what was typed.
			await page.locator('#q').fill('');
			await page.locator('#q').pressSequentially('Sprach');
			await page.locator('#q-suggestions [role=option]').first().waitFor();
			await page.locator('#q').press('Escape');
			assert.equal(await page.locator('#q').getAttribute('aria-expanded'), 'false');
			assert.equal(await page.locator('#q').inputValue(), 'Sprach');
		});
	});

	test('no WCAG 2.1 AA violations (axe-core)', async () => {
		await withPage(async (page) => {
			await page.goto('/praxis');
			await assertAccessible(page, 'the catalog');
			await page.goto('/praxis?q=Pflege&feld=deutsch&sort=titel');
			await assertAccessible(page, 'a search with a filter');
			await page.goto('/praxis?seite=99');
			await assertAccessible(page, 'a page past the end');
			await page.goto('/praxis/anerkennungsberatung-im-betrieb');
			await assertAccessible(page, "a practice's page");
		});
	});

	test("the office's practice pages are accessible too", async () => {
		await withPage(async (page) => {
			await login(page, ADMIN);
			await page.goto('/admin/praxis');
			await assertAccessible(page, 'the list of practices');
			await page.locator('main table a').first().click();
			await page.waitForURL(/\/admin\/praxis\/\d+$/);
			await assertAccessible(page, "a practice's edit form");
			await page.goto('/admin/praxis/neu');
			await Promise.all([
				page.waitForResponse((r) => r.url().endsWith('/admin/praxis/neu') && r.request().method() === 'POST'),
				page.locator('main form.form button[type=submit]').last().click(),
			]);
			await page.waitForLoadState();
			assert.ok(await page.locator('.error-summary').count(), 'no error summary');
			await assertAccessible(page, 'the form with its errors');
		});
	});
});
