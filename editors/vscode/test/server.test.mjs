// Drives the real `copydesk lsp` through vscode-languageserver-protocol — the
// protocol library vscode-languageclient is built on — using the extension's
// own server lookup (out/serverPath.js) and settings translation
// (out/settings.js). Run `npm run build` first.
//
// The server binary: $COPYDESK_BIN, else <repo>/target/release/copydesk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeConfigurationNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  CodeActionRequest,
  CodeActionResolveRequest,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  RegistrationRequest,
  ShowMessageNotification,
  LogMessageNotification,
} = require('vscode-languageserver-protocol/node');

const here = path.dirname(fileURLToPath(import.meta.url));
const extRoot = path.resolve(here, '..');
const repoRoot = path.resolve(extRoot, '..', '..');
const evalDir = path.join(repoRoot, 'tests', 'eval');
const corpusDir = path.join(repoRoot, 'corpus');

const { SERVER_ARGS, findServer, notFoundMessage, binaryName } = require(path.join(extRoot, 'out', 'serverPath.js'));
const { toServerSettings, needsRestart, LANGUAGES, CODES } = require(path.join(extRoot, 'out', 'settings.js'));
const manifest = JSON.parse(fs.readFileSync(path.join(extRoot, 'package.json'), 'utf8'));

const TIMEOUT_MS = Number(process.env.COPYDESK_TEST_TIMEOUT_MS ?? 30000);

// ---------------------------------------------------------------------------
// The manifest and the pure modules.

describe('extension manifest', () => {
  test('activates on Markdown and plain text, the languages it hands to the server', () => {
    const onLanguage = manifest.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice(11));
    assert.deepEqual([...onLanguage].sort(), ['markdown', 'plaintext']);
    assert.deepEqual([...LANGUAGES].sort(), ['markdown', 'plaintext']);
  });

  test('declares the commands and settings', () => {
    const commands = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(commands, ['copydesk.openCorpusFolder', 'copydesk.restartServer']);
    const restart = manifest.contributes.commands.find((c) => c.command === 'copydesk.restartServer');
    assert.equal(`${restart.category}: ${restart.title}`, 'copydesk: Restart server');
    const props = Object.keys(manifest.contributes.configuration.properties).sort();
    const expected = ['copydesk.path', 'copydesk.corpus', 'copydesk.disabledCodes', 'copydesk.debounceMs', 'copydesk.explainEveryName', 'copydesk.trace.server', ...CODES.map((c) => `copydesk.severity.${c}`)].sort();
    assert.deepEqual(props, expected);
  });

  test('the bundle loads nothing but vscode and Node built-ins at run time', () => {
    const bundle = fs.readFileSync(path.join(extRoot, manifest.main), 'utf8');
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    const builtins = new Set(require('node:module').builtinModules);
    const foreign = [...required].filter((m) => m !== 'vscode' && !builtins.has(m.replace(/^node:/, '')));
    assert.deepEqual(foreign, []);
    assert.ok(required.has('vscode'));
    // The command registrations are really in the bundle.
    for (const c of manifest.contributes.commands) assert.ok(bundle.includes(`"${c.command}"`), c.command);
  });
});

