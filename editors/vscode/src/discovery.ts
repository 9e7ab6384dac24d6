// Where the server binary is, and whether a folder is a Dossier workspace.
// No `vscode` import: the extension passes in the setting and the file-system/env probes, so
// the unit tests run under plain Node with fake ones.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Probe {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  /** A regular file that we may run (on Unix: with an execute bit for us). */
  isExecutable(p: string): boolean;
  isFile(p: string): boolean;
  isDirectory(p: string): boolean;
}

export interface ServerQuery {
  /** `dossier.server.path` as the user wrote it ('' or undefined when unset). */
  setting?: string;
  /** The extension's install folder, which may ship `server/dossier[.exe]`. */
  extensionPath: string;
  /** The workspace folder a relative setting is resolved against. */
  workspaceFolder?: string;
}

export type ServerFound = { path: string; from: 'setting' | 'bundled' | 'PATH' };
export type ServerMissing = { error: string };

export const NOT_FOUND =
  'Dossier: the language server `dossier` was not found. Set `dossier.server.path` to the binary, ' +
  'or install it on your PATH with `cargo install --path .` in the Dossier repository.';

/** The setting, else the binary shipped in the extension, else `dossier` on PATH. */
export function findServer(q: ServerQuery, probe: Probe): ServerFound | ServerMissing {
  const win = probe.platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const exe = win ? 'dossier.exe' : 'dossier';

  const setting = q.setting?.trim();
  if (setting) {
    let full = setting.replace(/^~(?=$|[\\/])/, probe.home);
    if (!p.isAbsolute(full) && q.workspaceFolder) full = p.join(q.workspaceFolder, full);
    if (probe.isExecutable(full)) return { path: full, from: 'setting' };
    // An explicit setting that points nowhere is a mistake to report: falling back to another
    // binary would hide it and run a server the user did not choose.
    return {
      error:
        `Dossier: \`dossier.server.path\` is "${setting}", but ${full} is not an executable file. ` +
        'Fix the setting, or clear it to use the bundled server or `dossier` on PATH.',
    };
  }

  const bundled = p.join(q.extensionPath, 'server', exe);
  if (probe.isExecutable(bundled)) return { path: bundled, from: 'bundled' };

  // Windows spells the variable `Path`, and its entries may be quoted.
  const key = Object.keys(probe.env).find((k) => (win ? k.toUpperCase() === 'PATH' : k === 'PATH'));
  const dirs = (key ? probe.env[key] ?? '' : '').split(win ? ';' : ':');
  for (const raw of dirs) {
    const dir = raw.replace(/^"(.*)"$/, '$1');
    // An empty entry means the current folder: never run a binary from there.
    if (!dir || !p.isAbsolute(dir)) continue;
    const candidate = p.join(dir, exe);
    if (probe.isExecutable(candidate)) return { path: candidate, from: 'PATH' };
  }
  return { error: NOT_FOUND };
}

/** Whether `folder` holds a `dossier.toml` file or a `corpus/` folder. */
export function isDossierFolder(folder: string, probe: Pick<Probe, 'isFile' | 'isDirectory'>): boolean {
  return probe.isFile(path.join(folder, 'dossier.toml')) || probe.isDirectory(path.join(folder, 'corpus'));
}

/** The real machine. */
export function nodeProbe(): Probe {
  const stat = (p: string) => {
    try {
      return fs.statSync(p);
    } catch {
      return undefined;
    }
  };
  return {
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    isFile: (p) => stat(p)?.isFile() ?? false,
    isDirectory: (p) => stat(p)?.isDirectory() ?? false,
    isExecutable(p) {
      if (!stat(p)?.isFile()) return false;
      if (process.platform === 'win32') return true;
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}
