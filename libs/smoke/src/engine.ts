// The kit's way to the engine: testcontainers' runtime client (and the dockerode inside it), pointed
// at the engine @polystage/docker connects to, so smoke containers run where the images were built.
import type Dockerode from 'dockerode';
import { connectEngine, testcontainersEnv } from '@polystage/docker';
import { getContainerRuntimeClient, Network } from 'testcontainers';
import type { ContainerRuntimeClient, StartedNetwork } from 'testcontainers';

let pointed: Promise<void> | undefined;

/**
 * Sets the environment testcontainers reads (DOCKER_HOST, TLS, Ryuk off: see @polystage/docker's
 * testcontainersEnv) once per process, before testcontainers' first call. `provided` is that
 * environment as the vitest global setup computed it; without it the kit connects by itself.
 */
export function useBuildEngine(provided?: Record<string, string>): Promise<void> {
  pointed ??= (provided ? Promise.resolve(provided) : connectEngine().then((engine) => testcontainersEnv(engine))).then((env) => {
    Object.assign(process.env, env);
  });
  return pointed;
}

export async function runtimeClient(): Promise<ContainerRuntimeClient> {
  await useBuildEngine();
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new Error(`Testcontainers reached no Docker engine (${(error as Error).message}). Check the engine with \`npm run doctor\`.`);
  }
}

export async function dockerode(): Promise<Dockerode> {
  return (await runtimeClient()).container.dockerode;
}

/** A fresh network on the build engine (pointed first: outside vitest nothing else has). */
export async function startNetwork(): Promise<StartedNetwork> {
  await useBuildEngine();
  return new Network().start();
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
