// The Sextant extension: starts `sextant` through vscode-languageclient, shows the index progress
// in the status bar, and contributes Restart Server, Reindex Workspace and Run Check.
//
// Features are whatever the server advertises in its initialize result: definition and document
// symbols today; references, call hierarchy (incoming/outgoing calls) and workspace symbols light
// up without a change here once the server announces referencesProvider, callHierarchyProvider
// and workspaceSymbolProvider, because vscode-languageclient registers a feature per capability.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, State } from 'vscode-languageclient/node';

import {
  buildCheckCommand,
  buildInitializationOptions,
  buildServerOptions,
  type Finding,
  groupByFile,
  IndexStatus,
  indexProgressToken,
  languages,
  parseCheckOutput,
  readSettings,
  type SextantSettings,
} from './config';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let diagnostics: vscode.DiagnosticCollection;
const status = new IndexStatus();

function settings(): SextantSettings {
  const config = vscode.workspace.getConfiguration('sextant');
  return readSettings((key) => config.get(key));
}

function workspaceRoot(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

function refreshStatus(): void {
  if (!client || client.state === State.Stopped) {
    statusItem.text = '$(circle-slash) Sextant';
    statusItem.tooltip = 'Sextant: server stopped (click to restart)';
  } else if (client.state === State.Starting) {
    statusItem.text = '$(sync~spin) Sextant: starting';
    statusItem.tooltip = 'Sextant: starting the server';
  } else {
    statusItem.text = status.text();
    statusItem.tooltip = status.tooltip();
  }
  statusItem.show();
}

function createClient(s: SextantSettings): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.map((language) => ({ scheme: 'file', language })),
    initializationOptions: buildInitializationOptions(s),
    outputChannel: output,
    middleware: {
      // The server reports the initial index on the `sextant/index` token; mirror it in the
      // status bar and let the client's own window progress run too.
      handleWorkDoneProgress: (token, params, next) => {
        if (token === indexProgressToken) {
          status.update(params);
          refreshStatus();
        }
        next(token, params);
      },
    },
  };
  const c = new LanguageClient('sextant', 'Sextant', buildServerOptions(s, workspaceRoot()), clientOptions);
  c.onDidChangeState(() => refreshStatus());
  return c;
}

async function startClient(): Promise<void> {
  status.update({ kind: 'end' });
  client = createClient(settings());
  refreshStatus();
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Sextant: cannot start '${settings().path}': ${(e as Error).message}. Set sextant.path to the sextant executable.`,
    );
  }
  refreshStatus();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) await c.stop();
  refreshStatus();
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') reject(new Error(error.message)); // ENOENT and friends: not run at all
      else resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Reindex Workspace: stop the server, bring the index up to date with `--check`, start again. */
async function reindexWorkspace(): Promise<void> {
  const root = workspaceRoot();
  if (!root) {
    void vscode.window.showWarningMessage('Sextant: open a folder to reindex.');
    return;
  }
  const s = settings();
  await stopClient();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sextant: indexing ${path.basename(root)}` },
    async () => {
      try {
        const r = await run(s.path, ['--check', '--quiet', '--store', s.store, ...s.extraArgs, root], root);
        output.appendLine(r.stdout + r.stderr);
        if (r.code !== 0) void vscode.window.showErrorMessage(`Sextant: reindex failed (exit ${r.code}): ${r.stderr.trim()}`);
      } catch (e) {
        void vscode.window.showErrorMessage(`Sextant: cannot run '${s.path}': ${(e as Error).message}`);
      }
    },
  );
  await startClient();
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const pos = new vscode.Position(f.line - 1, f.column - 1);
  const severity =
    f.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : f.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(new vscode.Range(pos, pos), f.message, severity);
  d.source = 'sextant';
  if (f.rule) d.code = f.rule;
  return d;
}

/** Run Check: `sextant --check --format json`, findings into the Problems view. */
async function runCheck(): Promise<void> {
  const root = workspaceRoot();
  if (!root) {
    void vscode.window.showWarningMessage('Sextant: open a folder to check.');
    return;
  }
  const s = settings();
  const { command, args } = buildCheckCommand(s, root);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sextant: checking ${path.basename(root)}` },
    async () => {
      let r;
      try {
        r = await run(command, args, root);
      } catch (e) {
        void vscode.window.showErrorMessage(`Sextant: cannot run '${command}': ${(e as Error).message}`);
        return;
      }
      let findings: Finding[];
      try {
        findings = parseCheckOutput(r.stdout);
      } catch (e) {
        output.appendLine(r.stderr);
        const hint = /--format|json/.test(r.stderr) ? ' (this sextant predates `--check --format json`)' : '';
        void vscode.window.showErrorMessage(`Sextant: check failed (exit ${r.code})${hint}: ${(e as Error).message}`);
        return;
      }
      diagnostics.clear();
      for (const [file, list] of groupByFile(findings)) {
        const uri = vscode.Uri.file(path.isAbsolute(file) ? file : path.join(root, file));
        diagnostics.set(uri, list.map(toDiagnostic));
      }
      void vscode.window.setStatusBarMessage(`Sextant: ${findings.length} finding(s)`, 5000);
    },
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Sextant');
  diagnostics = vscode.languages.createDiagnosticCollection('sextant');
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusItem.command = 'sextant.restartServer';
  context.subscriptions.push(
    output,
    diagnostics,
    statusItem,
    vscode.commands.registerCommand('sextant.restartServer', async () => {
      await stopClient();
      await startClient();
    }),
    vscode.commands.registerCommand('sextant.reindexWorkspace', reindexWorkspace),
    vscode.commands.registerCommand('sextant.runCheck', runCheck),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('sextant')) {
        const choice = await vscode.window.showInformationMessage('Sextant settings changed.', 'Restart Server');
        if (choice) await vscode.commands.executeCommand('sextant.restartServer');
      }
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
