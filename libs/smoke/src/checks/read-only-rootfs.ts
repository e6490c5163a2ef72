import { expectHealthy } from './health.ts';
import { expectRequest } from './request.ts';
import type { SmokeRequest } from './request.ts';
import type { ServiceRun } from '../service.ts';

/**
 * Runs the image with `--read-only` plus only the tmpfs mounts and volumes the service
 * documents (`run.tmpfs`, `run.volumes`); it must still become healthy and answer the
 * real requests. Returns the time-to-healthy in that mode.
 */
export async function expectReadOnlyRootfs(run: ServiceRun, requests: readonly SmokeRequest[]): Promise<number> {
  const service = await expectHealthy({ ...run, readOnlyRootfs: true });
  try {
    for (const request of requests) {
      try {
        await expectRequest(service, request);
      } catch (error) {
        throw new Error(
          `With a read-only root filesystem ${(error as Error).message}\nLast container output:\n${service.logs()}`,
        );
      }
    }
    return service.timeToHealthyMs;
  } finally {
    await service.remove();
  }
}
