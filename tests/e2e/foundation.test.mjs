// The foundation in a real browser: logging in and out per role, the navigation each role
// sees, keyboard access, the login form without JavaScript, and WCAG 2.1 AA (axe-core).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
	ADMIN,
	BOARD,
	DEMO_PASSWORD,
	SUBMITTER,
	assertAccessible,
	fillLogin,
	launch,
	login,
	logout,
	newContext,
} from './browser.mjs';

let browser;
before(async () => {
	browser = await launch();
});
after(async () => {
	await browser?.close();
});

/* Runs fn with a page of its own fresh context (no cookies shared between tests). */
async function withPage(fn, options = {}) {
	const context = await newContext(browser, options);
	try {
		return await fn(await context.newPage());
	} finally {
		await context.close();
	}
}

/* The header navigation as [{name, href}], in order. */
function navLinks(page) {
	return page
		.locator('header nav a')
		.evaluateAll((links) => links.map((a) => ({ name: a.textContent.trim(), href: a.getAttribute('href') })));
}

const ANON_NAV = [
	{ name: 'Startseite', href: '/' },
	{ name: 'Anmelden', href: '/anmelden' },
];
const LOGIN_NAV = [
	{ name: 'Übersicht', href: '/start' },
	{ name: 'Mein Konto', href: '/konto' },
];
const ADMIN_NAV = [
	{ name: 'Benutzer', href: '/admin/benutzer' },
	{ name: 'Protokoll', href: '/admin/protokoll' },
];

function assertHas(links, expected, who) {
	for (const e of expected) {
		assert.ok(
			links.some((l) => l.href === e.href && l.name === e.name),
			`${who}: expected "${e.name}" (${e.href}) in the navigation, got ${JSON.stringify(links)}`,
		);
	}
}

function assertLacks(links, unexpected, who) {
	for (const e of unexpected) {
		assert.ok(
			!links.some((l) => l.href === e.href),
			`${who}: "${e.name}" (${e.href}) must not be in the navigation, got ${JSON.stringify(links)}`,
		);
	}
}

const logoutButton = (page) => page.locator('header form[action="/abmelden"] button[type=submit]');

async function assertAnonymous(page, who) {
	const links = await navLinks(page);
	assertHas(links, ANON_NAV, who);
	assertLacks(links, [...LOGIN_NAV, ...ADMIN_NAV], who);
	assert.equal(await logoutButton(page).count(), 0, `${who}: no log-out button expected`);
}

describe('navigation and roles', () => {
	test('anonymous visitors see Startseite and Anmelden only', () =>
		withPage(async (page) => {
			const resp = await page.goto('/');
			assert.equal(resp.status(), 200);
			await assertAnonymous(page, 'anonymous');
		}));

	const roles = [
		{ email: ADMIN, role: 'admin', admin: true },
		{ email: BOARD, role: 'board', admin: false },
		{ email: SUBMITTER, role: 'submitter', admin: false },
	];
	for (const { email, role, admin } of roles) {
		test(`${role}: logs in through the form, sees its navigation, logs out`, () =>
			withPage(async (page) => {
				await login(page, email);
				assert.equal(new URL(page.url()).pathname, '/start', `${role}: lands on the overview`);

				const links = await navLinks(page);
				assertHas(links, LOGIN_NAV, role);
				if (admin) assertHas(links, ADMIN_NAV, role);
				else assertLacks(links, ADMIN_NAV, role);
				assertLacks(links, [{ name: 'Anmelden', href: '/anmelden' }], role);
				assert.equal((await logoutButton(page).textContent()).trim(), 'Abmelden');

				// The server, not just the menu, keeps non-admins out.
				const resp = await page.goto('/admin/benutzer');
				assert.equal(resp.status(), admin ? 200 : 403, `${role}: GET /admin/benutzer`);

				await page.goto('/konto');
				await logout(page);
				await assertAnonymous(page, `${role} after logging out`);
				// The session is gone on the server too: the account page asks for a login.
				await page.goto('/konto');
				assert.equal(new URL(page.url()).pathname, '/anmelden', `${role}: /konto after logging out`);
			}));
	}

	test('a wrong password shows an error and keeps the person logged out', () =>
		withPage(async (page) => {
			await page.goto('/anmelden');
			await fillLogin(page, BOARD, 'not-the-password');
			await page.locator('main form[action="/anmelden"] button[type=submit]').click();
			await page.locator('main [role=alert]').waitFor();
			assert.equal(new URL(page.url()).pathname, '/anmelden');
			await assertAnonymous(page, 'after a wrong password');
		}));
});

describe('keyboard', () => {
	test('the first Tab reaches the skip link, which moves focus to main', () =>
		withPage(async (page) => {
			await page.goto('/');
			await page.keyboard.press('Tab');
			const focused = await page.evaluate(() => {
				const el = document.activeElement;
				const box = el.getBoundingClientRect();
				return {
					tag: el.tagName,
					cls: el.className,
					href: el.getAttribute('href'),
					text: el.textContent.trim(),
					visible: box.bottom > 0 && box.right > 0 && box.width > 0 && box.height > 0,
				};
			});
			assert.equal(focused.tag, 'A', `first Tab stop: ${JSON.stringify(focused)}`);
			assert.equal(focused.href, '#main', `first Tab stop: ${JSON.stringify(focused)}`);
			assert.equal(focused.text, 'Zum Inhalt springen');
			assert.ok(focused.visible, 'the skip link is on screen while it has focus');

			await page.keyboard.press('Enter');
			await page.waitForFunction(() => document.activeElement?.id === 'main');
			assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
			assert.equal(new URL(page.url()).hash, '#main');
		}));
});

describe('without JavaScript', () => {
	test('the login form works', () =>
		withPage(
			async (page) => {
				await page.goto('/anmelden');
				await fillLogin(page, SUBMITTER, DEMO_PASSWORD);
				await Promise.all([
					page.waitForURL((url) => url.pathname === '/start'),
					page.locator('main form[action="/anmelden"] button[type=submit]').click(),
				]);
				assertHas(await navLinks(page), LOGIN_NAV, 'submitter without JavaScript');
				await logout(page);
				await assertAnonymous(page, 'submitter without JavaScript, logged out');
			},
			{ javaScriptEnabled: false, bypassCSP: false },
		));
});

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
	for (const [path, what] of [
		['/', 'the home page'],
		['/anmelden', 'the login page'],
		['/ueber', 'the about page'],
	]) {
		test(`${what} (${path})`, () =>
			withPage(async (page) => {
				const resp = await page.goto(path);
				assert.equal(resp.status(), 200);
				await assertAccessible(page, what);
			}));
	}

	test('the login page showing an error', () =>
		withPage(async (page) => {
			await page.goto('/anmelden');
			await fillLogin(page, SUBMITTER, 'falsches-Passwort');
			await page.locator('main form[action="/anmelden"] button[type=submit]').click();
			await page.locator('main [role=alert]').waitFor();
			await assertAccessible(page, 'the login page with an error');
		}));

	test('the login page showing field errors', () =>
		withPage(async (page) => {
			await page.goto('/anmelden');
			await page.locator('main form[action="/anmelden"] button[type=submit]').click();
			await page.locator('main .error-summary').waitFor();
			await assertAccessible(page, 'the login page with field errors');
		}));

	test('the account page (/konto)', () =>
		withPage(async (page) => {
			await login(page, SUBMITTER);
			const resp = await page.goto('/konto');
			assert.equal(resp.status(), 200);
			await assertAccessible(page, 'the account page');
		}));
});
