/**
 * `npm run bench:generators`: per stack, the wall time from `nx g @polystage/nx-docker:service
 * demo-<stack> --stack=<stack>` to green docker-lint and smoke targets (docker-test, docker-prod
 * and the smoke spec), in a throwaway copy of this repo:
 *   - on this repo's builder, which has built the five services (a team adding a service), and
 *   - again on a BuildKit daemon with an empty state (a fresh CI runner: every layer built, every
 *     dependency downloaded; base images come from this machine's mirror, as in every build here).
 * Also the prod image's size from its build record against the generated budget. Prints a markdown
 * table and writes it to the generators section of docs/benchmarks.md when every stack went green.
 *
 *   node system/bench/generators-cli.ts [--stacks go,python] [--no-cold]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectEngine, formatMb, readBuildRecord } from '@polystage/docker';
import { STACKS } from '@polystage/nx-docker';
import { writeSection } from '@polystage/tools/bench/doc-sections';
import { startEmptyBuilder } from '@polystage/tools/builder/empty-builder';
import { createThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';
import { generateService, smokeGenerated } from '../src/generated-service.ts';

const repo = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { stacks: { type: 'string', default: Object.keys(STACKS).join(',') }, 'no-cold': { type: 'boolean', default: false } },
});
const stacks = values.stacks.split(',').filter(Boolean);
const unknown = stacks.filter((stack) => !(stack in STACKS));
if (unknown.length > 0) {
  console.error(`bench:generators: no stack ${unknown.join(', ')}: use --stacks with some of ${Object.keys(STACKS).join(', ')}.`);
  process.exit(2);
}
const cold = !values['no-cold'];
const engine = await connectEngine();
const workspace = await createThrowawayWorkspace(repo);

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const rows: string[] = [];
try {
  for (const stack of stacks) {
    const name = `demo-${stack}`;
    let started = performance.now();
    await generateService(workspace, { name, stack });
    await smokeGenerated(workspace, name);
    const warm = seconds(started);
    const record = readBuildRecord(workspace.root, name, 'prod');
    let empty = 'not run';
    if (cold) {
      const builder = await startEmptyBuilder(engine, repo, `polystage-bench-generator-${stack}`);
      try {
        started = performance.now();
        await smokeGenerated(workspace, name, { BUILDER: builder.name });
        empty = seconds(started);
      } finally {
        await builder.dispose();
      }
    }
    const size = record ? `${formatMb(record.sizeBytes)} of ${record.sizeBudgetMb ?? '?'} MB` : 'no record';
    rows.push(`| ${stack} | ${warm} | ${empty} | ${size} |`);
    console.info(`[bench:generators] ${rows.at(-1)}`);
  }
} finally {
  workspace.dispose();
}

const markdown = [
  '## Generated services: generate to green smoke',
  '',
  'Command: `npm run bench:generators` (system/bench/generators-cli.ts), one run, in a throwaway copy of the repo. Per stack, `nx g @polystage/nx-docker:service demo-<stack> --stack=<stack>` then `nx run-many -t docker-lint smoke -p demo-<stack> --skip-nx-cache` (BuildKit\'s Dockerfile checks; docker-test, docker-prod, the smoke spec). "This repo\'s builder" has built the five services; "empty builder" is a BuildKit daemon with no state (a fresh CI runner), run right after on the same commit.',
  '',
  '| stack | generate → green, this repo\'s builder | green, empty builder | prod image |',
  '| --- | ---: | ---: | ---: |',
  ...rows,
].join('\n');
console.log(markdown);
if (rows.length === stacks.length) writeSection(join(repo, 'docs/benchmarks.md'), 'generators', markdown);
