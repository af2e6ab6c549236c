// Starts the real `sextant` with the server options the extension builds (buildServerOptions and
// buildInitializationOptions, the extension's own code path) and drives it over stdio through
// vscode-jsonrpc, the protocol library VS Code uses, on a temporary copy of the fixture workspace.
//
// SEXTANT_PATH: the binary (default: <repo>/build/sextant). Run: npm test (or test/run.sh).
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

import {
  buildCheckCommand,
  buildInitializationOptions,
  buildServerOptions,
  defaultSettings,
  IndexStatus,
  indexProgressToken,
  parseCheckOutput,
  readSettings,
  type SextantSettings,
  type WorkDoneValue,
} from '../config';

const repo = path.resolve(__dirname, '../../../..');
const sextant = process.env.SEXTANT_PATH ?? path.join(repo, 'build/sextant');
const fixtures = path.join(repo, 'tests/fixtures/workspace');
const cannedCheck = path.join(repo, 'editors/testdata/check.json');

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface Location {
  uri: string;
  range: Range;
}
interface DocumentSymbol {
  name: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}
interface CallHierarchyItem {
  name: string;
  uri: string;
  range: Range;
}

const pos = (line: number, character: number): Position => ({ line, character });
const range = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: pos(l1, c1), end: pos(l2, c2) });

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function exec(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(command, args, { cwd }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })),
  );
}

/** A temporary copy of the fixture workspace, so the index (.sextant/) lands there. */
function copyWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-vscode-'));
  const root = path.join(dir, 'ws');
  fs.cpSync(fixtures, root, { recursive: true });
  return root;
}

/** One LSP session: the extension's ServerOptions, spawned as vscode-languageclient would. */
class Session {
  readonly root = copyWorkspace();
  readonly settings: SextantSettings = { ...defaultSettings, path: sextant, logLevel: 'warn' };
  readonly progress: WorkDoneValue[] = [];
  readonly status = new IndexStatus();
  private child!: ChildProcessWithoutNullStreams;
  private connection!: MessageConnection;
  private stderr = '';
  private indexed!: Promise<void>;
  exitCode: Promise<number | null> = Promise.resolve(null);

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  start(): void {
    const server = buildServerOptions(this.settings, this.root);
    this.child = spawn(server.command, server.args ?? [], { cwd: server.options?.cwd, stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exitCode = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.indexed = new Promise((resolve) => {
      this.connection.onNotification('$/progress', (params: { token: string; value: WorkDoneValue }) => {
        if (params.token !== indexProgressToken) return;
        this.progress.push(params.value);
        this.status.update(params.value);
        if (params.value.kind === 'end') resolve();
      });
    });
    this.connection.listen();
  }

  request<R>(method: string, params: unknown, ms = 10_000): Promise<R> {
    return withTimeout(this.connection.sendRequest<R>(method, params), ms, `${method} (stderr: ${this.stderr})`);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  waitIndexed(ms = 30_000): Promise<void> {
    return withTimeout(this.indexed, ms, `indexing end ($/progress ${indexProgressToken})`);
  }

  async open(rel: string, languageId: string): Promise<void> {
    const text = fs.readFileSync(path.join(this.root, rel), 'utf8');
    await this.notify('textDocument/didOpen', { textDocument: { uri: this.uri(rel), languageId, version: 1, text } });
  }

  async stop(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await withTimeout(this.exitCode, 10_000, 'server exit');
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
    fs.rmSync(path.dirname(this.root), { recursive: true, force: true });
  }
}

describe('settings', () => {
  test('readSettings defaults and validation', () => {
    assert.deepEqual(readSettings(() => undefined), defaultSettings);
    const values: Record<string, unknown> = {
      path: ' /opt/sextant ',
      store: 'sqlite',
      excludes: ['third_party/**', 3],
      logLevel: 'nonsense',
      extraArgs: ['-j', '2'],
    };
    assert.deepEqual(readSettings((k) => values[k]), {
      path: '/opt/sextant',
      store: 'sqlite',
      excludes: ['third_party/**'],
      logLevel: 'info',
      extraArgs: ['-j', '2'],
    });
  });

  test('settings become the command line and initializationOptions', () => {
    const s: SextantSettings = { path: 'sx', store: 'sqlite', excludes: ['gen/**'], logLevel: 'debug', extraArgs: ['-j', '1'] };
    assert.deepEqual(buildServerOptions(s, '/ws'), {
      command: 'sx',
      args: ['--store', 'sqlite', '--log-level', 'debug', '-j', '1'],
      options: { cwd: '/ws' },
    });
    assert.deepEqual(buildInitializationOptions(s), { store: 'sqlite', excludes: ['gen/**'], logLevel: 'debug', extraArgs: ['-j', '1'] });
    assert.deepEqual(buildCheckCommand(s, '/ws'), {
      command: 'sx',
      args: ['--check', '--format', 'json', '--quiet', '--store', 'sqlite', '-j', '1', '/ws'],
    });
  });

  test('package.json declares exactly the settings readSettings reads', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), Object.keys(defaultSettings).map((k) => `sextant.${k}`).sort());
    for (const [key, value] of Object.entries(defaultSettings)) assert.deepEqual(props[`sextant.${key}`].default, value, key);
  });
});

