// The real server over stdio, driven the way the extension drives it: the settings shaped by
// shapeSettings answer workspace/configuration, the indexing progress becomes the status text,
// and a picked symbol's hover becomes Markdown. Skipped when no `dossier` binary is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
// vscode-languageclient's own protocol layer (its dependency), without the `vscode` part.
import {
  ConfigurationRequest,
  createProtocolConnection,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  SymbolKind,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { shapeSettings } from '../src/settings';
import { hoverMarkdown, INDEXING_TITLE, progressStatus, StatusText } from '../src/status';
import { example, noServer, serverBinary } from './helpers';

test('the server takes the shaped settings, reports indexing, answers symbols and hovers', { skip: noServer, timeout: 60_000 }, async () => {
  const proc = spawn(serverBinary!, ['lsp', '--stdio'], { cwd: example, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const logs: string[] = [];
  const statuses: StatusText[] = [];
  let indexed!: () => void;
  const done = new Promise<void>((resolve) => (indexed = resolve));
  let indexing: string | number | undefined;
  try {
    conn.onNotification(LogMessageNotification.type, (m) => logs.push(m.message));
    // the same steps as the extension's handleWorkDoneProgress middleware
    conn.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      conn.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'begin' && value.title === INDEXING_TITLE) indexing = token;
        if (token !== indexing) return;
        statuses.push(progressStatus(value));
        if (value.kind === 'end') indexed();
      });
      return null;
    });
    // a typo among the severities: unshaped, it would make the server drop every setting
    const raw = { severity: { 'invalid-date': 'off', 'weekday-mismatch': 'error', 'no-such-code': 'error' }, corpus: [], maxFileSize: null };
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'dossier' ? shapeSettings(raw).settings : null)));
    conn.listen();

    const root = pathToFileURL(example).href;
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'laos-cooperation' }],
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    await done;

    const last = statuses[statuses.length - 1];
    const corpusFiles = fs.readdirSync(path.join(example, 'corpus')).filter((f) => f.endsWith('.txt')).length;
    assert.match(last.text, new RegExp(`^Dossier: ${corpusFiles} articles · \\d+ entities$`));
    assert.ok(statuses.some((s) => s.text.startsWith('$(sync~spin) Dossier: indexing')), 'a status while indexing');
    assert.ok(!logs.some((l) => /settings ignored/.test(l)), `the server took the settings: ${logs.join(' | ')}`);

    // the shaped severities are in force
    const note = pathToFileURL(path.join(example, 'notes/cooperation-brief.md')).href;
    const report = await conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: note } });
    assert.equal(report.kind, 'full');
    const items = report.kind === 'full' ? report.items : [];
    assert.ok(items.length > 0, 'the example note has findings');
    assert.ok(!items.some((d) => d.code === 'invalid-date'), 'invalid-date is off');
    const weekday = items.filter((d) => d.code === 'weekday-mismatch');
    assert.ok(weekday.length > 0 && weekday.every((d) => d.severity === 1), 'weekday-mismatch is an error');

    // Show entity: workspace/symbol, then the hover at the picked symbol's location
    const symbols = (await conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'laos' })) ?? [];
    const entity = symbols.find((s) => s.kind !== SymbolKind.File && 'range' in s.location);
    assert.ok(entity, 'an entity matches "laos"');
    const loc = entity.location as { uri: string; range: { start: { line: number; character: number } } };
    const hover = await conn.sendRequest(HoverRequest.type, { textDocument: { uri: loc.uri }, position: loc.range.start });
    assert.ok(hover, 'the server hovers the symbol at its location');
    const md = hoverMarkdown(hover.contents);
    assert.ok(md.includes(entity.name), `the hover names ${entity.name}: ${md.slice(0, 200)}`);

    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
  } finally {
    conn.dispose();
    proc.kill();
  }
});
