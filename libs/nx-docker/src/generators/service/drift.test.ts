/**
 * One source of truth, checked: each stack's templates against the repo's own service of that stack
 * (its twin, the service its base images come from). Rendered for demo-<stack>, the parts that must
 * match (Dockerfile stages and contract, smoke spec checks, project config, compose and dev-loop
 * entries) are compared with the twin's; a fix made in one and not the other fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readJson, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, repoTree } from '../test-tree.ts';
import { dockerfileContract, smokeSpecShape } from './drift.ts';
import serviceGenerator from './generator.ts';
import { STACKS, type StackDescriptor } from './stacks/index.ts';

/** Smoke-spec keys that describe one service's own behaviour, not the stack's hardening. */
const SERVICE_SPECIFIC_SMOKE_KEYS = new Set(['project', 'port', 'healthPort', 'healthPath', 'startupBudgetMs', 'env', 'volumes', 'requests', 'sidecars', 'secrets']);
/** compose keys a service has for its own wiring (data, secrets, dependencies, ports, variables). */
const SERVICE_SPECIFIC_COMPOSE_KEYS = new Set(['environment', 'volumes', 'secrets', 'depends_on', 'ports', 'healthcheck', 'command']);

type ComposeService = Record<string, unknown> & { tmpfs?: string[]; develop?: { watch?: { action: string; path: string; target?: string }[] } };
const services = (text: string) => (parse(text, { merge: true }) as { services: Record<string, ComposeService> }).services;

interface Pair {
  stack: StackDescriptor;
  twin: string;
  demo: string;
  tree: Tree;
}

async function render(stack: StackDescriptor): Promise<Pair> {
  const twin = dirname(stack.baseImages.from);
  const tree = repoTree();
  // The twin's files the comparison reads, whether or not the generator's tests load them.
  for (const file of ['Dockerfile', 'project.json', 'smoke/prod.smoke.test.ts']) {
    const path = join(twin, file);
    if (!tree.exists(path) && existsSync(join(REPO_ROOT, path))) tree.write(path, readFileSync(join(REPO_ROOT, path), 'utf8'));
  }
  const demo = `services/demo-${stack.name}`;
  await serviceGenerator(tree, { name: `demo-${stack.name}`, stack: stack.name });
  return { stack, twin, demo, tree };
}

const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';
const twinSmoke = (twin: string): string => {
  const own = join(REPO_ROOT, twin, 'smoke/prod.smoke.test.ts');
  return readFileSync(existsSync(own) ? own : join(REPO_ROOT, twin, 'smoke', `${twin.split('/').at(-1)}.smoke.test.ts`), 'utf8');
};

// A stack whose twin was removed (remove-service reports) has no second copy to drift from: its
// templates, with the descriptor's fallbacks, are the only source left.
const twinned = Object.values(STACKS).filter((stack) => existsSync(join(REPO_ROOT, stack.baseImages.from)));

it('compares at least one stack (the repo has services)', () => {
  expect(twinned.length).toBeGreaterThan(0);
});

describe.each(twinned)('the $name stack against its twin', (stack) => {
  it('has a Dockerfile with the twin’s stages, base-image ARGs, runtime, users, mounts and health check', async () => {
    const { twin, demo, tree } = await render(stack);
    const generated = dockerfileContract(read(tree, `${demo}/Dockerfile`));
    const reference = dockerfileContract(readFileSync(join(REPO_ROOT, twin, 'Dockerfile'), 'utf8'));
    expect(generated).toEqual(reference);
    expect(generated.frontendFeatures).toEqual([]);
  });

  it('has a smoke spec that asks the kit for every hardening check the twin’s does', async () => {
    const { twin, demo, tree } = await render(stack);
    const generated = smokeSpecShape(read(tree, `${demo}/smoke/prod.smoke.test.ts`));
    const reference = smokeSpecShape(twinSmoke(twin));
    expect(generated.kit).toBe('describeSmoke');
    expect(reference.kit).toBe('describeSmoke');
    const hardening = reference.keys.filter((key) => !SERVICE_SPECIFIC_SMOKE_KEYS.has(key));
    expect(generated.keys).toEqual(expect.arrayContaining(hardening));
    // Written as literals, the hardening values must match too (the twin's name read as the demo's).
    const twinName = twin.split('/').at(-1)!;
    for (const key of hardening.filter((key) => key in reference.literals)) {
      expect(generated.literals[key], key).toBe(reference.literals[key]!.replaceAll(twinName, demo.split('/').at(-1)!));
    }
  });

  it('has the twin’s project tags and a size budget', async () => {
    const { twin, demo, tree } = await render(stack);
    const generated = readJson(tree, `${demo}/project.json`) as { tags: string[]; targets: { 'docker-prod': { options: { sizeBudgetMb: number } } } };
    // web keeps its project configuration in package.json's "nx" field.
    const ownProject = join(REPO_ROOT, twin, 'project.json');
    const reference = (existsSync(ownProject) ? JSON.parse(readFileSync(ownProject, 'utf8')) : JSON.parse(readFileSync(join(REPO_ROOT, twin, 'package.json'), 'utf8')).nx) as typeof generated;
    expect(generated.tags.sort()).toEqual([...reference.tags].sort());
    expect(generated.targets['docker-prod'].options.sizeBudgetMb).toBeGreaterThan(0);
    // The twin's budget is one number or one per platform (reports: { "linux/amd64": 160, "linux/arm64": 170 }).
    const twinBudget = (reference.targets['docker-prod'].options as { sizeBudgetMb: number | Record<string, number> }).sizeBudgetMb;
    const twinBudgets = typeof twinBudget === 'number' ? [twinBudget] : Object.values(twinBudget);
    expect(twinBudgets.length).toBeGreaterThan(0);
    for (const budget of twinBudgets) expect(budget).toBeGreaterThan(0);
  });

  it('gets a compose.yaml entry hardened like the twin’s, with its tmpfs', async () => {
    const { twin, demo, tree } = await render(stack);
    const name = (path: string) => path.split('/').at(-1)!;
    const generated = services(read(tree, 'compose.yaml'))[name(demo)]!;
    const reference = services(readFileSync(join(REPO_ROOT, 'compose.yaml'), 'utf8'))[name(twin)]!;
    const shape = (service: ComposeService) => Object.keys(service).filter((key) => !SERVICE_SPECIFIC_COMPOSE_KEYS.has(key)).sort();
    expect(shape(generated)).toEqual(shape(reference));
    expect(generated.tmpfs ?? []).toEqual(reference.tmpfs ?? []);
  });

  it('gets a compose.dev.yaml entry that syncs and rebuilds on what the twin’s does', async () => {
    const { twin, demo, tree } = await render(stack);
    const name = (path: string) => path.split('/').at(-1)!;
    const generated = services(read(tree, 'compose.dev.yaml'))[name(demo)]!;
    const reference = services(readFileSync(join(REPO_ROOT, 'compose.dev.yaml'), 'utf8'))[name(twin)]!;
    const rules = (service: ComposeService, root: string) =>
      (service.develop?.watch ?? []).map((rule) => `${rule.action} ${rule.path.replace(`${root}/`, '<service>/')}`);
    // Every twin rule whose path the generated service also has: the generated entry has it too.
    const expected = rules(reference, twin).filter((rule) => {
      const path = rule.split(' ')[1]!.replace('<service>/', `${demo}/`);
      return tree.exists(path) || existsSync(join(REPO_ROOT, path));
    });
    expect(rules(generated, demo)).toEqual(expect.arrayContaining(expected));
    expect(rules(generated, demo)).toContain('rebuild <service>/Dockerfile');
  });
});
