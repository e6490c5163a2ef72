// One place that talks to the Docker engine: testcontainers' runtime client and the
// dockerode instance inside it (inspect, export, stop with exit code).
import type Dockerode from 'dockerode';
import { getContainerRuntimeClient } from 'testcontainers';
import type { ContainerRuntimeClient } from 'testcontainers';

/**
 * Ryuk (the reaper) is a helper image pulled from Docker Hub; with no registry it can
 * never start, so the kit turns it off unless the caller decided otherwise. The kit
 * removes its own containers instead.
 */
export function disableRyukUnlessConfigured(): void {
  process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
}

disableRyukUnlessConfigured();

export async function runtimeClient(): Promise<ContainerRuntimeClient> {
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new Error(
      `No Docker engine answered (${(error as Error).message}). ` +
        'Start one and check it with `npm run doctor`; set DOCKER_HOST if it is not on /var/run/docker.sock.',
    );
  }
}

export async function dockerode(): Promise<Dockerode> {
  return (await runtimeClient()).container.dockerode;
}

/** Label on every container the kit creates itself, so leftovers can be found and removed. */
export const SMOKE_LABEL = 'dev.polystage.smoke';

/** Force-removes a container and its anonymous volumes; a container already gone is fine. */
export async function removeContainer(id: string): Promise<void> {
  const docker = await dockerode();
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) throw error; // 409: removal already in progress
  }
}
