// Registers a service's whole smoke suite as vitest tests: one call per spec file.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { absentPathsFor } from './absent-path-defaults.ts';
import type { AbsentPathsOptions } from './absent-path-defaults.ts';
import { expectAbsentPaths } from './checks/absent-paths.ts';
import { ARBITRARY_USER, expectArbitraryUid } from './checks/arbitrary-uid.ts';
import { expectGracefulStop } from './checks/graceful-stop.ts';
import { expectHealthy } from './checks/health.ts';
import { expectImageSizeWithin } from './checks/image-size.ts';
import { expectNonRootUser } from './checks/non-root-user.ts';
import { expectReadOnlyRootfs } from './checks/read-only-rootfs.ts';
import { expectRequest, requestLabel } from './checks/request.ts';
import type { SmokeRequest } from './checks/request.ts';
import { inspectLocalImage } from './image/config.ts';
import { startSidecars } from './container/sidecars.ts';
import { declaredSizeBudgetMb } from './size-budget.ts';
import type { Sidecar, StartedSidecars } from './container/sidecars.ts';
import { DEFAULT_STARTUP_BUDGET_MS, resolveSmokeImage } from './service.ts';
import { imageLabel } from './built-image.ts';
import type { RunningService, ServiceRun } from './service.ts';

export interface SmokeOptions {
  /** Nx project name: names the suite and gives the default image, the one its docker-prod build recorded. */
  project: string;
  /** Image to test instead of the recorded one; the SMOKE_IMAGE env var overrides both. */
  image?: string;
  port: number;
  healthPath: string;
  /** Port serving healthPath when it is not `port` (an admin listener), e.g. the gateway's. */
  healthPort?: number;
  startupBudgetMs?: number;
  /**
   * Only for images outside the workspace (the kit's own fixtures): a service's budget is the
   * `sizeBudgetMb` of its docker-prod target, read from Nx, never repeated in a spec.
   */
  sizeBudgetMb?: number;
  env?: Record<string, string>;
  command?: string[];
  /** tmpfs mounts the service documents for read-only runs, e.g. { '/tmp': '' }. Used in every run. */
  tmpfs?: Record<string, string>;
  /** Writable paths the service documents, backed by anonymous volumes. Used in every run. */
  volumes?: string[];
  /** Extra promised-absent paths/globs (sources, tests) and defaults this image may keep. */
  absentPaths?: AbsentPathsOptions;
  /** The real request(s); at least one. */
  requests: SmokeRequest[];
  /** Stub dependencies started first on a shared network, reachable by alias. */
  sidecars?: Sidecar[];
  /** SIGTERM grace period; default 10 s. */
  stopGraceSeconds?: number;
}

const report = (project: string, message: string): void => console.info(`[smoke] ${project}: ${message}`);

export function describeSmoke(options: SmokeOptions): void {
  if (options.requests.length === 0) throw new Error(`describeSmoke(${options.project}) needs at least one real request.`);
  const image = resolveSmokeImage(options.project, options.image);
  const budgetMs = options.startupBudgetMs ?? DEFAULT_STARTUP_BUDGET_MS;
  const grace = options.stopGraceSeconds ?? 10;
  const sizeBudgetMb = options.sizeBudgetMb ?? declaredSizeBudgetMb(options.project);
  let sidecars: StartedSidecars | undefined;
  let running: RunningService | undefined;

  const run = (): ServiceRun => ({
    image,
    port: options.port,
    healthPath: options.healthPath,
    healthPort: options.healthPort,
    startupBudgetMs: budgetMs,
    env: options.env,
    command: options.command,
    tmpfs: options.tmpfs,
    volumes: options.volumes,
    network: sidecars?.network,
  });
  // The health test starts the shared instance; later tests reuse it, or start their own when it failed.
  const ensureRunning = async (): Promise<RunningService> => (running ??= await expectHealthy(run()));

  describe(`${options.project} prod image (${imageLabel(image)})`, () => {
    beforeAll(async () => {
      // One clear failure instead of seven when the image was never built (or is not in this engine).
      const facts = await inspectLocalImage(image).catch((error: Error) => {
        throw new Error(`${error.message} For this spec: \`npx nx run ${options.project}:docker-prod\`.`);
      });
      report(options.project, `testing image ${facts.id}`);
      if (options.sidecars?.length) sidecars = await startSidecars(options.sidecars);
    }, 120_000);

    afterAll(async () => {
      await running?.remove();
      await sidecars?.remove();
    }, 60_000);

    it('runs as a non-root numeric uid', async () => {
      report(options.project, `runs as uid ${await expectNonRootUser(image)}`);
    });

    it('has no shell, compiler, package manager, sources or tests', async () => {
      await expectAbsentPaths(image, absentPathsFor(options.absentPaths));
    }, 120_000);

    it(`is at most ${sizeBudgetMb} MB`, async () => {
      const { sizeMb } = await expectImageSizeWithin(image, sizeBudgetMb);
      report(options.project, `image is ${sizeMb.toFixed(1)} MB (budget ${sizeBudgetMb} MB)`);
    });

    it(`answers ${options.healthPath} within ${budgetMs} ms`, async () => {
      const service = await ensureRunning();
      report(options.project, `healthy after ${service.timeToHealthyMs} ms (budget ${budgetMs} ms)`);
    }, budgetMs + 60_000);

    for (const request of options.requests) {
      it(`answers ${requestLabel(request)} with ${request.expectStatus}`, async () => {
        await expectRequest(await ensureRunning(), request);
      }, budgetMs + 60_000);
    }

    it(`stops on SIGTERM within ${grace} s with exit code 0`, async () => {
      const service = await ensureRunning();
      running = undefined; // the stop check removes it
      const { elapsedMs } = await expectGracefulStop(service, grace);
      report(options.project, `stopped ${elapsedMs} ms after SIGTERM`);
    }, budgetMs + grace * 1000 + 60_000);

    it('runs with a read-only root filesystem', async () => {
      const timeToHealthyMs = await expectReadOnlyRootfs(run(), options.requests);
      report(options.project, `read-only: healthy after ${timeToHealthyMs} ms, ${options.requests.length} request(s) answered`);
    }, budgetMs + 60_000);

    it(`runs read-only as an arbitrary uid in group 0 (--user ${ARBITRARY_USER})`, async () => {
      const timeToHealthyMs = await expectArbitraryUid(run(), options.requests);
      report(options.project, `user ${ARBITRARY_USER}: healthy after ${timeToHealthyMs} ms, ${options.requests.length} request(s) answered`);
    }, budgetMs + 60_000);
  });
}
