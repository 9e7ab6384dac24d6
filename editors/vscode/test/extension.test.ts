// The extension itself, with vscode-languageclient, under a fake `vscode` (there is no VS Code
// here) and the real server: activation, the status bar, the settings middleware and the
// commands, end to end.
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fake, installFakeVscode, Uri } from './fake-vscode';
import { example, noServer, serverBinary, until } from './helpers';

installFakeVscode();
// required, not imported: it must load after the fake is installed
const ext = require('../src/extension') as typeof import('../src/extension');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-ext-'));
const ctx = {
  subscriptions: [] as Array<{ dispose(): unknown }>,
  extensionPath: path.join(tmp, 'extension'),
  storageUri: Uri.file(path.join(tmp, 'storage')),
  globalStorageUri: Uri.file(path.join(tmp, 'global-storage')),
};
// the reports' own runs of the server keep their index here, not in the user's cache folder
process.env.DOSSIER_CACHE_DIR = path.join(tmp, 'cache');

function open(folder: string, settings: Record<string, unknown>) {
  Object.assign(fake, { output: [], messages: [], executed: [], terminals: [], panels: [], opened: [], progress: [], settings, quickPick: undefined, trusted: true });
  fake.status = { text: '', tooltip: '', visible: false };
  fake.folders = [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }];
}

afterEach(async () => {
  await ext.deactivate();
  for (const d of ctx.subscriptions.splice(0)) d.dispose();
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('outside a Dossier workspace: the commands exist, no server starts', async () => {
  const plain = path.join(tmp, 'plain');
  fs.mkdirSync(plain);
  open(plain, {});
  await ext.activate(ctx as never);
  for (const id of ['dossier.restartServer', 'dossier.showEntity', 'dossier.checkWorkspace', 'dossier.showOutput', 'dossier.openReport']) {
    assert.ok(fake.commands.has(id), `${id} is registered`);
  }
  assert.deepEqual(fake.executed, [['setContext', 'dossier.workspace', false]]);
  assert.equal(fake.status.visible, false);
  assert.deepEqual(fake.messages, []);
});

test('Restricted Mode: no server, and the status and a message say the folder needs trust', { skip: !fs.existsSync(example) && 'no example' }, async () => {
  open(example, { 'dossier.server.path': serverBinary ?? '/bin/true' });
  fake.trusted = false;
  await ext.activate(ctx as never);
  assert.equal(fake.status.text, '$(workspace-untrusted) Dossier: folder not trusted');
  assert.equal(fake.messages.length, 1);
  assert.match(fake.messages[0], /^Dossier needs a trusted folder/);
  assert.doesNotMatch(fake.output.join(''), /Starting/);
});

test('the server runs with its log on window/logMessage only', () => {
  assert.deepEqual(ext.SERVER_ARGS, ['lsp', '--log-to', 'client']);
});

test('hovers link to Show entity and Open report, the two commands they may run', () => {
  assert.deepEqual(ext.INITIALIZATION_OPTIONS, { entityCommand: 'dossier.showEntity', reportCommand: 'dossier.openReport' });
  assert.deepEqual(ext.HOVER_COMMANDS, ['dossier.showEntity', 'dossier.openReport']);
});

test('Open report outside a Dossier workspace: says so, runs nothing', async () => {
  const plain = path.join(tmp, 'plain-report');
  fs.mkdirSync(plain);
  open(plain, {});
  await ext.activate(ctx as never);
  await fake.commands.get('dossier.openReport')!();
  assert.deepEqual(fake.messages, ['Dossier: no workspace folder has a dossier.toml or a corpus/ folder.']);
  assert.deepEqual(fake.progress, []);
  assert.deepEqual(fake.opened, []);
});

/**
 * A stand-in for the server: `lsp` is the real one; `report` records its folder and arguments,
 * writes two pages into --out and prints what `dossier report` prints, the page to open last;
 * with `--entity Atlantis` it fails as the server does, a warning then the one-line error; with
 * `--entity Slow` it takes 30 s.
 */
function fakeReportServer(real: string): { script: string; calls: () => string[][] } {
  const dir = path.join(tmp, 'fake-server');
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'calls');
  const script = path.join(dir, 'dossier');
  fs.writeFileSync(
    script,
    `#!/bin/sh
if [ "$1" = lsp ]; then exec '${real}' "$@"; fi
{ printf '%s' "$PWD"; for a in "$@"; do printf '\t%s' "$a"; done; printf '\n'; } >> '${log}'
if [ "$5" = Slow ]; then exec sleep 30; fi
if [ "$5" = Atlantis ]; then
  echo 'report: nothing written'
  echo 'warning: corpus/big.txt is larger than max_file_size and skipped' >&2
  echo 'dossier: no entity named "Atlantis" in the corpus' >&2
  exit 2
fi
out="$3"
mkdir -p "$out/entities"
echo '<html>' > "$out/index.html"
echo '<html>' > "$out/entities/country-laos.html"
echo "report: 2 files in $out"
if [ "$4" = --entity ]; then echo "$out/entities/country-laos.html"; else echo "$out/index.html"; fi
`,
    { mode: 0o755 },
  );
  const calls = () =>
    fs.existsSync(log)
      ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split('\t'))
      : [];
  return { script, calls };
}

