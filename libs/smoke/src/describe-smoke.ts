// Registers a service's whole smoke suite as vitest tests: one call per spec file, one describe
// block per platform image it tests (platform/smoke-targets.ts).
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
import { expectRequest, requestLabel, requestTimeoutMs } from './checks/request.ts';
import type { SmokeRequest } from './checks/request.ts';
import { inspectLocalImage } from './image/config.ts';
import { startSidecars } from './container/sidecars.ts';
import { declaredSizeBudgetMb } from './size-budget.ts';
import type { Sidecar, StartedSidecars } from './container/sidecars.ts';
import { DEFAULT_STARTUP_BUDGET_MS } from './service.ts';
import type { RunningService, ServiceRun } from './service.ts';
import { requireEmulation } from './platform/binfmt.ts';
import { timeBound } from './platform/emulation-factor.ts';
import { platformMismatch, smokeTargets, suiteName } from './platform/smoke-targets.ts';
import type { SmokeTarget } from './platform/smoke-targets.ts';

export interface SmokeOptions {
  /** Nx project name: names the suite and gives the default image, the one its docker-prod build recorded. */
  project: string;
  /**
   * Image to test instead of the recorded ones (one image: the host's platform, or SMOKE_PLATFORMS's
   * only entry); the SMOKE_IMAGE env var overrides both.
   */
  image?: string;
  port: number;
  healthPath: string;
  /** Port serving healthPath when it is not `port` (an admin listener), e.g. the gateway's. */
  healthPort?: number;
  /** Default 30 000 ms; multiplied by the emulation factor for another platform's image (as are stopGraceSeconds and request timeouts). */
  startupBudgetMs?: number;
  /**
   * Only for images outside the workspace (the kit's own fixtures): a service's budget is the
   * `sizeBudgetMb` of its docker-prod target (one number, or one per platform), read from Nx,
   * never repeated in a spec.
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
  /** Stub dependencies started first on a shared network, reachable by alias. Run as named (a host image natively), budgets unscaled. */
  sidecars?: Sidecar[];
  /** SIGTERM grace period; default 10 s. */
  stopGraceSeconds?: number;
}

const report = (who: string, message: string): void => console.info(`[smoke] ${who}: ${message}`);

/**
 * One describe block per image the project's smoke run tests: every platform its docker-prod
 * record holds, or SMOKE_PLATFORMS's, or the one SMOKE_IMAGE / `options.image` names.
 */
export function describeSmoke(options: SmokeOptions): void {
  if (options.requests.length === 0) throw new Error(`describeSmoke(${options.project}) needs at least one real request.`);
  for (const target of smokeTargets(options.project, { image: options.image })) describePlatform(options, target);
}

function describePlatform(options: SmokeOptions, target: SmokeTarget): void {
  const { image, emulationFactor: factor } = target;
  const who = target.emulated ? `${options.project} ${target.platform}` : options.project;
  const budgetMs = options.startupBudgetMs ?? DEFAULT_STARTUP_BUDGET_MS;
  const budget = timeBound(budgetMs, 'ms', factor);
  const scaledBudgetMs = budgetMs * factor;
  const graceSeconds = options.stopGraceSeconds ?? 10;
  const requestsMs = options.requests.reduce((sum, request) => sum + requestTimeoutMs(request, factor), 0);
  const sizeBudgetMb = options.sizeBudgetMb ?? declaredSizeBudgetMb(options.project, target.platform);
  let sidecars: StartedSidecars | undefined;
  let running: RunningService | undefined;

  const run = (): ServiceRun => {
    // Checked where a container starts, not before all: the image checks need no emulation and still run.
    if (target.emulated) requireEmulation(target.platform);
    return {
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
      ...(target.emulated ? { platform: target.platform } : {}),
      emulationFactor: factor,
    };
  };
  // The health test starts the shared instance; later tests reuse it, or start their own when it failed.
  const ensureRunning = async (): Promise<RunningService> => (running ??= await expectHealthy(run()));

  describe(suiteName(options.project, target), () => {
    beforeAll(async () => {
      // One clear failure instead of seven when the image was never built (or is not in this engine).
      const facts = await inspectLocalImage(image).catch((error: Error) => {
        throw new Error(`${error.message} For this spec: \`npx nx run ${options.project}:docker-prod\`.`);
      });
      const mismatch = platformMismatch(options.project, target, facts.platform);
      if (mismatch) throw new Error(mismatch);
      report(who, `testing image ${facts.id}${target.emulated ? ` (${target.platform} under emulation, time bounds × ${factor})` : ''}`);
      if (options.sidecars?.length) sidecars = await startSidecars(options.sidecars);
    }, 120_000);

    afterAll(async () => {
      await running?.remove();
      await sidecars?.remove();
    }, 60_000);

    it('runs as a non-root numeric uid', async () => {
      report(who, `runs as uid ${await expectNonRootUser(image)}`);
    });

    it('has no shell, compiler, package manager, sources or tests', async () => {
      await expectAbsentPaths(image, absentPathsFor(options.absentPaths));
    }, 120_000);

    it(`is at most ${sizeBudgetMb} MB`, async () => {
      const { sizeMb } = await expectImageSizeWithin(image, sizeBudgetMb);
      report(who, `image is ${sizeMb.toFixed(1)} MB (budget ${sizeBudgetMb} MB)`);
    });

    it(`answers ${options.healthPath} within ${budget}`, async () => {
      const service = await ensureRunning();
      report(who, `healthy after ${service.timeToHealthyMs} ms (budget ${budget})`);
    }, scaledBudgetMs + 60_000);

    for (const request of options.requests) {
      it(`answers ${requestLabel(request)} with ${request.expectStatus}`, async () => {
        await expectRequest(await ensureRunning(), request);
      }, scaledBudgetMs + requestTimeoutMs(request, factor) + 60_000);
    }

    it(`stops on SIGTERM within ${timeBound(graceSeconds, 's', factor)} with exit code 0`, async () => {
      const service = await ensureRunning();
      running = undefined; // the stop check removes it
      const { elapsedMs } = await expectGracefulStop(service, graceSeconds);
      report(who, `stopped ${elapsedMs} ms after SIGTERM`);
    }, scaledBudgetMs + graceSeconds * factor * 1000 + 60_000);

    it('runs with a read-only root filesystem', async () => {
      const timeToHealthyMs = await expectReadOnlyRootfs(run(), options.requests);
      report(who, `read-only: healthy after ${timeToHealthyMs} ms, ${options.requests.length} request(s) answered`);
    }, scaledBudgetMs + requestsMs + 60_000);

    it(`runs read-only as an arbitrary uid in group 0 (--user ${ARBITRARY_USER})`, async () => {
      const timeToHealthyMs = await expectArbitraryUid(run(), options.requests);
      report(who, `user ${ARBITRARY_USER}: healthy after ${timeToHealthyMs} ms, ${options.requests.length} request(s) answered`);
    }, scaledBudgetMs + requestsMs + 60_000);
  });
}
