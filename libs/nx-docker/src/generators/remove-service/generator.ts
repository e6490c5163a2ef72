/**
 * `nx g @polystage/nx-docker:remove-service <name>`: deletes services/<name> and every reference to
 * it the repo keeps as data: compose.yaml and compose.dev.yaml (its entry, depends_on and URLs pointing at it, the gateway's
 * GATEWAY_<NAME>_* settings, volumes and secrets only it used), the gateway's route table, table rows in the READMEs and docs, CI
 * workflow list entries, the system project's implicit dependencies, other services' smoke
 * sidecars, the bench's baseline Dockerfile of it, its package-lock.json entries (an npm workspace). Checked before the first write: an unknown name leaves the Tree untouched.
 */
import { logger, type Tree } from '@nx/devkit';
import { COMPOSE_DEV_FILE, readCompose, removeComposeService, writeCompose } from '../service/compose.ts';
import { readRouteTable, removeServiceRoutes, writeRouteTable } from '../service/gateway-routes.ts';
import { removeNpmWorkspace } from '../service/npm-workspace.ts';
import { GeneratorOptionError } from '../service/options.ts';
import { removeSystemDependency } from '../service/system-project.ts';
import { removeDocRows } from './docs.ts';
import { removeGatewaySettings } from './gateway-settings.ts';
import { removeSidecarReferences } from './sidecars.ts';
import { removeWorkflowReferences } from './workflows.ts';
import type { RemoveServiceSchema } from './schema.ts';

export default async function removeServiceGenerator(tree: Tree, schema: RemoveServiceSchema): Promise<void> {
  const name = String(schema.name ?? '').trim();
  const root = `services/${name}`;
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !tree.exists(root)) {
    const known = tree.children('services').filter((child) => !tree.isFile(`services/${child}`));
    throw new GeneratorOptionError(`There is no service "${name}" under services/: pick one of ${known.join(', ')}.`);
  }
  const compose = readCompose(tree);
  const composeDev = readCompose(tree, COMPOSE_DEV_FILE);
  const dependants = compose ? dependantsOf(compose.toJS({ maxAliasCount: -1 }) as ComposeJson, name) : [];
  // Only writes from here on.
  tree.delete(root);
  // The bench's naive single-stage baseline of the service (tools/src/bench/services.ts) goes with it.
  if (tree.exists(benchBaseline(name))) tree.delete(benchBaseline(name));
  for (const [doc, file] of [[compose, undefined], [composeDev, COMPOSE_DEV_FILE]] as const) {
    if (!doc) continue;
    removeComposeService(doc, name);
    removeGatewaySettings(doc, name);
    writeCompose(tree, doc, file);
  }
  const table = readRouteTable(tree);
  if (table) writeRouteTable(tree, removeServiceRoutes(table, name));
  const publicRoutes = (table?.routes ?? []).filter((route) => route.upstream === name).map((route) => `${route.method} ${route.path}`);
  removeDocRows(tree, name, publicRoutes);
  removeWorkflowReferences(tree, name);
  removeSystemDependency(tree, name);
  removeSidecarReferences(tree, name);
  removeNpmWorkspace(tree, name);
  if (dependants.length > 0) {
    logger.warn(`${dependants.join(', ')} used ${name} (compose.yaml depends_on); their entries no longer wait for it: check their code and smoke specs.`);
  }
}

export const benchBaseline = (name: string): string => `tools/src/bench/fixtures/${name}.single-stage.Dockerfile`;

interface ComposeJson {
  services?: Record<string, { depends_on?: Record<string, unknown> | string[] }>;
}

/** Services other than the gateway (whose routes go with the service) that depended on `name`. */
function dependantsOf(compose: ComposeJson, name: string): string[] {
  return Object.entries(compose.services ?? {})
    .filter(([other, service]) => other !== 'gateway' && other !== name && Object.keys(service?.depends_on ?? {}).concat(Array.isArray(service?.depends_on) ? service.depends_on : []).includes(name))
    .map(([other]) => other);
}
