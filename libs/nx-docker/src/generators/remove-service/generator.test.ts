import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, type Tree } from '@nx/devkit';
import { isScalar, isSeq, parse, parseDocument, visit } from 'yaml';
import { changes, REAL_FILES, REPO_ROOT, repoServices, repoTree } from '../test-tree.ts';
import serviceGenerator from '../service/generator.ts';
import { ROUTES_FILE, type RouteTable } from '../service/gateway-routes.ts';
import removeServiceGenerator, { benchBaseline } from './generator.ts';
import { removeRouteRows } from './docs.ts';
import { removeFromWorkflow } from './workflows.ts';

const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';
const WIRED = ['compose.yaml', 'compose.dev.yaml', 'services/gateway/internal/routes/routes.json', 'README.md', 'system/package.json'];

interface ComposeService {
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  volumes?: string[];
  secrets?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

/** Every file of the repo that can name a service, as it is now: whatever services exist, generated ones included. */
function wholeRepoTree(): Tree {
  const inDir = (dir: string, suffix: RegExp) => (existsSync(resolve(REPO_ROOT, dir)) ? readdirSync(resolve(REPO_ROOT, dir)).filter((f) => suffix.test(f)).map((f) => `${dir}/${f}`) : []);
  const serviceFiles = repoServices().flatMap((name) => ['Dockerfile', 'README.md', 'project.json', 'smoke/sidecars.json'].map((file) => `services/${name}/${file}`));
  const files = [...REAL_FILES, ...serviceFiles, ...inDir('docs', /\.md$/), ...inDir('.github/workflows', /\.ya?ml$/), ...inDir('tools/src/bench/fixtures', /Dockerfile$/)];
  return repoTree([...new Set(files)].filter((file) => existsSync(resolve(REPO_ROOT, file))));
}

const cells = (line: string): string[] => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, ''));

/**
 * Where the repo's data names `name`, found independently of the generator's own code: compose
 * entries, waits and URLs, the gateway's config variables and routes, table rows (first cell the
 * service, one of its GATEWAY_ variables or one of its public routes), system dependencies, smoke
 * sidecars, workflow list items, its own files.
 */
