import { performance } from 'node:perf_hooks';
import { PullPolicy } from 'testcontainers';
import { removeContainer, SMOKE_LABEL } from '../engine.ts';
import { inspectLocalImage } from '../image/config.ts';
import { HostHttpWait, POLL_REQUEST_TIMEOUT_MS } from '../container/host-http-wait.ts';
import { LogTail } from '../container/log-tail.ts';
import { SmokeContainer } from '../container/smoke-container.ts';
import { timeBound } from '../platform/emulation-factor.ts';
import { DEFAULT_STARTUP_BUDGET_MS, describeRunMode } from '../service.ts';
import type { RunningService, ServiceRun } from '../service.ts';

/**
 * Starts the image and waits, from the host, until its health path answers 2xx within
 * the startup budget. Returns the running service (the caller removes it) with the
 * measured time-to-healthy. Waiting is an HTTP poll from outside: images without a
 * shell cannot run testcontainers' default in-container port probe (see HostHttpWait).
 */
export async function expectHealthy(run: ServiceRun): Promise<RunningService> {
  await inspectLocalImage(run.image); // clear "not built" message before anything else
  const factor = run.emulationFactor ?? 1;
  const declaredBudgetMs = run.startupBudgetMs ?? DEFAULT_STARTUP_BUDGET_MS;
  const budgetMs = declaredBudgetMs * factor;
  const logs = new LogTail();
  const healthPort = run.healthPort ?? run.port;
  let container = new SmokeContainer(run.image)
    .withPullPolicy(PullPolicy.neverPull())
    .withLabels({ [SMOKE_LABEL]: 'service' })
    .withExposedPorts(...new Set([run.port, healthPort]))
    .withEnvironment(run.env ?? {})
    .withLogConsumer((stream) => logs.follow(stream))
    .withWaitStrategy(new HostHttpWait(run.healthPath, healthPort, POLL_REQUEST_TIMEOUT_MS * factor))
    .withStartupTimeout(budgetMs);
  if (run.command) container = container.withCommand(run.command);
  if (run.tmpfs) container = container.withTmpFs(run.tmpfs);
  if (run.volumes) container = container.withAnonymousVolumes(run.volumes);
  if (run.readOnlyRootfs) container = container.withReadOnlyRootFilesystem();
  if (run.user) container = container.withUser(run.user);
  if (run.memoryMb || run.pidsLimit) container = container.withLimits(run);
  if (run.network) container = container.withNetwork(run.network);
  if (run.networkAliases) container = container.withNetworkAliases(...run.networkAliases);
  if (run.platform) container = container.withPlatform(run.platform);

  const startedAt = performance.now();
  let started;
  try {
    started = await container.start();
  } catch (error) {
    const elapsed = Math.round(performance.now() - startedAt);
    throw new Error(
      `Image ${run.image}${describeRunMode(run)} did not answer GET ${run.healthPath} on port ${healthPort} ` +
        `with 2xx within its ${timeBound(declaredBudgetMs, 'ms', factor)} startup budget (gave up after ${elapsed} ms: ${(error as Error).message}).\n` +
        `Last container output:\n${logs.text()}`,
    );
  }
  const timeToHealthyMs = Math.round(performance.now() - startedAt);
  let removed = false;
  return {
    image: run.image,
    container: started,
    baseUrl: `http://${started.getHost()}:${started.getMappedPort(run.port)}`,
    healthBaseUrl: `http://${started.getHost()}:${started.getMappedPort(healthPort)}`,
    timeToHealthyMs,
    emulationFactor: factor,
    logs: () => logs.text(),
    remove: async () => {
      if (removed) return;
      removed = true;
      await removeContainer(started.getId());
    },
  };
}
