// The five prod images running together the way compose.yaml runs them (environment, read-only
// root, tmpfs, state volumes, memory and process caps), on one network, each healthy before the
// next starts, with the gateway last. Used by the system smoke and the load benchmark. The one
// difference from compose: the worker token is passed as a value, not as a secret file, so an
// engine on another host needs no bind mount.
import type { StartedNetwork } from 'testcontainers';
import { expectHealthy, prodImage, SMOKE_WORKER_TOKEN, startNetwork } from '@polystage/smoke';
import type { RunningService, ServiceRun } from '@polystage/smoke';
import { memoryLimitMb, readComposeFile } from './compose-file.ts';
import type { ComposeService } from './compose-file.ts';

export const SERVICES = ['api', 'worker', 'reports', 'web', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Where each service answers its probe; the gateway's sits on its unpublished admin port. */
const PROBES: Record<ServiceName, { port: number; healthPort?: number; healthPath: string }> = {
  api: { port: 8000, healthPath: '/healthz' },
  worker: { port: 8080, healthPath: '/healthz' },
  reports: { port: 8080, healthPath: '/healthz' },
  web: { port: 8080, healthPath: '/healthz' },
  // Ready, not just alive: it answers only when api, reports and web answer through the network.
  gateway: { port: 8080, healthPort: 9090, healthPath: '/readyz' },
};

export interface WholeSystemOptions {
  root: string;
  /** Added to (and overriding) each service's compose environment. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Per service; the JVM's and Python's starts stretch a lot on a loaded 2-core machine. */
  startupBudgetMs?: number;
}

export interface WholeSystem {
  network: StartedNetwork;
  services: Record<ServiceName, RunningService>;
  /** The run settings each service got, limits included. */
  runs: Record<ServiceName, ServiceRun>;
  remove(): Promise<void>;
}

/** compose's `*_TOKEN_FILE: /run/secrets/worker-token` becomes `*_TOKEN: <smoke token>`. */
function environment(service: ComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(service.environment ?? {})) {
    if (key.endsWith('_TOKEN_FILE') && value === '/run/secrets/worker-token') env[key.slice(0, -'_FILE'.length)] = SMOKE_WORKER_TOKEN;
    else env[key] = String(value);
  }
  return env;
}

function runFor(name: ServiceName, service: ComposeService, options: WholeSystemOptions, network: StartedNetwork): ServiceRun {
  return {
    image: prodImage(name, options.root),
    ...PROBES[name],
    startupBudgetMs: options.startupBudgetMs ?? 120_000,
    env: { ...environment(service), ...options.env?.[name] },
    readOnlyRootfs: service.read_only === true,
    tmpfs: Object.fromEntries((service.tmpfs ?? []).map((path) => [path, ''])),
    // Named volumes become fresh anonymous ones: every run starts from an empty database.
    volumes: (service.volumes ?? []).map((volume) => volume.split(':')[1]!).filter(Boolean),
    memoryMb: memoryLimitMb(service),
    pidsLimit: service.pids_limit,
    network,
    networkAliases: [name],
  };
}

export async function startWholeSystem(options: WholeSystemOptions): Promise<WholeSystem> {
  const compose = readComposeFile(options.root);
  const network = await startNetwork();
  const services: Partial<Record<ServiceName, RunningService>> = {};
  const runs: Partial<Record<ServiceName, ServiceRun>> = {};
  const remove = async (): Promise<void> => {
    for (const name of [...SERVICES].reverse()) await services[name]?.remove().catch(() => {});
    await network.stop().catch(() => {});
  };
  try {
    for (const name of SERVICES) {
      const service = compose.services[name];
      if (!service) throw new Error(`compose.yaml has no service ${name}; the system needs all of ${SERVICES.join(', ')}.`);
      runs[name] = runFor(name, service, options, network);
      services[name] = await expectHealthy(runs[name]);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { network, services: services as Record<ServiceName, RunningService>, runs: runs as Record<ServiceName, ServiceRun>, remove };
}
