// Issue 3 in a real browser: the coordination office invites a new person of a sub-project,
// who accepts the invitation from the e-mail, fills a proposal across its sections, attaches
// a PDF, fails a submit for one missing field, fixes it through the error summary, submits
// and gets the receipt by e-mail. axe checks every page of the flow; the essential steps
// are repeated without JavaScript.
//
// The steps share one account and one proposal, so they run in order (node:test runs the
// tests of a describe one after the other); a step whose predecessor failed is skipped.
// The e-mail address is unique per run, so the file also passes against a server other
// tests (or an earlier run) have used.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ADMIN, axeCheck, formatViolations, launch, login, newContext } from './browser.mjs';

/* Where run.sh keeps the server's data; the outbox folder holds the e-mail as .eml files. */
const DATA_DIR = process.env.LEUCHTTURM_DATA;
const OUTBOX = DATA_DIR ? join(DATA_DIR, 'outbox') : null;

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PERSON = {
	email: `e2e-einreichung-${RUN}@teilprojekt.example`,
	invitedName: 'Mira Hoffmann',
	name: 'Mira Hoffmann-Yılmaz',
	password: 'Leuchtfeuer über dem Hafen 2024',
	/* A sub-project of the demo data other than the demo submitter's own. */
	organisation: 'Qualifizierung im Handwerk Leipzig',
};

/* What the new submitter types: umlauts and Markdown on purpose. */
const TITLE = 'Werkstatt-Lotsen: Geflüchtete schnell in Handwerksbetriebe begleiten';
const PROPOSAL = {
	title: TITLE,
	teaser:
		'Lotsinnen begleiten Geflüchtete mit handwerklicher Vorerfahrung vom Erstgespräch bis zum Arbeitsvertrag in einem Leipziger Handwerksbetrieb.',
	in_use_since: '2022',
	situation:
		'Viele Betriebe suchen Fachkräfte, **Geflüchtete** mit Erfahrung finden aber keinen Zugang, weil Abschlüsse fehlen.',
	implementation: 'Wir arbeiten in drei Schritten:\n- Kompetenzfeststellung in der Werkstatt\n- Praktikum im Betrieb\n- Begleitung bis zur Anerkennung',
	resources: 'Zwei Lotsinnen mit je einer halben Stelle, Sachkosten für Werkstatttage.',
	experience: 'Die Werkstatttage überzeugen Betriebe mehr als jedes Zeugnis.',
	transfer_requirements: 'Eine Handwerkskammer als Partnerin und Räume für Werkstatttage.',
	transfer_effort: 'Etwa drei Monate Vorbereitung und eine halbe Stelle im ersten Jahr.',
	transfer_materials: 'Leitfaden für Werkstatttage, Vorlagen für Kompetenzprofile.',
	links: 'https://handwerk-lotsen.example/leitfaden',
	contact_name: 'Mira Hoffmann-Yılmaz',
	contact_email: 'm.hoffmann@handwerk-lotsen.example',
	contact_phone: '+49 341 123456',
};
/* The one required field left empty on the first try, and what is typed into it later. */
const MISSING = 'results';
const RESULTS = '48 Vermittlungen in Ausbildung oder Arbeit seit 2022; 80 % sind nach einem Jahr noch im Betrieb.';
const SELF = 'Die Werkstatt-Lotsen erfüllen dieses Kriterium, weil Betriebe und Kammern sie ohne Zusatzaufwand übernehmen.';
const TERM_KINDS = ['handlungsfeld', 'zielgruppe', 'adressat', 'bundesland'];
const PDF_NAME = 'Projektskizze Werkstatt-Lotsen.pdf';

const state = {}; // what the steps hand on: invite link, proposal id, …
const axeFindings = []; // {what, url, violations}
const axeChecked = []; // what was checked

