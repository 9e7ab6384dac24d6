// `dossier report` as the "Open report" command runs it: its arguments, the run, and what its
// output means. No `vscode` import: the unit tests run it under plain Node.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The command that writes the report and opens it; hovers link "Open in report" to it. */
export const OPEN_REPORT = 'dossier.openReport';

/** The file `dossier report` leaves in a folder it wrote (and may replace). */
export const REPORT_MARKER = '.dossier-report';

/**
 * The command's argument: an entity id (a hover's link) or any spelling of a name, else
 * nothing (the palette, or an argument that is no name).
 */
export function entityArgument(arg: unknown): string | undefined {
  if (typeof arg !== 'string') return undefined;
  const e = arg.trim();
  return e === '' ? undefined : e;
}

/** `dossier report --out <dir> [--entity <entity>]`. */
export function reportArgs(out: string, entity?: string): string[] {
  return entity === undefined ? ['report', '--out', out] : ['report', '--out', out, '--entity', entity];
}

export type ReportOutcome = { page: string } | { error: string };

const lastLine = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .pop();

/**
 * What a finished run means: on success, the page to open is the last line of stdout (and must
 * exist); on failure, the last line of stderr (the one-line error), else how it ended.
 */
export function reportOutcome(
  code: number | null,
  signal: NodeJS.Signals | null,
  stdout: string,
  stderr: string,
  exists: (p: string) => boolean = fs.existsSync,
): ReportOutcome {
  if (code !== 0) {
    const why = lastLine(stderr);
    if (why) return { error: why };
    return { error: signal ? `dossier report was stopped (${signal})` : `dossier report failed with exit code ${code}` };
  }
  const page = lastLine(stdout);
  if (!page) return { error: 'dossier report printed no page to open' };
  if (!path.isAbsolute(page) || !exists(page)) return { error: `dossier report printed ${page}, which is no file` };
  return { page };
}

/** The folder the report is written to, under the extension's own storage folder. */
export function reportFolder(storage: string): string {
  return path.join(storage, 'report');
}

/**
 * Makes `dir` (the extension's own report folder) a place `dossier report` accepts: its parent
 * created, and left-overs of a run stopped before it marked the folder removed (the server
 * refuses a folder that is not empty and holds no earlier report).
 */
export function prepareReportFolder(dir: string): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return; // not there yet: the server creates it
  }
  if (entries.length > 0 && !entries.includes(REPORT_MARKER)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface ReportRun {
  /** Settles when the process has exited (never rejects). */
  done: Promise<ReportOutcome>;
  /** Stops the run; `done` then says so. */
  kill(): void;
}

/** Runs `<binary> <args>` in `cwd` and collects its output. */
export function runReport(binary: string, args: string[], cwd: string): ReportRun {
  let stdout = '';
  let stderr = '';
  const proc = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<ReportOutcome>((resolve) => {
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    proc.on('error', (e) => resolve({ error: `cannot run ${binary}: ${e.message}` }));
    proc.on('close', (code, signal) => resolve(reportOutcome(code, signal, stdout, stderr)));
  });
  return { done, kill: () => void proc.kill() };
}
