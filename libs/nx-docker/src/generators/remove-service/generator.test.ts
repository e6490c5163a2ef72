import { describe, expect, it } from 'vitest';
import { readJson, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { changes, repoTree } from '../test-tree.ts';
import serviceGenerator from '../service/generator.ts';
import removeServiceGenerator from './generator.ts';
import { removeFromWorkflow } from './workflows.ts';

const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';
const WIRED = ['compose.yaml', 'services/gateway/internal/routes/routes.json', 'README.md', 'system/package.json'];

interface Compose {
  services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

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

  // Mutation guarded: depends_on, the gateway's URL variable, the route table, README/docs rows or the
  // system dependency left behind when an original service is removed.
  it('removes an original service (reports) and every reference to it', async () => {
    const tree = repoTree();
    await removeServiceGenerator(tree, { name: 'reports' });
    expect(tree.exists('services/reports/README.md')).toBe(false);
    const compose = parse(read(tree, 'compose.yaml'), { merge: true }) as Compose;
    expect(Object.keys(compose.services)).toEqual(['api', 'worker', 'web', 'gateway']);
    expect(compose.services['gateway']!.environment).not.toHaveProperty('GATEWAY_REPORTS_URL');
    expect(Object.keys(compose.services['gateway']!.depends_on ?? {})).toEqual(['api', 'web']);
    expect(read(tree, 'compose.yaml')).toContain('# Loopback only unless asked');
    const routes = readJson(tree, 'services/gateway/internal/routes/routes.json') as { upstreams: { name: string }[]; routes: { upstream: string }[] };
    expect(routes.upstreams.map((upstream) => upstream.name)).toEqual(['api']);
    expect(routes.routes.every((route) => route.upstream === 'api')).toBe(true);
    expect(read(tree, 'README.md')).not.toMatch(/^\| `reports` \|/m);
    expect(read(tree, 'README.md')).toMatch(/^\| `gateway` \|/m);
    expect(read(tree, 'docs/benchmarks.md')).not.toMatch(/^\| reports \|/m);
    expect(read(tree, 'docs/benchmarks.md')).toMatch(/^\| gateway \|/m);
    expect(read(tree, 'services/gateway/README.md')).not.toMatch(/^\| `GATEWAY_REPORTS_|^\| `GET \/reports\/jobs\/summary` \| reports \|/m);
    expect(read(tree, 'services/gateway/README.md')).toContain('| `GATEWAY_API_URL` |');
    expect((readJson(tree, 'system/package.json') as { nx: { implicitDependencies: string[] } }).nx.implicitDependencies).toEqual(['api', 'gateway', 'web', 'worker']);
  });

  // Mutation guarded: volumes/secrets pruning keyed wrongly (api-data dropped while api stays, or kept after it goes).
  it('drops the volumes and secrets only the removed service used', async () => {
    const tree = repoTree();
    await removeServiceGenerator(tree, { name: 'api' });
    const compose = parse(read(tree, 'compose.yaml'), { merge: true }) as Compose;
    expect(compose.volumes).toBeUndefined();
    expect(Object.keys(compose.secrets ?? {})).toEqual(['worker-token']);
    expect(compose.services['worker']!.depends_on).toBeUndefined();
    expect(compose.services['worker']!.environment).not.toHaveProperty('WORKER_API_URL');
    expect(readJson(tree, 'services/web/smoke/sidecars.json')).toEqual({ projects: ['gateway'] });
    expect(readJson(tree, 'services/worker/smoke/sidecars.json')).toEqual({ projects: [] });
  });

  // Mutation guarded: a workflow list item for the service (or one of its targets) kept; an unrelated one dropped.
  it('removes the service from workflow lists, keeping comments and other items', () => {
    const workflow = 'jobs:\n  smoke:\n    strategy:\n      matrix:\n        # the services\n        project: [ api, reports, web ]\n    steps:\n      - run: npx nx run-many -t smoke\n        with: { targets: [ reports:smoke, api:smoke ] }\n';
    expect(removeFromWorkflow(workflow, 'reports')).toBe(
      'jobs:\n  smoke:\n    strategy:\n      matrix:\n        # the services\n        project: [ api, web ]\n    steps:\n      - run: npx nx run-many -t smoke\n        with: { targets: [ api:smoke ] }\n',
    );
  });

  it('refuses an unknown service with one line listing the real ones, writing nothing', async () => {
    const tree = repoTree();
    const before = changes(tree);
    await expect(removeServiceGenerator(tree, { name: 'nope' })).rejects.toThrow(/^There is no service "nope" under services\/: pick one of .*gateway/);
    expect(changes(tree)).toEqual(before);
  });
});
