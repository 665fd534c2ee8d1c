// Bundles the extension (and its vscode-languageclient dependency) into
// out/extension.js. serverPath.js and settings.js are also emitted on their
// own so the Node tests can exercise exactly the code the extension runs.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// --production (used when packaging the .vsix): minified, no source maps.
const production = process.argv.includes('--production');
const options = {
  entryPoints: ['src/extension.ts', 'src/serverPath.ts', 'src/settings.ts'],
  outdir: 'out',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
