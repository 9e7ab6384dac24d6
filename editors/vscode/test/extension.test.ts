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
const ctx = { subscriptions: [] as Array<{ dispose(): unknown }>, extensionPath: path.join(tmp, 'extension') };

function open(folder: string, settings: Record<string, unknown>) {
  Object.assign(fake, { output: [], messages: [], executed: [], terminals: [], panels: [], settings, quickPick: undefined, trusted: true });
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
  for (const id of ['dossier.restartServer', 'dossier.showEntity', 'dossier.checkWorkspace', 'dossier.showOutput']) {
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
