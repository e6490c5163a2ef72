import { performance } from 'node:perf_hooks';
import { dockerode, removeContainer } from '../engine.ts';
import type { RunningService } from '../service.ts';

export interface GracefulStop {
  elapsedMs: number;
  exitCode: number;
}

/**
 * `docker stop -t <grace>`: SIGTERM, then SIGKILL when the grace period runs out. The
 * service must exit by itself with code 0. Removes the container afterwards.
 */
export async function expectGracefulStop(service: RunningService, graceSeconds = 10): Promise<GracefulStop> {
  const docker = await dockerode();
  const container = docker.getContainer(service.container.getId());
  const startedAt = performance.now();
  try {
    await container.stop({ t: graceSeconds });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 304) throw error; // 304: it had already stopped
  }
  const elapsedMs = Math.round(performance.now() - startedAt);
  const state = (await container.inspect()).State;
  const logs = service.logs();
  await removeContainer(service.container.getId());
  const exitCode = state.ExitCode;
  const seconds = (elapsedMs / 1000).toFixed(1);
  if (exitCode === 0) return { elapsedMs, exitCode };
  const why =
    exitCode === 137
      ? `it was killed with SIGKILL (exit 137) when the ${graceSeconds} s grace period ran out, so it ignored SIGTERM ` +
        '(as PID 1 a process gets no default SIGTERM action: it needs a handler that exits 0)'
      : `it exited with code ${exitCode} instead of 0`;
  throw new Error(
    `Image ${service.image} did not stop cleanly on SIGTERM within ${graceSeconds} s: ${why}; took ${seconds} s.\n` +
      `Last container output:\n${logs}`,
  );
}
