import { expectHealthy } from './health.ts';
import { expectRequest } from './request.ts';
import type { SmokeRequest } from './request.ts';
import { describeRunMode } from '../service.ts';
import type { ServiceRun } from '../service.ts';

/**
 * Runs the image with `--read-only` plus only the tmpfs mounts and volumes the service
 * documents (`run.tmpfs`, `run.volumes`); it must still become healthy and answer the
 * real requests. Returns the time-to-healthy in that mode.
 */
export async function expectReadOnlyRootfs(run: ServiceRun, requests: readonly SmokeRequest[]): Promise<number> {
  const readOnly: ServiceRun = { ...run, readOnlyRootfs: true };
  const service = await expectHealthy(readOnly);
  try {
    for (const request of requests) {
      try {
        await expectRequest(service, request);
      } catch (error) {
        throw new Error(`Run${describeRunMode(readOnly)}: ${(error as Error).message}\nLast container output:\n${service.logs()}`);
      }
    }
    return service.timeToHealthyMs;
  } finally {
    await service.remove();
  }
}
