// Turning the `copydesk.*` VS Code settings into the settings object the
// server understands. Free of the `vscode` module so the Node tests can run it.
import { expandPath } from './serverPath';

/** Finding codes the server reports. */
export const CODES = ['name-spelling', 'unattributed-figure', 'contradiction', 'misquote', 'unknown-quote', 'corpus-conflict'] as const;
export type Code = (typeof CODES)[number];

export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Languages the extension activates on and hands to the server. */
export const LANGUAGES = ['markdown', 'plaintext'] as const;

/** What `vscode.workspace.getConfiguration('copydesk')` yields for our keys. */
export interface RawSettings {
  corpus?: unknown;
  severity?: unknown;
  disabledCodes?: unknown;
  debounceMs?: unknown;
  explainEveryName?: unknown;
}

/** The object sent as initializationOptions and in didChangeConfiguration (under `copydesk`). */
export interface ServerSettings {
  corpus: string[];
  severity: Partial<Record<Code, Severity>>;
  disabledCodes: Code[];
  debounceMs?: number;
  /** Hover explains every name, figure and quotation, not only findings. */
  explainEveryName: boolean;
}

function isCode(x: unknown): x is Code {
  return typeof x === 'string' && (CODES as readonly string[]).includes(x);
}

function isSeverity(x: unknown): x is Severity {
  return typeof x === 'string' && (SEVERITIES as readonly string[]).includes(x);
}

/**
 * Build the server settings. Every key is always present (empty when unset)
 * so a setting that is cleared in VS Code is also cleared in the server.
 * `severity.<code> = "default"` leaves that code to the server's default.
 */
export function toServerSettings(raw: RawSettings, workspaceFolder?: string, homeDir?: string): ServerSettings {
  const corpus = Array.isArray(raw.corpus)
    ? raw.corpus
        .filter((p): p is string => typeof p === 'string' && p.trim().length > 0)
        .map((p) => expandPath(p, workspaceFolder, homeDir))
    : [];

  const severity: Partial<Record<Code, Severity>> = {};
  if (raw.severity && typeof raw.severity === 'object') {
    for (const [code, level] of Object.entries(raw.severity as Record<string, unknown>)) {
      if (isCode(code) && isSeverity(level)) severity[code] = level;
    }
  }

  const disabledCodes = Array.isArray(raw.disabledCodes) ? [...new Set(raw.disabledCodes.filter(isCode))] : [];

  const explainEveryName = raw.explainEveryName === true;
  const out: ServerSettings = { corpus, severity, disabledCodes, explainEveryName };
  if (typeof raw.debounceMs === 'number' && Number.isFinite(raw.debounceMs) && raw.debounceMs >= 0) {
    out.debounceMs = Math.min(60000, Math.round(raw.debounceMs));
  }
  return out;
}

/**
 * The server layers settings: what it got at initialize, then the latest
 * pushed settings on top. A push can override an initial value but cannot
 * remove one, so when a setting the server started with is cleared (a
 * severity back to `default`, an emptied corpus, an unset debounce) the
 * server must be restarted with fresh initializationOptions instead.
 */
export function needsRestart(initial: ServerSettings, next: ServerSettings): boolean {
  if (initial.corpus.length > 0 && next.corpus.length === 0) return true;
  for (const code of Object.keys(initial.severity) as Code[]) {
    if (!(code in next.severity)) return true;
  }
  if (initial.debounceMs !== undefined && next.debounceMs === undefined) return true;
  return false;
}
