// `dossier report` as Open report runs it: the arguments, what its output means, its folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { entityArgument, prepareReportFolder, reportArgs, reportFolder, reportOutcome, runReport } from '../src/report';

test('the arguments: --out, and --entity only with an entity', () => {
  assert.deepEqual(reportArgs('/s/report'), ['report', '--out', '/s/report']);
  assert.deepEqual(reportArgs('/s/report', 'country:laos'), ['report', '--out', '/s/report', '--entity', 'country:laos']);
  // a name with spaces or a leading dash stays one argument, after --entity
  assert.deepEqual(reportArgs('/s r', '-Vilay Lakhamphong'), ['report', '--out', '/s r', '--entity', '-Vilay Lakhamphong']);
  assert.equal(reportFolder('/home/u/.config/Code/User/workspaceStorage/ab/dossier.dossier'), '/home/u/.config/Code/User/workspaceStorage/ab/dossier.dossier/report');
});

test('the entity argument: a non-empty string, else none', () => {
  assert.equal(entityArgument('country:laos'), 'country:laos');
  assert.equal(entityArgument('  Laos \n'), 'Laos');
  for (const none of [undefined, null, '', '   ', 3, ['country:laos'], { name: 'Laos' }]) {
    assert.equal(entityArgument(none), undefined, JSON.stringify(none));
  }
});

test('the outcome: the last stdout line on success, the last stderr line on failure', () => {
  const exists = (p: string) => p === '/r/index.html';
  assert.deepEqual(reportOutcome(0, null, 'report: 9 files in /r\n/r/index.html\n', '', exists), { page: '/r/index.html' });
  assert.deepEqual(reportOutcome(0, null, 'report: 9 files in /r\r\n/r/index.html\r\n\r\n', 'warning: x\n', exists), { page: '/r/index.html' });
  assert.deepEqual(reportOutcome(0, null, 'report: 9 files in /r\n', '', exists), { error: 'dossier report printed report: 9 files in /r, which is no file' });
  assert.deepEqual(reportOutcome(0, null, '/r/gone.html\n', '', exists), { error: 'dossier report printed /r/gone.html, which is no file' });
  assert.deepEqual(reportOutcome(0, null, '', '', exists), { error: 'dossier report printed no page to open' });
  assert.deepEqual(
    reportOutcome(2, null, 'partial\n', 'warning: big.txt skipped\ndossier: no entity "Atlantis"\n', exists),
    { error: 'dossier: no entity "Atlantis"' },
  );
  assert.deepEqual(reportOutcome(101, null, '', '', exists), { error: 'dossier report failed with exit code 101' });
  assert.deepEqual(reportOutcome(null, 'SIGKILL', '', '', exists), { error: 'dossier report was stopped (SIGKILL)' });
});

test('the folder: its parent made, a stopped run\'s left-overs removed, an earlier report kept', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-report-'));
  try {
    const dir = path.join(tmp, 'storage', 'report');
    prepareReportFolder(dir);
    assert.ok(fs.statSync(path.join(tmp, 'storage')).isDirectory());
    assert.equal(fs.existsSync(dir), false);
    // a report: left for the server to replace
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.dossier-report'), '');
    prepareReportFolder(dir);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['.dossier-report', 'data']);
    // a run stopped before it marked the folder: removed, or the server would refuse it
    fs.rmSync(path.join(dir, '.dossier-report'));
    prepareReportFolder(dir);
    assert.equal(fs.existsSync(dir), false);
    // an empty folder stays
    fs.mkdirSync(dir);
    prepareReportFolder(dir);
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a binary that cannot run: one line that names it', async () => {
  const r = runReport('/no/such/dossier', ['report'], os.tmpdir());
  assert.deepEqual(await r.done, { error: 'cannot run /no/such/dossier: spawn /no/such/dossier ENOENT' });
});
