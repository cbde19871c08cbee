// The public pages' HTML passes the Nu HTML Checker (npm vnu-jar, run with the machine's
// Java): the catalog, a search, a practice, the about page, the home and login pages, and
// transfer's pages (a practice with its map, the interest form, /transfer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';

const base = process.env.LEUCHTTURM_URL;
const require = createRequire(import.meta.url);
const vnu = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

async function page(path) {
	const res = await fetch(base + path, { headers: { 'Accept-Language': 'de' } });
	assert.equal(res.status, 200, `${path}: HTTP ${res.status}`);
	return res.text();
}

test('the public pages are valid HTML (Nu HTML Checker)', { timeout: 300000 }, async () => {
	const catalog = await page('/praxis');
	const slug = (catalog.match(/href="\/praxis\/([a-z0-9-]+)"/) || [])[1];
	assert.ok(slug, 'the catalog links to a practice');
	const pages = {
		'home': '/',
		'catalog': '/praxis',
		'search': '/praxis?q=Anerkennungsberatungen&sort=relevanz',
		'practice': `/praxis/${slug}`,
		'about': '/ueber',
		'login': '/anmelden',
		// Transfer (issue 11): the map of the Länder on a practice the demo adoptions
		// name, the interest form, and /transfer with its charts.
		'practice-map': '/praxis/anerkennungsberatung-im-betrieb',
		'interest': '/praxis/anerkennungsberatung-im-betrieb/interesse',
		'transfer': '/transfer',
		// Collections (issue 12): the list and a demo collection.
		'collections': '/sammlungen',
		'collection': '/sammlung/fuer-betriebe-internationale-fachkraefte-gewinnen-und-halten',
	};
	const dir = mkdtempSync(join(tmpdir(), 'leuchtturm-vnu-'));
	try {
		const files = [];
		for (const [name, path] of Object.entries(pages)) {
			const file = join(dir, `${name}.html`);
			writeFileSync(file, name === 'catalog' ? catalog : await page(path));
			files.push(file);
		}
		const run = spawnSync('java', ['-jar', vnu, '--format', 'json', '--also-check-css', ...files],
			{ encoding: 'utf8', timeout: 280000 });
		// vnu writes its JSON report to standard error, with or without findings.
		const report = run.stderr || '';
		assert.ok(report.includes('"messages"'), `vnu gave a report (status ${run.status}): ${report.slice(0, 300)}`);
		const messages = JSON.parse(report).messages;
		const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
		assert.deepEqual(errors.map((m) => `${m.url.split('/').pop()}:${m.lastLine}: ${m.message}`), []);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
