// Everything the extension derives from its settings, free of the `vscode` module so that the
// Node tests (node:test, no editor) run exactly this code: the server command line, the
// initializationOptions, the `--check` command line and the parser of its JSON findings, and the
// status text of the indexing progress.
import type { Executable } from 'vscode-languageclient/node';

export type Store = 'lmdb' | 'sqlite';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'off';

/** The `sextant.*` settings. */
export interface SextantSettings {
  /** `sextant.path`: the executable; a bare name is looked up on PATH. */
  path: string;
  /** `sextant.store`: backend of a new index. */
  store: Store;
  /** `sextant.excludes`: globs left out of the index. */
  excludes: string[];
  /** `sextant.logLevel`: server log level on stderr (the output channel). */
  logLevel: LogLevel;
  /** `sextant.extraArgs`: appended to the server and the `--check` command lines. */
  extraArgs: string[];
}

export const defaultSettings: SextantSettings = {
  path: 'sextant',
  store: 'lmdb',
  excludes: [],
  logLevel: 'info',
  extraArgs: [],
};

const stores: readonly Store[] = ['lmdb', 'sqlite'];
const logLevels: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'off'];

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Settings from a getter such as `vscode.workspace.getConfiguration('sextant').get`, with
 * defaults for anything missing or malformed.
 */
export function readSettings(get: (key: string) => unknown): SextantSettings {
  const path = get('path');
  const store = get('store');
  const logLevel = get('logLevel');
  return {
    path: typeof path === 'string' && path.trim() !== '' ? path.trim() : defaultSettings.path,
    store: stores.includes(store as Store) ? (store as Store) : defaultSettings.store,
    excludes: stringArray(get('excludes')),
    logLevel: logLevels.includes(logLevel as LogLevel) ? (logLevel as LogLevel) : defaultSettings.logLevel,
    extraArgs: stringArray(get('extraArgs')),
  };
}

/** What the server receives as `initializationOptions` in `initialize`. */
export interface InitializationOptions {
  store: Store;
  excludes: string[];
  logLevel: LogLevel;
  extraArgs: string[];
}

export function buildInitializationOptions(settings: SextantSettings): InitializationOptions {
  return {
    store: settings.store,
    excludes: [...settings.excludes],
    logLevel: settings.logLevel,
    extraArgs: [...settings.extraArgs],
  };
}

/**
 * The server process: `sextant --store S --log-level L EXTRA...` over stdio. The store and the log
 * level also go on the command line because today's server reads them only there; the same
 * values travel in initializationOptions for when it reads those.
 */
export function buildServerOptions(settings: SextantSettings, cwd?: string): Executable {
  return {
    command: settings.path,
    args: ['--store', settings.store, '--log-level', settings.logLevel, ...settings.extraArgs],
    options: cwd ? { cwd } : {},
  };
}

/** The `Run Check` command line: `sextant --check --format json --quiet --store S EXTRA... ROOT`. */
export function buildCheckCommand(settings: SextantSettings, root: string): { command: string; args: string[] } {
  return {
    command: settings.path,
    args: ['--check', '--format', 'json', '--quiet', '--store', settings.store, ...settings.extraArgs, root],
  };
}

export type Severity = 'error' | 'warning' | 'info';

/** One finding of `sextant --check --format json`; line and column are 1-based. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  rule: string;
  message: string;
}

function positiveInt(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1;
}

/**
 * Parses `{"findings":[{"file","line","column","severity","rule","message"}]}`. Throws when the
 * text is not that shape; unknown severities become `info`, missing positions 1:1.
 */
export function parseCheckOutput(text: string): Finding[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`sextant --check did not print JSON: ${(e as Error).message}`);
  }
  const findings = (doc as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings)) throw new Error('sextant --check JSON has no "findings" array');
  return (findings as unknown[])
    .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null && typeof (f as { file?: unknown }).file === 'string')
    .map((f) => ({
      file: f.file as string,
      line: positiveInt(f.line),
      column: positiveInt(f.column),
      severity: f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info',
      rule: typeof f.rule === 'string' ? f.rule : '',
      message: typeof f.message === 'string' ? f.message : '',
    }));
}

/** Findings grouped by file, in input order. */
export function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.file) ?? [];
    list.push(f);
    out.set(f.file, list);
  }
  return out;
}

/** The `$/progress` token the server uses for the initial index. */
export const indexProgressToken = 'sextant/index';

export interface WorkDoneValue {
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
}

/** Status-bar state of the index, driven by `$/progress` values. */
export class IndexStatus {
  indexing = false;
  percentage: number | undefined;
  message: string | undefined;
  private title = 'Indexing';

  update(value: WorkDoneValue): void {
    if (value.kind === 'begin') {
      this.indexing = true;
      this.title = value.title ?? 'Indexing';
    } else if (value.kind === 'end') {
      this.indexing = false;
    }
    if (value.percentage !== undefined) this.percentage = value.percentage;
    if (value.message !== undefined) this.message = value.message;
  }

  /** Status-bar text, with codicons. */
  text(): string {
    if (!this.indexing) return '$(check) Sextant';
    const pct = this.percentage !== undefined ? ` ${this.percentage}%` : '';
    return `$(sync~spin) Sextant: ${this.title}${pct}`;
  }

  tooltip(): string {
    if (!this.indexing) return `Sextant: index ready${this.message && this.message !== 'done' ? ` (${this.message})` : ''}`;
    return `Sextant: ${this.title}${this.message ? ` — ${this.message}` : ''}`;
  }
}

/** Languages the client attaches to (the server answers for C, C++ and Python today). */
export const languages = ['c', 'cpp', 'python', 'rust', 'go', 'java', 'javascript', 'typescript', 'typescriptreact'];
