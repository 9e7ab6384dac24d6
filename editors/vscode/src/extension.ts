// The Dossier extension: runs the `dossier lsp` server for the workspace's corpus and notes,
// with a status bar item and commands around it. The decisions that need no editor (where the
// server is, what settings it gets, what the status says) live in the vscode-free modules
// beside this one, where the unit tests reach them.
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  HoverRequest,
  LanguageClient,
  State,
  SymbolInformation,
  SymbolKind,
  TransportKind,
  WorkspaceSymbol,
  WorkspaceSymbolRequest,
} from 'vscode-languageclient/node';
import { findServer, isDossierFolder, nodeProbe, ServerFound, ServerMissing } from './discovery';
import { ServerSettings, shapeSettings } from './settings';
import { entityArgument, OPEN_REPORT, prepareReportFolder, reportArgs, reportFolder, ReportRun, runReport } from './report';
import { hoverMarkdown, INDEXING_TITLE, progressStatus } from './status';
import { checkVerdict, entityPage, linkSources, OPEN_SOURCE, plainHtml, terminalText } from './views';

/** The command that shows an entity's whole card; hovers link their "more" lines to it. */
const SHOW_ENTITY = 'dossier.showEntity';

/**
 * The client's commands the server links to: a hover's "more" lines to Show entity, its last
 * line to Open report (`command:` links, which only these two may run).
 */
export const INITIALIZATION_OPTIONS = { entityCommand: SHOW_ENTITY, reportCommand: OPEN_REPORT };
export const HOVER_COMMANDS = [SHOW_ENTITY, OPEN_REPORT];

/** `dossier lsp` with its log on `window/logMessage` only. */
export const SERVER_ARGS = ['lsp', '--log-to', 'client'];

let client: LanguageClient | undefined;
let clientFolder: vscode.WorkspaceFolder | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let extensionPath: string;
let checkTerminal: vscode.Terminal | undefined;
let entityPanel: vscode.WebviewPanel | undefined;
let storagePath: string;
let reportRun: ReportRun | undefined;
/** Counts the report runs asked for: only the latest reports its outcome. */
let reportAsked = 0;

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  extensionPath = ctx.extensionPath;
  // the workspace's storage folder, else the global one: the extension's, never the workspace
  storagePath = (ctx.storageUri ?? ctx.globalStorageUri).fsPath;
  output = vscode.window.createOutputChannel('Dossier');
  status = vscode.window.createStatusBarItem('dossier.status', vscode.StatusBarAlignment.Left);
  status.name = 'Dossier';
  status.command = 'dossier.showOutput';
  ctx.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('dossier.restartServer', restart),
    vscode.commands.registerCommand(SHOW_ENTITY, showEntity),
    vscode.commands.registerCommand(OPEN_SOURCE, openSource),
    vscode.commands.registerCommand('dossier.checkWorkspace', checkWorkspace),
    vscode.commands.registerCommand(OPEN_REPORT, openReport),
    vscode.commands.registerCommand('dossier.showOutput', () => output.show(true)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    vscode.workspace.onDidChangeConfiguration(configurationChanged),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (dossierFolder()?.uri.toString() !== clientFolder?.uri.toString()) void restart();
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  reportRun?.kill();
  reportRun = undefined;
  return stop();
}

/** The first workspace folder with a `dossier.toml` or a `corpus/`: the server has one root. */
function dossierFolder(): vscode.WorkspaceFolder | undefined {
  const probe = nodeProbe();
  return vscode.workspace.workspaceFolders?.find(
    (f) => f.uri.scheme === 'file' && isDossierFolder(f.uri.fsPath, probe),
  );
}

function locateServer(folder: vscode.WorkspaceFolder): ServerFound | ServerMissing {
  const setting = vscode.workspace.getConfiguration('dossier', folder.uri).get<string>('server.path');
  return findServer({ setting, extensionPath, workspaceFolder: folder.uri.fsPath }, nodeProbe());
}

async function reportMissing(message: string): Promise<void> {
  output.appendLine(message);
  const pick = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
  if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'dossier.server.path');
  if (pick === 'Show Output') output.show(true);
}