let browser;
let tmp;
before(async () => {
	browser = await launch();
	tmp = mkdtempSync(join(tmpdir(), 'leuchtturm-e2e-submission-'));
});
after(async () => {
	await browser?.close();
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/* ---- helpers ---------------------------------------------------------------------- */

/* A minimal but valid one-page PDF (header, objects, a correct xref table, trailer). */
function minimalPdf() {
	const content = 'BT /F1 18 Tf 72 770 Td (Werkstatt-Lotsen: Projektskizze) Tj ET';
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let pdf = '%PDF-1.4\n';
	const offsets = [];
	objects.forEach((body, i) => {
		offsets.push(pdf.length);
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = pdf.length;
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}

/* Runs axe on the page and keeps what it finds; the last test of the file reports it all,
 * so that an accessibility problem does not hide the functional steps after it. */
async function axe(page, what) {
	const violations = await axeCheck(page);
	axeChecked.push(what);
	if (violations.length) axeFindings.push({ what, url: page.url(), violations });
}

/* Decodes a quoted-printable body (RFC 2045 6.7): soft line breaks and =XX, as UTF-8. */
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
	return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

/* The .eml files of the outbox addressed to `to`, parsed: {file, to, headers, body}. */
function mailsTo(to) {
	let files = [];
	try {
		files = readdirSync(OUTBOX).filter((f) => /^\d+\.eml$/.test(f));
	} catch (e) {
		if (e.code !== 'ENOENT') throw e;
	}
	const mails = [];
	for (const file of files) {
		const raw = readFileSync(join(OUTBOX, file), 'latin1');
		const split = raw.search(/\r?\n\r?\n/);
		const head = raw.slice(0, split);
		const toLine = /^To:\s*(.*)$/im.exec(head);
		if (!toLine || !toLine[1].toLowerCase().includes(to.toLowerCase())) continue;
		const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
		const qp = /^Content-Transfer-Encoding:\s*quoted-printable/im.test(head);
		mails.push({ file, head, body: qp ? decodeQuotedPrintable(body) : body });
	}
	return mails.sort((a, b) => parseInt(a.file, 10) - parseInt(b.file, 10));
}

/* Waits (bounded) for a mail to `to` whose body passes `match`; the background worker
 * writes the outbox every few seconds. */
async function waitForMail(to, match, what, timeoutMs = 60000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const found = mailsTo(to).find((m) => match(m.body));
		if (found) return found;
		if (Date.now() > until) {
			const seen = mailsTo(to).map((m) => `${m.file}:\n${m.body.slice(0, 400)}`);
			assert.fail(`no ${what} in ${OUTBOX} for ${to} after ${timeoutMs} ms; mails to that address: ${seen.length ? seen.join('\n---\n') : 'none'}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

/* Clicks a submit button and waits until the page after the POST (a redirect, or the same
 * address re-rendered with an error) has loaded: the next "load" event, since the address
 * may not change. Returns the POST's response. */
async function submitAndWait(page, button, pathOfPost) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === pathOfPost),
		page.waitForEvent('load'),
		button.click(),
	]);
	return resp;
}

const pathname = (page) => new URL(page.url()).pathname;
const notice = (page) => page.locator('main .notice').first();
const field = (page, key) => page.locator(`#f-${key}`);
const termBoxes = (page, kind) => page.locator(`#f-${kind} input[type=checkbox][name=term]`);

function requireStep(t, ...keys) {
	for (const k of keys) {
		if (state[k] === undefined) {
			t.skip(`an earlier step failed (no ${k})`);
			return false;
		}
	}
	return true;
}

/* ---- the flow --------------------------------------------------------------------- */

describe('a new sub-project submits a proposal', () => {
	test('the coordination office invites the person; the invitation arrives by e-mail', async () => {
		assert.ok(DATA_DIR, 'LEUCHTTURM_DATA is not set: run the browser tests with tests/e2e/run.sh');
		const context = await newContext(browser);
		try {
			const page = await context.newPage();
			await login(page, ADMIN);
			await page.locator('header nav a[href="/admin/benutzer"]').click();
			await page.waitForURL((u) => u.pathname === '/admin/benutzer');
			await axe(page, 'the user administration (/admin/benutzer)');

			const form = page.locator('main form[action="/admin/benutzer/einladen"]');
			await form.locator('#f-email').pressSequentially(PERSON.email);
			await form.locator('#f-name').pressSequentially(PERSON.invitedName);
			await form.locator('#f-organisation').selectOption({ label: PERSON.organisation });
			// Sub-project only: the form suggests it; make sure of it either way.
			await form.locator('#f-role_admin').uncheck();
			await form.locator('#f-role_board').uncheck();
			await form.locator('#f-role_submitter').check();
			const resp = await submitAndWait(page, form.locator('button[type=submit]'), '/admin/benutzer/einladen');
			assert.equal(resp.status(), 303, `inviting: HTTP ${resp.status()}; ${await page.locator('main').innerText()}`);
			assert.equal(pathname(page), '/admin/benutzer');
			assert.match(await notice(page).innerText(), /Einladung wurde/);

			const mail = await waitForMail(PERSON.email, (b) => b.includes('/einladung/'), 'invitation');
			const link = /https?:\/\/\S*?(\/einladung\/[A-Za-z0-9_-]+)/.exec(mail.body);
			assert.ok(link, `no /einladung/TOKEN link in the invitation:\n${mail.body}`);
			assert.ok(mail.body.includes(PERSON.invitedName), 'the invitation greets the person by name');
			state.invitePath = link[1];
		} finally {
			await context.close();
		}
	});

	/* The new submitter's context stays open across the following steps. */
	let context;
	let page;
	before(async () => {
		context = await newContext(browser);
		page = await context.newPage();
	});
	after(async () => {
		await context?.close();
	});

	test('the person accepts the invitation: name, password, logged in', async (t) => {
		if (!requireStep(t, 'invitePath')) return;
		const resp = await page.goto(state.invitePath);
		assert.equal(resp.status(), 200);
		await axe(page, 'the invitation page (/einladung/TOKEN)');
		const name = field(page, 'name');
		assert.equal(await name.inputValue(), PERSON.invitedName, 'the name from the invitation is suggested');
		await name.fill('');
		await name.pressSequentially(PERSON.name);
		await field(page, 'password').pressSequentially(PERSON.password);
		await field(page, 'password2').pressSequentially(PERSON.password);
		// Enter in the last field submits the form, as a person would.
		await Promise.all([page.waitForURL((u) => u.pathname === '/start'), field(page, 'password2').press('Enter')]);
		assert.match(await notice(page).innerText(), /Willkommen/);
		const menu = await page.locator('header').innerText();
		assert.ok(menu.includes(PERSON.name), `the header names the new person: ${menu}`);
		await axe(page, 'the overview after accepting the invitation (/start)');

		// The link is used up.
		const again = await context.request.get(state.invitePath);
		assert.equal(again.status(), 410, 'the invitation link works only once');
		state.loggedIn = true;
	});

	test('the dashboard offers the open call; a new draft starts empty', async (t) => {
		if (!requireStep(t, 'loggedIn')) return;
		await page.locator('header nav a[href="/einreichung"]').click();
		await page.waitForURL((u) => u.pathname === '/einreichung');
		const lead = await page.locator('main .lead').innerText();
		assert.ok(lead.includes(PERSON.organisation), `the dashboard names the sub-project: ${lead}`);
		await axe(page, 'the dashboard (/einreichung)');

		const start = page.locator('main form[action="/einreichung/neu"] button[type=submit]').first();
		assert.equal((await start.innerText()).trim(), 'Neuen Vorschlag beginnen');
		await Promise.all([page.waitForURL((u) => /^\/vorschlag\/\d+\/bearbeiten$/.test(u.pathname)), start.click()]);
		state.id = Number(/^\/vorschlag\/(\d+)\//.exec(pathname(page))[1]);
		state.editPath = `/vorschlag/${state.id}/bearbeiten`;
		assert.match(await notice(page).innerText(), /Entwurf wurde angelegt/);
		assert.equal(await field(page, 'title').inputValue(), '');
		// The contact starts as the account's own; the person may replace it.
		assert.equal(await field(page, 'contact_name').inputValue(), PERSON.name, 'the contact name is suggested');
		assert.equal(await field(page, 'contact_email').inputValue(), PERSON.email, 'the contact address is suggested');
		assert.equal(await page.locator('#error-summary').count(), 0, 'no error summary on a new draft');
		await axe(page, 'the empty proposal form');
	});

	test('the form is filled across its sections, saved, and a PDF is attached', async (t) => {
		if (!requireStep(t, 'editPath')) return;
		// Overview: typed, the kind chosen with the keyboard, a term in each fieldset.
		for (const key of ['title', 'teaser', 'in_use_since']) await field(page, key).pressSequentially(PROPOSAL[key]);
		const teaserCounter = await page.locator('#f-teaser-counter').innerText();
		assert.equal(teaserCounter.trim(), `${[...PROPOSAL.teaser].length} / 600 Zeichen`, 'the counter follows the typing');

		const art = field(page, 'art');
		await art.focus();
		await page.keyboard.press('ArrowDown'); // the first kind after "– bitte wählen –"
		assert.notEqual(await art.inputValue(), '0', 'a kind of practice is chosen with the arrow key');

		state.terms = [];
		for (const kind of TERM_KINDS) {
			const box = termBoxes(page, kind).first();
			assert.ok((await termBoxes(page, kind).count()) > 0, `#f-${kind} offers terms`);
			await box.focus();
			await page.keyboard.press('Space');
			assert.ok(await box.isChecked(), `Space ticks the first term of ${kind}`);
			state.terms.push(await box.getAttribute('id'));
		}

		// Saved half-way, as a person would before attaching a file.
		const save = page.locator('main form button[name=action][value=save]');
		assert.equal((await save.innerText()).trim(), 'Entwurf speichern');
		let resp = await submitAndWait(page, save, state.editPath);
		assert.equal(resp.status(), 303, `saving: HTTP ${resp.status()}`);
		assert.equal(pathname(page), state.editPath);
		assert.match(await notice(page).innerText(), /Entwurf wurde gespeichert/);
		assert.equal(await field(page, 'title').inputValue(), TITLE, 'the saved title is shown again');

		// The attachment: chosen in the main form and attached when the draft is saved,
		// so text typed meanwhile is not lost.
		const pdfPath = join(tmp, PDF_NAME);
		const pdf = minimalPdf();
		writeFileSync(pdfPath, pdf);
		await field(page, 'title').fill(TITLE + ' (neu)');
		await page.locator('main form #f-file').setInputFiles(pdfPath);
		resp = await submitAndWait(page, save, state.editPath);
		assert.equal(resp.status(), 303, `saving with a file: HTTP ${resp.status()}`);
		assert.equal(pathname(page), state.editPath);
		assert.match(await notice(page).innerText(), /Datei angehängt|file attached/, 'the upload is confirmed');
		assert.equal(await field(page, 'title').inputValue(), TITLE + ' (neu)', 'text typed before choosing the file was saved with it');
		await field(page, 'title').fill(TITLE);
		resp = await submitAndWait(page, save, state.editPath);
		assert.equal(resp.status(), 303);
		const row = page.locator('#anhaenge table tbody tr', { hasText: PDF_NAME });
		assert.equal(await row.count(), 1, `the PDF is listed: ${await page.locator('#anhaenge').innerText()}`);
		assert.match(await row.innerText(), /PDF/);
		// The listed link gives back the very bytes, as a download.
		const href = await row.locator('a').first().getAttribute('href');
		const download = await context.request.get(href);
		assert.equal(download.status(), 200);
		assert.equal(download.headers()['content-type'], 'application/pdf');
		assert.match(download.headers()['content-disposition'] || '', /^attachment;/);
		assert.deepEqual(Buffer.from(await download.body()), pdf, 'the download is the uploaded file');
		assert.equal(await field(page, 'title').inputValue(), TITLE, 'the draft is still there after the upload');
		await axe(page, 'the proposal form with an attachment');

		// The other sections, except the results; the suggested contact is replaced.
		for (const [key, value] of Object.entries(PROPOSAL)) {
			if (['title', 'teaser', 'in_use_since'].includes(key)) continue;
			const f = field(page, key);
			if ((await f.inputValue()) !== '') {
				await f.selectText();
				await page.keyboard.press('Delete');
			}
			await f.pressSequentially(value);
			assert.equal((await f.inputValue()).replace(/\r\n/g, '\n'), value, `#f-${key} holds what was typed`);
		}
		const selfFields = page.locator('textarea[name^="self_"]');
		const nself = await selfFields.count();
		assert.ok(nself >= 4, `a self-assessment per criterion, found ${nself}`);
		state.selfNames = [];
		state.selfLabels = [];
		for (let i = 0; i < nself; i++) {
			const name = await selfFields.nth(i).getAttribute('name');
			await selfFields.nth(i).pressSequentially(`${SELF} (${i + 1})`);
			state.selfNames.push(name);
			// The criterion's name as the form shows it, without "(Pflichtfeld)".
			const label = await page.locator(`label[for="f-${name}"]`).evaluate((l) =>
				[...l.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim(),
			);
			state.selfLabels.push(label);
		}
		assert.equal(await field(page, MISSING).inputValue(), '', `#f-${MISSING} is left empty`);
		state.filled = true;
	});

	/* Every value of the main form, for comparing before and after a round trip. */
	async function formValues() {
		const v = { art: await field(page, 'art').inputValue() };
		for (const key of Object.keys(PROPOSAL)) v[key] = (await field(page, key).inputValue()).replace(/\r\n/g, '\n');
		for (const name of state.selfNames) v[name] = await page.locator(`textarea[name="${name}"]`).inputValue();
		for (const id of state.terms) v[id] = await page.locator(`#${id}`).isChecked();
		return v;
	}

	test('submitting with a required field empty: summary, focus, field error, nothing lost', async (t) => {
		if (!requireStep(t, 'filled')) return;
		const typed = await formValues();
		const submit = page.locator('main form button[name=action][value=submit]');
		assert.equal((await submit.innerText()).trim(), 'Vorschlag einreichen');
		const resp = await submitAndWait(page, submit, state.editPath);
		assert.equal(resp.status(), 422, `the incomplete submit: HTTP ${resp.status()}`);

		const summary = page.locator('#error-summary');
		await summary.waitFor();
		const box = await summary.boundingBox();
		const firstField = await page.locator('main form').first().boundingBox();
		assert.ok(box && firstField && box.y < firstField.y, 'the error summary is above the form');
		assert.match(await summary.locator('h2').innerText(), /Bitte prüfen Sie Ihre Angaben/);
		const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
		assert.deepEqual(
			links.map((l) => l.href),
			[`#f-${MISSING}`],
			`the summary lists exactly the missing field: ${JSON.stringify(links)}`,
		);
		assert.match(links[0].text, /Pflichtfeld/);
		await page.waitForFunction(() => document.activeElement?.id === 'error-summary', null, { timeout: 30000 });

		const missing = field(page, MISSING);
		assert.equal(await missing.getAttribute('aria-invalid'), 'true');
		const errorText = await page.locator(`#f-${MISSING}-error`).innerText();
		assert.match(errorText, /Pflichtfeld/, `the field states its error: ${errorText}`);
		assert.ok(
			((await missing.getAttribute('aria-describedby')) || '').split(' ').includes(`f-${MISSING}-error`),
			'the field is described by its error',
		);
		assert.match(await page.locator(`label[for="f-${MISSING}"]`).innerText(), /Ergebnisse und Wirkung/);
		assert.deepEqual(await formValues(), typed, 'everything typed is still in the form');
		assert.equal(await page.locator('#anhaenge table tbody tr', { hasText: PDF_NAME }).count(), 1, 'the attachment is still listed');
		await axe(page, 'the proposal form with the error summary');

		// Keyboard: from the focused summary, Tab reaches its link; Enter moves to the field.
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), `#f-${MISSING}`);
		await page.keyboard.press('Enter');
		await page.waitForFunction((id) => document.activeElement?.id === id, `f-${MISSING}`, { timeout: 30000 });
		await page.keyboard.type(RESULTS);
		assert.equal(await missing.inputValue(), RESULTS, 'typing goes into the field the link led to');
		state.fixed = true;
	});

	test('submitting again: state "Eingereicht", the notice, the receipt by e-mail', async (t) => {
		if (!requireStep(t, 'fixed')) return;
		const submit = page.locator('main form button[name=action][value=submit]');
		const resp = await submitAndWait(page, submit, state.editPath);
		assert.equal(resp.status(), 303, `the complete submit: HTTP ${resp.status()}; ${await page.locator('main').innerText()}`);
		assert.equal(pathname(page), `/vorschlag/${state.id}`);
		assert.equal((await page.locator('main h1').innerText()).trim(), TITLE);
		assert.equal((await page.locator('main .badge').first().innerText()).trim(), 'Eingereicht');
		assert.match(await notice(page).innerText(), /eingereicht.*Eingangsbestätigung/s);
		// Once submitted, the form opens only to revise it until the deadline (issue 10).
		const editLinks = page.locator(`main a[href="${state.editPath}"]`);
		assert.equal(await editLinks.count(), 1, 'one link to the form once submitted');
		assert.equal((await editLinks.innerText()).trim(), 'Vorschlag überarbeiten', 'it offers a revision, not editing');
		// The content as submitted, Markdown rendered; the attachment; the first version.
		const content = page.locator('#inhalt');
		assert.ok((await content.innerText()).includes(RESULTS), 'the results are on the proposal page');
		assert.equal(await content.locator('li', { hasText: 'Praktikum im Betrieb' }).count(), 1, 'the Markdown list is rendered');
		assert.equal(await page.locator('#anhaenge a', { hasText: PDF_NAME }).count(), 1);
		assert.match(await page.locator('main').innerText(), /Version 1/);
		await axe(page, 'the proposal page after submitting');

		const receipt = await waitForMail(PERSON.email, (b) => b.includes(TITLE), 'receipt containing the title');
		assert.ok(receipt.body.includes(RESULTS), 'the receipt holds the submitted content');
		assert.ok(
			receipt.body.includes(`\n${PROPOSAL.contact_name}\n`) && receipt.body.includes(`\n${PROPOSAL.contact_email}\n`),
			`the receipt holds the contact as typed:\n${receipt.body}`,
		);
		assert.match(receipt.head, /^Subject:/m);
		state.receipt = receipt.body;
		state.submitted = true;

		// The dashboard lists it as submitted.
		await page.locator('header nav a[href="/einreichung"]').click();
		await page.waitForURL((u) => u.pathname === '/einreichung');
		const row = page.locator('main table tbody tr', { has: page.locator(`a[href="/vorschlag/${state.id}"]`) });
		assert.match(await row.innerText(), /Eingereicht/);
		await axe(page, 'the dashboard with the submitted proposal');
	});

	test('the receipt names each criterion as the form does', (t) => {
		if (!requireStep(t, 'receipt', 'selfLabels')) return;
		for (const label of state.selfLabels) {
			const heads = state.receipt.split('\n').filter((l) => l.startsWith('== '));
			assert.ok(state.receipt.includes(label), `the receipt names the criterion "${label}"; its headings: ${heads.join(' ')}`);
		}
	});

	test('without JavaScript: the submitted proposal can be read, a new draft saved', async (t) => {
		if (!requireStep(t, 'submitted')) return;
		const noJs = await newContext(browser, { javaScriptEnabled: false, bypassCSP: false });
		try {
			const p = await noJs.newPage();
			await login(p, PERSON.email, PERSON.password);
			assert.equal(pathname(p), '/start');
			await p.goto('/einreichung');
			await Promise.all([
				p.waitForURL((u) => u.pathname === `/vorschlag/${state.id}`),
				p.locator(`main table a[href="/vorschlag/${state.id}"]`).click(),
			]);
			assert.equal((await p.locator('main h1').innerText()).trim(), TITLE);
			assert.equal((await p.locator('main .badge').first().innerText()).trim(), 'Eingereicht');

			await p.goto('/einreichung');
			await Promise.all([
				p.waitForURL((u) => /^\/vorschlag\/\d+\/bearbeiten$/.test(u.pathname)),
				p.locator('main form[action="/einreichung/neu"] button[type=submit]').first().click(),
			]);
			const draftPath = pathname(p);
			assert.notEqual(draftPath, state.editPath, 'a new draft, not the submitted proposal');
			const title = 'Zweiter Entwurf ohne JavaScript';
			await p.locator('#f-title').pressSequentially(title);
			const resp = await submitAndWait(p, p.locator('main form button[name=action][value=save]'), draftPath);
			assert.equal(resp.status(), 303, `saving without JavaScript: HTTP ${resp.status()}`);
			assert.equal(pathname(p), draftPath);
			assert.match(await p.locator('main .notice').first().innerText(), /Entwurf wurde gespeichert/);
			assert.equal(await p.locator('#f-title').inputValue(), title);
		} finally {
			await noJs.close();
		}
	});

	test('axe reports no WCAG 2.1 AA violations on any page of the flow', (t) => {
		if (!axeChecked.length) {
			t.skip('no page was reached');
			return;
		}
		t.diagnostic(`axe checked ${axeChecked.length} pages: ${axeChecked.join('; ')}`);
		if (axeFindings.length) {
			const report = axeFindings.map((f) => `== ${f.what} (${f.url}):\n${formatViolations(f.violations)}`).join('\n\n');
			assert.fail(`axe: violations on ${axeFindings.length} page(s) of the flow:\n${report}`);
		}
	});
});
