// The sweep over every page: reads the GET routes of src/routes.c, fills their parameters
// with the demo's ids, slugs and tokens (PARAMS below), and for each role -- anonymous, a
// sub-project, a board member, the coordination office -- visits every route that role may
// reach, at 1280 px and at 390 px. Each HTML page must answer 200, pass axe-core (WCAG 2.1
// AA) at both widths and not scroll sideways at 390 px; all pages together go through ONE
// run of the Nu HTML Checker (a JVM: one start for everything). Other responses (feeds,
// CSV, PDF, JSON) must answer 200 too. A route added to routes.c later is covered without
// a change here, or fails with a message naming the parameter that PARAMS lacks.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { ADMIN, BOARD, SUBMITTER, axeCheck, formatViolations, launch, login, newContext } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const VNU = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };

/* The roles, as routes.c names the access of a row. */
const ROLES = [
	{ name: 'anonymous', email: null },
	{ name: 'submitter', email: SUBMITTER },
	{ name: 'board', email: BOARD },
	{ name: 'office', email: ADMIN },
];
const ACCESS = {
	ANY: ['anonymous', 'submitter', 'board', 'office'],
	ACCESS_PUBLIC: ['anonymous', 'submitter', 'board', 'office'],
	ANON: ['anonymous'],
	ACCESS_ANON: ['anonymous'],
	LOGIN: ['submitter', 'board', 'office'],
	ACCESS_LOGIN: ['submitter', 'board', 'office'],
	ADMIN: ['office'],
	ROLE_ADMIN: ['office'],
	SUBMITTER: ['submitter'],
	ROLE_SUBMITTER: ['submitter'],
	ROLE_BOARD: ['board'],
};

/* Every GET row of the route table: {pattern, roles}. A row may wrap over lines. */
export function getRoutes(source) {
	const start = source.indexOf('table[] = {');
	assert.ok(start >= 0, 'src/routes.c has no "table[] = {"');
	const body = source.slice(start, source.indexOf('\n};', start)).replace(/\/\*[\s\S]*?\*\//g, '');
	const routes = [];
	const row = /\{\s*"GET"\s*,\s*"([^"]+)"\s*,\s*\w+\s*,\s*([^,]+?)\s*,/g;
	for (let m; (m = row.exec(body));) {
		const roles = new Set();
		for (const word of m[2].split('|').map((w) => w.trim())) {
			assert.ok(ACCESS[word], `routes.c: GET ${m[1]} has the access "${word}", which routes.test.mjs does not know; add it to ACCESS`);
			for (const r of ACCESS[word]) roles.add(r);
		}
		routes.push({ pattern: m[1], roles });
	}
	return routes;
}

/* ---- the demo's values for the parameters ------------------------------------------ */

const NONE = Symbol('none'); // the role has no such object: the route is not reachable for it

/* How a parameter gets its value. Looked up first by the route's whole pattern (for
 * routes whose parameters depend on each other), then by "segment/:name", the part of the
 * path before the parameter. A value is a function (role, demo) returning a string, an
 * object of every parameter of the route (whole-pattern entries), or NONE. demo.link()
 * finds an id in a page the role (by default the office) sees. */
