import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODES, LEVELS, shapeSettings } from '../src/settings';
import { root, repo } from './helpers';


test('nothing set: every key is there, null or empty, so dossier.toml decides', () => {
  // what VS Code returns when the user set nothing (the contributed defaults)
  const r = shapeSettings({ corpus: [], notes: [], maxFileSize: null, severity: {}, indexDir: null });
  assert.deepEqual(r, { settings: { corpus: null, notes: null, maxFileSize: null, severity: {}, indexDir: null }, warnings: [] });
  assert.deepEqual(shapeSettings({}).settings, { corpus: null, notes: null, maxFileSize: null, severity: {}, indexDir: null });
});

test('valid settings pass through in the server shape, and nothing else does', () => {
  const r = shapeSettings({
    corpus: ['corpus/**/*.txt', ' more/*.txt '],
    notes: ['notes/**/*.md'],
    maxFileSize: 1048576,
    severity: { 'date-mismatch': 'error', 'ambiguous-date': 'off' },
    indexDir: '/fast/disk/dossier-index',
    // keys VS Code also returns for the section, which the server must not see
    server: { path: '/x' },
    trace: { server: 'verbose' },
  } as never);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.settings, {
    corpus: ['corpus/**/*.txt', 'more/*.txt'],
    notes: ['notes/**/*.md'],
    maxFileSize: 1048576,
    severity: { 'date-mismatch': 'error', 'ambiguous-date': 'off' },
    indexDir: '/fast/disk/dossier-index',
  });
  assert.deepEqual(Object.keys(r.settings).sort(), ['corpus', 'indexDir', 'maxFileSize', 'notes', 'severity']);
});

test('unknown codes and levels are dropped with a warning, the rest kept', () => {
  const r = shapeSettings({ severity: { 'date-mismatch': 'Warning', typo: 'error', 'invalid-date': 'fatal', 'name-variant': 3 } });
  assert.deepEqual(r.settings.severity, { 'date-mismatch': 'warning' });
  assert.equal(r.warnings.length, 3);
  assert.match(r.warnings.join('\n'), /unknown diagnostic code "typo"/);
  assert.match(r.warnings.join('\n'), /"fatal" for invalid-date/);
});

test('bad globs and sizes are dropped with a warning', () => {
  const r = shapeSettings({ corpus: 'corpus/*.txt', notes: [42, '', 'n/*.md'], maxFileSize: -5, severity: ['error'] });
  assert.deepEqual(r.settings, { corpus: ['corpus/*.txt'], notes: ['n/*.md'], maxFileSize: null, severity: {}, indexDir: null });
  assert.equal(r.warnings.length, 3);
  assert.equal(shapeSettings({ maxFileSize: '2048' }).settings.maxFileSize, 2048);
  assert.equal(shapeSettings({ maxFileSize: 1000.7 }).settings.maxFileSize, 1000);
  assert.equal(shapeSettings({ notes: {} }).settings.notes, null);
});

test('indexDir: a path passes through, "" (index off) is kept, anything else is dropped with a warning', () => {
  const dir = (indexDir: unknown) => shapeSettings({ indexDir });
  assert.deepEqual(dir('/fast/disk/dossier-index'), { settings: { corpus: null, notes: null, maxFileSize: null, severity: {}, indexDir: '/fast/disk/dossier-index' }, warnings: [] });
  assert.equal(dir('  /fast/disk/dossier index  ').settings.indexDir, '/fast/disk/dossier index');
  // "" turns the persistent index off: not the same as unset
  assert.deepEqual(dir(''), { settings: { corpus: null, notes: null, maxFileSize: null, severity: {}, indexDir: '' }, warnings: [] });
  assert.equal(dir('   ').settings.indexDir, '');
  assert.deepEqual(dir(undefined), { settings: { corpus: null, notes: null, maxFileSize: null, severity: {}, indexDir: null }, warnings: [] });
  assert.deepEqual(dir(null), dir(undefined));
  assert.deepEqual(dir(3), { settings: { corpus: null, notes: null, maxFileSize: null, severity: {}, indexDir: null }, warnings: ['dossier.indexDir should be a folder path; 3 ignored'] });
  assert.deepEqual(dir(['/a']).warnings, ['dossier.indexDir should be a folder path; ["/a"] ignored']);
  assert.deepEqual(dir(false).warnings, ['dossier.indexDir should be a folder path; false ignored']);
});

test('package.json contributes one severity setting per code, with the five levels', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(Object.keys(props['dossier.severity'].properties).sort(), [...CODES].sort());
  for (const p of Object.values<{ enum: string[] }>(props['dossier.severity'].properties)) assert.deepEqual(p.enum, [...LEVELS]);
  for (const key of ['server.path', 'corpus', 'notes', 'maxFileSize', 'indexDir', 'severity', 'trace.server']) {
    const p = props[`dossier.${key}`];
    assert.ok(p, `dossier.${key} is contributed`);
    assert.ok(p.description || p.markdownDescription, `dossier.${key} has a description`);
  }
  assert.deepEqual(props['dossier.trace.server'].enum, ['off', 'messages', 'verbose']);
  // null (the server's default folder) and "" (no persistent index) must both be settable
  assert.deepEqual(props['dossier.indexDir'].type, ['string', 'null']);
  assert.equal(props['dossier.indexDir'].default, null);
});

// The server's list of codes, when this folder sits in the Dossier repository.
const serverCodes = path.join(repo, 'src/base/code.rs');
test('the codes are the server\'s', { skip: !fs.existsSync(serverCodes) && 'no server source beside' }, () => {
  const src = fs.readFileSync(serverCodes, 'utf8');
  // the table: `codes! { DateMismatch = "date-mismatch", Warning, "…"; … }`
  const m = /codes! \{([\s\S]*?)\n\}/.exec(src);
  assert.ok(m, 'the codes! table found in src/base/code.rs');
  const names = [...m[1].matchAll(/^\s*[A-Za-z]+ = "([^"]+)",/gm)].map((x) => x[1]);
  assert.equal(names.length, 9);
  assert.deepEqual(names, [...CODES]);
});
