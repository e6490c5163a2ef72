// Extra containers a service needs during its smoke test (e.g. a stub upstream built
// from a local image), reachable from the service by their alias on a shared network.
import { PullPolicy } from 'testcontainers';
import type { StartedNetwork } from 'testcontainers';
import { SMOKE_LABEL, startNetwork } from '../engine.ts';
import { expectHealthy } from '../checks/health.ts';
import { inspectLocalImage } from '../image/config.ts';
import { SmokeContainer } from './smoke-container.ts';

export interface Sidecar {
  /** Host name the service under test uses, e.g. "api" for http://api:8000. */
  alias: string;
  /** Local image; never pulled. */
  image: string;
  /** With healthPath: wait until http://<alias>:<port><healthPath> answers 2xx (polled from the host). */
  port?: number;
  healthPath?: string;
  startupBudgetMs?: number;
  env?: Record<string, string>;
  command?: string[];
}

export interface StartedSidecars {
  network: StartedNetwork;
  /** Removes the sidecars and the network. */
  remove(): Promise<void>;
}

export async function startSidecars(sidecars: readonly Sidecar[]): Promise<StartedSidecars> {
  const network = await startNetwork();
  const removers: Array<() => Promise<unknown>> = [];
  const remove = async (): Promise<void> => {
    for (const removeOne of removers.reverse()) await removeOne().catch(() => {});
    await network.stop().catch(() => {});
  };
  try {
    for (const sidecar of sidecars) {
      if (sidecar.port !== undefined && sidecar.healthPath !== undefined) {
        const running = await expectHealthy({
          image: sidecar.image,
          port: sidecar.port,
          healthPath: sidecar.healthPath,
          startupBudgetMs: sidecar.startupBudgetMs,
          env: sidecar.env,
          command: sidecar.command,
          network,
          networkAliases: [sidecar.alias],
        });
        removers.push(() => running.remove());
      } else {
        // No port to poll: no exposed ports means testcontainers' default wait has nothing to probe.
        await inspectLocalImage(sidecar.image);
        let container = new SmokeContainer(sidecar.image)
          .withPullPolicy(PullPolicy.neverPull())
          .withLabels({ [SMOKE_LABEL]: 'sidecar' })
          .withEnvironment(sidecar.env ?? {})
          .withNetwork(network)
          .withNetworkAliases(sidecar.alias);
        if (sidecar.command) container = container.withCommand(sidecar.command);
        const started = await container.start();
        removers.push(() => started.stop({ timeout: 0, remove: true, removeVolumes: true }));
      }
    }
  } catch (error) {
    await remove();
    throw new Error(`A smoke sidecar failed to start: ${(error as Error).message}`);
  }
  return { network, remove };
}