function references(tree: Tree, name: string, publicRoutes: readonly string[]): string[] {
  const found: string[] = [];
  const variable = `GATEWAY_${name.toUpperCase().replaceAll('-', '_')}_`;
  for (const file of ['compose.yaml', 'compose.dev.yaml']) {
    const compose = parse(read(tree, file), { merge: true }) as Compose;
    if (name in compose.services) found.push(`${file}: services.${name}`);
    for (const [other, service] of Object.entries(compose.services)) {
      if (name in (service.depends_on ?? {})) found.push(`${file}: ${other}.depends_on.${name}`);
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (key.startsWith(variable) || (/^https?:\/\//.test(String(value)) && new URL(String(value)).hostname === name)) found.push(`${file}: ${other}.environment.${key}`);
      }
    }
  }
  const table: RouteTable = tree.exists(ROUTES_FILE) ? readJson(tree, ROUTES_FILE) : { upstreams: [], routes: [] };
  for (const upstream of table.upstreams.filter((u) => u.name === name)) found.push(`${ROUTES_FILE}: upstream ${upstream.name}`);
  for (const route of table.routes.filter((r) => r.upstream === name)) found.push(`${ROUTES_FILE}: route ${route.name}`);
  for (const file of allFiles(tree)) {
    if (file.endsWith('.md')) {
      for (const line of read(tree, file).split('\n').filter((l) => l.startsWith('|'))) {
        const [first = ''] = cells(line);
        if (first === name || first.startsWith(variable) || publicRoutes.includes(first)) found.push(`${file}: ${line}`);
      }
    }
    if (file.startsWith('.github/workflows/')) {
      visit(parseDocument(read(tree, file)), {
        Seq(_, seq) {
          if (!isSeq(seq)) return;
          for (const item of seq.items) if (isScalar(item) && (item.value === name || String(item.value).startsWith(`${name}:`))) found.push(`${file}: ${String(item.value)}`);
        },
      });
    }
    if (file.endsWith('/smoke/sidecars.json') && (JSON.parse(read(tree, file)) as { projects?: string[] }).projects?.includes(name)) found.push(`${file}: projects`);
    if (file.startsWith(`services/${name}/`) || file === benchBaseline(name)) found.push(file);
  }
  if ((readJson(tree, 'system/package.json') as { nx: { implicitDependencies: string[] } }).nx.implicitDependencies.includes(name)) found.push('system/package.json: implicitDependencies');
  return found;
}

function allFiles(tree: Tree, dir = '.'): string[] {
  return tree.children(dir).flatMap((child) => {
    const path = dir === '.' ? child : `${dir}/${child}`;
    return tree.isFile(path) ? [path] : allFiles(tree, path);
  });
}

const publicRoutesOf = (tree: Tree, name: string): string[] =>
  (tree.exists(ROUTES_FILE) ? (readJson(tree, ROUTES_FILE) as RouteTable) : { routes: [] }).routes.filter((route) => route.upstream === name).map((route) => `${route.method} ${route.path}`);

describe('remove-service', () => {
  // Mutation guarded: any one of the generator's edits not undone (compose entry, gateway variable or
  // depends_on, route table, README row, system dependency) leaves a file different from the original.
  it('undoes everything the service generator wired in, byte for byte', async () => {
    const tree = repoTree();
    const originals = Object.fromEntries(WIRED.map((file) => [file, read(tree, file)]));
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go', route: '/demo' });
    await removeServiceGenerator(tree, { name: 'demo-go' });
    expect(tree.exists('services/demo-go')).toBe(false);
    expect(tree.exists('services/demo-go/Dockerfile')).toBe(false);
    for (const file of WIRED) expect(read(tree, file), file).toBe(originals[file]);
  });

  // Whichever services the repo has (the originals, or what is left after one was removed): each is
  // named somewhere before, and nowhere after. Mutation guarded: any one edit of the generator
  // skipped (depends_on, a gateway URL, a route, a README/docs row, a workflow item, a sidecar, the
  // system dependency) leaves a reference this lists.
  it.each(repoServices())('removes %s and every reference to it, and nothing of the others', async (name) => {
    const tree = wholeRepoTree();
    const publicRoutes = publicRoutesOf(tree, name);
    const before = parse(read(tree, 'compose.yaml'), { merge: true }) as Compose;
    expect(references(tree, name, publicRoutes)).toContain(`compose.yaml: services.${name}`);
    await removeServiceGenerator(tree, { name });
    expect(references(tree, name, publicRoutes)).toEqual([]);
    const after = parse(read(tree, 'compose.yaml'), { merge: true }) as Compose;
    expect(Object.keys(after.services)).toEqual(Object.keys(before.services).filter((other) => other !== name));
    // Edited through the yaml Document API: the comments stay.
    expect(read(tree, 'compose.yaml')).toContain('# What every service shares');
    for (const other of Object.keys(after.services)) expect(references(tree, other, publicRoutesOf(tree, other)), other).toContain(`compose.yaml: services.${other}`);
  });

  // Mutation guarded: volumes/secrets pruning keyed wrongly (a shared one dropped, or one only the
  // removed service used kept).
  it.each(repoServices())('removing %s drops the volumes and secrets only it used', async (name) => {
    const tree = wholeRepoTree();
    const before = parse(read(tree, 'compose.yaml'), { merge: true }) as Compose;
    const usedByOthers = (pick: (service: ComposeService) => string[]) =>
      new Set(Object.entries(before.services).filter(([other]) => other !== name).flatMap(([, service]) => pick(service)));
    const volumesLeft = usedByOthers((service) => (service.volumes ?? []).map((volume) => volume.split(':')[0]!));
    const secretsLeft = usedByOthers((service) => service.secrets ?? []);
    await removeServiceGenerator(tree, { name });
    const after = parse(read(tree, 'compose.yaml'), { merge: true }) as Compose;
    expect(Object.keys(after.volumes ?? {})).toEqual(Object.keys(before.volumes ?? {}).filter((volume) => volumesLeft.has(volume)));
    expect(Object.keys(after.secrets ?? {})).toEqual(Object.keys(before.secrets ?? {}).filter((secret) => secretsLeft.has(secret)));
  });

  // Mutation guarded: a workflow list item for the service (or one of its targets) kept; an unrelated one dropped.
  it('removes the service from workflow lists, keeping comments and other items', () => {
    const workflow = 'jobs:\n  smoke:\n    strategy:\n      matrix:\n        # the services\n        project: [ api, reports, web ]\n    steps:\n      - run: npx nx run-many -t smoke\n        with: { targets: [ reports:smoke, api:smoke ] }\n';
    expect(removeFromWorkflow(workflow, 'reports')).toBe(
      'jobs:\n  smoke:\n    strategy:\n      matrix:\n        # the services\n        project: [ api, web ]\n    steps:\n      - run: npx nx run-many -t smoke\n        with: { targets: [ api:smoke ] }\n',
    );
  });

  // Mutation guarded: route rows matched by prefix or prose instead of the exact `METHOD /path` cell.
  it("drops table rows whose first cell is one of the service's public routes, and only those", () => {
    const doc = '| route | upstream |\n| --- | --- |\n| `GET /demo/summary` | demo (`/demo` stripped) |\n| `GET /demo/summaryx` | web |\n| `GET` outside `/api` and `/demo` | web |\n';
    expect(removeRouteRows(doc, ['GET /demo/summary'])).toBe('| route | upstream |\n| --- | --- |\n| `GET /demo/summaryx` | web |\n| `GET` outside `/api` and `/demo` | web |\n');
  });

  it('refuses an unknown service with one line listing the real ones, writing nothing', async () => {
    const tree = repoTree();
    const before = changes(tree);
    await expect(removeServiceGenerator(tree, { name: 'nope' })).rejects.toThrow(/^There is no service "nope" under services\/: pick one of .*gateway/);
    expect(changes(tree)).toEqual(before);
  });
});