describe('extension activation (with a stand-in vscode module)', () => {
  test('with no server anywhere, activate() registers the commands and says what it tried', async () => {
    const calls = [];
    // Anything the stand-in does not define is a harmless callable/constructible stub.
    const stub = (name) =>
      new Proxy(function () {}, {
        get: (_, p) => (p === 'then' ? undefined : stub(`${name}.${String(p)}`)),
        apply: () => stub(`${name}()`),
        construct: () => stub(`new ${name}`),
      });
    const settings = { path: '/nonexistent/copydesk', corpus: [], severity: {}, disabledCodes: [] };
    const vscode = new Proxy(
      {
        window: {
          createOutputChannel: () => ({ appendLine: (l) => calls.push(['log', l]), show() {}, dispose() {} }),
          showErrorMessage: async (m, ...items) => void calls.push(['error', m, items]),
          showWarningMessage: async (m) => void calls.push(['warning', m]),
          showInformationMessage: async (m) => void calls.push(['info', m]),
        },
        commands: {
          registerCommand: (id) => (calls.push(['command', id]), { dispose() {} }),
          executeCommand: async () => undefined,
        },
        workspace: {
          workspaceFolders: undefined,
          getConfiguration: () => ({ get: (k) => settings[k] }),
          onDidChangeConfiguration: () => ({ dispose() {} }),
          isTrusted: false,
          onDidGrantWorkspaceTrust: () => ({ dispose() {} }),
        },
      },
      { get: (t, p) => (p in t ? t[p] : stub(`vscode.${String(p)}`)) },
    );
    const Module = require('node:module');
    const load = Module._load;
    const savedPath = process.env.PATH;
    const bundle = path.join(extRoot, manifest.main);
    Module._load = function (request, ...rest) {
      return request === 'vscode' ? vscode : load.call(this, request, ...rest);
    };
    try {
      delete require.cache[bundle];
      const ext = require(bundle);
      process.env.PATH = path.join(os.tmpdir(), 'copydesk-empty-path');
      await ext.activate({ subscriptions: [], extensionPath: path.join(os.tmpdir(), 'copydesk-no-such-ext') });
    } finally {
      Module._load = load;
      process.env.PATH = savedPath;
      delete require.cache[bundle];
    }
    const commands = calls.filter((c) => c[0] === 'command').map((c) => c[1]).sort();
    assert.deepEqual(commands, ['copydesk.openCorpusFolder', 'copydesk.restartServer']);
    const errors = calls.filter((c) => c[0] === 'error');
    assert.equal(errors.length, 1, JSON.stringify(calls));
    const [, message, buttons] = errors[0];
    assert.ok(message.includes('/nonexistent/copydesk'), message);
    assert.ok(message.includes(path.join(os.tmpdir(), 'copydesk-no-such-ext', 'bin', 'copydesk')), message);
    assert.match(message, /on PATH/);
    assert.ok(buttons.includes('Open Settings'));
  });
});

describe('server lookup', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-find-'));
  const mkExe = (dir) => {
    fs.mkdirSync(dir, { recursive: true });
    const f = path.join(dir, binaryName());
    fs.writeFileSync(f, '#!/bin/sh\n');
    fs.chmodSync(f, 0o755);
    return f;
  };
  const settingBin = mkExe(path.join(tmp, 'setting'));
  const extWithBin = path.join(tmp, 'ext-with-bin');
  const bundledBin = mkExe(path.join(extWithBin, 'bin'));
  const extWithout = path.join(tmp, 'ext-without-bin');
  fs.mkdirSync(extWithout);
  const pathBin = mkExe(path.join(tmp, 'on-path'));
  const emptyDir = path.join(tmp, 'empty');
  fs.mkdirSync(emptyDir);
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('setting first, then bundled bin/, then PATH', () => {
    const pathEnv = [emptyDir, path.dirname(pathBin)].join(path.delimiter);
    assert.equal(findServer({ configuredPath: settingBin, extensionPath: extWithBin, pathEnv }).command, settingBin);
    assert.equal(findServer({ configuredPath: '', extensionPath: extWithBin, pathEnv }).command, bundledBin);
    const r = findServer({ configuredPath: '', extensionPath: extWithout, pathEnv });
    assert.equal(r.command, pathBin);
    assert.equal(r.source, 'path');
  });

  test('expands ${workspaceFolder} and relative paths in copydesk.path', () => {
    const r = findServer({ configuredPath: '${workspaceFolder}/setting/copydesk', extensionPath: extWithout, pathEnv: '', workspaceFolder: tmp });
    assert.equal(r.command, settingBin);
    assert.equal(findServer({ configuredPath: 'setting/copydesk', extensionPath: extWithout, pathEnv: '', workspaceFolder: tmp }).command, settingBin);
  });

  test('a wrong copydesk.path falls back but warns', () => {
    const r = findServer({ configuredPath: path.join(tmp, 'nope'), extensionPath: extWithBin, pathEnv: '' });
    assert.equal(r.command, bundledBin);
    assert.equal(r.warnings.length, 1);
  });

  test('says what it tried when nothing is found', () => {
    const r = findServer({ configuredPath: path.join(tmp, 'nope'), extensionPath: extWithout, pathEnv: emptyDir });
    assert.equal(r.command, undefined);
    const msg = notFoundMessage(r);
    assert.match(msg, /copydesk\.path/);
    assert.ok(msg.includes(path.join(tmp, 'nope')), msg);
    assert.ok(msg.includes(path.join(extWithout, 'bin', binaryName())), msg);
    assert.match(msg, /PATH/);
    // README's install command, word for word.
    const readme = fs.readFileSync(path.join(extRoot, '..', '..', 'README.md'), 'utf8');
    const install = readme.match(/^(cargo install .*)$/m);
    assert.ok(install && msg.includes(install[1]), `the message gives README's install command: ${msg}`);
  });
});