/**
 * Restricted Mode: the server is a program the workspace could choose, so it does not start
 * until the folder is trusted (it starts then, without a reload). Said once in the status bar
 * and once as a message with the way out.
 */
function reportUntrusted(): void {
  const why = 'Dossier needs a trusted folder: it runs the dossier language server, which reads the corpus and notes of this workspace. Trust the folder to get hovers, diagnostics and the other features.';
  showStatus('$(workspace-untrusted) Dossier: folder not trusted', why, true);
  status.command = 'workbench.trust.manage';
  output.appendLine(why);
  void vscode.window.showWarningMessage(why, 'Manage Workspace Trust').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

function showStatus(text: string, tooltip: string, error = false): void {
  status.text = text;
  status.tooltip = tooltip;
  status.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  status.show();
}

async function start(): Promise<void> {
  const folder = dossierFolder();
  void vscode.commands.executeCommand('setContext', 'dossier.workspace', folder !== undefined);
  // The guard for the onLanguage activations: Markdown or text outside a Dossier workspace
  // gets no server.
  if (!folder) {
    status.hide();
    return;
  }
  if (!vscode.workspace.isTrusted) {
    reportUntrusted();
    return;
  }
  const server = locateServer(folder);
  if ('error' in server) {
    showStatus('$(error) Dossier: no server', server.error, true);
    void reportMissing(server.error);
    return;
  }
  status.command = 'dossier.showOutput';
  output.appendLine(`Starting ${server.path} (found on ${server.from}) for ${folder.uri.fsPath}`);

  let indexing: string | number | undefined;
  const c = new LanguageClient(
    // The id 'dossier' also makes the client follow the `dossier.trace.server` setting.
    'dossier',
    'Dossier',
    // TransportKind.stdio appends `--stdio`, which `dossier lsp` accepts. The client shows the
    // server's stderr and its `window/logMessage` in the one output channel: `--log-to client`
    // keeps the log lines to the second (stderr then carries only a crash).
    {
      command: server.path,
      args: SERVER_ARGS,
      transport: TransportKind.stdio,
      options: { cwd: folder.uri.fsPath },
    },
    {
      initializationOptions: INITIALIZATION_OPTIONS,
      markdown: { isTrusted: { enabledCommands: HOVER_COMMANDS } },
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'file', language: 'plaintext' },
      ],
      workspaceFolder: folder,
      outputChannel: output,
      middleware: {
        workspace: {
          // VS Code would answer with the raw `dossier` section (server.path, trace, defaults,
          // possibly invalid severities); the server gets exactly the shape it reads instead.
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) return answers;
            return params.items.map((item, i) =>
              item.section === 'dossier' ? serverSettings(item.scopeUri) : answers[i],
            );
          },
        },
        // The server creates its own progress token, so we learn it from the begin's title.
        handleWorkDoneProgress: (token, value, next) => {
          if (value.kind === 'begin' && value.title === INDEXING_TITLE) indexing = token;
          if (token === indexing) {
            const s = progressStatus(value);
            showStatus(s.text, s.tooltip);
          }
          next(token, value);
        },
      },
    },
  );
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped && client === c) {
      showStatus('$(debug-disconnect) Dossier: stopped', 'The server stopped. Click for the output; run "Dossier: Restart server" to start it again.', true);
    }
  });
  client = c;
  clientFolder = folder;
  showStatus('$(sync~spin) Dossier: starting', `Starting ${server.path}`);
  try {
    await c.start();
  } catch (e) {
    // The client has shown its own error; the status bar and output keep the trace.
    output.appendLine(`The server did not start: ${e instanceof Error ? e.message : String(e)}`);
    showStatus('$(error) Dossier: failed', 'The server did not start. Click for the output.', true);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  clientFolder = undefined;
  if (!c) return;
  try {
    await c.dispose();
  } catch (e) {
    output.appendLine(`Stopping the server: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function serverSettings(scopeUri: string | undefined): ServerSettings {
  const cfg = vscode.workspace.getConfiguration('dossier', scopeUri ? vscode.Uri.parse(scopeUri) : clientFolder?.uri);
  const { settings, warnings } = shapeSettings({
    corpus: cfg.get('corpus'),
    notes: cfg.get('notes'),
    maxFileSize: cfg.get('maxFileSize'),
    severity: cfg.get('severity'),
    indexDir: cfg.get('indexDir'),
  });
  for (const w of warnings) output.appendLine(`Settings: ${w}`);
  return settings;
}

function configurationChanged(e: vscode.ConfigurationChangeEvent): void {
  if (e.affectsConfiguration('dossier.server.path')) {
    void restart();
  } else if (client?.isRunning() && ['corpus', 'notes', 'maxFileSize', 'severity', 'indexDir'].some((k) => e.affectsConfiguration(`dossier.${k}`))) {
    // `settings: null` makes the server pull the section again, through the middleware above,
    // so a change is shaped exactly like the start-up settings. (`dossier.trace.server` is
    // followed by the client itself.)
    void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }
}

function runningClient(): LanguageClient | undefined {
  if (client?.isRunning()) return client;
  void vscode.window.showWarningMessage('Dossier: the server is not running. See the Dossier output, or run "Dossier: Restart server".');
  return undefined;
}

const KIND_ICONS: Partial<Record<SymbolKind, string>> = {
  [SymbolKind.Namespace]: 'symbol-namespace', // country
  [SymbolKind.Package]: 'symbol-package', // place
  [SymbolKind.Class]: 'symbol-class', // organization
  [SymbolKind.Object]: 'person', // person
  [SymbolKind.Struct]: 'symbol-struct', // agreement
  [SymbolKind.File]: 'file', // article
};

interface SymbolItem extends vscode.QuickPickItem {
  symbol: SymbolInformation | WorkspaceSymbol;
}

/** Entity kinds by the symbol kinds the server gives them. */
const ENTITY_KINDS: Partial<Record<SymbolKind, string>> = {
  [SymbolKind.Namespace]: 'country',
  [SymbolKind.Package]: 'place',
  [SymbolKind.Class]: 'organization',
  [SymbolKind.Object]: 'person',
  [SymbolKind.Struct]: 'agreement',
};

/**
 * A quick pick over `workspace/symbol`, asked again as the user types; with an entity as the
 * argument (a hover's "more" link), that entity's card at once.
 */
function showEntity(entity?: { name?: unknown; kind?: unknown }): void {
  const c = runningClient();
  if (!c) return;
  if (entity && typeof entity.name === 'string') {
    const name = entity.name;
    showCard(c, name, typeof entity.kind === 'string' ? entity.kind : undefined).then(
      (shown) => {
        if (!shown) void vscode.window.showWarningMessage(`Dossier: the corpus has no entity "${name}".`);
      },
      (e) => vscode.window.showErrorMessage(`Dossier: cannot show ${name}: ${e instanceof Error ? e.message : String(e)}`),
    );
    return;
  }
  const qp = vscode.window.createQuickPick<SymbolItem>();
  qp.title = 'Dossier: Show entity';
  qp.placeholder = 'An entity or article (fuzzy)';
  let pending: vscode.CancellationTokenSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = (query: string) => {
    pending?.cancel();
    const cts = (pending = new vscode.CancellationTokenSource());
    qp.busy = true;
    c.sendRequest(WorkspaceSymbolRequest.type, { query }, cts.token).then(
      (symbols) => {
        if (cts.token.isCancellationRequested) return;
        qp.items = (symbols ?? []).map((s) => ({
          label: `$(${KIND_ICONS[s.kind] ?? 'symbol-misc'}) ${s.name}`,
          description: s.containerName,
          // the server already matched fuzzily: VS Code's own filter must not hide its answers
          alwaysShow: true,
          symbol: s,
        }));
        qp.busy = false;
      },
      (err) => {
        if (cts.token.isCancellationRequested) return;
        qp.busy = false;
        output.appendLine(`workspace/symbol failed: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  };
  qp.onDidChangeValue((v) => {
    clearTimeout(timer);
    timer = setTimeout(() => search(v), 120);
  });
  qp.onDidAccept(() => {
    const picked = qp.selectedItems[0];
    qp.hide();
    if (!picked) return;
    showSymbol(c, picked.symbol).catch((e) =>
      vscode.window.showErrorMessage(`Dossier: cannot show ${picked.symbol.name}: ${e instanceof Error ? e.message : String(e)}`),
    );
  });
  qp.onDidHide(() => {
    clearTimeout(timer);
    pending?.cancel();
    qp.dispose();
  });
  qp.show();
  search('');
}

/** The entity's whole card in the entity view; an article opens itself at its title. */
async function showSymbol(c: LanguageClient, s: SymbolInformation | WorkspaceSymbol): Promise<void> {
  const loc = s.location;
  const target = vscode.Uri.parse(loc.uri);
  const kind = ENTITY_KINDS[s.kind];
  if (kind && (await showCard(c, s.name, kind))) return;
  if (!('range' in loc)) {
    await vscode.window.showTextDocument(target);
    return;
  }
  // The corpus file need not be open: the server reads it from disk.
  const hover = await c.sendRequest(HoverRequest.type, { textDocument: { uri: loc.uri }, position: loc.range.start });
  if (hover) {
    await showPage(s.name, hoverMarkdown(hover.contents));
    return;
  }
  await vscode.window.showTextDocument(target, { selection: c.protocol2CodeConverter.asRange(loc.range) });
}

/** `dossier/entity`'s card in the entity view; false when the server knows no such entity. */
async function showCard(c: LanguageClient, name: string, kind?: string): Promise<boolean> {
  const card = await c.sendRequest<{ name: string; markdown: string } | null>('dossier/entity', { name, kind });
  if (!card) return false;
  await showPage(card.name, card.markdown);
  return true;
}

/**
 * One webview beside the editor, reused: the card rendered by VS Code's own Markdown renderer,
 * its source links made into command links (the renderer drops `file:` links), and only our
 * two commands allowed to run from it.
 */
async function showPage(title: string, markdown: string): Promise<void> {
  let body: string;
  try {
    body = await vscode.commands.executeCommand<string>('markdown.api.render', linkSources(markdown));
    if (typeof body !== 'string') throw new Error('no renderer');
  } catch {
    // the built-in Markdown extension is disabled: the text as it is
    body = plainHtml(markdown);
  }
  if (!entityPanel) {
    entityPanel = vscode.window.createWebviewPanel(
      'dossier.entity',
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableCommandUris: [OPEN_SOURCE, SHOW_ENTITY], enableScripts: false, enableFindWidget: true },
    );
    entityPanel.onDidDispose(() => (entityPanel = undefined));
  } else {
    entityPanel.reveal(vscode.ViewColumn.Beside);
  }
  entityPanel.title = `Dossier: ${title}`;
  entityPanel.webview.html = entityPage(title, body);
}

