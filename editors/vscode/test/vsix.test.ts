// Packages the extension (`npm run package`) and checks what the .vsix holds: the manifest and
// the bundle, and none of the sources, tests, source maps or node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { root } from './helpers';

const MiB = 1024 * 1024;

interface Entry {
  name: string;
  size: number;
  read(): Buffer;
}

/** The entries of a zip file, from its central directory (a .vsix is a zip). */
function readZip(buf: Buffer): Entry[] {
  // the end-of-central-directory record: last in the file, before a comment of up to 64 KiB
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory header');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    entries.push({
      name,
      size,
      read() {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + compressed);
        return method === 0 ? data : zlib.inflateRawSync(data);
      },
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

test('npm run package makes a small .vsix with the manifest and the bundle only', { timeout: 300_000 }, (t) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(vsix, { force: true });
  try {
    execSync('npm run package', { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    assert.fail(`npm run package failed:\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
  assert.ok(fs.existsSync(vsix), `${path.basename(vsix)} was written`);

  const bytes = fs.readFileSync(vsix);
  const entries = readZip(bytes);
  const names = entries.map((e) => e.name);
  t.diagnostic(`${path.basename(vsix)}: ${bytes.length} bytes`);
  for (const e of entries) t.diagnostic(`${String(e.size).padStart(9)}  ${e.name}`);

  // the README's screenshots travel with it (relative links: the extension view shows them)
  for (const must of ['extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js', 'extension/readme.md',
    'extension/images/hover.png', 'extension/images/diagnostics.png']) {
    assert.ok(names.includes(must), `${must} is packaged`);
  }
  const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8'));
  assert.equal(manifest.main, './dist/extension.js');
  assert.ok(names.includes(path.posix.join('extension', manifest.main)), 'the manifest\'s main is packaged');

  const bad = names.filter(
    (n) => n.endsWith('.map') || n.includes('node_modules/') || n.endsWith('.ts') || /^extension\/(src|test|out)\//.test(n),
  );
  assert.deepEqual(bad, [], 'no source maps, node_modules, TypeScript sources, tests or test builds');

  // A platform build may add server/dossier, which is the server's size, not the extension's.
  const own = entries.filter((e) => !e.name.startsWith('extension/server/'));
  const total = own.reduce((sum, e) => sum + e.size, 0);
  assert.ok(total < 2 * MiB, `the extension unpacks to ${total} bytes, under 2 MiB`);
  if (own.length === entries.length) assert.ok(bytes.length < 2 * MiB, `the .vsix is ${bytes.length} bytes, under 2 MiB`);
});
