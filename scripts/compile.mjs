#!/usr/bin/env node
// Bundles the CLI and the library (dist/cli.js, dist/index.js) and the packages they use into dist/
// with esbuild. Node then reads a few dozen files instead of some 1,400 and compiles no TypeScript on the fly: a build starts about 1.5 s
// sooner. Heavy stages become chunks that load only when a build needs them. dist/sources.json
// records what the bundle was made from (the sources and the installed packages): bin/imprint.js
// runs dist/ only while those are unchanged, and the TypeScript through tsx otherwise.
import { build } from 'esbuild';
import { readdirSync, rmSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = path.join(root, 'dist');
// Built beside dist/ and swapped in, so a running `imprint` never sees half a bundle.
const staging = path.join(root, `dist.${process.pid}.tmp`);

/** Size and time of a file, as bin/imprint.js compares them. */
const stamp = (file) => {
  const { size, mtimeMs } = statSync(path.join(root, file));
  return { file, size, mtimeMs };
};
const ALWAYS_TRACKED = [
  'package.json',
  'package-lock.json',
  // Rewritten by every npm install: a changed package makes the bundle stale.
  'node_modules/.package-lock.json',
  'tsconfig.json',
  'scripts/compile.mjs',
];
// Taken before bundling: a file saved while esbuild reads the sources must make the bundle stale,
// not be recorded as bundled.
const before = new Map(
  [...readdirSync(path.join(root, 'src'), { recursive: true }).map((name) => path.join('src', String(name)).split(path.sep).join('/')), ...ALWAYS_TRACKED]
    .filter((file) => statSync(path.join(root, file)).isFile())
    .map((file) => [file, stamp(file)]),
);

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
  // Imprint's own files are found from the package root (src/paths.ts), wherever a chunk sits.
  chunkNames: '[name]-[hash]',
  // ws's native helpers are optional.
  // SVGO stays outside: the css-tree copies it uses read their data files through
  // createRequire(import.meta.url) with paths relative to their own folder, which a bundle moves.
  // wawoff2's Emscripten loader asks for __dirname, and write-file-atomic names its temporary files
  // after __filename: an ES module bundle has neither. starry-night's 700 grammars (12 MB) are
  // imported only when a manuscript has code, and its Oniguruma reads its .wasm beside itself;
  // MathJax (loaded at the first formula) is required by path from its own package.
  external: ['bufferutil', 'utf-8-validate', 'svgo', 'wawoff2', 'write-file-atomic', '@wooorm/starry-night', 'mathjax-full'],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as imprintCreateRequire } from 'node:module';\nconst require = imprintCreateRequire(import.meta.url);" },
});
const tracked = [...Object.keys(result.metafile.inputs).filter((file) => file.startsWith('src/')), ...ALWAYS_TRACKED].sort();
const sources = tracked.map((file) => before.get(file) ?? { file, size: -1, mtimeMs: -1 });
if (sources.some(({ file, size, mtimeMs }) => { const now = stamp(file); return now.size !== size || now.mtimeMs !== mtimeMs; })) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write('compile: sources changed while bundling; run `npm run compile` again\n');
  process.exit(1);
}
writeFileSync(path.join(staging, 'sources.json'), `${JSON.stringify(sources, null, 1)}\n`);
rmSync(target, { recursive: true, force: true });
renameSync(staging, target);
process.stderr.write(`compile: bundled ${Object.keys(result.metafile.inputs).length} modules into dist/ (${sources.length} files tracked)\n`);