const PARAMS = {
	'sprache/:lang': () => 'de', // German stays German: the switch changes nothing here
	'passwort-neu/:token': (role, demo) => demo.tokens().then((t) => t.reset),
	'einladung/:token': (role, demo) => demo.tokens().then((t) => t.invite),
	'benutzer/:id': (role, demo) => demo.link('/admin/benutzer', /^\/admin\/benutzer\/(\d+)$/),
	// The erasure's confirmation page: an account whose page offers it (not the office's own).
	'/admin/benutzer/:id/loeschen': async (role, demo) => {
		const ids = await demo.links('/admin/benutzer', /^\/admin\/benutzer\/(\d+)$/);
		const pages = ids.map((id) => `/admin/benutzer/${id}`);
		return { id: await demo.linkIn(pages, /^\/admin\/benutzer\/(\d+)\/loeschen$/) };
	},
	// The call in the deciding phase: ranking, meeting, statistics and letters all have content.
	'ausschreibungen/:id': (role, demo) => demo.deciding(),
	'/admin/ausschreibungen/:id/sitzung/:pid': async (role, demo) => {
		const id = await demo.deciding();
		return { id, pid: await demo.link(`/admin/ausschreibungen/${id}/sitzung`, new RegExp(`^/admin/ausschreibungen/${id}/sitzung/(\\d+)$`)) };
	},
	'begriffe/:id': (role, demo) => demo.link('/admin/stammdaten', /^\/admin\/stammdaten\/begriffe\/(\d+)$/),
	'organisationen/:id': (role, demo) =>
		demo.link('/admin/stammdaten/organisationen', /^\/admin\/stammdaten\/organisationen\/(\d+)$/),
	// The office's view of a proposal in the deciding call; its decision page too.
	'vorschlaege/:id': async (role, demo) =>
		demo.link(`/admin/ausschreibungen/${await demo.deciding()}/vorschlaege`, /^\/admin\/vorschlaege\/(\d+)$/),
	// A sub-project reads its own proposals (the office reads every one); the board reads
	// proposals at /gremium/vorschlag/ID, never here.
	'vorschlag/:id': (role, demo) =>
		role === 'board' ? NONE : demo.link('/einreichung', /^\/vorschlag\/(\d+)$/, 'submitter'),
	// A proposal the sub-project may still edit: one whose page links to its form.
	'/vorschlag/:id/bearbeiten': async (role, demo) => {
		const own = await demo.links('/einreichung', /^\/vorschlag\/(\d+)$/, 'submitter');
		const id = await demo.linkIn(own.map((id) => `/vorschlag/${id}`), /^\/vorschlag\/(\d+)\/bearbeiten$/, 'submitter');
		return { id };
	},
	// A proposal with two versions: its page in the office links to the comparison.
	'/admin/vorschlaege/:id/vergleich': async (role, demo) => {
		const calls = await demo.links('/admin/ausschreibungen', /^\/admin\/ausschreibungen\/(\d+)$/);
		const proposals = [];
		for (const c of calls) proposals.push(...(await demo.links(`/admin/ausschreibungen/${c}/vorschlaege`, /^\/admin\/vorschlaege\/(\d+)$/)));
		const id = await demo.linkIn(proposals.map((p) => `/admin/vorschlaege/${p}`), /^\/admin\/vorschlaege\/(\d+)\/vergleich/);
		return { id };
	},
	'/gremium/vorschlag/:id': (role, demo) =>
		demo.link('/gremium', /^\/gremium\/vorschlag\/(\d+)$/, 'board').then((id) => ({ id })),
	'/gremium/vorschlag/:id/beschluss': (role, demo) =>
		demo.link('/gremium', /^\/gremium\/vorschlag\/(\d+)$/, 'board').then((id) => ({ id })),
	'praxis/:slug': (role, demo) => demo.link('/praxis', /^\/praxis\/([a-z0-9-]+)$/, 'anonymous'),
	'practices/:slug': (role, demo) => demo.link('/praxis', /^\/praxis\/([a-z0-9-]+)$/, 'anonymous'),
	'praxis/:id': (role, demo) => demo.link('/admin/praxis', /^\/admin\/praxis\/(\d+)$/),
	// The demo has no attachments and no practice images or downloads: binary answers,
	// whose rules tests/http checks (test_http_attachment_*, test_http_practice_files_*).
	'/vorschlag/:id/anhaenge/:aid': () => NONE,
	'/praxis/:slug/bild/:fid': () => NONE,
	'/praxis/:slug/download/:fid': () => NONE,
	'/admin/praxis/:id/dateien/:fid': () => NONE,
	'synonyme/:id': (role, demo) =>
		demo.link('/admin/stammdaten/synonyme', /^\/admin\/stammdaten\/synonyme\/(\d+)$/),
	'seiten/:slug': (role, demo) => demo.link('/admin/seiten', /^\/admin\/seiten\/([a-z-]+)$/),
	// The reporter's single-use and private links exist only in the e-mails of a report
	// made during the test: transfer.test.mjs follows them (with axe), the HTTP tests
	// check their rules (test_http_transfer_*).
	'bestaetigen/:token': () => NONE,
	'meldung/:token': () => NONE,
	'jahrescheck/:token': () => NONE, // in the owners' e-mails only: test_http_yearly_check
	'jahresbericht/:year': () => String(new Date().getUTCFullYear()), // the funder's PDF
	// A round of a practice the viewer owns: none of the sweep's roles owns one (the demo's
	// owner is lotsen@magdeburg…, whose flow yearly.test.mjs follows with axe); the HTTP
	// tests check who may (test_http_yearly_owner).
	'/konto/jahrescheck/:id': () => NONE,
	// A visitor's selection lives in the query; without one the brochure has nothing (404).
	'/merkliste.pdf': () => '/merkliste.pdf?p=anerkennungslotsen&p=brueckenkurs-lehramt',
	'/merkliste.zip': () => '/merkliste.zip?p=anerkennungslotsen&p=brueckenkurs-lehramt',
	'/merkliste': () => '/merkliste?p=anerkennungslotsen&p=brueckenkurs-lehramt',
	'sammlungen/:id': (role, demo) => demo.link('/admin/sammlungen', /^\/admin\/sammlungen\/(\d+)$/),
	'collections/:slug': (role, demo) => demo.link('/sammlungen', /^\/sammlung\/([a-z0-9-]+)$/, 'anonymous'),
	'sammlung/:slug': (role, demo) => demo.link('/sammlungen', /^\/sammlung\/([a-z0-9-]+)$/, 'anonymous'),
	'uebernahmen/:id': (role, demo) => demo.link('/admin/uebernahmen', /^\/admin\/uebernahmen\/(\d+)$/),
	// An open call's page for sub-projects, linked from the dashboard.
	'/einreichung/ausschreibung/:id': (role, demo) =>
		demo.link('/einreichung', /^\/einreichung\/ausschreibung\/(\d+)$/, 'submitter').then((id) => ({ id })),
	// The receipt of a submitted proposal: its page links to it (not the board's to read).
	'/vorschlag/:id/eingangsbestaetigung.pdf': async (role, demo) => {
		if (role === 'board') return NONE;
		const own = await demo.links('/einreichung', /^\/vorschlag\/(\d+)$/, 'submitter');
		const id = await demo.linkIn(own.map((id) => `/vorschlag/${id}`), /^\/vorschlag\/(\d+)\/eingangsbestaetigung\.pdf$/, 'submitter');
		return { id };
	},
};

