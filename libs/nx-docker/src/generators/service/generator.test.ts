import { describe, expect, it } from 'vitest';
import { readJson, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { parseDockerfile } from '../../dockerfile/parse.ts';
import { changes, repoTree } from '../test-tree.ts';
import { imageArgs } from './base-images.ts';
import serviceGenerator from './generator.ts';
import { go } from './stacks/go.ts';

interface Compose {
  services: Record<string, { read_only?: boolean; cap_drop?: string[]; image?: string; environment?: Record<string, string>; mem_limit?: string; pids_limit?: number; depends_on?: Record<string, { condition: string }> }>;
}
const compose = (tree: Tree): Compose => parse(tree.read('compose.yaml', 'utf8')!, { merge: true }) as Compose;
const routes = (tree: Tree) => readJson(tree, 'services/gateway/internal/routes/routes.json') as { upstreams: { name: string; prefix: string }[]; routes: { name: string; method: string; path: string; upstream: string; upstreamPath: string }[] };
const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';

describe('service generator, go stack', () => {
  it('renders the stack into services/<name> with every placeholder filled', async () => {
    const tree = repoTree();
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go' });
    const files = tree.listChanges().map((change) => change.path).filter((path) => path.startsWith('services/demo-go/')).sort();
    expect(files).toEqual([
      'services/demo-go/Dockerfile',
      'services/demo-go/README.md',
      'services/demo-go/cmd/demo-go/main.go',
      'services/demo-go/cmd/demo-go/main_test.go',
      'services/demo-go/cmd/demo-go/probe.go',
      'services/demo-go/go.mod',
      'services/demo-go/internal/config/config.go',
      'services/demo-go/internal/config/config_test.go',
      'services/demo-go/internal/server/server.go',
      'services/demo-go/internal/server/server_test.go',
      'services/demo-go/project.json',
      'services/demo-go/smoke/prod.smoke.test.ts',
      'services/demo-go/smoke/tsconfig.json',
    ]);
    for (const file of files) expect(read(tree, file), file).not.toMatch(/<%|%>|__name__/);
    expect(read(tree, 'services/demo-go/go.mod')).toContain('module polystage/demo-go');
    expect(read(tree, 'services/demo-go/internal/config/config.go')).toContain('"DEMO_GO_SHUTDOWN_TIMEOUT"');
    expect(readJson(tree, 'services/demo-go/project.json')).toEqual({
      name: 'demo-go',
      projectType: 'application',
      tags: ['lang:go', 'type:service'],
      targets: { 'docker-prod': { options: { sizeBudgetMb: go.sizeBudgetMb } } },
    });
    const smoke = read(tree, 'services/demo-go/smoke/prod.smoke.test.ts');
    expect(smoke).toContain("project: 'demo-go'");
    expect(smoke).toContain('port: 8080');
    expect(smoke).toContain("path: '/echo'");
  });

  // Mutation guarded: a stage renamed, reordered or dropped from the template; USER, HEALTHCHECK or a cache/secret mount removed.
  it('writes a Dockerfile that keeps the contract: stages, *_IMAGE ARGs, mounts, non-root, shell-free health check', async () => {
    const tree = repoTree();
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go' });
    const text = read(tree, 'services/demo-go/Dockerfile');
    const model = parseDockerfile(text, 'services/demo-go/Dockerfile');
    expect(model.stages.map((stage) => stage.name)).toEqual(['deps', 'test', 'build', 'dev', 'prod']);
    expect(model.baseImageArgs.map((arg) => arg.name)).toEqual(['GO_IMAGE', 'STATIC_IMAGE']);
    expect(text).toMatch(/--mount=type=secret,id=ca-bundle,target=\/etc\/ssl\/certs\/ca-certificates\.crt,required=false/);
    expect(text).toMatch(/--mount=type=cache,target=\/go\/pkg\/mod/);
    expect(text).toMatch(/go vet \.\/\.\.\. && CGO_ENABLED=1 go test/);
    expect(text).toMatch(/^USER 65532:65532$/m);
    expect(text).toMatch(/^EXPOSE 8080$/m);
    expect(text).toContain('CMD ["/demo-go", "probe"]');
    expect(text).toContain('org.opencontainers.image.title="polystage-demo-go"');
    const instructions = text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
    expect(text).not.toMatch(/^# syntax=/m);
    expect(instructions).not.toMatch(/<<EOF|COPY --link/);
  });

  // Mutation guarded: base images taken from the descriptor's fallback instead of the gateway's Dockerfile.
  it('takes base images from the stack’s existing Dockerfile, the one source Renovate updates', async () => {
    const tree = repoTree();
    tree.write('services/gateway/Dockerfile', read(tree, 'services/gateway/Dockerfile').replace(/^ARG GO_IMAGE=.*$/m, 'ARG GO_IMAGE=golang:1.27.9-trixie'));
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go' });
    expect(imageArgs(read(tree, 'services/demo-go/Dockerfile'))).toEqual({ GO_IMAGE: 'golang:1.27.9-trixie', STATIC_IMAGE: go.baseImages.fallback['STATIC_IMAGE'] });
  });

  // Guards the fallback against drift: it must be what the gateway uses today.
  it('has a fallback that matches the gateway’s current base images', () => {
    expect(imageArgs(read(repoTree(), 'services/gateway/Dockerfile'))).toEqual(go.baseImages.fallback);
  });

  // Mutation guarded: --port ignored anywhere (config default, EXPOSE, smoke spec, compose PORT).
  it('uses --port everywhere the port appears', async () => {
    const tree = repoTree();
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go', port: '9000' });
    expect(read(tree, 'services/demo-go/Dockerfile')).toMatch(/^EXPOSE 9000$/m);
    expect(read(tree, 'services/demo-go/internal/config/config.go')).toMatch(/DefaultPort\s+= 9000/);
    expect(read(tree, 'services/demo-go/smoke/prod.smoke.test.ts')).toContain('port: 9000');
    expect(compose(tree).services['demo-go']?.environment).toEqual({ PORT: '9000' });
  });

  // Mutation guarded: the <<: *hardened alias dropped, the service appended after the gateway, comments lost.
  it('adds a hardened compose service before the gateway, keeping every comment', async () => {
    const tree = repoTree();
    const before = read(tree, 'compose.yaml');
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go' });
    const text = read(tree, 'compose.yaml');
    expect(compose(tree).services['demo-go']).toMatchObject({ read_only: true, cap_drop: ['ALL'], image: 'demo-go:prod', mem_limit: go.compose.memLimit, pids_limit: go.compose.pidsLimit });
    expect(text).toContain('  demo-go:\n    <<: *hardened\n');
    expect(Object.keys(compose(tree).services).at(-1)).toBe('gateway');
    const comments = (yaml: string) => yaml.split('\n').filter((line) => line.trim().startsWith('#'));
    expect(comments(text)).toEqual(comments(before));
    // Only the new block: without it the file is byte for byte what it was.
    expect(text.replace(/ {2}demo-go:\n(?: {4}.*\n)+\n/, '')).toBe(before);
  });

  // Mutation guarded: --route not written to the route table or the gateway's compose config.
  it('with --route adds a gateway upstream, its one route and its compose variable', async () => {
    const tree = repoTree();
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go', route: '/demo' });
    const table = routes(tree);
    expect(table.upstreams.at(-1)).toEqual({ name: 'demo-go', prefix: '/demo', timeout: '15s' });
    expect(table.routes.at(-1)).toEqual({ name: 'demo-go.echo', method: 'POST', path: '/demo/echo', upstream: 'demo-go', upstreamPath: '/echo', maxBodyBytes: 65536 });
    const gateway = compose(tree).services['gateway']!;
    expect(gateway.environment?.['GATEWAY_DEMO_GO_URL']).toBe('http://demo-go:8080');
    expect(gateway.depends_on?.['demo-go']).toEqual({ condition: 'service_healthy' });
  });

  // Mutation guarded: the dev entry dropped, its watch paths not prefixed, or a repo-root path treated as the service's.
  it('adds a compose.dev.yaml entry running the dev stage with Compose Watch rules whose paths exist', async () => {
    const tree = repoTree();
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go' });
    const dev = parse(read(tree, 'compose.dev.yaml')) as { services: Record<string, { build: unknown; image: string; read_only: boolean; develop: { watch: { action: string; path: string; target?: string }[] } }> };
    const entry = dev.services['demo-go']!;
    expect(entry).toMatchObject({ build: { target: 'dev' }, image: 'demo-go:dev', read_only: false, mem_limit: go.dev.memLimit });
    expect(entry.develop.watch).toContainEqual({ action: 'sync', path: 'services/demo-go/cmd', target: '/src/services/demo-go/cmd' });
    expect(entry.develop.watch).toContainEqual({ action: 'rebuild', path: 'tools/src/dev/restart-on-change.sh' });
    for (const rule of entry.develop.watch) {
      expect(tree.exists(rule.path) || rule.path === 'services/demo-go/go.sum' || rule.path === 'tools/src/dev/restart-on-change.sh', rule.path).toBe(true);
    }
    expect(Object.keys(dev.services).at(-1)).toBe('gateway');
  });

  it('lists the service in the README table and the system project', async () => {
    const tree = repoTree();
    await serviceGenerator(tree, { name: 'demo-go', stack: 'go' });
    expect(read(tree, 'README.md')).toContain('| `demo-go` | Go, standard library | 8080 | distroless static | [services/demo-go](services/demo-go/README.md) |');
    expect((readJson(tree, 'system/package.json') as { nx: { implicitDependencies: string[] } }).nx.implicitDependencies).toContain('demo-go');
  });
});

describe('service generator, refused options', () => {
  // Mutation guarded: any check removed or moved after the first write (the snapshot would differ).
  it.each([
    [{ name: 'Demo', stack: 'go' }, /"Demo" is not a valid service name.*e\.g\. "demo"/],
    [{ name: '9lives', stack: 'go' }, /"9lives" is not a valid service name/],
    [{ name: 'demo_go', stack: 'go' }, /"demo_go" is not a valid service name/],
    [{ name: 'demo-', stack: 'go' }, /"demo-" is not a valid service name/],
    [{ name: 'a'.repeat(64), stack: 'go' }, /is not a valid service name/],
    [{ name: 'gateway', stack: 'go' }, /services\/gateway already exists: pick another name/],
    [{ name: 'nx-docker', stack: 'go' }, /An Nx project named "nx-docker" already exists/],
    [{ name: 'demo', stack: 'rust' }, /Unknown stack "rust": use --stack= one of python, node, react, java, go\./],
    [{ name: 'demo', stack: 'go', port: '80' }, /--port=80 is not a usable port: use a whole number from 1024 to 65535/],
    [{ name: 'demo', stack: 'go', port: 'http' }, /--port=http is not a usable port/],
    [{ name: 'demo', stack: 'go', port: 70000 }, /--port=70000 is not a usable port/],
    [{ name: 'demo', stack: 'go', route: 'demo' }, /--route=demo is not a route prefix: use one path segment/],
    [{ name: 'demo', stack: 'go', route: '/a/b' }, /--route=\/a\/b is not a route prefix/],
    [{ name: 'demo', stack: 'go', route: '/api' }, /--route=\/api is already a gateway prefix/],
    [{ name: 'demo', stack: 'go', route: '/readyz' }, /--route=\/readyz is the gateway's own probe path/],
  ])('%j: one line naming the problem and the fix, nothing written', async (schema, message) => {
    const tree = repoTree();
    const before = changes(tree);
    const error = await serviceGenerator(tree, schema).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('\n');
    expect(changes(tree)).toEqual(before);
  });

  it('refuses a name compose.yaml already uses, writing nothing', async () => {
    const tree = repoTree();
    tree.write('compose.yaml', `${read(tree, 'compose.yaml')}`.replace('\nvolumes:', '\n  orphan:\n    image: orphan:prod\n\nvolumes:'));
    const before = changes(tree);
    await expect(serviceGenerator(tree, { name: 'orphan', stack: 'go' })).rejects.toThrow('compose.yaml already has a service "orphan"');
    expect(changes(tree)).toEqual(before);
  });
});
