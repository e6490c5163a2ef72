/**
 * The generator's options, checked before anything is written: each problem is one line that
 * names it and the fix, thrown while the Tree is still untouched.
 */
import { getProjects, type Tree } from '@nx/devkit';
import { STACKS, STACK_NAMES, type StackDescriptor } from './stacks/index.ts';
import type { ServiceGeneratorSchema } from './schema.ts';

export interface ServiceOptions {
  name: string;
  stack: StackDescriptor;
  port: number;
  /** Public gateway prefix (/billing), or undefined for no route. */
  route?: string;
  root: string;
  /** DEMO_GO for demo-go: the service's own environment variables start with it. */
  envPrefix: string;
}

/**
 * A valid Docker image name component, compose service (DNS label) and Nx project name at once.
 * Starts with a letter, no trailing or doubled hyphen, at most 63 characters.
 */
const NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,62}$/;
/** One public path segment. */
const ROUTE = /^\/[a-z][a-z0-9-]*$/;
/** Paths the gateway keeps for itself. */
const RESERVED_ROUTES = new Set(['/healthz', '/readyz']);

export class GeneratorOptionError extends Error {}

const fail = (message: string): never => {
  throw new GeneratorOptionError(message);
};

export function normalizeOptions(tree: Tree, schema: ServiceGeneratorSchema, takenPrefixes: readonly string[] = []): ServiceOptions {
  const name = String(schema.name ?? '').trim();
  checkName(tree, name);
  const stack = checkStack(schema.stack);
  const port = checkPort(schema.port, stack.defaultPort);
  const route = schema.route === undefined || schema.route === '' ? undefined : checkRoute(String(schema.route), takenPrefixes);
  return { name, stack, port, route, root: `services/${name}`, envPrefix: name.toUpperCase().replaceAll('-', '_') };
}

function checkName(tree: Tree, name: string): void {
  if (!name) fail('A service name is required: npx nx g @polystage/nx-docker:service <name> --stack=<stack>.');
  if (!NAME.test(name)) {
    fail(
      `"${name}" is not a valid service name: use lowercase letters, digits and single hyphens, starting with a letter ` +
        `and not ending in a hyphen, at most 63 characters (it becomes the image, compose service and Nx project name), e.g. "${suggestName(name)}".`,
    );
  }
  if (tree.exists(`services/${name}`)) fail(`services/${name} already exists: pick another name, or remove it first (npx nx g @polystage/nx-docker:remove-service ${name}).`);
  if (getProjects(tree).has(name)) fail(`An Nx project named "${name}" already exists: pick another service name.`);
}

function suggestName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  return cleaned || 'billing';
}

function checkStack(stack: string | undefined): StackDescriptor {
  const value = String(stack ?? '');
  if (!(STACK_NAMES as readonly string[]).includes(value)) {
    fail(`Unknown stack "${value}": use --stack= one of ${STACK_NAMES.join(', ')}.`);
  }
  const descriptor = STACKS[value as keyof typeof STACKS];
  if (!descriptor) {
    fail(
      `The ${value} stack has no templates yet (ready: ${Object.keys(STACKS).join(', ')}): add ` +
        `libs/nx-docker/src/generators/service/stacks/${value}.ts and files/${value}/ (see stacks/stack.ts), or pick a ready stack.`,
    );
  }
  return descriptor!;
}

function checkPort(port: number | string | undefined, fallback: number): number {
  if (port === undefined || port === '') return fallback;
  const value = Number(port);
  // Below 1024 needs a capability the hardened compose block drops (cap_drop: ALL).
  if (!Number.isInteger(value) || value < 1024 || value > 65535) {
    fail(`--port=${port} is not a usable port: use a whole number from 1024 to 65535 (non-root services cannot bind lower ports).`);
  }
  return value;
}

function checkRoute(route: string, takenPrefixes: readonly string[]): string {
  const value = route.replace(/\/+$/, '');
  if (!ROUTE.test(value)) fail(`--route=${route} is not a route prefix: use one path segment of lowercase letters, digits and hyphens, e.g. --route=/billing.`);
  if (RESERVED_ROUTES.has(value)) fail(`--route=${route} is the gateway's own probe path: pick another prefix.`);
  if (takenPrefixes.includes(value)) fail(`--route=${route} is already a gateway prefix (services/gateway/internal/routes/routes.json): pick another prefix.`);
  return value;
}