/* Fills a pattern's parameters for a role: the path, or NONE. */
async function fill(pattern, role, demo) {
	const names = [...pattern.matchAll(/:([a-z]+)/g)].map((m) => m[1]);
	// A route without parameters is its own address, unless PARAMS gives it one (a
	// query it needs, as a string).
	if (!names.length) return PARAMS[pattern] ? PARAMS[pattern](role, demo) : pattern;
	let values = {};
	if (PARAMS[pattern]) {
		values = await PARAMS[pattern](role, demo);
		if (values === NONE) return NONE;
	} else {
		for (const name of names) {
			const key = new RegExp(`([^/]+)/:${name}\\b`).exec(pattern);
			const entry = key && PARAMS[`${key[1]}/:${name}`];
			assert.ok(entry, `GET ${pattern}: no value for ":${name}"; add "${key ? key[1] : ''}/:${name}" (or the whole pattern) to PARAMS in tests/e2e/routes.test.mjs`);
			const v = await entry(role, demo);
			if (v === NONE) return NONE;
			values[name] = v;
		}
	}
	return pattern.replace(/:([a-z]+)/g, (all, name) => {
		assert.ok(values[name] !== undefined, `GET ${pattern}: PARAMS["${pattern}"] gives no ":${name}"`);
		return encodeURIComponent(values[name]);
	});
}

/* ---- the sweep --------------------------------------------------------------------- */

let browser;
const contexts = {}; // role name -> logged-in browser context

before(async () => {
	browser = await launch();
	for (const role of ROLES) {
		const context = await newContext(browser, { viewport: WIDE });
		if (role.email) await login(await context.newPage(), role.email);
		contexts[role.name] = context;
	}
});
after(async () => {
	for (const c of Object.values(contexts)) await c.close();
	await browser?.close();
});