describe('settings translation', () => {
  test('maps VS Code settings to server settings', () => {
    const s = toServerSettings(
      {
        corpus: ['refs', '/abs/wire', '${workspaceFolder}/more', ''],
        severity: { 'name-spelling': 'error', misquote: 'default', bogus: 'hint', contradiction: 'loud' },
        disabledCodes: ['misquote', 'misquote', 'nonsense'],
        debounceMs: 250,
      },
      '/ws',
    );
    assert.deepEqual(s, {
      corpus: ['/ws/refs', '/abs/wire', '/ws/more'],
      severity: { 'name-spelling': 'error' },
      disabledCodes: ['misquote'],
      debounceMs: 250,
      explainEveryName: false,
    });
  });

  test('unset settings are sent empty, so clearing a setting clears it in the server', () => {
    assert.deepEqual(toServerSettings({ debounceMs: null }, '/ws'), { corpus: [], severity: {}, disabledCodes: [], explainEveryName: false });
    assert.equal(toServerSettings({ explainEveryName: true }, '/ws').explainEveryName, true);
  });

  test('clearing a setting the server started with restarts it; other changes are pushed', () => {
    const s = (raw) => toServerSettings(raw, '/ws');
    const initial = s({ corpus: ['refs'], severity: { misquote: 'error' }, disabledCodes: ['contradiction'], debounceMs: 100 });
    assert.equal(needsRestart(initial, initial), false);
    assert.equal(needsRestart(initial, s({ corpus: ['other'], severity: { misquote: 'hint' }, debounceMs: 5 })), false, 'disabledCodes [] is pushed');
    assert.equal(needsRestart(initial, s({ corpus: [], severity: { misquote: 'error' }, debounceMs: 100 })), true, 'corpus emptied');
    assert.equal(needsRestart(initial, s({ corpus: ['refs'], severity: { misquote: 'default' }, debounceMs: 100 })), true, 'severity reset');
    assert.equal(needsRestart(initial, s({ corpus: ['refs'], severity: { misquote: 'error' } })), true, 'debounce unset');
    assert.equal(needsRestart(s({}), s({ corpus: ['x'], severity: { misquote: 'hint' }, debounceMs: 1 })), false);
  });
});

// ---------------------------------------------------------------------------
// The real server.

function serverBinary() {
  if (process.env.COPYDESK_BIN) return path.resolve(process.env.COPYDESK_BIN);
  return path.join(repoRoot, 'target', 'release', binaryName());
}

