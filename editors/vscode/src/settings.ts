// The `dossier` section as the server reads it through `workspace/configuration`.
// No `vscode` import, so the unit tests run under plain Node.

export const CODES = [
  'date-mismatch',
  'party-mismatch',
  'name-variant',
  'inconsistent-name',
  'invalid-date',
  'weekday-mismatch',
  'ambiguous-date',
  'unknown-source',
  'unsupported-by-source',
] as const;

export const LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type Level = (typeof LEVELS)[number];

/** What the server gets. `null` means "not set here: use dossier.toml" (for `indexDir`: the server's default). */
export interface ServerSettings {
  corpus: string[] | null;
  notes: string[] | null;
  maxFileSize: number | null;
  severity: Record<string, Level>;
  /** The folder of the persistent index: `null` is the server's default (the user's cache folder), `""` turns it off. */
  indexDir: string | null;
}

/** The VS Code settings this is made from (`dossier.corpus`, ...), in whatever shape the user left them. */
export interface RawSettings {
  corpus?: unknown;
  notes?: unknown;
  maxFileSize?: unknown;
  severity?: unknown;
  indexDir?: unknown;
}

/**
 * Builds the server's settings from the user's, dropping what is invalid with a warning.
 * The server rejects the whole object on one bad entry (an unknown code, say), which would
 * silently drop the good settings too; here only the bad entry goes.
 * Unset values become null rather than VS Code's defaults, so that `dossier.toml` keeps
 * the last word on anything the user did not set in VS Code.
 */
export function shapeSettings(raw: RawSettings): { settings: ServerSettings; warnings: string[] } {
  const warnings: string[] = [];

  const globs = (key: 'corpus' | 'notes'): string[] | null => {
    const v = raw[key];
    if (v === undefined || v === null) return null;
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
    if (!list) {
      warnings.push(`dossier.${key} should be a list of globs; ignored`);
      return null;
    }
    const ok = list.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
    if (ok.length < list.length) warnings.push(`dossier.${key}: entries that are not globs were ignored`);
    // An empty list would mean "no files at all", which nobody wants: read it as unset.
    return ok.length ? ok : null;
  };

  let maxFileSize: number | null = null;
  if (raw.maxFileSize !== undefined && raw.maxFileSize !== null && raw.maxFileSize !== '') {
    const n = typeof raw.maxFileSize === 'string' ? Number(raw.maxFileSize) : raw.maxFileSize;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 1) maxFileSize = Math.floor(n);
    else warnings.push(`dossier.maxFileSize should be a number of bytes; ${JSON.stringify(raw.maxFileSize)} ignored`);
  }

  // Unlike the other settings, "" means something here: no persistent index. So it is kept,
  // and so is a whitespace-only path, which trims to "".
  let indexDir: string | null = null;
  if (typeof raw.indexDir === 'string') indexDir = raw.indexDir.trim();
  else if (raw.indexDir !== undefined && raw.indexDir !== null) warnings.push(`dossier.indexDir should be a folder path; ${JSON.stringify(raw.indexDir)} ignored`);

  const severity: Record<string, Level> = {};
  if (raw.severity !== undefined && raw.severity !== null) {
    if (typeof raw.severity !== 'object' || Array.isArray(raw.severity)) {
      warnings.push('dossier.severity should be an object of code: level; ignored');
    } else {
      for (const [code, level] of Object.entries(raw.severity)) {
        const lv = typeof level === 'string' ? level.trim().toLowerCase() : level;
        if (!(CODES as readonly string[]).includes(code)) {
          warnings.push(`dossier.severity: unknown diagnostic code "${code}" ignored (codes: ${CODES.join(', ')})`);
        } else if (!(LEVELS as readonly unknown[]).includes(lv)) {
          warnings.push(`dossier.severity: level ${JSON.stringify(level)} for ${code} ignored (use ${LEVELS.join(', ')})`);
        } else {
          severity[code] = lv as Level;
        }
      }
    }
  }

  return { settings: { corpus: globs('corpus'), notes: globs('notes'), maxFileSize, severity, indexDir }, warnings };
}
