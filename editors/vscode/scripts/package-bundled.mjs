// Packages the extension with the server inside: copies the release binary
// (stripped) to bin/, where the extension looks first when `copydesk.path`
// is unset, and writes a platform-specific copydesk-<target>.vsix for this
// machine (as rust-analyzer and ruff ship theirs).
//
//   npm run package:bundled            # the repository's target/release/copydesk
//   COPYDESK_BIN=/path/to/copydesk npm run package:bundled
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(here, '..', '..');
const exe = process.platform === 'win32' ? 'copydesk.exe' : 'copydesk';
const source = process.env.COPYDESK_BIN || path.join(repo, 'target', 'release', exe);

/** VS Code's name for this platform (`vsce package --target`). */
function vscodeTarget() {
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  if (!arch || !os) throw new Error(`no VS Code target for ${process.platform}-${process.arch}`);
  return `${os}-${arch}`;
}

if (!fs.existsSync(source)) {
  console.error(`copydesk: no server binary at ${source}: run \`cargo build --release\` first, or set COPYDESK_BIN`);
  process.exit(1);
}
const bin = path.join(here, 'bin');
fs.rmSync(bin, { recursive: true, force: true });
fs.mkdirSync(bin);
const dest = path.join(bin, exe);
fs.copyFileSync(source, dest);
fs.chmodSync(dest, 0o755);
// Debug symbols are for developers; a reporter's copy is a fifth the size without them.
if (process.platform !== 'win32') {
  try {
    execFileSync('strip', [dest]);
  } catch (e) {
    console.warn(`copydesk: strip failed (${e.message}); bundling the binary as built`);
  }
}
// The licence travels with the extension: both texts, as the crates carry them.
const licence = ['LICENSE-MIT', 'LICENSE-APACHE'].map((f) => fs.readFileSync(path.join(repo, f), 'utf8'));
fs.writeFileSync(path.join(here, 'LICENSE'), `copydesk is licensed under MIT OR Apache-2.0.\n\n${licence.join('\n\n')}`);
const target = vscodeTarget();
const out = `copydesk-${target}.vsix`;
execFileSync(
  'npx',
  ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--target', target, '-o', out],
  { cwd: here, stdio: 'inherit' },
);
const mb = (f) => (fs.statSync(f).size / 1e6).toFixed(1);
console.log(`${out}: ${mb(path.join(here, out))} MB (server ${mb(dest)} MB, ${target})`);
