// The feeds in a real feed parser (feedparser, on sax): /feed.atom and
// /feed.rss of the running server, whole and for a catalog selection, must parse without
// an error and give every entry a title, an absolute link, an id and dates; the feed-level
// date is the newest entry's. No browser needed.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';

import FeedParser from 'feedparser';

const BASE = process.env.LEUCHTTURM_URL;

/* Fetches path and parses it; resolves to {meta, items, type} or rejects on any error. */
async function parseFeed(path) {
	const res = await fetch(new URL(path, BASE));
	assert.equal(res.status, 200, `${path}: status ${res.status}`);
	const type = res.headers.get('content-type');
	const body = await res.text();
	return new Promise((resolve, reject) => {
		const parser = new FeedParser({ feedurl: new URL(path, BASE).href, normalize: true, addmeta: false });
		const items = [];
		let meta = null;
		parser.on('error', reject);
		parser.on('meta', (m) => {
			meta = m;
		});
		parser.on('readable', function () {
			let item;
			while ((item = this.read())) items.push(item);
		});
		parser.on('end', () => resolve({ meta, items, type }));
		Readable.from([body]).pipe(parser);
	});
}

function checkFeed({ meta, items }, format, path) {
	assert.ok(meta, `${path}: no feed metadata`);
	assert.equal(meta['#type'], format, `${path}: parsed as ${meta['#type']}`);
	assert.ok(meta.title && meta.title.includes('Leuchtturm'), `${path}: title ${meta.title}`);
	assert.ok(meta.link && meta.link.startsWith(BASE + '/praxis'), `${path}: link ${meta.link}`);
	assert.ok(meta.date instanceof Date && !Number.isNaN(meta.date.getTime()), `${path}: feed date`);
	let newest = 0;
	for (const item of items) {
		assert.ok(item.title, `${path}: an entry without a title`);
		assert.ok(item.link && item.link.startsWith(BASE + '/praxis/'), `${path}: link ${item.link}`);
		assert.ok(item.guid && item.guid.startsWith('tag:'), `${path}: id ${item.guid}`);
		assert.ok(item.pubdate instanceof Date && !Number.isNaN(item.pubdate.getTime()), `${path}: pubdate`);
		assert.ok(item.date instanceof Date && item.date >= item.pubdate, `${path}: date before pubdate`);
		newest = Math.max(newest, item.date.getTime());
	}
	if (format === 'atom' && items.length) {
		// Atom's feed-level <updated> is the newest entry's.
		assert.equal(meta.date.getTime(), newest, `${path}: feed updated is not the newest entry's`);
	}
	assert.ok(items.length <= 50, `${path}: more than 50 entries`);
	return items;
}

describe('feeds in a real feed parser', () => {
	test('Atom parses, entries are complete', async () => {
		const feed = await parseFeed('/feed.atom');
		assert.match(feed.type, /^application\/atom\+xml/);
		checkFeed(feed, 'atom', '/feed.atom');
	});

	test('RSS parses, entries are complete', async () => {
		const feed = await parseFeed('/feed.rss');
		assert.match(feed.type, /^application\/rss\+xml/);
		checkFeed(feed, 'rss', '/feed.rss');
	});

	test('Atom and RSS list the same practices', async () => {
		const atom = await parseFeed('/feed.atom');
		const rss = await parseFeed('/feed.rss');
		assert.deepEqual(
			atom.items.map((i) => i.link),
			rss.items.map((i) => i.link),
		);
	});

	test('a selection of the catalog is a valid feed of its own', async () => {
		for (const path of ['/feed.atom?q=Beratung&sort=titel', '/feed.rss?art=konzept', '/feed.atom?q=%22NEAR(%2A']) {
			const feed = await parseFeed(path);
			checkFeed(feed, path.startsWith('/feed.atom') ? 'atom' : 'rss', path);
		}
	});
});

// Transfer (issue 11): the feed of new adoptions, in the same parser.
describe('the feed of adoptions in a real feed parser', () => {
	test('/transfer.atom parses, entries are complete and carry no contact data', async () => {
		const path = '/transfer.atom';
		const { meta, items, type } = await parseFeed(path);
		assert.match(type, /^application\/atom\+xml/);
		assert.equal(meta['#type'], 'atom');
		assert.ok(meta.link && meta.link.startsWith(BASE + '/transfer'), `${path}: link ${meta.link}`);
		assert.ok(items.length >= 1, `${path}: the demo's adoptions are missing`);
		const ids = new Set();
		for (const item of items) {
			assert.ok(item.title, `${path}: an entry without a title`);
			assert.ok(item.link && item.link.startsWith(BASE + '/praxis/'), `${path}: link ${item.link}`);
			assert.ok(item.guid && !ids.has(item.guid), `${path}: id ${item.guid}`);
			ids.add(item.guid);
			assert.ok(item.date instanceof Date && !Number.isNaN(item.date.getTime()), `${path}: date`);
			const all = `${item.title} ${item.description || ''} ${item.summary || ''}`;
			// The demo's reporters (cli/demo/transfer.c) are never named.
			assert.ok(!all.includes('Demo-Meldung') && !all.includes('@iq-demo.example'), `${path}: contact data`);
		}
	});
});
