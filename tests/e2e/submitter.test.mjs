// Issue 10, point 3, in a real browser: the demo sub-project reads the open call's page
// from its overview (text, dates, criteria with the scale, formal requirements, whom to
// ask), starts a proposal there, submits it, revises it before the deadline (a first try
// with an empty section is refused with the field named), and downloads the PDF receipt of
// the revised version. axe checks the pages new to this flow (the call, the refused
// revision with its messages, the revised proposal with its versions).
//
// The steps share one proposal, so they run in order; a step whose predecessor failed is
// skipped. The title is unique per run, so the file passes against a used server too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { SUBMITTER, axeCheck, formatViolations, launch, login, newContext } from './browser.mjs';

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const TITLE = `Sprachlotsen im Betrieb ${RUN}`;
const REVISED = `Sprachlotsen im Betrieb, überarbeitet ${RUN}`;
const TEXTS = {
	teaser: 'Sprachlotsinnen begleiten neue Fachkräfte in den ersten Monaten im Betrieb.',
	in_use_since: '2023',
	situation: 'Neue Fachkräfte verstehen die **Fachsprache** im Betrieb oft nicht.',
	implementation: 'Wir schulen Kolleginnen als Lotsinnen.',
	resources: 'Eine halbe Stelle.',
	results: '40 Lotsinnen in 12 Betrieben.',
	experience: 'Früh die Betriebsräte gewinnen.',
	transfer_requirements: 'Ein Betrieb, der mitmacht.',
	transfer_effort: 'Zwei Schulungstage je Lotsin.',
	contact_name: 'Aylin Demir',
	contact_email: 'projekt@iq-demo.example',
};
const TERM_KINDS = ['handlungsfeld', 'zielgruppe', 'adressat', 'bundesland'];

const state = {};
const findings = [];
let browser;
let context;
let page;
before(async () => {
	browser = await launch();
	context = await newContext(browser);
	page = await context.newPage();
});
after(async () => {
	await context?.close();
	await browser?.close();
	assert.deepEqual(findings, [], findings.map((f) => `${f.what}:\n${formatViolations(f.violations)}`).join('\n\n'));
});

async function axe(what) {
	const violations = await axeCheck(page);
	if (violations.length) findings.push({ what, violations });
}

const pathname = () => new URL(page.url()).pathname;
const field = (key) => page.locator(`#f-${key}`);
const notice = () => page.locator('main .notice').first();

/* Clicks a submit button and waits for the page after the POST (a redirect, or the form
 * again with its errors). Returns the POST's response. */
async function submitAndWait(button, pathOfPost) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === pathOfPost),
		page.waitForEvent('load'),
		button.click(),
	]);
	return resp;
}

function requireStep(t, key) {
	if (state[key] === undefined) {
		t.skip(`an earlier step failed (no ${key})`);
		return false;
	}
	return true;
}

