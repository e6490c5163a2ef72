/**
 * `nx g @polystage/nx-docker:service <name> --stack=<stack> [--port=N] [--route=/prefix]`: renders
 * the stack's templates into services/<name> and wires the service into compose.yaml, the gateway's
 * route table (with --route), compose.dev.yaml (the dev loop), the README's services table and the
 * system project. Every option is
 * checked before the first write, so a refused run leaves the Tree untouched.
 */
import { generateFiles, writeJson, type Tree } from '@nx/devkit';
import { fileURLToPath } from 'node:url';
import { addComposeDevService, addComposeService, addGatewayUpstream, COMPOSE_DEV_FILE, composeHasService, readCompose, writeCompose } from './compose.ts';
import { addServiceRoute, readRouteTable, takenPrefixes, upstreamUrlVariable, writeRouteTable } from './gateway-routes.ts';
import { addTableRow } from './markdown-tables.ts';
import { GeneratorOptionError, normalizeOptions, type ServiceOptions } from './options.ts';
import type { ServiceGeneratorSchema } from './schema.ts';
import { addSystemDependency } from './system-project.ts';
import { baseImagesFor } from './base-images.ts';
import { renderFragments } from './fragments/index.ts';
import { addNpmWorkspace, lockedVersions, type LockedVersions } from './npm-workspace.ts';

const COMMON_FILES = fileURLToPath(new URL('./files/common', import.meta.url));

export default async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema): Promise<void> {
  const table = readRouteTable(tree);
  const options = normalizeOptions(tree, schema, takenPrefixes(table));
  const compose = readCompose(tree);
  const composeDev = readCompose(tree, COMPOSE_DEV_FILE);
  for (const [file, doc] of [['compose.yaml', compose], [COMPOSE_DEV_FILE, composeDev]] as const) {
    if (doc && composeHasService(doc, options.name)) {
      throw new GeneratorOptionError(`${file} already has a service "${options.name}": pick another name or remove that entry.`);
    }
  }
  if (options.route && !table) {
    throw new GeneratorOptionError(`--route needs the gateway's route table (services/gateway/internal/routes/routes.json), which is missing: generate without --route.`);
  }
  const npm = options.stack.npm ? lockedVersions(tree, options.stack.npm) : undefined;
  // Everything that can refuse has run; only writes from here on.
  writeServiceFiles(tree, options, npm);
  if (npm) addNpmWorkspace(tree, options.name, npm);
  if (compose) {
    addComposeService(compose, {
      name: options.name,
      port: options.port,
      memLimit: options.stack.compose.memLimit,
      pidsLimit: options.stack.compose.pidsLimit,
      tmpfs: options.stack.compose.tmpfs,
      environment: options.stack.compose.fixedPort ? {} : { PORT: String(options.port) },
      healthcheck: options.stack.compose.healthcheck,
    });
    if (options.route) addGatewayUpstream(compose, options.name, upstreamUrlVariable(options.name), `http://${options.name}:${options.port}`, options.stack.compose.healthcheck);
    writeCompose(tree, compose);
  }
  if (composeDev) {
    addComposeDevService(composeDev, { name: options.name, ...options.stack.dev });
    writeCompose(tree, composeDev, COMPOSE_DEV_FILE);
  }
  if (options.route && table) writeRouteTable(tree, addServiceRoute(table, options.name, options.route));
  addReadmeRow(tree, options);
  addSystemDependency(tree, options.name);
}

function writeServiceFiles(tree: Tree, options: ServiceOptions, npm: LockedVersions | undefined): void {
  const variables = {
    ...options.stack.templateVariables?.(tree, options.name),
    name: options.name,
    port: options.port,
    healthPath: options.stack.healthPath,
    envPrefix: options.envPrefix,
    route: options.route ?? '',
    images: baseImagesFor(tree, options.stack),
    smoke: options.stack.smoke,
    // Stages shared word for word with existing Dockerfiles (<%- fragments.nodeLockfile %>).
    fragments: renderFragments(options.root),
    // An npm workspace's package versions, as the root lock has them (npm-workspace.ts).
    npm,
    template: '',
  };
  // Common first: a stack's own file of the same name (react's smoke spec) replaces it.
  generateFiles(tree, COMMON_FILES, options.root, variables);
  generateFiles(tree, options.stack.files, options.root, variables);
  writeJson(tree, `${options.root}/project.json`, {
    name: options.name,
    projectType: 'application',
    tags: [...options.stack.tags, 'type:service'],
    // The docker-* and smoke targets are inferred by the plugins; only the budget is the project's.
    targets: { 'docker-prod': { options: { sizeBudgetMb: options.stack.sizeBudgetMb } } },
  });
}

function addReadmeRow(tree: Tree, options: ServiceOptions): void {
  const text = tree.read('README.md', 'utf8');
  if (text === null) return;
  const row = `| \`${options.name}\` | ${options.stack.summary} | ${options.port} | ${options.stack.runtime} | [services/${options.name}](services/${options.name}/README.md) |`;
  tree.write('README.md', addTableRow(text, 'service', row));
}
