// Every service's prod image running together the way compose.yaml runs them (environment,
// read-only root, tmpfs, state volumes, memory and process caps), on one network, each healthy
// before the ones that depend on it start (compose's depends_on), so the gateway comes last. The
// services are compose.yaml's, whichever the repo has (remove-service takes one out, the service
// generator adds one). Used by the system smoke and the load benchmark. The one difference from
// compose: the worker token is passed as a value, not as a secret file, so an engine on another
// host needs no bind mount.
import type { StartedNetwork } from 'testcontainers';
import { expectHealthy, prodImage, SMOKE_WORKER_TOKEN, startNetwork } from '@polystage/smoke';
import type { RunningService, ServiceRun } from '@polystage/smoke';
import { memoryLimitMb, readComposeFile } from './compose-file.ts';
import type { ComposeFile, ComposeService } from './compose-file.ts';
import { prodStage } from './prod-stage.ts';

/** compose.yaml's services, each after the ones it depends on, otherwise in the file's order. */
export function startOrder(compose: ComposeFile): string[] {
  const order: string[] = [];
  const visit = (name: string, path: string[]): void => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`compose.yaml: depends_on loops through ${[...path, name].join(' -> ')}`);
    const service = compose.services[name];
    if (!service) throw new Error(`compose.yaml: ${path.at(-1)} depends on ${name}, which it does not define`);
    for (const dependency of Object.keys(service.depends_on ?? {})) visit(dependency, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(compose.services)) visit(name, []);
  return order;
}

/**
 * The gateway is the system's front door: it is ready (GET /readyz on its unpublished admin port)
 * only when every upstream answers through the network, so the flow starts when all can serve.
 */
const GATEWAY_READINESS = { healthPort: 9090, healthPath: '/readyz' };

/** Where a service answers its probe: GET /healthz on its prod stage's first EXPOSEd port; the gateway's readiness. */
function probe(root: string, name: string): { port: number; healthPort?: number; healthPath: string } {
  const [port] = prodStage(root, name).exposed;
  if (port === undefined) throw new Error(`services/${name}/Dockerfile: the prod stage EXPOSEs no port to probe`);
  return name === 'gateway' ? { port, ...GATEWAY_READINESS } : { port, healthPath: '/healthz' };
}

export interface WholeSystemOptions {
  root: string;
  /** Added to (and overriding) each service's compose environment; a service the system lacks is refused. */
  env?: Record<string, Record<string, string>>;
  /** Per service; the JVM's and Python's starts stretch a lot on a loaded 2-core machine. */
  startupBudgetMs?: number;
}

export interface WholeSystem {
  network: StartedNetwork;
  /** By compose service name, in start order. */
  services: Record<string, RunningService>;
  /** The run settings each service got, limits included. */
  runs: Record<string, ServiceRun>;
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

function runFor(name: string, service: ComposeService, options: WholeSystemOptions, network: StartedNetwork): ServiceRun {
  return {
    image: prodImage(name, options.root),
    ...probe(options.root, name),
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
  const order = startOrder(compose);
  const unknown = Object.keys(options.env ?? {}).filter((name) => !order.includes(name));
  if (unknown.length > 0) throw new Error(`env for ${unknown.join(', ')}: compose.yaml has no such service (it has ${order.join(', ')}).`);
  const network = await startNetwork();
  const services: Record<string, RunningService> = {};
  const runs: Record<string, ServiceRun> = {};
  const remove = async (): Promise<void> => {
    for (const name of [...order].reverse()) await services[name]?.remove().catch(() => {});
    await network.stop().catch(() => {});
  };
  try {
    for (const name of order) {
      runs[name] = runFor(name, compose.services[name]!, options, network);
      services[name] = await expectHealthy(runs[name]);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { network, services, runs, remove };
}
