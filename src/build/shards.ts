/**
 * `--shard K/N`: the K-th of N slices of a build's inputs, so that N machines (a CI matrix,
 * Kubernetes indexed jobs) can split one archive with no coordination. The slices depend only on
 * the set of inputs: they are sorted by path and dealt out in turn, so every shard computes the
 * same slices whatever order the inputs were listed in, and the slices differ in size by one at most.
 */
import path from 'node:path';
import { OptionsError } from '../options/errors.ts';

/** One slice: `index` counts from 1, as in `--shard 1/4`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses "K/N" (1 ≤ K ≤ N). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new OptionsError(`--shard takes K/N with 1 ≤ K ≤ N, for example --shard 2/4, not "${text}"`);
  }
  return { index, count };
}

/**
 * The inputs of this shard, in their sorted order; repeated inputs count once. They are sorted by
 * their path from the working directory, with `/` separators, so machines whose checkouts sit in
 * different folders deal the same slices.
 */
export function shardInputs(inputs: readonly string[], shard: Shard): string[] {
  const byPath = new Map(inputs.map((input) => [path.relative(process.cwd(), path.resolve(input)).split(path.sep).join('/'), input] as const));
  return [...byPath.keys()]
    .sort()
    .filter((_, position) => position % shard.count === shard.index - 1)
    .map((relative) => byPath.get(relative)!);
}
