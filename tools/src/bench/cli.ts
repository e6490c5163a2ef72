/**
 * Measures every service's prod image against a naive single-stage build of the same service, in
 * one run on this machine, and writes docs/benchmarks.md plus the size chart the README shows.
 *
 *   npm run bench                      # all services, 3 repeats, writes docs/
 *   npm run bench -- --quick           # api and gateway, 1 repeat, writes dist/bench/
 *   npm run bench -- --services web,worker --repeats 5
 */
import { existsSync, readFileSync } from 'node:fs';
import { withOwnedSections, writeAtomically } from './doc-sections.ts';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { buildSettings, connectEngine, listImages, removeImages } from '@polystage/docker';
import { resolveMirror } from '@polystage/nx-docker';
import { createThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';
import { sizeChart } from './chart.ts';
import { benchRepository, measureAffected, measureService, type ServiceResult } from './measure.ts';
import { renderReport, type MachineFacts } from './report.ts';
import { runMark, selectServices } from './services.ts';

const QUICK_SERVICES = ['api', 'gateway'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    services: { type: 'string' },
    out: { type: 'string' },
  },
});

const workspaceRoot = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();
const repeats = Number(values.repeats ?? (values.quick ? 1 : 3));
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a whole number of at least 1, got "${values.repeats}".`);
const services = selectServices(values.services?.split(',').map((name) => name.trim()) ?? (values.quick ? QUICK_SERVICES : undefined));
// A quick run is a smoke check of the bench itself: it never overwrites the committed figures.
const outDir = resolve(workspaceRoot, values.out ?? (values.quick ? 'dist/bench' : 'docs'));
const reportFile = join(outDir, 'benchmarks.md');
const chartFile = join(outDir, 'benchmark-sizes.svg');

const started = Date.now();
const log = (line: string) => console.log(`[bench ${((Date.now() - started) / 60_000).toFixed(1)} min] ${line}`);

const engine = await connectEngine();
const mirror = (await resolveMirror(workspaceRoot))?.mirror;
const builder = { engine, mirror, settings: buildSettings(engine, workspaceRoot) };

log(`${services.map((s) => s.project).join(', ')}; ${repeats} repeat(s); output ${relative(workspaceRoot, outDir) || '.'}`);
const mark = runMark();
log(`run mark ${mark}`);
const workspace = await createThrowawayWorkspace(workspaceRoot);
// Ctrl-C or a CI timeout: remove the copy of the repo, keep the previous figures (nothing written yet).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    workspace.dispose();
    process.exit(130);
  });
}
try {
  log('nx affected after a one-line change per service');
  const affected = await measureAffected(workspace, services, mark);
  const results: ServiceResult[] = [];
  for (const service of services) {
    log(`${service.project}: builds, sizes, startup`);
    results.push(await measureService(builder, workspace, service, { repeats, mark, log }));
  }
  for (const service of services) {
    // Every tag under the bench's own repository; the real <project>:prod tags are never touched.
    await removeImages(engine, (await listImages(engine, { reference: benchRepository(service.project) })).map((image) => image.ref));
  }

  const chart = sizeChart(results.map((r) => ({ label: r.project, multiStage: r.prod.bytes, singleStage: r.baseline.bytes })));
  const markdown = renderReport({
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: await machineFacts(),
    repeats,
    wallMinutes: (Date.now() - started) / 60_000,
    services: results,
    affected,
    chart: relative(dirname(reportFile), chartFile),
  });
  writeAtomically(chartFile, chart);
  // The sections other benches own (registry cache, load, dev loop) stay as they are.
  writeAtomically(reportFile, withOwnedSections(markdown, existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : ''));
  log(`wrote ${relative(workspaceRoot, reportFile)} and ${relative(workspaceRoot, chartFile)}`);
} finally {
  workspace.dispose();
}

async function machineFacts(): Promise<MachineFacts> {
  const osRelease = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1] ?? 'unknown';
  const revision = (await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd: workspaceRoot })).stdout;
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    revision,
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: osRelease,
    engine: `Docker ${engine.serverVersion}`,
    client: `${engine.client} (${engine.mode})`,
    node: process.version,
    baseImages: mirror ? `offline stand-ins tagged ${mirror}/<ref> (npm run bases)` : 'pulled from their registries',
  };
}
