// Text for the status bar and the entity view, from what the server sends.
// No `vscode` import, so the unit tests run under plain Node.

/** The title of the server's indexing progress: how we tell it from other progress. */
export const INDEXING_TITLE = 'Dossier: indexing the corpus';

export interface Counts {
  articles: number;
  entities: number;
}

/** Reads "indexed 5 articles, 4702 entities, 5 signings" (the end of indexing). */
export function parseIndexed(message: string | undefined): Counts | undefined {
  const m = /indexed (\d+) articles?, (\d+) entit(?:y|ies)/.exec(message ?? '');
  return m ? { articles: Number(m[1]), entities: Number(m[2]) } : undefined;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export interface StatusText {
  text: string;
  tooltip: string;
}

/** `$/progress` values of the indexing, as the LSP sends them. */
export type Progress =
  | { kind: 'begin'; title?: string; message?: string; percentage?: number }
  | { kind: 'report'; message?: string; percentage?: number }
  | { kind: 'end'; message?: string };

export function progressStatus(p: Progress): StatusText {
  if (p.kind === 'end') {
    const c = parseIndexed(p.message);
    const text = c
      ? `Dossier: ${plural(c.articles, 'article', 'articles')} · ${plural(c.entities, 'entity', 'entities')}`
      : 'Dossier: ready';
    return { text, tooltip: `${p.message ?? 'Indexed the corpus'}. Click to show the Dossier output.` };
  }
  const pct = p.percentage === undefined ? '' : ` ${p.percentage}%`;
  return {
    text: `$(sync~spin) Dossier: indexing${pct}`,
    tooltip: `${INDEXING_TITLE}${p.message ? `: ${p.message}` : ''}`,
  };
}

/** Hover contents in any of the LSP's three shapes. */
export type HoverContents =
  | string
  | { language: string; value: string }
  | { kind: string; value: string }
  | Array<string | { language: string; value: string }>;

/** Hover contents as one Markdown text. */
export function hoverMarkdown(contents: HoverContents): string {
  const one = (c: string | { language?: string; kind?: string; value: string }): string => {
    if (typeof c === 'string') return c;
    if ('language' in c && c.language !== undefined) return '```' + c.language + '\n' + c.value + '\n```';
    // plaintext MarkupContent: keep its line breaks and literal characters
    if (c.kind === 'plaintext') return '```text\n' + c.value + '\n```';
    return c.value;
  };
  return (Array.isArray(contents) ? contents.map(one) : [one(contents)]).join('\n\n');
}
