// Locating the `copydesk` binary. Kept free of the `vscode` module so the
// Node tests can run exactly this code.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Arguments that start the language server over stdio. */
export const SERVER_ARGS: readonly string[] = ['lsp'];

/** Name of the server binary on this platform. */
export function binaryName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'copydesk.exe' : 'copydesk';
}

export interface FindServerOptions {
  /** The `copydesk.path` setting (may be empty). */
  configuredPath?: string;
  /** The extension's install folder; a bundled binary lives in its `bin/`. */
  extensionPath: string;
  /** The PATH environment variable to search. */
  pathEnv?: string;
  /** First workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
  homeDir?: string;
  /** Injected for tests; defaults to "is an executable regular file". */
  isExecutable?: (file: string) => boolean;
}

export interface FindServerResult {
  /** Absolute path of the binary, or undefined when none was found. */
  command?: string;
  /** Which of the three places it came from. */
  source?: 'setting' | 'bundled' | 'path';
  /** Human-readable description of every place that was looked at. */
  tried: string[];
  /** Problems worth telling the user even though a binary was found. */
  warnings: string[];
}

export function defaultIsExecutable(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expand `~` and `${workspaceFolder}`, and resolve relative paths against the workspace folder. */
export function expandPath(p: string, workspaceFolder: string | undefined, homeDir: string = os.homedir()): string {
  let out = p.trim();
  if (workspaceFolder) out = out.split('${workspaceFolder}').join(workspaceFolder);
  if (out === '~') out = homeDir;
  else if (out.startsWith('~/') || out.startsWith('~\\')) out = path.join(homeDir, out.slice(2));
  if (!path.isAbsolute(out) && workspaceFolder) out = path.join(workspaceFolder, out);
  return out;
}

/**
 * Find the server: the `copydesk.path` setting, else `bin/copydesk` inside the
 * extension, else `copydesk` on PATH.
 */
export function findServer(opts: FindServerOptions): FindServerResult {
  const platform = opts.platform ?? process.platform;
  const isExec = opts.isExecutable ?? ((f: string) => defaultIsExecutable(f, platform));
  const exe = binaryName(platform);
  const tried: string[] = [];
  const warnings: string[] = [];

  const configured = (opts.configuredPath ?? '').trim();
  if (configured) {
    const p = expandPath(configured, opts.workspaceFolder, opts.homeDir);
    if (isExec(p)) return { command: p, source: 'setting', tried: [`setting copydesk.path: ${p}`], warnings };
    const what = `setting copydesk.path = "${configured}" (${p} is not an executable file)`;
    tried.push(what);
    warnings.push(`copydesk.path is set to "${configured}", but ${p} is not an executable file.`);
  } else {
    tried.push('setting copydesk.path (not set)');
  }

  const bundled = path.join(opts.extensionPath, 'bin', exe);
  if (isExec(bundled)) return { command: bundled, source: 'bundled', tried: [...tried, `bundled binary ${bundled}`], warnings };
  tried.push(`bundled binary ${bundled} (not present)`);

  const delimiter = platform === 'win32' ? ';' : ':';
  const dirs = (opts.pathEnv ?? '').split(delimiter).filter((d) => d.length > 0);
  for (const dir of dirs) {
    const candidate = path.join(dir, exe);
    if (isExec(candidate)) return { command: candidate, source: 'path', tried: [...tried, `"${exe}" on PATH: ${candidate}`], warnings };
  }
  tried.push(`"${exe}" on PATH (not in any of ${dirs.length} PATH folders)`);
  return { tried, warnings };
}

/** The notification shown when no binary is found. */
export function notFoundMessage(result: FindServerResult): string {
  return (
    'copydesk: cannot start the language server because the copydesk binary was not found. Tried: ' +
    result.tried.join('; ') +
    '. Install it from a copydesk checkout with `cargo install --path . --locked` (which puts it in ~/.cargo/bin, on your PATH), or set "copydesk.path" to the binary.'
  );
}
