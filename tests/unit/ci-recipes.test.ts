// The CI recipes in docs/ci/ are well-formed workflows that run the commands the README documents
// (they cannot run here: there is no GitHub runner).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from '../helpers.ts';

type Workflow = { jobs: Record<string, { steps: Array<{ run?: string; uses?: string }>; strategy?: { matrix: { shard: number[] } } }> };
const workflow = (name: string) => parse(readFileSync(path.join(ROOT, 'docs', 'ci', name), 'utf8')) as Workflow;
const commands = (flow: Workflow) => Object.values(flow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));

describe('the CI recipes', () => {
  it('editions.yml installs Chromium from Debian, builds, verifies and uploads output/', () => {
    const flow = workflow('editions.yml');
    const run = commands(flow).join('\n');
    assert.match(run, /apt-get install .*chromium/);
    assert.match(run, /imprint@0\.1 build manuscript --out output/);
    assert.match(run, /imprint@0\.1 verify output/);
    assert.ok(flow.jobs.editions!.steps.some((step) => step.uses?.startsWith('actions/upload-artifact')));
  });

  it('sharded-archive.yml builds each shard K/N of a matrix, then merges the manifests and verifies the archive', () => {
    const flow = workflow('sharded-archive.yml');
    assert.deepEqual(flow.jobs.shard!.strategy!.matrix.shard, [1, 2, 3, 4]);
    const run = commands(flow).join('\n');
    assert.match(run, /--shard \$\{\{ matrix\.shard \}\}\/4/);
    assert.match(run, /imprint@0\.1 manifest merge --out archive archive\/shard-\*/);
    assert.match(run, /imprint@0\.1 verify archive/);
  });
});