/* Look-ups shared by the roles, each done once. */
function makeDemo() {
	const memo = new Map();
	const once = (key, fn) => {
		if (!memo.has(key)) memo.set(key, fn());
		return memo.get(key);
	};
	const html = (path, role) =>
		once(`html ${role} ${path}`, async () => {
			const res = await contexts[role].request.get(path);
			assert.equal(res.status(), 200, `${role} reading ${path} for the demo's ids: HTTP ${res.status()}`);
			return res.text();
		});
	/* Every link of `path` (as `role` sees it) matching `re`: the first groups, in order. */
	const links = async (path, re, role) => {
		const out = [];
		for (const m of (await html(path, role)).matchAll(/href="([^"]+)"/g)) {
			const found = re.exec(m[1].replace(/&amp;/g, '&'));
			if (found && !out.includes(found[1])) out.push(found[1]);
		}
		return out;
	};
	const demo = {
		links: (path, re, role = 'office') => links(path, re, role),
		/* The first link on `path` matching `re`; its first group. */
		link: (path, re, role = 'office') =>
			once(`link ${role} ${path} ${re}`, async () => {
				const found = await links(path, re, role);
				assert.ok(found.length, `no link matching ${re} on ${path} (as ${role})`);
				return found[0];
			}),
		/* The first of `paths` with a link matching `re`; its first group. */
		linkIn: (paths, re, role = 'office') =>
			once(`in ${role} ${paths.join(' ')} ${re}`, async () => {
				for (const path of paths) {
					const found = await links(path, re, role);
					if (found.length) return found[0];
				}
				assert.fail(`no link matching ${re} on any of ${paths.join(', ')} (as ${role})`);
			}),
		/* The call in the deciding phase: its row on the office's list of calls. */
		deciding: () =>
			once('deciding', async () => {
				const rows = (await html('/admin/ausschreibungen', 'office')).split('<tr');
				const row = rows.find((r) => r.includes('badge-review') && r.includes('In Entscheidung'));
				const id = row && /href="\/admin\/ausschreibungen\/(\d+)"/.exec(row);
				assert.ok(id, 'the demo has a call in the deciding phase on /admin/ausschreibungen');
				return id[1];
			}),
		tokens: () => once('tokens', requestTokens),
	};
	return demo;
}

/* A password reset (as anyone may ask for one) and an invitation by the office: the
 * tokens from the e-mails the server writes to LEUCHTTURM_DATA/outbox. */
async function requestTokens() {
	const outbox = process.env.LEUCHTTURM_DATA && join(process.env.LEUCHTTURM_DATA, 'outbox');
	assert.ok(outbox, 'LEUCHTTURM_DATA is not set: run the browser tests with tests/e2e/run.sh');
	const resetTo = 'gremium-fachstelle@iq-demo.example';
	const inviteTo = `sweep-${Date.now()}@iq-demo.example`;
	// In a context of its own: the sweep's anonymous fetches run at the same time, and each
	// answer to a request without a pre-session cookie sets a new one, so the form's token
	// (bound to the cookie it was shown with) would be refused as from another page.
	const own = await newContext(browser, { viewport: WIDE });
	try {
		await postForm(own, '/passwort-vergessen', 'form[action="/passwort-vergessen"]', { email: resetTo });
	} finally {
		await own.close();
	}
	await postForm(contexts.office, '/admin/benutzer', 'form[action="/admin/benutzer/einladen"]', {
		email: inviteTo,
		name: 'Sweep Person',
	}, async (form) => {
		// A board member needs no organisation.
		await form.locator('[name="role_submitter"]').uncheck();
		await form.locator('[name="role_board"]').check();
	});
	return { reset: await tokenFrom(outbox, resetTo, 'passwort-neu'), invite: await tokenFrom(outbox, inviteTo, 'einladung') };
}

/* Fills and submits a form of `path` in a page of its own. */
async function postForm(context, path, selector, fields, prepare) {
	const page = await context.newPage();
	try {
		await page.goto(path);
		const form = page.locator(`main ${selector}`);
		for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value);
		if (prepare) await prepare(form);
		const [answer] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.waitForEvent('load'),
			form.locator('button[type=submit]').click(),
		]);
		// A refusal (429 throttled, 422 …) sends no mail: say so now, not after the wait.
		assert.ok(answer.status() < 400, `POST ${path}: HTTP ${answer.status()}: ${(await page.locator('main').innerText()).slice(0, 300)}`);
	} finally {
		await page.close();
	}
}

