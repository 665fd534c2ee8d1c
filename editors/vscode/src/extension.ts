import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { SERVER_ARGS, findServer, notFoundMessage } from './serverPath';
import { LANGUAGES, RawSettings, ServerSettings, needsRestart, toServerSettings } from './settings';

const SECTION = 'copydesk';

let client: LanguageClient | undefined;
/** The settings the running server got as initializationOptions. */
let initialSettings: ServerSettings | undefined;
let output: vscode.OutputChannel;
/** Serialises start/stop so quick successive restarts cannot overlap. */
let lifecycle: Promise<void> = Promise.resolve();

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Settings for the server; `scope` picks a workspace folder's own settings. */
function currentSettings(scope?: vscode.Uri): ServerSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath) ?? workspaceFolder();
  const raw: RawSettings = {
    corpus: cfg.get('corpus'),
    severity: cfg.get('severity'),
    disabledCodes: cfg.get('disabledCodes'),
    debounceMs: cfg.get('debounceMs'),
    explainEveryName: cfg.get('explainEveryName'),
  };
  return toServerSettings(raw, folder);
}

function serialise(task: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(task, task);
  return lifecycle;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const found = findServer({
    configuredPath: cfg.get<string>('path') ?? '',
    extensionPath: context.extensionPath,
    pathEnv: process.env.PATH,
    workspaceFolder: workspaceFolder(),
  });
  for (const w of found.warnings) {
    output.appendLine(w);
    if (found.command) void vscode.window.showWarningMessage(`copydesk: ${w} Using ${found.command} instead.`);
  }
  if (!found.command) {
    const message = notFoundMessage(found);
    output.appendLine(message);
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Log');
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.path');
    if (choice === 'Show Log') output.show();
    return;
  }
  output.appendLine(`Starting ${found.command} ${SERVER_ARGS.join(' ')} (${found.source})`);

  const serverOptions: ServerOptions = {
    command: found.command,
    args: [...SERVER_ARGS],
    options: { cwd: workspaceFolder() },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannel: output,
    initializationOptions: () => {
      initialSettings = currentSettings();
      // Untrusted (Restricted Mode), the server lets the workspace's
      // .copydesk.toml name only folders inside the workspace, no database.
      return { [SECTION]: initialSettings, trustedWorkspace: vscode.workspace.isTrusted };
    },
    middleware: {
      workspace: {
        // Answer workspace/configuration pulls with the same cleaned-up settings
        // we push, rather than the raw VS Code values (which include `path`, `trace`…).
        configuration: async (params, token, next) => {
          const others = await next(params, token);
          if (others instanceof Error || !Array.isArray(others)) return others;
          return params.items.map((item, i) => {
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            const settings = currentSettings(scope) as unknown as Record<string, unknown>;
            if (item.section === SECTION) return settings;
            if (item.section === undefined || item.section === '') return { [SECTION]: settings };
            if (item.section?.startsWith(`${SECTION}.`)) return settings[item.section.slice(SECTION.length + 1)] ?? null;
            return others[i];
          });
        },
      },
    },
  };

  const c = new LanguageClient(SECTION, 'copydesk', serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
  } catch (e) {
    const message = `copydesk: the language server ${found.command} failed to start: ${e instanceof Error ? e.message : String(e)}`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => choice && output.show());
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    if (c.state !== State.Stopped) await c.stop(5000);
  } catch (e) {
    output.appendLine(`Stopping the server: ${e instanceof Error ? e.message : String(e)}`);
  }
  await c.dispose().catch(() => undefined);
}

function restart(context: vscode.ExtensionContext): Promise<void> {
  return serialise(async () => {
    await stopClient();
    await startClient(context);
  });
}

function applySettings(context: vscode.ExtensionContext): void {
  if (client?.state !== State.Running) return;
  const next = currentSettings();
  if (initialSettings && needsRestart(initialSettings, next)) {
    output.appendLine('A setting the server started with was cleared; restarting it.');
    void restart(context);
    return;
  }
  void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: next } });
}

async function openCorpusFolder(): Promise<void> {
  const folders = currentSettings().corpus;
  if (folders.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'copydesk: no corpus folder is set in "copydesk.corpus", so the server uses .copydesk.toml or its built-in corpus. Choose a corpus folder?',
      'Choose Folder…',
    );
    if (choice !== 'Choose Folder…') return;
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use as corpus' });
    if (!picked?.[0]) return;
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update('corpus', [picked[0].fsPath], target);
    return;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showQuickPick(folders, { placeHolder: 'Corpus folder to open' });
  if (!folder) return;
  if (!fs.existsSync(folder)) {
    void vscode.window.showErrorMessage(`copydesk: the corpus folder ${folder} does not exist.`);
    return;
  }
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: true });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('copydesk');
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand('copydesk.restartServer', () => restart(context)),
    vscode.commands.registerCommand('copydesk.openCorpusFolder', openCorpusFolder),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        // A different binary: start it afresh.
        void restart(context);
        return;
      }
      // `copydesk.trace.server` is applied by the language client itself.
      applySettings(context);
    }),
    // Trust is told at start-up: granted later, the server starts again with it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart(context)),
    { dispose: () => void stopClient() },
  );

  await serialise(() => startClient(context));
}

export function deactivate(): Thenable<void> | undefined {
  return stopClient();
}