test('Open report: dossier report --out <storage>/report [--entity] in the workspace folder, with progress; the last stdout line opened; a failure shows the stderr line', { skip: noServer, timeout: 60_000 }, async () => {
  const { script, calls } = fakeReportServer(serverBinary!);
  open(example, { 'dossier.server.path': script, 'dossier.indexDir': path.join(tmp, 'index-report') });
  await ext.activate(ctx as never);
  const out = path.join(tmp, 'storage', 'report');
  const openReport = fake.commands.get('dossier.openReport')!;
  // the client shows the server's indexing progress too
  const reports = () => fake.progress.filter((p) => p.title?.startsWith('Dossier: writing the report'));
  fake.messages = [];

  // the palette: the whole corpus, its overview opened
  await openReport();
  assert.deepEqual(calls(), [[example, 'report', '--out', out]]);
  assert.deepEqual(reports(), [{ location: 15, title: 'Dossier: writing the report', cancellable: true }]);
  assert.deepEqual(fake.opened.map((u) => [u.scheme, u.fsPath]), [['file', path.join(out, 'index.html')]]);
  assert.deepEqual(fake.messages, []);

  // a hover's "Open in report": that entity's page
  await openReport('country:laos');
  assert.deepEqual(calls()[1], [example, 'report', '--out', out, '--entity', 'country:laos']);
  assert.equal(reports()[1].title, 'Dossier: writing the report on country:laos');
  assert.deepEqual(fake.opened.map((u) => u.fsPath), [path.join(out, 'index.html'), path.join(out, 'entities/country-laos.html')]);
  assert.deepEqual(fake.messages, []);

  // a failure: its one-line error, nothing opened
  await openReport('Atlantis');
  assert.deepEqual(calls()[2], [example, 'report', '--out', out, '--entity', 'Atlantis']);
  assert.deepEqual(fake.messages, ['dossier: no entity named "Atlantis" in the corpus']);
  assert.equal(fake.opened.length, 2);
  assert.match(fake.output.join(''), /The report failed: dossier: no entity named "Atlantis" in the corpus/);

  // an argument that is no name (VS Code passes a URI from some menus): the whole corpus
  fake.messages = [];
  await openReport({ scheme: 'file' });
  assert.deepEqual(calls()[3], [example, 'report', '--out', out]);
  assert.equal(fake.opened.length, 3);
  assert.deepEqual(fake.messages, []);

  // cancelled from the progress notification: the run stops, nothing is said or opened
  let t0 = Date.now();
  const slow = openReport('Slow');
  await until('the slow run', () => calls().length === 5 && reports().length === 5);
  fake.cancelProgress('Dossier: writing the report on Slow');
  await slow;
  assert.ok(Date.now() - t0 < 10_000, 'stopped, not waited for');
  assert.deepEqual(fake.messages, []);
  assert.equal(fake.opened.length, 3);

  // asked again while a run is writing: the earlier run stops and says nothing, the new one opens
  t0 = Date.now();
  const first = openReport('Slow');
  await until('the slow run', () => calls().length === 6);
  const second = openReport('country:laos');
  await Promise.all([first, second]);
  assert.ok(Date.now() - t0 < 10_000, 'stopped, not waited for');
  assert.deepEqual(calls()[6], [example, 'report', '--out', out, '--entity', 'country:laos']);
  assert.deepEqual(fake.messages, []);
  assert.deepEqual(fake.opened.slice(3).map((u) => u.fsPath), [path.join(out, 'entities/country-laos.html')]);
});

test('Open report in Restricted Mode: runs nothing, says the folder needs trust', { skip: noServer }, async () => {
  const { script, calls } = fakeReportServer(serverBinary!);
  const before = calls().length;
  open(example, { 'dossier.server.path': script });
  fake.trusted = false;
  await ext.activate(ctx as never);
  fake.messages = [];
  await fake.commands.get('dossier.openReport')!('country:laos');
  assert.equal(calls().length, before);
  assert.equal(fake.messages.length, 1);
  assert.match(fake.messages[0], /^Dossier needs a trusted folder/);
  assert.deepEqual(fake.opened, []);
});