/** Opens a corpus file (a `file:` URI) at a 1-based line: the entity view's source links. */
async function openSource(uri: unknown, line: unknown): Promise<void> {
  if (typeof uri !== 'string') return;
  const l = Math.max(0, (typeof line === 'number' && Number.isFinite(line) ? Math.floor(line) : 1) - 1);
  const at = new vscode.Position(l, 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), {
    selection: new vscode.Range(at, at),
    viewColumn: vscode.ViewColumn.One,
    preview: true,
  });
}

/**
 * The workspace folder and server binary a command that runs the binary works with; a warning
 * (no Dossier folder, Restricted Mode, no binary) and none when there are none.
 */
function commandTarget(): { folder: vscode.WorkspaceFolder; server: ServerFound } | undefined {
  const folder = dossierFolder();
  if (!folder) {
    void vscode.window.showWarningMessage('Dossier: no workspace folder has a dossier.toml or a corpus/ folder.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    reportUntrusted();
    return undefined;
  }
  const server = locateServer(folder);
  if ('error' in server) {
    void reportMissing(server.error);
    return undefined;
  }
  return { folder, server };
}

/**
 * Runs `dossier check` in the workspace folder and shows its report in a terminal that stays
 * open, with a last line that says what the exit code means: the same binary, `dossier.toml`
 * and exit code that CI uses, so this is the verdict a commit will get. (A terminal running the
 * binary itself closed as soon as it exited 1 for finding problems, before anyone read it.)
 * The editor's own diagnostics already cover the notes live; terminal links make
 * `notes/x.md:12:5` clickable.
 */
async function checkWorkspace(): Promise<void> {
  const target = commandTarget();
  if (!target) return;
  const { folder, server } = target;
  if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.languageId === 'markdown')) {
    const pick = await vscode.window.showWarningMessage(
      'Some notes have unsaved changes, and dossier check reads the files on disk.',
      'Save All and Check',
      'Check Anyway',
    );
    if (!pick) return;
    if (pick === 'Save All and Check') await vscode.workspace.saveAll(false);
  }
  checkTerminal?.dispose();
  checkTerminal = vscode.window.createTerminal({ name: 'Dossier check', pty: checkPty(server.path, folder.uri.fsPath) });
  checkTerminal.show();
}

