import { launch, newContext, login } from '/work/wt-ui/tests/e2e/browser.mjs';
const [,, who, path, width = '1280'] = process.argv;
const b = await launch();
const c = await newContext(b, { viewport: { width: +width, height: 900 } });
const p = await c.newPage();
if (who !== '-') await login(p, who);
await p.goto(path);
console.log(await p.evaluate(() => [...document.querySelectorAll('.table-wrap')].map(w => `${w.scrollWidth}/${w.clientWidth} cols: ` + [...w.querySelectorAll('thead th')].map(t => `${t.innerText.replace(/\n/g,' ')}=${Math.round(t.getBoundingClientRect().width)}`).join(' | '))));
await b.close();
