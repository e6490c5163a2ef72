import { performance } from 'node:perf_hooks';
import { dockerode, removeContainer } from '../engine.ts';
import { timeBound } from '../platform/emulation-factor.ts';
import type { RunningService } from '../service.ts';

export interface GracefulStop {
  elapsedMs: number;
  exitCode: number;
}

/**
 * `docker stop -t <grace>`: SIGTERM, then SIGKILL when the grace period runs out. The
 * service must exit by itself with code 0. Removes the container afterwards. The grace is
 * multiplied by the run's emulationFactor (an emulated service shuts down as slowly as it starts).
 */
export async function expectGracefulStop(service: RunningService, graceSeconds = 10): Promise<GracefulStop> {
  const factor = service.emulationFactor;
  const grace = timeBound(graceSeconds, 's', factor);
  const docker = await dockerode();
  const container = docker.getContainer(service.container.getId());
  const startedAt = performance.now();
  try {
    await container.stop({ t: Math.ceil(graceSeconds * factor) });
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
      ? `it was killed with SIGKILL (exit 137) when the ${grace} grace period ran out, so it ignored SIGTERM ` +
        '(as PID 1 a process gets no default SIGTERM action: it needs a handler that exits 0)'
      : `it exited with code ${exitCode} instead of 0`;
  throw new Error(
    `Image ${service.image} did not stop cleanly on SIGTERM within ${grace}: ${why}; took ${seconds} s.\n` +
      `Last container output:\n${logs}`,
  );
}