/** A terminal's view of `dossier check`: its output as it comes, then the verdict; open until closed. */
function checkPty(binary: string, cwd: string): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  let proc: ReturnType<typeof spawn> | undefined;
  return {
    onDidWrite: write.event,
    open: () => {
      write.fire(terminalText(`$ dossier check   (in ${cwd})\n\n`));
      proc = spawn(binary, ['check'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout?.setEncoding('utf8').on('data', (d: string) => write.fire(terminalText(d)));
      proc.stderr?.setEncoding('utf8').on('data', (d: string) => write.fire(terminalText(d)));
      proc.on('error', (e) => write.fire(terminalText(`\ncannot run ${binary}: ${e.message}\n`)));
      proc.on('close', (code, signal) => {
        proc = undefined;
        write.fire(terminalText(`\n${checkVerdict(code, signal)}\n`));
      });
    },
    close: () => proc?.kill(),
    handleInput: () => {},
  };
}

/**
 * Open report: `dossier report --out <dir> [--entity <entity>]` with the server binary, in the
 * workspace folder, into a folder of the extension's storage (never the corpus or the notes),
 * then the page it printed last in the browser. With an entity (a hover's "Open in report"),
 * that entity's page. A new run stops one still writing (they share the folder).
 */
async function openReport(arg?: unknown): Promise<void> {
  const target = commandTarget();
  if (!target) return;
  const { folder, server } = target;
  const entity = entityArgument(arg);
  const asked = ++reportAsked;
  if (reportRun) {
    const previous = reportRun;
    previous.kill();
    await previous.done;
    if (asked !== reportAsked) return; // asked again meanwhile
  }
  const out = reportFolder(storagePath);
  try {
    prepareReportFolder(out);
  } catch (e) {
    void vscode.window.showErrorMessage(`Dossier: cannot prepare ${out}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const args = reportArgs(out, entity);
  output.appendLine(`Running ${server.path} ${args.join(' ')} in ${folder.uri.fsPath}`);
  const run = runReport(server.path, args, folder.uri.fsPath);
  reportRun = run;
  let cancelled = false;
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: entity === undefined ? 'Dossier: writing the report' : `Dossier: writing the report on ${entity}`,
      cancellable: true,
    },
    (_progress, token) => {
      token.onCancellationRequested(() => {
        cancelled = true;
        run.kill();
      });
      return run.done;
    },
  );
  if (reportRun === run) reportRun = undefined;
  // stopped by the user, or by a newer run that reports for itself
  if (cancelled || asked !== reportAsked) return;
  if ('error' in outcome) {
    output.appendLine(`The report failed: ${outcome.error}`);
    void vscode.window.showErrorMessage(outcome.error);
    return;
  }
  output.appendLine(`Opening ${outcome.page}`);
  await vscode.env.openExternal(vscode.Uri.file(outcome.page));
}
