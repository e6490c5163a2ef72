/**
 * Runs every measurement for one service in a throwaway copy of the workspace, so edits for
 * "source change" and "dependency change" never touch the real checkout.
 */
import type { ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';
import { compressedBytes, imageBytes, timedBuild, timeToHealthy, type Engine } from './docker.ts';
import { applyEdit, baselineDockerfile, type BenchService } from './services.ts';
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

export async function measureService(engine: Engine, workspace: ThrowawayWorkspace, service: BenchService, options: MeasureOptions): Promise<ServiceResult> {
  const { repeats, mark, log } = options;
  const prod = { root: workspace.root, dockerfile: `services/${service.project}/Dockerfile`, image: `polystage-bench-${service.project}`, target: 'prod' };
  // Baselines name their one stage `single-stage`, so both builds tag `<image>:<stage>` alike.
  const baseline = { root: workspace.root, dockerfile: baselineDockerfile(service.project), image: `polystage-bench-${service.project}`, target: 'single-stage' };
  let edits = 0;

  const times = async (label: string, run: () => Promise<number>): Promise<Summary> => {
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) samples.push(await run());
    const summary = summarize(samples);
    log(`  ${service.project} ${label}: ${samples.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`);
    return summary;
  };
  const afterEdit = (edit: BenchService['sourceChange'], spec: typeof prod | typeof baseline) => async () => {
    applyEdit(workspace.root, edit, `${mark}-${++edits}`);
    return timedBuild(engine, spec);
  };

  const cold = await times('cold build (--no-cache)', () => timedBuild(engine, { ...prod, noCache: true }));
  const noChange = await times('no-change rebuild', () => timedBuild(engine, prod));
  const sourceChange = await times('rebuild after a one-line source change', afterEdit(service.sourceChange, prod));
  const dependencyChange = await times('rebuild after a dependency change', afterEdit(service.dependencyChange, prod));
  const healthy = await times('docker run to healthy', () =>
    timeToHealthy(engine, { image: `${prod.image}:prod`, port: service.port, healthPath: service.healthPath, env: service.env }),
  );
  const prodFigures = { bytes: await imageBytes(engine, `${prod.image}:prod`), compressedBytes: await compressedBytes(engine, `${prod.image}:prod`) };

  const baselineCold = await times('single-stage cold build', () => timedBuild(engine, { ...baseline, noCache: true }));
  const baselineSourceChange = await times('single-stage rebuild after a source change', afterEdit(service.sourceChange, baseline));
  const baselineTag = `${baseline.image}:single-stage`;
  const baselineFigures = { bytes: await imageBytes(engine, baselineTag), compressedBytes: await compressedBytes(engine, baselineTag) };

  // Back to the committed tree for the next service.
  await workspace.git('checkout', '-q', '--force', workspace.base);
  return { project: service.project, prod: prodFigures, baseline: baselineFigures, cold, noChange, sourceChange, dependencyChange, baselineCold, baselineSourceChange, healthy };
}

export interface AffectedRow {
  changed: string;
  file: string;
  builds: string[];
  of: number;
}

/** For each service, which docker-prod builds `nx affected` would run after a one-line change to its source. */
export async function measureAffected(workspace: ThrowawayWorkspace, services: readonly BenchService[], mark: string): Promise<AffectedRow[]> {
  const withProd = JSON.parse(await workspace.nx('show', 'projects', '--with-target', 'docker-prod', '--json')) as string[];
  const rows: AffectedRow[] = [];
  let n = 0;
  for (const service of services) {
    const affected = await workspace.affectedBy((root) => applyEdit(root, service.sourceChange, `${mark}-affected-${++n}`));
    rows.push({ changed: service.project, file: service.sourceChange.file, builds: affected.filter((p) => withProd.includes(p)), of: withProd.length });
  }
  await workspace.git('checkout', '-q', '--force', workspace.base);
  return rows;
}
