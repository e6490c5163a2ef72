/**
 * `npm run bench:platforms`: what a second platform costs, per service and platform (linux/amd64
 * natively, linux/arm64 cross-compiled with its target steps under qemu on an amd64 host):
 *   - the prod image's size against its budget;
 *   - a cold docker-prod on a BuildKit daemon with an empty state (a fresh CI runner);
 *   - a rebuild after a one-line source change on this repo's builder;
 *   - how many RUN steps of the arm64 build ran under emulation, and for how long (docker-prod's
 *     record: the steps of stages not on $BUILDPLATFORM, read from BuildKit's progress).
 * docker-prod builds one platform after the other, so each platform's time is its own build's.
 * One run; writes the platforms section of docs/benchmarks.md.
 *   BUILD_PLATFORMS=linux/amd64,linux/arm64 npm run setup
 *   node tools/src/bench/platforms-cli.ts [--services api,gateway] [--no-cold]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { connectEngine, formatMb, hostPlatform, readBuildRecord, SUPPORTED_PLATFORMS, type PlatformImage } from '@polystage/docker';
import { startEmptyBuilder } from '../builder/empty-builder.ts';
import { writeSection } from './doc-sections.ts';
import { applyEdit, runMark, selectServices } from './services.ts';

const root = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();
const { values } = parseArgs({ options: { services: { type: 'string' }, 'no-cold': { type: 'boolean', default: false } } });
const services = selectServices(values.services?.split(',').filter(Boolean));
const platforms = SUPPORTED_PLATFORMS.join(',');
const engine = await connectEngine();

/** docker-prod for every platform, on `builder` (the repo's own unless given); the record's images. */
async function prod(project: string, builder?: string): Promise<PlatformImage[]> {
  await execa('npx', ['nx', 'run', `${project}:docker-prod`, '--skip-nx-cache', '--exclude-task-dependencies'], {
    cwd: root,
    env: { BUILD_PLATFORMS: platforms, NX_DAEMON: 'false', ...(builder ? { BUILDER: builder } : {}) },
    stdout: 'ignore',
    stderr: 'inherit',
  });
  const images = readBuildRecord(root, project, 'prod')?.platforms ?? [];
  if (images.length !== SUPPORTED_PLATFORMS.length) throw new Error(`${project}:docker-prod recorded ${images.length} platforms, not ${platforms}.`);
  return images;
}

const byPlatform = (images: PlatformImage[]) => new Map(images.map((image) => [image.platform, image]));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(1)}×` : '–');
const emulated = (image: PlatformImage | undefined) => (image?.emulated ? `${image.emulated.steps} steps, ${image.emulated.seconds} s` : 'none');

const rows: string[] = [];
const ratios: string[] = [];
for (const service of services) {
  let cold: Map<string, PlatformImage> | undefined;
  if (!values['no-cold']) {
    const builder = await startEmptyBuilder(engine, root, `polystage-bench-platforms-${service.project}`);
    try {
      cold = byPlatform(await prod(service.project, builder.name));
    } finally {
      await builder.dispose();
    }
  }
  // The repo's builder has this commit's layers for both platforms; then one source line changes.
  await prod(service.project);
  const file = join(root, service.sourceChange.file);
  const original = readFileSync(file, 'utf8');
  let rebuilt: Map<string, PlatformImage>;
  try {
    applyEdit(root, service.sourceChange, runMark());
    rebuilt = byPlatform(await prod(service.project));
  } finally {
    writeFileSync(file, original);
  }
  // Put the committed source's images back under the prod tags.
  const current = byPlatform(await prod(service.project));
  for (const platform of SUPPORTED_PLATFORMS) {
    const image = current.get(platform)!;
    const budget = image.sizeBudgetMb !== undefined ? ` / ${image.sizeBudgetMb} MB` : '';
    const coldSeconds = cold?.get(platform)?.buildSeconds;
    rows.push(
      `| ${service.project} | ${platform} | ${formatMb(image.sizeBytes)}${budget} | ${coldSeconds ?? 'not run'} s | ${rebuilt.get(platform)!.buildSeconds} s | ${emulated(cold?.get(platform) ?? rebuilt.get(platform))} |`,
    );
    console.info(`[bench:platforms] ${rows.at(-1)}`);
  }
  const arm = 'linux/arm64';
  const host = hostPlatform();
  ratios.push(`- ${service.project}: ${arm} cold ${ratio(cold?.get(arm)?.buildSeconds, cold?.get(host)?.buildSeconds)}, rebuild ${ratio(rebuilt.get(arm)?.buildSeconds, rebuilt.get(host)?.buildSeconds)} the ${host} time`);
  console.info(`[bench:platforms] ${ratios.at(-1)}`);
}

const markdown = [
  '## Platforms',
  '',
  `\`npm run bench:platforms\` (tools/src/bench/platforms-cli.ts), one run on this ${hostPlatform()} host, ${new Date().toISOString().slice(0, 10)}:`,
  `docker-prod with \`BUILD_PLATFORMS=${platforms}\`, each platform its own build, ${hostPlatform()} first. Cold: on a BuildKit daemon with an empty state,`,
  'where the arm64 build then reuses the cross-compiling stages the amd64 build just ran (as in CI, where both build in one job).',
  'Rebuild: after a one-line source change, on the repo\'s builder. Emulated: RUN steps of stages not on `$BUILDPLATFORM`',
  '(they run the target\'s binaries, under qemu here), with their time, from the cold build.',
  '',
  '| service | platform | prod image / budget | cold | rebuild | emulated |',
  '| --- | --- | ---: | ---: | ---: | --- |',
  ...rows,
  '',
  ...ratios,
].join('\n');
console.info(markdown);
writeSection(join(root, 'docs', 'benchmarks.md'), 'platforms', markdown);
