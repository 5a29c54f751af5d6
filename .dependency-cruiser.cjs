/**
 * The direction data flows in Imprint, checked on every `npm test` (tests/unit/architecture.test.ts):
 * a folder imports only folders below it. From the top: cli/ → index.ts → build/, preview/, verify/,
 * init/ → the stages (manuscript/, html/, pdf/, epub/) → attribution/, fonts/, archive/, browser/,
 * plugins/, images/, conformance/ → options/, model.ts, paths.ts, version.ts, timeline.ts.
 */
const STAGES = '^src/(options|manuscript|plugins|conformance|images|math|attribution|fonts|html|pdf|epub|browser|archive|verify|init|import)/';

/** The layers, lowest first: a module imports only its own layer and the ones below. */
const LAYERS = [
  ['options/', 'conformance/', 'model\\.ts', 'paths\\.ts', 'version\\.ts', 'timeline\\.ts'],
  ['images/', 'fonts/', 'math/'],
  ['plugins/'],
  ['attribution/'],
  ['manuscript/', 'browser/', 'archive/'],
  ['html/'],
  ['pdf/', 'epub/'],
  ['verify/', 'init/', 'build/', 'import/'],
  ['preview/'],
  ['index\\.ts'],
  ['cli/'],
];
const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${index}-imports-no-higher-layer`,
  severity: 'error',
  comment: `${layer.join(', ')} import only from their own layer and the ones below.`,
  from: { path: `^src/(${layer.join('|')})` },
  to: { path: `^src/(${LAYERS.slice(index + 1).flat().join('|')})` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    { name: 'no-circular', severity: 'error', comment: 'A cycle means two modules own one concern.', from: {}, to: { circular: true } },
    {
      name: 'only-browser-imports-puppeteer',
      severity: 'error',
      comment: 'browser/ is the one place that talks to Chromium.',
      from: { path: '^src/', pathNot: '^src/browser/' },
      to: { path: 'node_modules/(puppeteer|puppeteer-core|@puppeteer/browsers)/' },
    },
    {
      name: 'stages-never-import-orchestrators',
      severity: 'error',
      comment: 'Stages return data; build/, preview/ and cli/ run them, never the other way round.',
      from: { path: STAGES },
      to: { path: '^src/(cli|build|preview)/' },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      comment: 'The CLI is a thin layer on top of the library.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-the-cli-imports-the-public-api',
      severity: 'error',
      comment: 'index.ts re-exports; modules of the library import each other directly.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'build-never-imports-preview',
      severity: 'error',
      from: { path: '^src/build/' },
      to: { path: '^src/preview/' },
    },
    {
      name: 'options-are-the-bottom',
      severity: 'error',
      comment: 'Schemas, defaults and errors depend on nothing of the pipeline.',
      from: { path: '^src/(options/|model\\.ts|paths\\.ts|version\\.ts|timeline\\.ts)' },
      to: { path: '^src/', pathNot: '^src/(options/|conformance/|model\\.ts|paths\\.ts|version\\.ts|timeline\\.ts)' },
    },
    {
      name: 'fonts-stand-alone',
      severity: 'error',
      comment: 'Choosing faces needs only the font packages.',
      from: { path: '^src/fonts/' },
      to: { path: '^src/', pathNot: '^src/(fonts/|paths\\.ts)' },
    },
    {
      name: 'no-dev-dependencies-in-src',
      severity: 'error',
      comment: 'What src/ imports must be installed for users too.',
      from: { path: '^src/' },
      // Types vanish when compiled; what runs must be a dependency.
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
