import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findServer, isDossierFolder, nodeProbe, NOT_FOUND, Probe } from '../src/discovery';

/** A machine where exactly `executables` can be run. */
function fake(executables: string[], opts: Partial<Probe> = {}): Probe {
  const set = new Set(executables);
  return {
    platform: 'linux',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    home: '/home/ana',
    isExecutable: (p) => set.has(p),
    isFile: (p) => set.has(p),
    isDirectory: () => false,
    ...opts,
  };
}
const ext = '/ext/dossier-0.1.0';

test('the setting wins over the bundled binary and PATH', () => {
  const probe = fake(['/opt/dossier', `${ext}/server/dossier`, '/usr/bin/dossier']);
  assert.deepEqual(findServer({ setting: '/opt/dossier', extensionPath: ext }, probe), { path: '/opt/dossier', from: 'setting' });
});

test('a relative setting is resolved against the workspace folder, ~ against home', () => {
  const probe = fake(['/work/ws/target/release/dossier', '/home/ana/.cargo/bin/dossier']);
  assert.deepEqual(findServer({ setting: 'target/release/dossier', extensionPath: ext, workspaceFolder: '/work/ws' }, probe), {
    path: '/work/ws/target/release/dossier',
    from: 'setting',
  });
  assert.deepEqual(findServer({ setting: '~/.cargo/bin/dossier', extensionPath: ext }, probe), {
    path: '/home/ana/.cargo/bin/dossier',
    from: 'setting',
  });
});

test('a setting that points nowhere is an error, not a silent fallback', () => {
  const probe = fake([`${ext}/server/dossier`, '/usr/bin/dossier']);
  const r = findServer({ setting: '/nope/dossier', extensionPath: ext }, probe);
  assert.ok('error' in r);
  assert.match(r.error, /dossier\.server\.path/);
  assert.match(r.error, /\/nope\/dossier/);
});

test('a blank setting counts as unset', () => {
  const probe = fake(['/usr/bin/dossier']);
  assert.deepEqual(findServer({ setting: '  ', extensionPath: ext }, probe), { path: '/usr/bin/dossier', from: 'PATH' });
});

test('the bundled binary comes before PATH', () => {
  const probe = fake([`${ext}/server/dossier`, '/usr/bin/dossier']);
  assert.deepEqual(findServer({ extensionPath: ext }, probe), { path: `${ext}/server/dossier`, from: 'bundled' });
});

test('PATH is searched in order, skipping empty and relative entries', () => {
  const probe = fake(['/b/dossier', '/c/dossier', 'rel/dossier', 'dossier'], { env: { PATH: ':rel:/a:/b:/c' } });
  assert.deepEqual(findServer({ extensionPath: ext }, probe), { path: '/b/dossier', from: 'PATH' });
});

test('on Windows: server\\dossier.exe, the Path variable, quoted entries', () => {
  const win = (exes: string[]) =>
    fake(exes, { platform: 'win32', env: { Path: 'C:\\Windows;"C:\\Program Files\\Dossier"' }, home: 'C:\\Users\\ana' });
  const extWin = 'C:\\ext\\dossier';
  assert.deepEqual(findServer({ extensionPath: extWin }, win([`${extWin}\\server\\dossier.exe`])), {
    path: `${extWin}\\server\\dossier.exe`,
    from: 'bundled',
  });
  assert.deepEqual(findServer({ extensionPath: extWin }, win(['C:\\Program Files\\Dossier\\dossier.exe'])), {
    path: 'C:\\Program Files\\Dossier\\dossier.exe',
    from: 'PATH',
  });
  // a file without .exe is not a Windows server
  assert.ok('error' in findServer({ extensionPath: extWin }, win(['C:\\Windows\\dossier'])));
  assert.deepEqual(findServer({ setting: 'bin\\dossier.exe', extensionPath: extWin, workspaceFolder: 'D:\\ws' }, win(['D:\\ws\\bin\\dossier.exe'])), {
    path: 'D:\\ws\\bin\\dossier.exe',
    from: 'setting',
  });
});

test('nothing found: the message names the setting and the install command', () => {
  const r = findServer({ extensionPath: ext }, fake([], { env: {} }));
  assert.deepEqual(r, { error: NOT_FOUND });
  assert.match(NOT_FOUND, /dossier\.server\.path/);
  assert.match(NOT_FOUND, /cargo install --path \./);
});

test('the real probe: executables, dossier.toml and corpus/ on disk', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-vscode-'));
  try {
    const probe = nodeProbe();
    const bin = path.join(dir, 'dossier');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o644 });
    assert.equal(probe.isExecutable(bin), false, 'no execute bit');
    fs.chmodSync(bin, 0o755);
    assert.equal(probe.isExecutable(bin), true);
    assert.equal(probe.isExecutable(dir), false, 'a folder is not a server');

    const ws = path.join(dir, 'ws');
    fs.mkdirSync(ws);
    assert.equal(isDossierFolder(ws, probe), false);
    fs.writeFileSync(path.join(ws, 'corpus'), 'a file, not a folder');
    assert.equal(isDossierFolder(ws, probe), false);
    fs.rmSync(path.join(ws, 'corpus'));
    fs.mkdirSync(path.join(ws, 'corpus'));
    assert.equal(isDossierFolder(ws, probe), true);
    const ws2 = path.join(dir, 'ws2');
    fs.mkdirSync(ws2);
    fs.writeFileSync(path.join(ws2, 'dossier.toml'), '');
    assert.equal(isDossierFolder(ws2, probe), true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the modules the tests load do not import vscode', () => {
  const src = path.resolve(__dirname, '../../src');
  for (const f of ['discovery.ts', 'settings.ts', 'status.ts']) {
    assert.doesNotMatch(fs.readFileSync(path.join(src, f), 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, f);
  }
});
