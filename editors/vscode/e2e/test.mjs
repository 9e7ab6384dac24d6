// The extension in code-server, as a user sees it (run by e2e/run.sh). Each step looks at the
// screen (status bar, Problems, hovers, editors, terminal, webview, notifications); a failed
// step saves a screenshot named after it and the test stops.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.DOSSIER_E2E_PLAYWRIGHT);
const url = process.env.DOSSIER_E2E_URL;
const workspace = process.env.DOSSIER_E2E_WORKSPACE;
const out = process.env.DOSSIER_E2E_OUT;
// code-server's user data folder: the extension's storage (and the report in it) is there
const userData = process.env.DOSSIER_E2E_DATA;
const notePath = path.join(workspace, 'notes', 'cooperation-brief.md');
const note = fs.readFileSync(notePath, 'utf8').split('\n');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.setDefaultTimeout(20_000);

let failed = 0;
let passed = 0;
const t0 = Date.now();
async function step(name, f) {
  const start = Date.now();
  try {
    await f();
    passed++;
    console.log(`ok - ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    failed++;
    const shot = path.join(out, `FAILED-${name.replace(/[^\w]+/g, '-')}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`not ok - ${name}: ${e instanceof Error ? e.message.split('\n').slice(0, 6).join('\n    ') : e}\n    screenshot: ${shot}`);
    throw e;
  }
}
const expect = (cond, what) => {
  if (!cond) throw new Error(what);
};
/** Polls `f` until it returns something truthy. */
async function until(what, f, ms = 20_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await f();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

const statusTexts = () => page.locator('.statusbar-item').allInnerTexts();
/** Runs a command from the palette by its title. */
async function command(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
/** Puts the cursor at a 1-based line and column of the active editor. */
async function goTo(line, col) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${col}`);
  await page.keyboard.press('Enter');
  await until(`the cursor at ${line}:${col}`, async () => (await statusTexts()).some((t) => t.includes(`Ln ${line}, Col ${col}`)));
}
/** Line and column (1-based) of `needle` in the note. */
function find(needle, after = 0) {
  for (let i = after; i < note.length; i++) {
    const c = note[i].indexOf(needle);
    if (c >= 0) return [i + 1, c + 1];
  }
  throw new Error(`${needle} not in the note`);
}
/** Whether the hover shows all of its card without scrolling. */
const fits = (hover) =>
  hover.evaluate((e) => {
    const content = e.querySelector('.monaco-hover-content') ?? e;
    const frame = content.closest('.monaco-scrollable-element') ?? content.parentElement;
    return [content.scrollHeight, frame.clientHeight];
  });
async function hoverAt(line, col) {
  await page.keyboard.press('Escape');
  await goTo(line, col);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: '·' }).first();
  await hover.waitFor({ state: 'visible', timeout: 10_000 });
  return hover;
}
// the window title names the active editor's file
const activeTab = () => page.title();
async function openNote() {
  const tab = page.locator('.tab', { hasText: 'cooperation-brief.md' });
  if ((await tab.count()) > 0) {
    // (a click, not a key: the focus may be in a webview)
    await tab.first().click();
    await until('the note active', async () => (await activeTab()).includes('cooperation-brief.md'));
    await page.locator('.monaco-editor .view-lines').first().click();
    return;
  }
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('cooperation-brief.md');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'cooperation-brief.md' }).first().waitFor();
  await page.keyboard.press('Enter');
  await until('the note open', async () => (await activeTab()).includes('cooperation-brief.md'));
  await page.locator('.monaco-editor .view-lines').first().click();
}

try {
  await step('the workbench loads', async () => {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.statusbar').waitFor();
  });

  await step('the note opens', openNote);

  await step('status bar: the corpus counts (item 7)', async () => {
    const text = await until('the Dossier status', async () =>
      (await statusTexts()).find((t) => /Dossier: 5 articles · \d+ entities/.test(t)), 40_000);
    const n = Number(/· (\d+) entities/.exec(text)[1]);
    // the corpus's entities, not the ~4600 of the built-in lists
    expect(n > 20 && n < 300, `entity count ${n} in "${text}"`);
  });

  await step('Problems: the count and the date-mismatch on line 17', async () => {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    const row = panel.locator('.monaco-list-row', { hasText: 'the corpus dates this signing 12 January 2025' });
    await row.first().waitFor();
    const text = await row.first().innerText();
    expect(/Ln 17, Col 3/.test(text), `line 17 in "${text}"`);
    // errors, warnings and information (hints are not listed): 1 + 5 + 3
    const problems = page.locator('.statusbar-item[id="status.problems"]');
    const label = await until('the problem counts', async () => {
      const l = (await problems.getAttribute('aria-label')) ?? (await problems.innerText());
      return /1 error|Errors?: 1/i.test(l) && /5 warning|Warnings?: 5/i.test(l) ? l : false;
    });
    const badge = await page.locator('.part.panel .badge .badge-content, .panel .action-item.checked .badge').allInnerTexts();
    console.log(`    problems: ${label.replace(/\s+/g, ' ')}; badge ${badge.join(',')}`);
    await page.screenshot({ path: path.join(out, 'diagnostics.png') });
  });

  await step('hover on Laos', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    // the panel closed: room for the card (and for the README's picture)
    await page.keyboard.press('Control+J');
    await until('the panel hidden', async () => !(await page.locator('.part.panel').isVisible()));
    const [l, c] = find('Laos signed');
    const hover = await hoverAt(l, c + 1);
    const text = await hover.innerText();
    expect(text.includes('Laos · country'), `hover: ${text}`);
    expect(text.includes('Signings'), `signings: ${text}`);
    expect(text.includes('and 3 more signings'), `a more line: ${text}`);
    const [h, room] = await fits(hover);
    expect(h <= room + 1, `the card fits the hover: ${h} px in ${room} px`);
    await page.waitForTimeout(800); // the hover fades in
    await page.screenshot({ path: path.join(out, 'hover.png') });
  });

  await step('the hover\'s "more" link opens the whole card', async () => {
    const [l, c] = find('Laos signed');
    const hover = await hoverAt(l, c + 1);
    await hover.locator('a', { hasText: 'and 3 more signings' }).click();
    const frame = await until('the entity view', async () => {
      for (const f of page.frames()) {
        if ((await f.locator('body.dossier-entity').count().catch(() => 0)) > 0) return f;
      }
      return false;
    });
    const body = await until('the card of Laos', async () => {
      const b = await frame.locator('body').innerText();
      return b.includes('Laos · country') ? b : false;
    });
    // every signing: the five of the corpus, no "more"
    expect(!body.includes('more signings'), `the whole card: ${body}`);
    expect(body.includes('Memorandum of Understanding with Luxembourg'), `the last signing: ${body}`);
    const tab = page.locator('.tab', { hasText: 'Dossier: Laos' });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    await until('the view closed', async () => (await tab.count()) === 0);
    await openNote();
  });

  await step('hover on a name in the front matter (item 8)', async () => {
    const hover = await hoverAt(2, 9);
    const text = await hover.innerText();
    expect(text.includes('Laos · country'), `hover: ${text}`);
  });

  await step('hover on a person: titles once each (item 4)', async () => {
    const [l, c] = find('Vilay Lakhamphong');
    const hover = await hoverAt(l, c + 2);
    const text = await hover.innerText();
    expect(text.includes('Vilay Lakhamphong · person of Laos'), `hover: ${text}`);
    const lines = text.split('\n').map((x) => x.trim()).filter(Boolean);
    // the titles, each once, on the line after the name
    expect(lines[1] === 'Deputy Prime Minister · Minister of Public Security · General', `titles: ${text}`);
    const [h, room] = await fits(hover);
    expect(h <= room + 1, `the card fits the hover: ${h} px in ${room} px`);
  });

  await step('person and country names are coloured in the light theme (item 5)', async () => {
    await page.keyboard.press('Escape');
    const colour = (text) =>
      page.locator('.monaco-editor .view-line span span', { hasText: text }).first().evaluate((e) => getComputedStyle(e).color);
    const [l] = find('Vilay Lakhamphong');
    await goTo(l, 1);
    const plain = await until('semantic colours', async () => {
      const p = await colour('signed the 2025');
      const person = await colour('Vilay Lakhamphong');
      return person !== p ? p : false;
    });
    for (const name of ['Vilay Lakhamphong', 'Lương Tam Quang', 'Udomxay Province']) {
      const c = await colour(name);
      expect(c !== plain, `${name} is ${c}, like plain text ${plain}`);
    }
  });

  await step('the output shows each log line once (item 3)', async () => {
    await command('Dossier: Show output');
    const lines = await until('the log', async () => {
      const ls = (await page.locator('.part.panel .monaco-editor .view-line').allInnerTexts()).map((x) => x.replace(/\u00a0/g, ' '));
      return ls.some((x) => x.includes('indexed 5 articles')) ? ls : false;
    });
    const indexed = lines.filter((x) => x.includes('indexed 5 articles'));
    expect(indexed.length === 1, `one "indexed" line: ${JSON.stringify(indexed)}`);
    expect(!lines.some((x) => x.includes('dossier [Info]')), 'no stderr copies');
    // the platform package's own server, with no setting and nothing on PATH needed (item 9)
    expect(lines.some((x) => /Starting .*\/server\/dossier \(found on bundled\)/.test(x)), `the bundled server: ${lines.slice(0, 3).join(' | ')}`);
    await openNote();
  });

  await step('go to definition on a citation', async () => {
    const [l, c] = find('[@002]');
    await goTo(l, c + 2);
    await page.keyboard.press('F12');
    await until('the article', async () => (await activeTab()).includes('002_9d85ca025dc7a69f.txt'));
    await page.keyboard.press('Control+W');
    await until('the note again', async () => (await activeTab()).includes('cooperation-brief.md'));
  });

  await step('go to definition on a name', async () => {
    const [l, c] = find('Vilay Lakhamphong');
    await goTo(l, c + 2);
    await page.keyboard.press('F12');
    await until('the first mention', async () => (await activeTab()).includes('002_9d85ca025dc7a69f.txt') &&
      (await statusTexts()).some((t) => /Ln 22, Col/.test(t)));
    await page.keyboard.press('Control+W');
    await until('the note again', async () => (await activeTab()).includes('cooperation-brief.md'));
  });

  await step('Check workspace shows its report and stays open (item 1)', async () => {
    await command('Dossier: Check workspace');
    const term = page.locator('.terminal-wrapper .xterm-rows, .xterm .xterm-rows').last();
    const shown = async () => (await term.innerText()).replace(/\u00a0/g, ' ');
    // the end of the report (the terminal shows what fits; the findings scrolled up)
    await until('the report', async () => {
      const t = await shown();
      return t.includes('1 error(s), 5 warning(s), 3 information') && t.includes('dossier check found problems') ? t : false;
    }, 30_000);
    await page.waitForTimeout(1500);
    const t = await shown();
    expect(t.includes('dossier check found problems'), 'still open a moment later');
    expect(!/terminated with exit code/.test(await page.locator('.part.panel').innerText()), 'no "terminated" notice');
  });

  await step('Show entity renders clickable links (item 2)', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await command('Dossier: Show entity');
    const input = page.locator('.quick-input-widget input[placeholder="An entity or article (fuzzy)"]');
    await input.waitFor({ state: 'visible' });
    await input.fill('Vilay');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Vilay Lakhamphong' }).first();
    await row.waitFor();
    await row.click();
    const frame = await until('the entity view', async () => {
      for (const f of page.frames()) {
        if ((await f.locator('body.dossier-entity').count().catch(() => 0)) > 0) return f;
      }
      return false;
    });
    const body = await frame.locator('body').innerText();
    expect(body.includes('Vilay Lakhamphong · person of Laos'), `view: ${body}`);
    expect(!body.includes('](file:'), `no raw links: ${body}`);
    const link = frame.locator('a[href^="command:dossier.openSource"]').first();
    const href = await link.getAttribute('href');
    const [uri, line] = JSON.parse(decodeURIComponent(href.split('?')[1]));
    await link.click();
    const file = decodeURIComponent(uri.split('/').pop());
    await until(`${file} at line ${line}`, async () => (await activeTab()).includes(file) &&
      (await statusTexts()).some((t) => t.includes(`Ln ${line}, Col 1`)));
  });

  await step('the date quick fix changes line 17', async () => {
    await openNote();
    const [l, c] = find('14 January 2025');
    await goTo(l, c + 1);
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Use the corpus date: 12 January 2025' });
    // (on a loaded machine the code actions can come after the menu opened empty: ask again)
    await until('the quick fix menu', async () => {
      if ((await fix.count()) > 0) return true;
      await page.keyboard.press('Escape');
      await page.locator('.monaco-editor .view-line').first().waitFor();
      await goTo(l, c + 1);
      await page.keyboard.press('Control+.');
      await page.waitForTimeout(2500);
      return (await fix.count()) > 0;
    }, 40_000);
    await fix.first().click();
    await until('line 17 changed', async () => {
      const lines = await page.locator('.monaco-editor .view-line').allInnerTexts();
      const norm = lines.map((x) => x.replace(/\u00a0/g, ' '));
      return norm.includes('  12 January 2025.') && !norm.includes('  14 January 2025.');
    });
  });

  // Last but one: after openExternal the page loses the keyboard focus, which the steps driven
  // by keys would trip over; the next step needs no keys.
  await step('Open report: a hover\'s Open in report link writes the report and Laos\'s page (issue 16)', async () => {
    // the pages are looked for in the extension's storage, written after the command ran
    const storage = path.join(userData, 'User', 'workspaceStorage');
    const written = (rel, since) => {
      for (const d of fs.existsSync(storage) ? fs.readdirSync(storage) : []) {
        const f = path.join(storage, d, 'dossier.dossier', 'report', rel);
        if (fs.existsSync(f) && fs.statSync(f).mtimeMs >= since) return f;
      }
      return false;
    };
    const finished = async () => {
      // the run ends: its progress notification goes
      const progress = page.locator('.notification-toast', { hasText: 'Dossier: writing the report' });
      await until('the report written', async () => (await progress.count()) === 0, 40_000);
    };
    // the hover's last line, a trusted command link: the report on Laos, its page opened. (Only
    // one run: after openExternal the page loses the keys and the hovers in this browser, so
    // the palette's run, which the unit tests cover, is left out here.)
    await openNote();
    const [l, c] = find('Laos signed');
    const t = Date.now() - 1000;
    const hover = await hoverAt(l, c + 1);
    const link = hover.locator('a', { hasText: 'Open in report' });
    await link.waitFor();
    await link.click();
    const laos = await until('the page of Laos', () => written(path.join('entities', 'country-laos.html'), t), 40_000);
    await finished();
    expect(fs.readFileSync(laos, 'utf8').includes('Laos'), 'the page names Laos');
    expect(!laos.startsWith(workspace), `the report is outside the workspace: ${laos}`);
    const index = path.join(path.dirname(path.dirname(laos)), 'index.html');
    expect(fs.existsSync(index), `the report's overview beside it: ${index}`);
    const errors = await page.locator('.notification-toast', { hasText: 'dossier' }).allInnerTexts();
    expect(errors.length === 0, `no error: ${errors.join(' | ')}`);
    console.log(`    report: ${path.relative(userData, path.dirname(index))}`);
  });

  await step('a wrong dossier.server.path: the error and its buttons', async () => {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'dossier.server.path': '/no/such/dossier' }));
    const toast = page.locator('.notification-toast', { hasText: '/no/such/dossier' }).first();
    await toast.waitFor({ timeout: 20_000 });
    const text = await toast.innerText();
    expect(text.includes('is not an executable file'), `message: ${text}`);
    for (const b of ['Open Settings', 'Show Output']) {
      expect((await toast.locator('.monaco-button', { hasText: b }).count()) === 1, `button ${b} in: ${text}`);
    }
    expect((await statusTexts()).some((t) => t.includes('Dossier: no server')), 'the status says no server');
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
}
console.log(`vscode-e2e: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(failed ? 1 : 0);
