// Imprint as a user installs it: the real tarball of `npm pack`, installed into a project outside
// the checkout (and globally, with --prefix), with PUPPETEER_EXECUTABLE_PATH unset and the registry
// the only network. The command, the library, its types and the config file are used from there.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { DEFAULT_MANUSCRIPT, epubcheckArgs, ROOT, tempDir } from './helpers.ts';

const execFileAsync = promisify(execFile);

/** The environment of a user's machine: no browser named, the checkout's own tools out of the way. */
function userEnvironment(): NodeJS.ProcessEnv {
  const { PUPPETEER_EXECUTABLE_PATH: _browser, IMPRINT_FROM_SOURCE: _source, NODE_OPTIONS: _options, ...rest } = process.env;
  return { ...rest, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

async function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, env: userEnvironment(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

describe('the npm package', () => {
  let packed: Packed;
  let tarball: string;
  let project: string;
  let installSeconds: number;
  // The global install runs beside the project's, to save half a minute.
  let globalInstall: Promise<{ prefix: string; code: number; stderr: string }>;

  before(async () => {
    const destination = await tempDir('imprint-pack-');
    const pack = await run('npm', ['pack', '--json', '--pack-destination', destination], ROOT);
    assert.equal(pack.code, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as Packed[])[0]!;
    tarball = path.join(destination, packed.filename);
    project = await tempDir('imprint-user-');
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'a-users-project', private: true, type: 'module' }));
    const prefix = await tempDir('imprint-global-');
    globalInstall = run('npm', ['install', '--global', '--prefix', prefix, tarball], prefix).then((result) => ({ prefix, ...result }));
    const started = performance.now();
    const install = await run('npm', ['install', tarball], project);
    installSeconds = (performance.now() - started) / 1000;
    assert.equal(install.code, 0, install.stderr);
  });

  it('holds the compiled code, types, styles, templates, schemas, README and LICENSE, and no tests, bench or fixtures', (t) => {
    const files = packed.files.map((file) => file.path);
    for (const needed of ['bin/imprint.js', 'dist/cli.js', 'dist/index.js', 'dist/types/index.d.ts', 'styles/print.css', 'styles/color/sRGB2014.icc', 'src/init/template/book.yaml', 'docs/schemas/config.schema.json', 'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(needed), `${needed} is in the package`);
    }
    const unwanted = files.filter((file) => /^(tests|bench|scripts|examples|manuscript)\/|fixtures|\.test\.|^src\/(?!init\/template\/)/.test(file));
    assert.deepEqual(unwanted, []);
    t.diagnostic(`${packed.filename}: ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${files.length} files; installed in ${installSeconds.toFixed(1)} s`);
  });

  it('imports a saved page and a text capture with the installed command (Readability, linkedom and the decoders bundled)', async () => {
    await cp(path.join(ROOT, 'tests', 'fixtures', 'import', 'saved-complete'), path.join(project, 'captures'), { recursive: true });
    await copyFile(path.join(ROOT, 'tests', 'fixtures', 'import', 'pages', 'chinese-news.gbk.html'), path.join(project, 'captures', 'chinese-news.gbk.html'));
    const imported = await run('npx', ['imprint', 'import', 'captures', '--out', 'imported', '--timezone', 'Asia/Shanghai'], project);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /imported 2 of 2 captures/);
    assert.match(await readFile(path.join(project, 'imported', 'counting-marsh-birds-at-dawn.md'), 'utf8'), /\n\[\^1\]: The protocol is the national marsh bird survey's/);
    assert.match(await readFile(path.join(project, 'imported', 'chinese-news.gbk.md'), 'utf8'), /title: 地铁东延，延伸的是城市的温度\n[\s\S]*published: 2024-05-06T16:40:15\+08:00/);
  });

  it('runs `npx imprint --version` from the installed package', async () => {
    const version = await run('npx', ['imprint', '--version'], project);
    assert.equal(version.code, 0, version.stderr);
    const { version: expected } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), expected);
  });

  it('builds a manuscript outside the checkout into HTML, PDF and an EPUB that EPUBCheck passes, and verifies them', async (t) => {
    await mkdir(path.join(project, 'notes'));
    await copyFile(DEFAULT_MANUSCRIPT, path.join(project, 'notes', 'article.md'));
    const built = await run('npx', ['imprint', 'build', 'notes', '--out', 'editions'], project);
    assert.equal(built.code, 0, built.stderr);
    t.diagnostic(built.stderr.trim());
    for (const extension of ['html', 'pdf', 'epub']) assert.match(built.stderr, new RegExp(`editions/micro-corruption\\.${extension}`));
    const check = await run('java', epubcheckArgs(path.join(project, 'editions', 'micro-corruption.epub')), project);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout + check.stderr, /0 fatals \/ 0 errors \/ 0 warnings/);
    const verified = await run('npx', ['imprint', 'verify', 'editions'], project);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stderr, /verified 4 files: 4 ok/);
  });

  it('is a library: `import { build }` from a .mjs file works, and its types check a .ts file (a wrong paper is a type error)', async () => {
    await writeFile(
      path.join(project, 'use.mjs'),
      "import { build, OptionsError } from 'imprint';\nconst result = await build({ input: 'notes', outDir: 'from-code', formats: ['html'] });\nconsole.log(result.ok, result.artifacts.map((a) => a.format).join());\ntry { await build({ paper: 'a3' }); } catch (error) { console.log(error instanceof OptionsError); }\n",
    );
    const used = await run(process.execPath, ['use.mjs'], project);
    assert.equal(used.code, 0, used.stderr);
    assert.equal(used.stdout.trim(), 'true html\ntrue');
    await writeFile(
      path.join(project, 'use.ts'),
      "import { build, type BuildOptions, type BuildResult } from 'imprint';\nconst options: BuildOptions = { input: 'notes', formats: ['pdf'], paper: 'letter' };\nconst result: BuildResult = await build(options);\nexport const paths: string[] = result.artifacts.map((artifact) => artifact.path);\n// @ts-expect-error Imprint does not print on A3\nexport const wrong: BuildOptions = { paper: 'a3' };\n",
    );
    await writeFile(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
        files: ['use.ts'],
      }),
    );
    const typed = await run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    assert.equal(typed.code, 0, typed.stdout + typed.stderr);
  });

  it('takes the settings of the config file, lets a flag win, and reports a wrong value at its line and column', async () => {
    const config = path.join(project, 'imprint.config.yaml');
    await writeFile(config, 'out: configured\nformats: [pdf]\npaper: letter\n');
    const configured = await run('npx', ['imprint', 'build', 'notes', '--quiet'], project);
    assert.equal(configured.code, 0, configured.stderr);
    assert.match(await pageSize(path.join(project, 'configured', 'micro-corruption.pdf')), /\(letter\)/, 'letter, from the config file');
    const flagged = await run('npx', ['imprint', 'build', 'notes', '--quiet', '--paper', 'a5'], project);
    assert.equal(flagged.code, 0, flagged.stderr);
    assert.match(await pageSize(path.join(project, 'configured', 'micro-corruption.pdf')), /\(A5\)/, 'A5, from the flag');
    await writeFile(config, 'out: configured\nformats: [pdf]\npaper: a3\n');
    const wrong = await run('npx', ['imprint', 'build', 'notes'], project);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /imprint\.config\.yaml\n3:8-3:10\s+error\s+Unknown paper "a3": choose from a4, letter, a5/);
  });

  it('installs globally (npm install -g --prefix) and builds from there', async () => {
    const { prefix, code, stderr } = await globalInstall;
    assert.equal(code, 0, stderr);
    const work = await tempDir('imprint-global-work-');
    await copyFile(DEFAULT_MANUSCRIPT, path.join(work, 'article.md'));
    const built = await run(path.join(prefix, 'bin', 'imprint'), ['build', 'article.md', '--format', 'html,epub', '--quiet'], work);
    assert.equal(built.code, 0, built.stderr);
    const verified = await run(path.join(prefix, 'bin', 'imprint'), ['verify'], work);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });
});

async function pageSize(pdf: string): Promise<string> {
  const { stdout } = await execFileAsync('pdfinfo', [pdf]);
  return /Page size:\s+(.*)/.exec(stdout)?.[1] ?? '';
}