/* Waits (bounded) for a mail to `to` with a /WHAT/TOKEN link; the outbox is written by a
 * background worker every few seconds. */
async function tokenFrom(outbox, to, what) {
	const until = Date.now() + 120000;
	const re = new RegExp(`/${what}/([A-Za-z0-9_-]+)`);
	for (;;) {
		let files = [];
		try {
			files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
		} catch (e) {
			if (e.code !== 'ENOENT') throw e;
		}
		for (const f of files) {
			const raw = readFileSync(join(outbox, f), 'latin1').replace(/=\r?\n/g, '');
			if (!raw.toLowerCase().includes(`to: ${to}`) && !raw.toLowerCase().includes(`<${to}>`)) continue;
			const m = re.exec(raw);
			if (m) return m[1];
		}
		if (Date.now() >= until) {
			const seen = files.map((f) => {
				const head = readFileSync(join(outbox, f), 'latin1').split(/\r?\n\r?\n/)[0];
				return `${f}: ${(head.match(/^(To|Subject):.*$/gim) || []).join(' | ')}`;
			});
			assert.fail(`no /${what}/TOKEN mail to ${to} in ${outbox} after 120 s; the outbox holds:\n${seen.join('\n')}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}

/* Puts a page's HTML, as the server sent it, into the browser tab and waits for its
 * style sheets. document.open() keeps the tab's window, so axe-core is loaded into it once
 * and not again for every page: that halves the sweep's time. The tab stays at the
 * server's origin, so the page's style sheets and script load as they would by a visit. */
async function show(page, html) {
	await page.evaluate(async (text) => {
		document.open();
		document.write(text);
		document.close();
		const sheets = () => [...document.querySelectorAll('link[rel=stylesheet]')];
		for (let i = 0; i < 500 && !sheets().every((l) => l.sheet); i++) await new Promise((r) => setTimeout(r, 10));
		if (!sheets().every((l) => l.sheet)) throw new Error('the style sheets did not load');
	}, html);
}

/* Fetches every route `role` may reach (with the role's cookies); returns {checked,
 * skipped, problems, pages}, each page {role, path, html}. */
async function fetchRole(role, routes, demo) {
	const out = { checked: [], skipped: [], problems: [], pages: [] };
	const context = contexts[role.name];
	for (const route of routes) {
		if (!route.roles.has(role.name)) continue;
		let path;
		try {
			path = await fill(route.pattern, role.name, demo);
		} catch (e) {
			out.problems.push(e.message);
			continue;
		}
		if (path === NONE) {
			out.skipped.push(route.pattern);
			continue;
		}
		const res = await context.request.get(path);
		if (res.status() !== 200) {
			out.problems.push(`${role.name} GET ${path}: HTTP ${res.status()}`);
			continue;
		}
		out.checked.push(path);
		if ((res.headers()['content-type'] || '').startsWith('text/html'))
			out.pages.push({ role: role.name, path, html: await res.text() });
	}
	return out;
}

/* axe at both widths and the sideways check at 390 px, for one page in a tab of its role. */
async function checkPage(tab, { role, path, html }) {
	const problems = [];
	await tab.setViewportSize(WIDE);
	await show(tab, html);
	const wide = await axeCheck(tab);
	if (wide.length) problems.push(`axe, ${role}, ${path} at 1280 px:\n${formatViolations(wide)}`);
	await tab.setViewportSize(NARROW);
	const overflow = await tab.evaluate(() => {
		const root = document.documentElement;
		if (root.scrollWidth <= root.clientWidth) return null;
		// The elements that stick out, for the message.
		const wider = [...document.querySelectorAll('body *')]
			.filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
			.slice(0, 5)
			.map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).split(' ').join('.') : ''}`);
		return `${root.scrollWidth} px wide; sticking out: ${wider.join(', ')}`;
	});
	if (overflow) problems.push(`${role}, ${path} at 390 px scrolls sideways: ${overflow}`);
	const narrow = await axeCheck(tab);
	if (narrow.length) problems.push(`axe, ${role}, ${path} at 390 px:\n${formatViolations(narrow)}`);
	return problems;
}

