// The static site (`leuchtturm site export`, issue 16 point 5) in a real browser: the
// export of the running server's data, served as plain files (a web server's try_files:
// an address without its extension finds FILE.html or FILE.json), passes axe-core (WCAG
// 2.1 AA) and the Nu HTML Checker page by page; its catalog searches itself with the
// script and search-index.json, keeps the search in the address, and without JavaScript
// lists every practice and says how to find one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { assertAccessible, launch, newContext } from './browser.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.LEUCHTTURM_BIN || join(root, 'build', 'leuchtturm');
const data = process.env.LEUCHTTURM_DATA;
const require = createRequire(import.meta.url);
const vnu = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

const TYPES = {
	'.html': 'text/html; charset=utf-8', '.json': 'application/json', '.css': 'text/css',
	'.js': 'text/javascript', '.svg': 'image/svg+xml', '.pdf': 'application/pdf',
	'.atom': 'application/atom+xml', '.rss': 'application/rss+xml', '.xml': 'application/xml',
};

let dir, server, origin, browser;

/* A plain static file server over dir: what nginx's try_files $uri $uri.html $uri.json does. */
function serveFolder(folder) {
	return createServer((req, res) => {
		const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
		const base = join(folder, path);
		const file = [base, base + '.html', base + '.json', join(base, 'index.html')]
			.find((f) => f.startsWith(folder) && existsSync(f) && statSync(f).isFile());
		if (!file) {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('not found');
			return;
		}
		res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
		res.end(readFileSync(file));
	});
}

before(async () => {
	assert.ok(data, 'run.sh names the data folder (LEUCHTTURM_DATA)');
	dir = mkdtempSync(join(tmpdir(), 'leuchtturm-static-'));
	const run = spawnSync(bin, ['site', 'export', dir, '--data', data], { encoding: 'utf8', timeout: 240000 });
	assert.equal(run.status, 0, `site export: ${run.stderr}`);
	server = serveFolder(dir);
	await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
	origin = `http://127.0.0.1:${server.address().port}`;
	browser = await launch();
});
after(async () => {
	await browser?.close();
	server?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function withPage(fn, options = {}) {
	const context = await newContext(browser, { baseURL: origin, ...options });
	try {
		return await fn(await context.newPage());
	} finally {
		await context.close();
	}
}

function pages() {
	const catalog = readFileSync(join(dir, 'praxis.html'), 'utf8');
	const practice = (catalog.match(/href="praxis\/([a-z0-9-]+)\.html"/) || [])[1];
	const collections = readFileSync(join(dir, 'sammlungen.html'), 'utf8');
	const collection = (collections.match(/href="sammlung\/([a-z0-9-]+)\.html"/) || [])[1];
	assert.ok(practice && collection, 'the catalog links a practice, the list a collection');
	return ['/', '/praxis', `/praxis/${practice}`, '/sammlungen', `/sammlung/${collection}`,
		'/transfer', '/ueber', '/impressum', '/datenschutz', '/barrierefreiheit'];
}

describe('the exported pages', () => {
	test('pass axe-core (WCAG 2.1 AA)', { timeout: 240000 }, async () => {
		await withPage(async (page) => {
			for (const path of pages()) {
				const res = await page.goto(path);
				assert.equal(res.status(), 200, `${path} on the copy`);
				await assertAccessible(page, `the copy's ${path}`);
			}
		});
	});

	test('are valid HTML (Nu HTML Checker)', { timeout: 300000 }, () => {
		const files = pages().map((p) => join(dir, p === '/' ? 'index.html' : `${p.slice(1)}.html`));
		const run = spawnSync('java', ['-jar', vnu, '--format', 'json', '--also-check-css', ...files],
			{ encoding: 'utf8', timeout: 280000 });
		const report = run.stderr || '';
		assert.ok(report.includes('"messages"'), `vnu gave a report (status ${run.status}): ${report.slice(0, 300)}`);
		const errors = JSON.parse(report).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
		assert.deepEqual(errors.map((m) => `${m.url.split('/').slice(-2).join('/')}:${m.lastLine}: ${m.message}`), []);
	});
});

describe('the static catalog search', () => {
	test('filters the list with the index and keeps the search in the address', { timeout: 120000 }, async () => {
		await withPage(async (page) => {
			await page.goto('/praxis');
			const cards = page.locator('#static-results > li');
			const all = await cards.count();
			assert.ok(all > 20, `every practice on one page (${all})`);
			assert.equal(await page.locator('#static-search-note').isVisible(), false, 'the no-JS note is hidden');
			await page.locator('#q').fill('Pflegekräfte');
			await page.locator('#q').press('Enter');
			const status = page.locator('#static-search-status');
			await status.filter({ hasText: /passt|passen/ }).waitFor();
			const shown = await page.locator('#static-results > li:not([hidden])').count();
			assert.ok(shown >= 1 && shown < all, `a few practices match (${shown} of ${all})`);
			for (const title of await page.locator('#static-results > li:not([hidden]) h3').allTextContents()) {
				assert.ok(title.length > 0);
			}
			assert.match(page.url(), /\?q=Pflegekr/);
			assert.match(await status.textContent(), new RegExp(`^${shown} `));
			await assertAccessible(page, 'the copy\'s catalog after a search');
			// The address holds the search: opened again, the list is filtered at once.
			await page.goto(`/praxis?q=${encodeURIComponent('xyzzy-nichts')}`);
			await status.filter({ hasText: 'Keine Gute Praxis' }).waitFor();
			assert.equal(await page.locator('#static-results > li:not([hidden])').count(), 0);
		});
	});

	test('without JavaScript lists every practice and says how to find one', { timeout: 60000 }, async () => {
		await withPage(async (page) => {
			await page.goto('/praxis?q=Pflegekr%C3%A4fte');
			assert.ok(await page.locator('#static-search-note').isVisible());
			assert.match(await page.locator('#static-search-note').textContent(), /Strg\+F/);
			const all = await page.locator('#static-results > li').count();
			assert.equal(await page.locator('#static-results > li:visible').count(), all);
		}, { javaScriptEnabled: false });
	});
});
