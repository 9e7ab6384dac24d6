// Text for the entity view and the Check workspace terminal. No `vscode` import, so the unit
// tests run under plain Node.

/** The command that opens a corpus file at a line (1-based), for links in the entity view. */
export const OPEN_SOURCE = 'dossier.openSource';

const commandLink = (command: string, args: unknown[]) =>
  `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;

/**
 * The server's card with its `file:///…#L22` links made into links the entity view follows:
 * VS Code's Markdown renderer drops `file:` links (they showed as raw `[..](file:///…)` text),
 * so each one becomes a command link that opens the file at that line.
 */
export function linkSources(markdown: string): string {
  return markdown.replace(/\]\((file:\/\/[^)\s#]+)(?:#L(\d+))?\)/g, (_, uri: string, line?: string) => {
    return `](${commandLink(OPEN_SOURCE, [uri, line ? Number(line) : 1])})`;
  });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The entity view's page: the card rendered as HTML (`body`, from VS Code's own Markdown
 * renderer), no scripts, styled with the theme's colours.
 */
export function entityPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); line-height: 1.5; padding: 0 1.2em 1.2em; }
a { color: var(--vscode-textLink-foreground); }
a:hover { color: var(--vscode-textLink-activeForeground); }
</style></head>
<body class="dossier-entity">${body}</body></html>`;
}

/** Plain text shown as HTML when no Markdown renderer is there. */
export function plainHtml(markdown: string): string {
  return `<pre style="white-space: pre-wrap">${escapeHtml(markdown)}</pre>`;
}

/** Output of `dossier check` for a terminal: line ends as a terminal wants them. */
export function terminalText(chunk: string): string {
  return chunk.replace(/\r?\n/g, '\r\n');
}

/** The last lines of the Check workspace terminal, by `dossier check`'s exit code. */
export function checkVerdict(code: number | null, signal?: string | null): string {
  if (code === 0) return 'dossier check: no problems found.';
  if (code === 1) {
    return 'dossier check found problems (exit code 1, as CI will). The notes\' findings are also in the Problems panel.';
  }
  if (code === null) return `dossier check was stopped${signal ? ` (${signal})` : ''}.`;
  return `dossier check failed (exit code ${code}): see the messages above.`;
}