/* Checks the pages with `workers` tabs at once, each worker keeping one tab per role (so
 * axe-core is loaded once per tab); the longest role does not hold up the others. */
async function checkPages(pages, workers) {
	const queue = [...pages];
	const problems = [];
	await Promise.all(Array.from({ length: workers }, async () => {
		const tabs = {};
		try {
			for (let item; (item = queue.shift());) {
				if (!tabs[item.role]) {
					tabs[item.role] = await contexts[item.role].newPage();
					await tabs[item.role].goto('/');
				}
				problems.push(...(await checkPage(tabs[item.role], item)));
			}
		} finally {
			for (const tab of Object.values(tabs)) await tab.close();
		}
	}));
	return problems;
}

/* One run of the Nu HTML Checker over every page; the errors as "file:line: message". */
function vnuErrors(pages) {
	const dir = mkdtempSync(join(tmpdir(), 'leuchtturm-sweep-'));
	const files = pages.map((p, i) => {
		const file = join(dir, `${String(i).padStart(3, '0')}-${p.name.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 80)}.html`);
		writeFileSync(file, p.html);
		return file;
	});
	return new Promise((resolve, reject) => {
		const vnu = spawn('java', ['-jar', VNU, '--format', 'json', '--also-check-css', ...files]);
		let report = '';
		vnu.stderr.on('data', (d) => (report += d));
		vnu.on('error', reject);
		vnu.on('close', (status) => {
			rmSync(dir, { recursive: true, force: true });
			if (!report.includes('"messages"')) return reject(new Error(`vnu gave no report (status ${status}): ${report.slice(0, 300)}`));
			const messages = JSON.parse(report).messages;
			resolve(messages
				.filter((m) => m.type === 'error' || m.subType === 'fatal')
				.map((m) => `${(m.url || '').split('/').pop()}:${m.lastLine}: ${m.message} [${(m.extract || '').trim().slice(0, 120)}]`));
		});
	});
}

test('every GET route of routes.c, for every role that may reach it: axe at 1280 and 390 px, no sideways scrolling, valid HTML', { timeout: 900000 }, async (t) => {
	const started = Date.now();
	const routes = getRoutes(readFileSync(join(here, '..', '..', 'src', 'routes.c'), 'utf8'));
	assert.ok(routes.length > 40, `routes.c has ${routes.length} GET routes: is the table parsed?`);
	const demo = makeDemo();
	// The tokens wait for the outbox; ask for them before the sweep needs them.
	demo.tokens().catch(() => {});
	const results = await Promise.all(ROLES.map((role) => fetchRole(role, routes, demo)));
	const pages = results.flatMap((r) => r.pages);
	for (const [i, r] of results.entries()) {
		t.diagnostic(`${ROLES[i].name}: ${r.checked.length} routes (${r.pages.length} HTML pages); not reachable: ${r.skipped.join(', ') || 'none'}`);
	}
	// Every role reaches a good share of the table; an empty sweep would prove nothing.
	for (const [i, r] of results.entries()) assert.ok(r.pages.length >= 5, `${ROLES[i].name} checked only ${r.pages.length} HTML pages`);
	// The Nu HTML Checker (one JVM for every page) runs while the browser checks the pages.
	const vnuStarted = Date.now();
	const vnu = vnuErrors(pages.map((p) => ({ name: `${p.role}${p.path}`, html: p.html }))).then((errors) => {
		t.diagnostic(`vnu: ${Math.round((Date.now() - vnuStarted) / 1000)} s`);
		return errors;
	});
	const browserStarted = Date.now();
	const shown = await checkPages(pages, 3);
	t.diagnostic(`browser: ${pages.length} pages in ${Math.round((Date.now() - browserStarted) / 1000)} s`);
	const html = await vnu;
	t.diagnostic(`all: ${Math.round((Date.now() - started) / 1000)} s`);
	const problems = [...results.flatMap((r) => r.problems), ...shown];
	assert.deepEqual([...problems, ...html.map((e) => `vnu: ${e}`)], []);
});
