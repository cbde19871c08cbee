// Shared helpers for the browser tests: Debian's chromium through playwright-core, logging
// in through the real form, and an axe-core WCAG 2.1 AA check.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/* Where run.sh started the server. */
export const BASE_URL = (process.env.LEUCHTTURM_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');

export const DEMO_PASSWORD = 'Leuchtturm-Demo';
export const ADMIN = 'koordination@iq-demo.example';
export const BOARD = 'gremium@iq-demo.example';
export const SUBMITTER = 'projekt@iq-demo.example';

/* Always the system's chromium: nothing here may fetch a browser of its own. */
export function launch() {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		timeout: 120000,
	});
}

/* A fresh context (own cookies) with German as the browser language. The app's
 * Content-Security-Policy forbids inline script, which page.addScriptTag({content}) is, so
 * bypassCSP is on wherever axe must run; pass {bypassCSP: false} to test the real policy. */
export async function newContext(browser, options = {}) {
	const context = await browser.newContext({
		baseURL: BASE_URL,
		locale: 'de-DE',
		bypassCSP: true,
		...options,
	});
	// Ceilings for a loaded machine: each wait ends as soon as its condition holds.
	context.setDefaultTimeout(30000);
	context.setDefaultNavigationTimeout(60000);
	return context;
}

/* Logs in through the form as a person would: types both fields and clicks the button.
 * Resolves once the page after the redirect has loaded. */
export async function login(page, email, password = DEMO_PASSWORD) {
	await page.goto('/anmelden');
	await fillLogin(page, email, password);
	await Promise.all([
		page.waitForURL((url) => url.pathname !== '/anmelden'),
		page.locator('main form[action="/anmelden"] button[type=submit]').click(),
	]);
}

/* Types into the login form without submitting it. The fields are found by their ids,
 * so a change of wording does not break every test; the tests check the labels. */
export async function fillLogin(page, email, password) {
	await page.locator('#f-email').pressSequentially(email);
	await page.locator('#f-password').pressSequentially(password);
}

/* Logs out with the header's button (a POST form with its CSRF token). */
export async function logout(page) {
	await Promise.all([
		page.waitForURL((url) => url.pathname === '/'),
		page.locator('header form[action="/abmelden"] button[type=submit]').click(),
	]);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/* Runs axe-core on the current page against WCAG 2.0/2.1 A and AA; returns the
 * violations (empty when there are none). The context must have bypassCSP. */
export async function axeCheck(page) {
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
		await page.addScriptTag({ content: AXE_SOURCE });
	}
	const result = await page.evaluate(
		(tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
		AXE_TAGS,
	);
	return result.violations;
}

/* The violations as text a person can act on: rule, impact, help link, and per element
 * its selector, its HTML and what axe says is wrong. */
export function formatViolations(violations) {
	const lines = [];
	for (const v of violations) {
		lines.push(`${v.id} (${v.impact}): ${v.help}`);
		lines.push(`  ${v.helpUrl}`);
		for (const node of v.nodes) {
			lines.push(`  - ${node.target.join(' ')}`);
			lines.push(`    ${node.html}`);
			if (node.failureSummary) {
				for (const l of node.failureSummary.split('\n')) lines.push(`      ${l}`);
			}
		}
	}
	return lines.join('\n');
}

/* Fails with a readable report when axe finds anything. */
export async function assertAccessible(page, what) {
	const violations = await axeCheck(page);
	if (violations.length) {
		throw new Error(`axe: ${violations.length} WCAG 2.1 AA violation(s) on ${what} (${page.url()}):\n${formatViolations(violations)}`);
	}
}