test('Open report with the real server: the overview, then Laos\'s page; nothing written in the workspace', { skip: noServer, timeout: 120_000 }, async () => {
  const listing = (dir: string): string[] =>
    fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((f) => `${f} ${fs.statSync(path.join(dir, f)).mtimeMs}`);
  const before = listing(example);
  open(example, { 'dossier.server.path': serverBinary, 'dossier.indexDir': path.join(tmp, 'index-real') });
  await ext.activate(ctx as never);
  const out = path.join(tmp, 'storage', 'report');
  const openReport = fake.commands.get('dossier.openReport')!;
  fake.messages = [];
  await openReport();
  assert.deepEqual(fake.messages, []);
  assert.deepEqual(fake.opened.map((u) => u.fsPath), [path.join(out, 'index.html')]);
  assert.ok(fs.existsSync(path.join(out, '.dossier-report')));
  assert.match(fs.readFileSync(path.join(out, 'index.html'), 'utf8'), /Laos/);
  // again, for an entity: the earlier report is replaced, the entity's page opened
  await openReport('country:laos');
  assert.deepEqual(fake.messages, []);
  assert.equal(fake.opened[1].fsPath, path.join(out, 'entities', 'country-laos.html'));
  assert.match(fs.readFileSync(fake.opened[1].fsPath, 'utf8'), /Laos/);
  await openReport('Atlantis');
  assert.deepEqual(fake.messages, ['dossier: no entity named "Atlantis" in the corpus']);
  assert.equal(fake.opened.length, 2);
  assert.deepEqual(listing(example), before);
});

test('no server: the status says so and the message names the fix', { skip: !fs.existsSync(example) && 'no example' }, async () => {
  open(example, { 'dossier.server.path': path.join(tmp, 'no-such-dossier') });
  await ext.activate(ctx as never);
  assert.equal(fake.status.text, '$(error) Dossier: no server');
  assert.equal(fake.messages.length, 1);
  assert.match(fake.messages[0], /dossier\.server\.path/);
  assert.match(fake.messages[0], /no-such-dossier/);
});

test('the server starts, indexes, takes the shaped settings; Show entity and Check workspace work', { skip: noServer, timeout: 60_000 }, async () => {
  const indexDir = path.join(tmp, 'index');
  open(example, {
    'dossier.server.path': serverBinary,
    // the typo would make the server refuse all settings, and with them the indexing
    'dossier.severity': { 'invalid-date': 'off', 'no-such-code': 'error' },
    // the persistent index goes here, not into the user's cache folder
    'dossier.indexDir': indexDir,
  });
  await ext.activate(ctx as never);
  assert.deepEqual(fake.executed[0], ['setContext', 'dossier.workspace', true]);

  await until('the indexing to end', () => /articles/.test(fake.status.text));
  assert.match(fake.status.text, /^Dossier: 5 articles · \d+ entities$/);
  const out = fake.output.join('');
  assert.match(out, /unknown diagnostic code "no-such-code" ignored/);
  assert.doesNotMatch(out, /settings ignored/);
  await until('the index written to dossier.indexDir', () => fs.existsSync(indexDir) && fs.readdirSync(indexDir).some((f) => f.endsWith('.idx')));

  // Show entity: the quick pick asks the server as the user types, the pick opens its hover
  await fake.commands.get('dossier.showEntity')!();
  const qp = fake.quickPick!;
  await until('the first symbols', () => qp.items.length > 0);
  qp.type('laos');
  const laos = () => qp.items.find((i) => /\) Laos$/.test(i.label) && /country/.test(i.description));
  await until('Laos among the symbols', () => laos() !== undefined);
  assert.ok(qp.items.every((i) => i.alwaysShow), 'VS Code does not filter the server\'s fuzzy matches again');
  qp.accept(laos());
  await until('the entity view', () => fake.panels.length === 1 && fake.panels[0].webview.html !== '');
  const panel = fake.panels[0];
  assert.equal(panel.title, 'Dossier: Laos');
  assert.deepEqual(panel.options.enableCommandUris, ['dossier.openSource', 'dossier.showEntity']);
  // the fake has no Markdown renderer: the whole card as text, with its links as commands
  assert.match(panel.webview.html, /\*\*Laos\*\* · country/);
  assert.match(panel.webview.html, /mentions in 5 articles/);
  assert.doesNotMatch(panel.webview.html, /more signings/);

  // a hover's "more" link: the card of the entity it names, in the same view
  fake.commands.get('dossier.showEntity')!({ name: 'Vilay Lakhamphong', kind: 'person' });
  await until('the person', () => panel.title === 'Dossier: Vilay Lakhamphong');

  // Check workspace: `dossier check` with the same binary, in the workspace folder, in a
  // terminal that stays open with the verdict
  await fake.commands.get('dossier.checkWorkspace')!();
  assert.equal(fake.terminals.length, 1);
  const pty = fake.terminals[0].options.pty;
  let shown = '';
  pty.onDidWrite((d: string) => (shown += d));
  pty.open();
  await until('the verdict', () => /dossier check found problems/.test(shown));
  assert.match(shown, /date-mismatch/);
  assert.match(shown, /\r\n/);
  assert.doesNotMatch(shown, /[^\r]\n/);
});
