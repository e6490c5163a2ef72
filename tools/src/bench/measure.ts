/**
 * Runs every measurement for one service in a throwaway copy of the workspace, so edits for
 * "source change" and "dependency change" never touch the real checkout.
 */
import { gzippedSaveBytes, inspectImage, type Engine } from '@polystage/docker';
import type { ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';
import { timedBuild, timeToHealthy, type BenchBuilder, type TimedBuild } from './image-timings.ts';
import { applyEdit, baselineDockerfile, type BenchService } from './services.ts';
import { ciAffectedTargets, projectsWithTask } from '../ci/affected-targets.ts';
import { summarize, type Summary } from './stats.ts';

export interface ImageFigures {
  bytes: number;
  compressedBytes: number;
}

export interface ServiceResult {
  project: string;
  prod: ImageFigures;
  baseline: ImageFigures;
  cold: Summary;
  noChange: Summary;
  sourceChange: Summary;
  dependencyChange: Summary;
  baselineCold: Summary;
  baselineSourceChange: Summary;
  healthy: Summary;
}

export interface MeasureOptions {
  repeats: number;
  /** Unique to this run (services.ts runMark): edits never repeat an earlier run's content. */
  mark: string;
  log: (line: string) => void;
}

export async function measureService(builder: BenchBuilder, workspace: ThrowawayWorkspace, service: BenchService, options: MeasureOptions): Promise<ServiceResult> {
  const { repeats, mark, log } = options;
  const { engine } = builder;
  const prod = { root: workspace.root, dockerfile: `services/${service.project}/Dockerfile`, image: benchRepository(service.project), target: 'prod' };
  // Baselines name their one stage `single-stage`, so both builds tag `<image>:<stage>` alike.
  const baseline = { root: workspace.root, dockerfile: baselineDockerfile(service.project), image: benchRepository(service.project), target: 'single-stage' };
  let edits = 0;
  // The image each kind of build made last: sizes and startup are measured on exactly that image.
  let lastProd = '';
  let lastBaseline = '';
  const build = async (spec: typeof prod | typeof baseline, noCache = false): Promise<number> => {
    const built: TimedBuild = await timedBuild(builder, { ...spec, noCache });
    if (spec === prod) lastProd = built.imageId;
    else lastBaseline = built.imageId;
    return built.milliseconds;
  };

  const times = async (label: string, run: () => Promise<number>): Promise<Summary> => {
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) samples.push(await run());
    const summary = summarize(samples);
    log(`  ${service.project} ${label}: ${samples.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`);
    return summary;
  };
  const afterEdit = (edit: BenchService['sourceChange'], spec: typeof prod | typeof baseline) => async () => {
    applyEdit(workspace.root, edit, `${mark}-${++edits}`);
    return build(spec);
  };

  const cold = await times('cold build (--no-cache)', () => build(prod, true));
  const noChange = await times('no-change rebuild', () => build(prod));
  const sourceChange = await times('rebuild after a one-line source change', afterEdit(service.sourceChange, prod));
  const dependencyChange = await times('rebuild after a dependency change', afterEdit(service.dependencyChange, prod));
  const healthy = await times('docker run to healthy', () =>
    timeToHealthy(engine, { image: lastProd, port: service.port, healthPath: service.healthPath, env: service.env }),
  );
  const prodFigures = await imageFigures(engine, lastProd);

  const baselineCold = await times('single-stage cold build', () => build(baseline, true));
  const baselineSourceChange = await times('single-stage rebuild after a source change', afterEdit(service.sourceChange, baseline));
  const baselineFigures = await imageFigures(engine, lastBaseline);

  // Back to the committed tree for the next service.
  await workspace.git('checkout', '-q', '--force', workspace.base);
  return { project: service.project, prod: prodFigures, baseline: baselineFigures, cold, noChange, sourceChange, dependencyChange, baselineCold, baselineSourceChange, healthy };
}

/** The bench tags its images under its own repository; a service's `<project>:prod` is never touched. */
export function benchRepository(project: string): string {
  return `polystage-bench-${project}`;
}

async function imageFigures(engine: Engine, imageId: string): Promise<ImageFigures> {
  const image = await inspectImage(engine, imageId);
  if (!image) throw new Error(`The image the bench just built (${imageId}) is not in the engine at ${engine.host.url}.`);
  return { bytes: image.sizeBytes, compressedBytes: await gzippedSaveBytes(engine, imageId) };
}

export interface AffectedRow {
  changed: string;
  file: string;
  /** docker-prod tasks in `nx affected -t docker-prod`: the images the change itself rebuilds. */
  builds: string[];
  /** docker-prod tasks in CI's whole `nx affected -t ...` run (the full-flow smoke test needs every image). */
  ciBuilds: string[];
  of: number;
}

/** For each service, which docker-prod builds `nx affected` runs after a one-line change to its source, read from Nx's task graph. */
export async function measureAffected(workspace: ThrowawayWorkspace, services: readonly BenchService[], mark: string): Promise<AffectedRow[]> {
  const withProd = JSON.parse(await workspace.nx('show', 'projects', '--with-target', 'docker-prod', '--json')) as string[];
  const ciTargets = ciAffectedTargets(workspace.root);
  const rows: AffectedRow[] = [];
  let n = 0;
  for (const service of services) {
    await workspace.commitOnBase((root) => applyEdit(root, service.sourceChange, `${mark}-affected-${++n}`));
    rows.push({
      changed: service.project,
      file: service.sourceChange.file,
      builds: projectsWithTask(await workspace.affectedTasks(['docker-prod']), 'docker-prod'),
      ciBuilds: projectsWithTask(await workspace.affectedTasks(ciTargets), 'docker-prod'),
      of: withProd.length,
    });
  }
  await workspace.git('checkout', '-q', '--force', workspace.base);
  return rows;
}
