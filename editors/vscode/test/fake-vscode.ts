// Just enough of the `vscode` module to run the extension (and vscode-languageclient inside it)
// under plain Node: what the extension reads and shows is real and recorded; everything else
// (provider registrations, events nobody fires here) is a catch-all stand-in.
import Module from 'node:module';

/** Anything: callable, constructible, every property another stand-in, disposable. */
export function standIn(name: string): any {
  return new Proxy(function () {}, {
    get(target, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => `<${name}>`;
      if (key === 'prototype') return target.prototype;
      if (key === 'dispose') return () => {};
      return standIn(`${name}.${String(key)}`);
    },
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

/** An object whose missing properties are stand-ins. */
const partial = <T extends object>(name: string, real: T): T & Record<string, any> =>
  new Proxy(real, { get: (t, k) => (k in t ? (t as any)[k] : standIn(`${name}.${String(k)}`)) }) as any;

export class EventEmitter<T> {
  private handlers: Array<(e: T) => unknown> = [];
  event = (h: (e: T) => unknown) => {
    this.handlers.push(h);
    return { dispose: () => (this.handlers = this.handlers.filter((x) => x !== h)) };
  };
  fire(e: T) {
    for (const h of this.handlers) h(e);
  }
  dispose() {
    this.handlers = [];
  }
}

export class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  readonly authority = '';
  readonly query = '';
  readonly fragment = '';
  get fsPath() {
    return this.path;
  }
  static file(p: string) {
    return new Uri('file', p);
  }
  static parse(s: string) {
    const u = new URL(s);
    return new Uri(u.protocol.slice(0, -1), decodeURIComponent(u.pathname));
  }
  static from(c: { scheme: string; path?: string }) {
    return new Uri(c.scheme, c.path ?? '');
  }
  with() {
    return this;
  }
  toString() {
    return `${this.scheme}://${this.path.split('/').map(encodeURIComponent).join('/')}`;
  }
  toJSON() {
    return this.toString();
  }
}

export class CancellationTokenSource {
  private emitter = new EventEmitter<void>();
  token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel() {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose() {}
}

export interface FakeQuickPick {
  value: string;
  items: any[];
  selectedItems: any[];
  busy: boolean;
  type(value: string): void;
  accept(item: any): void;
}

const cancels = new Map<string, () => void>();

/** The state a test sets up and reads back. */
export const fake = {
  folders: [] as Array<{ uri: Uri; name: string; index: number }>,
  settings: {} as Record<string, unknown>,
  output: [] as string[],
  status: { text: '', tooltip: '' as unknown, visible: false },
  messages: [] as string[],
  commands: new Map<string, (...args: any[]) => any>(),
  executed: [] as Array<[string, ...unknown[]]>,
  contentProviders: new Map<string, { provideTextDocumentContent(uri: Uri): string }>(),
  terminals: [] as any[],
  panels: [] as Array<{ title: string; options: any; webview: { html: string } }>,
  /** What `env.openExternal` was asked to open. */
  opened: [] as Uri[],
  /** The options of each `window.withProgress`. */
  progress: [] as Array<{ title?: string; cancellable?: boolean }>,
  /** Cancels the progress shown last with this title (its token). */
  cancelProgress(title: string): void {
    cancels.get(title)?.();
  },
  trusted: true,
  quickPick: undefined as FakeQuickPick | undefined,
};

function createQuickPick(): FakeQuickPick {
  const changed = new EventEmitter<string>();
  const accepted = new EventEmitter<void>();
  const hidden = new EventEmitter<void>();
  const qp = {
    value: '',
    items: [] as any[],
    selectedItems: [] as any[],
    busy: false,
    title: '',
    placeholder: '',
    onDidChangeValue: changed.event,
    onDidAccept: accepted.event,
    onDidHide: hidden.event,
    show: () => {},
    hide: () => hidden.fire(),
    dispose: () => {},
    type(value: string) {
      qp.value = value;
      changed.fire(value);
    },
    accept(item: any) {
      qp.selectedItems = [item];
      accepted.fire();
    },
  };
  fake.quickPick = qp;
  return qp;
}

const vscode = partial('vscode', {
  version: '1.90.0',
  EventEmitter,
  Uri,
  CancellationTokenSource,
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  Position: class {
    constructor(readonly line: number, readonly character: number) {}
  },
  Range: class {
    constructor(readonly start: unknown, readonly end: unknown) {}
  },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  Disposable: class {
    constructor(private readonly f?: () => void) {}
    dispose() {
      this.f?.();
    }
    static from(...ds: Array<{ dispose(): unknown } | undefined>) {
      return { dispose: () => ds.forEach((d) => d?.dispose()) };
    }
  },
  env: partial('env', {
    appName: 'Visual Studio Code',
    language: 'en',
    openExternal: async (uri: Uri) => {
      fake.opened.push(uri);
      return true;
    },
  }),
  window: partial('window', {
    createOutputChannel: (name: string) =>
      partial('OutputChannel', {
        name,
        append: (s: string) => fake.output.push(s),
        appendLine: (s: string) => fake.output.push(s + '\n'),
        show() {},
        dispose() {},
      }),
    createStatusBarItem: () =>
      partial('StatusBarItem', {
        set text(v: string) {
          fake.status.text = v;
        },
        set tooltip(v: unknown) {
          fake.status.tooltip = v;
        },
        show: () => (fake.status.visible = true),
        hide: () => (fake.status.visible = false),
        dispose() {},
      }),
    createQuickPick,
    createWebviewPanel: (_type: string, title: string, _column: unknown, options: unknown) => {
      const disposed = new EventEmitter<void>();
      const p = { title, options, webview: { html: '' }, reveal() {}, onDidDispose: disposed.event, dispose: () => disposed.fire() };
      fake.panels.push(p);
      return p;
    },
    createTerminal: (options: unknown) => {
      const t = { options, show() {}, dispose() {} };
      fake.terminals.push(t);
      return t;
    },
    showErrorMessage: async (m: string) => void fake.messages.push(m),
    showWarningMessage: async (m: string) => void fake.messages.push(m),
    showInformationMessage: async (m: string) => void fake.messages.push(m),
    withProgress: (options: { title?: string; cancellable?: boolean }, task: (p: unknown, t: unknown) => unknown) => {
      fake.progress.push(options);
      const cts = new CancellationTokenSource();
      if (options.title !== undefined) cancels.set(options.title, () => cts.cancel());
      return task({ report() {} }, cts.token);
    },
  }),
  workspace: partial('workspace', {
    get workspaceFolders() {
      return fake.folders;
    },
    get isTrusted() {
      return fake.trusted;
    },
    onDidGrantWorkspaceTrust: () => ({ dispose() {} }),
    textDocuments: [],
    notebookDocuments: [],
    getWorkspaceFolder: () => fake.folders[0],
    getConfiguration: (section?: string) => ({
      get: (key: string, dflt?: unknown) => {
        const full = section ? `${section}.${key}` : key;
        return full in fake.settings ? fake.settings[full] : dflt;
      },
      has: () => false,
      inspect: () => undefined,
      update: async () => {},
    }),
    registerTextDocumentContentProvider: (scheme: string, p: { provideTextDocumentContent(uri: Uri): string }) => {
      fake.contentProviders.set(scheme, p);
      return { dispose() {} };
    },
    onDidChangeConfiguration: () => ({ dispose() {} }),
    onDidChangeWorkspaceFolders: () => ({ dispose() {} }),
  }),
  commands: partial('commands', {
    registerCommand: (id: string, f: (...args: any[]) => any) => {
      fake.commands.set(id, f);
      return { dispose() {} };
    },
    executeCommand: async (id: string, ...args: unknown[]) => {
      fake.executed.push([id, ...args]);
    },
  }),
});

/** Makes `require('vscode')` answer with the fake, from now on. */
export function installFakeVscode(): void {
  const m = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = m._load;
  m._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
}
