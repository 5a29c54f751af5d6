/** `imprint manifest merge [-o DIR] SOURCE...`: the shards' manifests joined into one. */
import { ManifestConflictError, mergeManifests, OptionsError } from '../index.ts';
import { MANIFEST_COMMAND, parseCommandArgs } from './args.ts';
import { EXIT, UsageError } from './usage.ts';

/** Runs the command; returns the exit code. */
export async function manifestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('manifest', args, MANIFEST_COMMAND);
  const [action, ...sources] = positionals;
  if (action !== 'merge') throw new UsageError(action === undefined ? 'manifest needs an action: merge' : `Unknown manifest action "${action}": the action is merge`);
  if (sources.length === 0) throw new UsageError('manifest merge needs the output folders (or manifest.json files) to merge');
  try {
    const merged = await mergeManifests(sources, values.out ?? 'output');
    process.stderr.write(
      `imprint: merged ${sources.length} manifests into ${merged.path}: ${merged.manifest.manuscripts.length} manuscripts, ${merged.manifest.artifacts.length} files\n`,
    );
    return EXIT.ok;
  } catch (error) {
    // Manifests that cannot be merged are a problem of the archive, not of the command line: exit 1.
    if (!(error instanceof ManifestConflictError) && !(error instanceof OptionsError)) throw error;
    process.stderr.write(`imprint: ${error.message}\n`);
    return EXIT.buildError;
  }
}