function withTimeout(promise, what, ms = TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Apply LSP TextEdits (UTF-16 positions, as JS strings are) to a text. */
function applyEdits(text, edits) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (pos) => Math.min(text.length, (lineStarts[pos.line] ?? text.length) + pos.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function editsFor(workspaceEdit, uri) {
  if (!workspaceEdit) return [];
  const edits = [];
  if (workspaceEdit.changes?.[uri]) edits.push(...workspaceEdit.changes[uri]);
  for (const dc of workspaceEdit.documentChanges ?? []) {
    if (dc.textDocument?.uri === uri) edits.push(...dc.edits);
  }
  return edits;
}

function hoverText(hover) {
  if (!hover) return '';
  const one = (c) => (typeof c === 'string' ? c : c.value ?? '');
  return Array.isArray(hover.contents) ? hover.contents.map(one).join('\n') : one(hover.contents);
}

function rangeText(text, range) {
  const line = text.split('\n')[range.start.line] ?? '';
  const end = range.end.line === range.start.line ? range.end.character : line.length;
  return line.slice(range.start.character, end);
}

/** Corpus files (repo-relative) that contain a string. */
function corpusFilesContaining(s) {
  return fs
    .readdirSync(corpusDir)
    .filter((f) => /\.(txt|md)$/.test(f) && fs.readFileSync(path.join(corpusDir, f), 'utf8').includes(s))
    .map((f) => f);
}

describe('copydesk lsp, driven like vscode-languageclient drives it', { timeout: 4 * TIMEOUT_MS }, () => {
  let proc;
  let conn;
  let current = toServerSettings({}, repoRoot); // what the "editor" has configured
  let stderr = '';
  const diagnostics = new Map(); // uri -> latest Diagnostic[]
  const waiters = [];
  const docs = new Map(); // uri -> text

  const waitForDiagnostics = (uri, predicate, what) =>
    withTimeout(
      new Promise((resolve) => {
        const check = () => {
          const d = diagnostics.get(uri);
          if (d && predicate(d)) {
            resolve(d);
            return true;
          }
          return false;
        };
        if (!check()) waiters.push(check);
      }),
      `${what} (latest diagnostics: ${JSON.stringify(diagnostics.get(uri) ?? null)})`,
    );

  const open = async (file, languageId) => {
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    docs.set(uri, text);
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return { uri, text };
  };

  const hasCode = (code, line) => (d) => d.some((x) => x.code === code && x.range.start.line === line);

  before(async () => {
    // Find the binary the way the extension does: the PATH search of findServer,
    // with the extension's own SERVER_ARGS. A renamed binary or wrong args fail here.
    const bin = serverBinary();
    assert.ok(fs.existsSync(bin), `copydesk binary not found at ${bin}; run cargo build --release`);
    const found = findServer({ configuredPath: '', extensionPath: path.join(os.tmpdir(), 'copydesk-no-such-ext'), pathEnv: path.dirname(bin) });
    assert.equal(found.command, bin, `the extension's lookup did not find ${bin}: ${found.tried.join('; ')}`);

    proc = spawn(found.command, SERVER_ARGS, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr.on('data', (b) => {
      stderr += b.toString();
      if (process.env.COPYDESK_TEST_VERBOSE) process.stderr.write(b);
    });
    conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      diagnostics.set(p.uri, p.diagnostics);
      for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]()) waiters.splice(i, 1);
    });
    // Like the extension's middleware: pulls get the same settings as pushes.
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((it) => (it.section === 'copydesk' ? current : null)));
    conn.onRequest(RegistrationRequest.type, () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification(ShowMessageNotification.type, () => {});
    conn.onNotification(LogMessageNotification.type, () => {});
    conn.listen();

    const init = await withTimeout(
      conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'copydesk-vscode-test' },
        rootUri: pathToFileURL(repoRoot).href,
        workspaceFolders: [{ uri: pathToFileURL(repoRoot).href, name: 'copydesk' }],
        initializationOptions: { copydesk: current },
        capabilities: {
          workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: true },
            publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
              isPreferredSupport: true,
              dataSupport: true,
              resolveSupport: { properties: ['edit'] },
            },
          },
        },
      }),
      'the initialize response',
    );
    assert.ok(init.capabilities, 'initialize result has capabilities');
    assert.ok(init.capabilities.hoverProvider, 'server offers hover');
    assert.ok(init.capabilities.codeActionProvider, 'server offers code actions');
    await conn.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    if (conn) {
      try {
        await withTimeout(conn.sendRequest(ShutdownRequest.type), 'shutdown', 5000);
        await conn.sendNotification(ExitNotification.type);
      } catch {
        /* fall through to kill */
      }
    }
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    conn?.dispose();
    if (process.env.COPYDESK_TEST_VERBOSE && stderr) console.error(stderr);
  });

  let troops; // { uri, text }
  let tabarov; // the name-spelling diagnostic

  test('Markdown draft: name-spelling on line 5 (Tabarov) and the other findings, source copydesk', async () => {
    troops = await open(path.join(evalDir, '02-troops-quit.md'), 'markdown');
    const d = await waitForDiagnostics(troops.uri, hasCode('name-spelling', 4), 'name-spelling on line 5 of 02-troops-quit.md');
    tabarov = d.find((x) => x.code === 'name-spelling' && x.range.start.line === 4);
    assert.equal(tabarov.source, 'copydesk');
    assert.equal(rangeText(troops.text, tabarov.range), 'Tabarov');
    // Every diagnostic uses one of the four codes and comes from copydesk.
    for (const x of d) {
      assert.ok(CODES.includes(x.code), `unexpected code ${x.code}`);
      assert.equal(x.source, 'copydesk');
    }
    assert.ok(d.some((x) => x.code === 'unattributed-figure' && x.range.start.line === 10), 'unattributed-figure on line 11');
  });

  test('hover on the flagged name links the source article, with one quote', async () => {
    const hover = await withTimeout(
      conn.sendRequest(HoverRequest.type, { textDocument: { uri: troops.uri }, position: { line: tabarov.range.start.line, character: tabarov.range.start.character + 2 } }),
      'hover',
    );
    const text = hoverText(hover);
    const sources = corpusFilesContaining('Tabalov');
    assert.ok(sources.length > 0);
    assert.ok(sources.some((s) => text.includes(`/${s}#L`)), `hover should link one of ${sources.join(', ')}; got:\n${text}`);
    assert.ok(text.includes('](file://'), `the link is a file URI; got:\n${text}`);
    assert.equal(text.split('\n> ').length - 1, 1, `one source quote; got:\n${text}`);
    assert.ok(!text.includes(tabarov.message), `the hover repeats the message; got:\n${text}`);
  });

  test('quick fix replaces Tabarov with the archive spelling Tabalov, titled in plain words', async () => {
    const actions = await withTimeout(
      conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: troops.uri },
        range: tabarov.range,
        context: { diagnostics: [tabarov], only: ['quickfix'] },
      }),
      'code actions',
    );
    assert.ok(Array.isArray(actions) && actions.length > 0, `no code actions: ${JSON.stringify(actions)}`);
    const results = [];
    for (let a of actions) {
      if (!('kind' in a || 'edit' in a || 'diagnostics' in a)) continue; // a bare Command
      if (!a.edit && a.data !== undefined) a = await withTimeout(conn.sendRequest(CodeActionResolveRequest.type, a), 'codeAction/resolve');
      const edits = editsFor(a.edit, troops.uri);
      if (edits.length === 0) continue;
      const fixedLine = applyEdits(troops.text, edits).split('\n')[4];
      results.push(`${a.title}: ${fixedLine}`);
      if (fixedLine.includes('Alexei Tabalov') && !fixedLine.includes('Tabarov')) {
        assert.equal(a.kind, 'quickfix');
        assert.equal(a.title, 'Change ‘Tabarov’ to ‘Tabalov’ (as the archive spells it)');
        return;
      }
    }
    assert.fail(`no quick fix turned line 5 into the corpus spelling; got:\n${results.join('\n')}`);
  });

  test('second Markdown draft: name-spelling on line 9 (Osekkin)', async () => {
    const wagner = await open(path.join(evalDir, '05-wagner-colonies.md'), 'markdown');
    const d = await waitForDiagnostics(wagner.uri, hasCode('name-spelling', 8), 'name-spelling on line 9 of 05-wagner-colonies.md');
    const osekkin = d.find((x) => x.code === 'name-spelling' && x.range.start.line === 8);
    assert.equal(rangeText(wagner.text, osekkin.range), 'Osekkin');
  });

  test('plain-text draft: name-spelling on line 3 (Dmitri Peskov)', async () => {
    const brief = await open(path.join(evalDir, '04-kremlin-brief.txt'), 'plaintext');
    await waitForDiagnostics(brief.uri, hasCode('name-spelling', 2), 'name-spelling on line 3 of 04-kremlin-brief.txt');
  });

  test('settings changes reach the running server (disabledCodes, severity) and can be undone', async () => {
    const push = (raw) => {
      current = toServerSettings(raw, repoRoot);
      return conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { copydesk: current } });
    };

    await push({ disabledCodes: ['name-spelling'] });
    await waitForDiagnostics(troops.uri, (d) => d.length > 0 && !d.some((x) => x.code === 'name-spelling'), 'name-spelling to disappear after disabling it');

    await push({ severity: { 'name-spelling': 'hint' } });
    await waitForDiagnostics(troops.uri, (d) => d.some((x) => x.code === 'name-spelling' && x.range.start.line === 4 && x.severity === 4), 'name-spelling to come back as a hint');

    await push({ severity: { 'name-spelling': 'error' } });
    await waitForDiagnostics(troops.uri, (d) => d.some((x) => x.code === 'name-spelling' && x.range.start.line === 4 && x.severity === 1), 'name-spelling as an error');
  });
});
