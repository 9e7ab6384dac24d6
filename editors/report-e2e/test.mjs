// The static report as a user sees it, opened from disk in headless Chromium (run by run.sh).
// Each step looks at the page; a failed step saves a screenshot named after it and the test
// stops. The steps' screenshots (overview, timeline, chart, entity, article, note) are kept.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.DOSSIER_E2E_PLAYWRIGHT);
const laos = process.env.REPORT_LAOS;
const vilayPage = process.env.REPORT_VILAY;
const sea = process.env.REPORT_SEA;
const out = process.env.REPORT_OUT;
const url = (dir, rel) => pathToFileURL(path.join(dir, rel)).href;

// the data a report's pages load, read as the browser would
function data(dir, file) {
  const ctx = { window: {} };
  vm.runInNewContext(fs.readFileSync(path.join(dir, 'data', file), 'utf8'), ctx);
  return ctx.window;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
page.setDefaultTimeout(20_000);
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

let passed = 0;
async function step(name, f) {
  const start = Date.now();
  try {
    await f();
    passed++;
    console.log(`ok - ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    const shot = path.join(out, `FAILED-${name.replace(/[^\w]+/g, '-')}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`not ok - ${name}: ${e instanceof Error ? e.message.split('\n').slice(0, 6).join('\n    ') : e}\n    screenshot: ${shot}`);
    await browser.close();
    process.exit(1);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function eq(a, b, msg) {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  if (x !== y) throw new Error(`${msg}: got ${x}, expected ${y}`);
}

// the five seed signings, as the corpus dates them
const SEED_ON_AXIS = [
  'Cooperation Agreement 2021-09-01 · day',
  'United Nations Convention against Cybercrime 2025-10-25 – 10-26 · range',
  'cooperation plan 2025-01-12 · day',
];
const SEED_BESIDE = [
  'Memorandum of Understanding — 6 November, year not stated',
  'Memorandum of Understanding — no date',
];
const SEED_TABLE = [
  '2021-09-01 (day) Today',
  '2025-01-12 (day) Sunday',
  '2025-10-25 – 2025-10-26 (range, from the nearby sentence) the weekend',
  '6 November, year not stated (no year, from the page date) November 6',
  'no date',
];

await step('overview', async () => {
  await page.goto(url(laos, 'index.html'));
  eq(await page.locator('h1').first().textContent(), 'Overview', 'title');
  const facts = await page.locator('dl.facts').first().innerText();
  assert(/Articles\s+5/.test(facts), `corpus facts: ${facts}`);
  assert(await page.locator('.kindbox').count() >= 4, 'entities by kind');
  await page.screenshot({ path: path.join(out, 'overview.png'), fullPage: true });
});

await step('the timeline shows the five seed signings with their dates', async () => {
  await page.goto(url(laos, 'timeline.html'));
  await page.locator('.vis-item.vis-box').first().waitFor();
  // three dated on the axis, two beside it (a date without a year, none)
  const onAxis = await page.locator('.vis-item.vis-box').allInnerTexts();
  eq(onAxis.map((t) => t.replace(/\s+/g, ' ')).sort(), SEED_ON_AXIS, 'items on the time axis');
  const beside = await page.locator('#tl-undated .chip').allInnerTexts();
  eq(beside, SEED_BESIDE, 'signings beside the axis');
  const dates = await page.locator('#signings tbody tr td:first-child').allInnerTexts();
  eq(dates.map((t) => t.replace(/\s+/g, ' ')), SEED_TABLE, 'dates in the table');
  // each drawn item is drawn at its date
  const starts = await page.evaluate(() => window.dossierTimeline.timeline.itemsData.get()
    .map((i) => new Date(i.start).toISOString().slice(0, 10)).sort());
  eq(starts, ['2021-09-01', '2025-01-12', '2025-10-25'], 'item start dates');
  // zoom to a month: fewer items in view
  await page.selectOption('#tl-zoom', '2025');
  await page.selectOption('#tl-month', '1');
  const win = await page.evaluate(() => window.dossierTimeline.timeline.getWindow());
  assert(new Date(win.start).toISOString().startsWith('2025-01-01'), `window ${JSON.stringify(win)}`);
  await page.selectOption('#tl-zoom', 'all');
  // click an item: its details with sources
  await page.locator('.vis-item.vis-box').first().click();
  await page.locator('#tl-detail a[href*="articles/"]').first().waitFor();
  await page.screenshot({ path: path.join(out, 'timeline.png'), fullPage: true });
});

await step('clicking Laos in the link chart filters the timeline', async () => {
  await page.goto(url(laos, 'chart.html'));
  await page.locator('#chart[data-ready="true"]').waitFor();
  const signings = data(laos, 'signings.js').DOSSIER_SIGNINGS;
  const withLaos = signings.filter((s) => s.ents.includes('country:laos')).length;
  assert(withLaos > 0, `Laos in ${withLaos} of ${signings.length}`);
  // a real click at the node's place on the screen
  async function clickNode(id) {
    const p = await page.evaluate((i) => window.dossierChart.pagePosition(i), id);
    assert(p, `${id} is a node of the chart`);
    const scroll = await page.evaluate(() => [window.scrollX, window.scrollY]);
    await page.mouse.click(p.x - scroll[0], p.y - scroll[1]);
    await page.locator(`#chart[data-selected="${id}"]`).waitFor();
  }
  // Luxembourg first: one signing of the five
  await clickNode('country:luxembourg');
  eq(await page.locator('#tl-filter').textContent(), 'Signings of Luxembourg: 1', 'filter line');
  eq(await page.locator('#signings tbody tr:not([hidden])').count(), 1, 'rows shown');
  await clickNode('country:laos');
  const filter = await page.locator('#tl-filter').textContent();
  eq(filter, `Signings of Laos: ${withLaos}`, 'filter line');
  eq(await page.locator('#signings tbody tr:not([hidden])').count(), withLaos, 'rows shown');
  const dated = signings.filter((s) => s.ents.includes('country:laos') && s.precision !== 'no year' && s.precision !== 'none').length;
  eq(await page.locator('.linked-timeline .vis-item.vis-box').count(), dated, 'items drawn');
  await page.screenshot({ path: path.join(out, 'chart.png') });
  // search by another spelling finds the entity
  await page.fill('#chart-search', 'Lakhamfong');
  const hit = await page.locator('#chart-results li').first().innerText();
  assert(hit.includes('Vilay Lakhamphong'), `search: ${hit}`);
  // the background clears the filter
  await page.locator('#tl-clear').click();
  eq(await page.locator('#signings tbody tr:not([hidden])').count(), signings.length, 'all rows again');
});

await step('the entity page of Vilay Lakhamphong lists both spellings and links line 22', async () => {
  const names = data(laos, 'names.js').DOSSIER_NAMES;
  const v = names.find((n) => n[1] === 'Vilay Lakhamphong');
  assert(v, 'Vilay Lakhamphong has a page');
  await page.goto(url(laos, v[3]));
  const spellings = await page.locator('ul.spellings').innerText();
  assert(spellings.includes('Vilay Lakhamphong') && spellings.includes('Vilay Lakhamfong'), spellings);
  const link = page.locator('a[href$="articles/002_9d85ca025dc7a69f.html#L22"]').first();
  await link.waitFor();
  await page.screenshot({ path: path.join(out, 'entity.png'), fullPage: true });
  // it prints to PDF without the navigation
  await page.emulateMedia({ media: 'print' });
  assert(!(await page.locator('nav.top').isVisible()), 'no navigation in print');
  await page.emulateMedia({ media: 'screen' });
  const pdf = await page.pdf({ format: 'A4' });
  assert(pdf.length > 10_000, `PDF of ${pdf.length} bytes`);
  fs.writeFileSync(path.join(out, 'entity.pdf'), pdf);
  await link.click();
  await page.waitForURL(/002_9d85ca025dc7a69f\.html#L22$/);
  const target = await page.evaluate(() => {
    const el = document.querySelector(':target');
    return el && { id: el.id, bg: getComputedStyle(el).backgroundColor, text: el.innerText };
  });
  assert(target && target.id === 'L22', `target ${JSON.stringify(target)}`);
  assert(target.bg !== 'rgba(0, 0, 0, 0)', 'the cited line is highlighted');
  assert(/Lakham/.test(target.text), `line 22: ${target.text}`);
  await page.screenshot({ path: path.join(out, 'article.png') });
});

await step('the focused report opens on the entity page', async () => {
  await page.goto(pathToFileURL(vilayPage).href);
  eq((await page.locator('h1').first().innerText()).split('\n')[0].replace(/\s*●.*$/, ''), 'Vilay Lakhamphong', 'heading');
});

await step('the note view marks the date-mismatch claim contradicted', async () => {
  await page.goto(url(laos, 'notes/cooperation-brief.html'));
  const row = page.locator('li.claim-row', { hasText: 'date-mismatch' }).first();
  eq(await row.getAttribute('data-status'), 'contradicted', 'status');
  assert((await row.innerText()).includes('14 January 2025'), 'the claim');
  const ev = row.locator('a.evidence').first();
  assert((await ev.getAttribute('href')).endsWith('articles/002_9d85ca025dc7a69f.html#L22'), 'evidence link');
  // the claim is marked in the note's text too
  assert(await page.locator('.note-text a.claim.contradicted').count() >= 1, 'marked in the text');
  await page.screenshot({ path: path.join(out, 'note.png'), fullPage: true });
});

if (sea) {
  await step('sea-dev: overview, timeline and chart', async () => {
    const t = Date.now();
    await page.goto(url(sea, 'index.html'), { waitUntil: 'load' });
    console.log(`    sea-dev overview loaded in ${Date.now() - t} ms`);
    await page.goto(url(sea, 'timeline.html'));
    await page.locator('.vis-item.vis-box').first().waitFor();
    await page.goto(url(sea, 'chart.html'));
    await page.locator('#chart[data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(out, 'sea-dev-chart.png') });
  });
}

eq(errors, [], 'errors in the pages');
console.log(`report e2e: ${passed} steps passed; screenshots in ${out}`);
await browser.close();
