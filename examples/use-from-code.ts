// The example of the README's "Use it from code" section, type-checked with the project
// (tests/unit/readme.test.ts keeps the two the same). Run it with `node --import tsx examples/use-from-code.ts`.
import {
  build,
  buildAll,
  EnvironmentError,
  formatReport,
  OptionsError,
  readManifest,
  verify,
  type BuildResult,
} from 'imprint';

try {
  // One manuscript. Problems in it are vfile messages on the result, never exceptions.
  const result: BuildResult = await build({ input: 'manuscript', outDir: 'output', formats: ['pdf', 'epub'], onProgress: console.error });
  if (!result.ok) console.error(formatReport(result.files, { color: false }));
  for (const artifact of result.artifacts) console.log(artifact.format, artifact.path, artifact.bytes);

  // Many manuscripts with one browser, two at a time, into one manifest.
  const results = await buildAll(['a.md', 'b.md', 'book/'], { outDir: 'archive', jobs: 2 });
  console.log(`${results.filter((each) => each.ok).length} of ${results.length} built`);

  // The archive checked: checksums, and the attribution read back out of every file.
  const report = await verify(['archive']);
  for (const file of report.files) console.log(file.status, file.path, file.problems.join('; '));

  // The manifest, read through its schema: a damaged one says what is wrong with it.
  const manifest = await readManifest('archive');
  if (manifest.ok) console.log(manifest.manifest.manuscripts.map((entry) => entry.attribution.title));
  else console.error(manifest.problem);
} catch (error) {
  if (error instanceof OptionsError) console.error('wrong options:', error.message); // e.g. paper: 'a3'
  else if (error instanceof EnvironmentError) console.error('the machine:', error.message); // no browser, unwritable folder
  else throw error;
}