describe('a sub-project reads the call, submits, revises and keeps the receipt', () => {
	test('the overview leads to the call, which says what counts and whom to ask', async () => {
		await login(page, SUBMITTER);
		const card = page.locator('main a[href^="/einreichung/ausschreibung/"]').first();
		assert.ok((await card.count()) > 0, 'the overview links to the open call');
		await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/einreichung/ausschreibung/')), card.click()]);
		state.callPath = pathname();
		const main = await page.locator('main').innerText();
		for (const heading of ['Termine', 'Kriterien', 'Formale Anforderungen', 'Fragen?']) {
			assert.ok(main.includes(heading), `the call's page has "${heading}"`);
		}
		assert.match(main, /voll erfüllt/, 'the scale is explained with its descriptors');
		assert.ok((await page.locator('main a[href^="mailto:"]').count()) > 0, 'the office can be written to');
		await axe(`the call's page (${state.callPath})`);
	});

	test('a proposal started from the call is filled and submitted', async (t) => {
		if (!requireStep(t, 'callPath')) return;
		const start = page.locator('main form[action="/einreichung/neu"] button[type=submit]');
		await Promise.all([page.waitForURL((u) => /^\/vorschlag\/\d+\/bearbeiten$/.test(u.pathname)), start.click()]);
		const editPath = pathname();
		assert.ok((await page.locator(`main a[href="${state.callPath}"]`).count()) > 0, 'the form links back to the call');
		await field('title').fill(TITLE);
		for (const [key, value] of Object.entries(TEXTS)) await field(key).fill(value);
		await field('art').selectOption({ index: 1 });
		for (const kind of TERM_KINDS) await page.locator(`#f-${kind} input[type=checkbox]`).first().check();
		const selves = page.locator('textarea[name^="self_"]');
		for (let i = 0; i < (await selves.count()); i++) await selves.nth(i).fill('Erfüllt, weil Betriebe es ohne Hilfe übernehmen.');
		const resp = await submitAndWait(page.locator('main form button[name=action][value=submit]'), editPath);
		assert.equal(resp.status(), 303, `submitting: HTTP ${resp.status()}`);
		assert.match(pathname(), /^\/vorschlag\/\d+$/);
		assert.match(await notice().innerText(), /eingereicht/);
		state.proposalPath = pathname();
		state.editPath = editPath;
	});

	test('the submitted proposal is revised: refused with the field named, then version 2', async (t) => {
		if (!requireStep(t, 'proposalPath')) return;
		const revise = page.locator('main a', { hasText: 'Vorschlag überarbeiten' });
		await Promise.all([page.waitForURL((u) => u.pathname === state.editPath), revise.click()]);
		await field('title').fill(REVISED);
		await field('implementation').fill('');
		const button = page.locator('main form button[name=action][value=submit]');
		assert.equal((await button.innerText()).trim(), 'Überarbeitete Version einreichen');
		let resp = await submitAndWait(button, state.editPath);
		assert.equal(resp.status(), 422, 'an incomplete revision is refused');
		const summary = page.locator('#error-summary');
		assert.match(await summary.innerText(), /Umsetzung: Dies ist ein Pflichtfeld\./);
		assert.match(await page.locator('#f-implementation-error').innerText(), /Umsetzung: Dies ist ein Pflichtfeld\./);
		await axe('the refused revision');
		// The summary's link leads to the field; what was typed is still there.
		await summary.locator('a[href="#f-implementation"]').click();
		assert.equal(await field('title').inputValue(), REVISED);
		await field('implementation').fill('Wir schulen Kolleginnen als Lotsinnen, in vier Modulen.');
		resp = await submitAndWait(button, state.editPath);
		assert.equal(resp.status(), 303, `revising: HTTP ${resp.status()}`);
		assert.equal(pathname(), state.proposalPath);
		assert.match(await notice().innerText(), /neue Version eingereicht/);
		const versions = await page.locator('main').innerText();
		assert.match(versions, /Version 2, eingereicht am/);
		assert.match(versions, /ersetzt Version 1/);
		state.revised = true;
		await axe('the revised proposal');
	});

	test('the receipt of version 2 downloads as a PDF', async (t) => {
		if (!requireStep(t, 'revised')) return;
		const link = page.locator('main a[href$="/eingangsbestaetigung.pdf"]').first();
		assert.match(await link.innerText(), /Eingangsbestätigung der Version 2 \(PDF\)/);
		const href = await link.getAttribute('href');
		const resp = await context.request.get(href);
		assert.equal(resp.status(), 200);
		assert.equal(resp.headers()['content-type'], 'application/pdf');
		const body = await resp.body();
		assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
		// Logged out, the same address asks for a login instead.
		const anonymous = await browser.newContext({ baseURL: new URL(page.url()).origin });
		try {
			const refused = await anonymous.request.get(href, { maxRedirects: 0 });
			assert.equal(refused.status(), 303);
			assert.match(refused.headers().location, /^\/anmelden/);
		} finally {
			await anonymous.close();
		}
	});
});
