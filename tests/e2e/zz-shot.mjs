import { launch, newContext, login } from '/work/wt-ui/tests/e2e/browser.mjs';
const [,, who, path, out, width = '1280', full = ''] = process.argv;
const b = await launch();
const c = await newContext(b, { viewport: { width: +width, height: 900 } });
const p = await c.newPage();
if (who !== '-') await login(p, who);
await p.goto(path);
await p.screenshot({ path: out, fullPage: !!full });
await b.close();
