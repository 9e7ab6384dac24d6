// Where the tests find the Dossier repository, its example workspace and a built server.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** This folder's root (the tests run from out/test/). */
export const root = path.resolve(__dirname, '../..');
export const repo = path.resolve(root, '../..');
export const example = path.join(repo, 'examples/laos-cooperation');

// $DOSSIER_SERVER (or $DOSSIER_BIN, which the repository's CI sets), else the newer of the
// release and debug builds, so that a stale build is not the one tested.
const built = ['target/release/dossier', 'target/debug/dossier']
  .map((p) => path.join(repo, p))
  .filter((p) => fs.existsSync(p))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
export const serverBinary: string | undefined = process.env.DOSSIER_SERVER || process.env.DOSSIER_BIN || built[0];

/** Why the tests that need the server and the example are skipped, if they are. */
export const noServer: string | false = !serverBinary
  ? 'no dossier binary (cargo build, or set DOSSIER_SERVER)'
  : !fs.existsSync(example) && 'no example workspace';

/** Waits until `cond()` holds, polling; fails after `ms`. */
export async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