describe('Run Check output', () => {
  test('parses the planned --format json shape (canned file)', () => {
    const findings = parseCheckOutput(fs.readFileSync(cannedCheck, 'utf8'));
    assert.deepEqual(findings, [
      { file: 'c/main.c', line: 8, column: 10, severity: 'error', rule: 'syntax', message: 'canned finding: an error in main.c' },
      { file: 'py/app.py', line: 5, column: 3, severity: 'warning', rule: 'unused-symbol', message: 'canned finding: a warning in app.py' },
      { file: 'c/list.c', line: 11, column: 5, severity: 'info', rule: 'style', message: 'canned finding: an unknown severity reads as info' },
    ]);
  });

  test('rejects output that is not the findings shape', () => {
    assert.throws(() => parseCheckOutput('indexed 7 files'), /did not print JSON/);
    assert.throws(() => parseCheckOutput('{"files": 7}'), /no "findings" array/);
    assert.deepEqual(parseCheckOutput('{"findings": []}'), []);
  });

  test('the real binary with the extension check command line', async (t) => {
    const help = await exec(sextant, ['--help'], repo);
    if (!help.stdout.includes('--format')) {
      // TODO(--check --format json): the server prints only a text summary today; once `--help`
      // lists --format this runs the extension's check command line for real.
      t.skip('sextant does not support --check --format json yet');
      return;
    }
    const root = copyWorkspace();
    try {
      const { command, args } = buildCheckCommand({ ...defaultSettings, path: sextant }, root);
      const r = await exec(command, args, root);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(Array.isArray(parseCheckOutput(r.stdout)));
    } finally {
      fs.rmSync(path.dirname(root), { recursive: true, force: true });
    }
  });
});

describe('LSP session against the real sextant', () => {
  const s = new Session();
  let capabilities: Record<string, unknown> = {};

  before(async () => {
    assert.ok(fs.existsSync(sextant), `no sextant binary at ${sextant} (set SEXTANT_PATH)`);
    s.start();
    const init = await s.request<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'sextant-vscode-test' },
      rootUri: pathToFileURL(s.root).href,
      workspaceFolders: [{ uri: pathToFileURL(s.root).href, name: 'ws' }],
      initializationOptions: buildInitializationOptions(s.settings),
      // What vscode-languageclient 9 offers for the parts the server reads.
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        window: { workDoneProgress: true },
        textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true }, definition: { linkSupport: true } },
      },
    });
    capabilities = init.capabilities;
    assert.equal(init.serverInfo?.name, 'sextant');
    await s.notify('initialized', {});
    await s.waitIndexed();
    await s.open('c/main.c', 'c');
  });

  after(() => s.kill());

  test('initialize capabilities', () => {
    assert.equal(capabilities.positionEncoding, 'utf-16');
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.documentSymbolProvider, true);
  });

  test('indexing progress drives the status bar', () => {
    assert.equal(s.progress[0]?.kind, 'begin');
    assert.equal(s.progress.at(-1)?.kind, 'end');
    assert.equal(s.status.indexing, false);
    assert.equal(s.status.text(), '$(check) Sextant');
    const replay = new IndexStatus();
    replay.update(s.progress[0]);
    assert.match(replay.text(), /^\$\(sync~spin\) Sextant: Indexing( \d+%)?$/);
  });

  test('definition: list_push called in c/main.c goes to its body in c/list.c', async () => {
    const result = await s.request<Location[]>('textDocument/definition', {
      textDocument: { uri: s.uri('c/main.c') },
      position: pos(7, 10),
    });
    assert.deepEqual(result, [{ uri: s.uri('c/list.c'), range: range(3, 13, 3, 22) }]);
  });

  test('documentSymbol: the functions of c/main.c', async () => {
    const result = await s.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: s.uri('c/main.c') } });
    const square = result.find((d) => d.name === 'square');
    const main = result.find((d) => d.name === 'main');
    assert.ok(square && main, JSON.stringify(result));
    assert.equal(square.kind, 12);
    assert.deepEqual(square.selectionRange, range(3, 11, 3, 17));
    assert.equal(main.kind, 12);
  });

  test('incoming calls of list_push come from main', async (t) => {
    if (!capabilities.callHierarchyProvider) {
      // TODO(call hierarchy): the server does not advertise callHierarchyProvider yet; once it
      // does, this test runs as is (callers of list_push at c/list.c 4:14 are `main` in c/main.c).
      t.skip('server does not advertise callHierarchyProvider yet');
      return;
    }
    const items = await s.request<CallHierarchyItem[]>('textDocument/prepareCallHierarchy', {
      textDocument: { uri: s.uri('c/list.c') },
      position: pos(3, 13),
    });
    assert.equal(items[0]?.name, 'list_push');
    const calls = await s.request<{ from: CallHierarchyItem; fromRanges: Range[] }[]>('callHierarchy/incomingCalls', { item: items[0] });
    assert.deepEqual(calls.map((c) => [c.from.name, c.from.uri, c.fromRanges.length]), [['main', s.uri('c/main.c'), 2]]);
  });

  test('shutdown and exit with status 0', async () => {
    assert.equal(await s.stop(), 0);
    assert.ok(fs.existsSync(path.join(s.root, '.sextant')), 'the index lands in the workspace copy');
  });
});
