import { readJson, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../dockerfile/parse.ts';
import { stageClosure } from '../../../dockerfile/stage-closure.ts';
import { repoTree } from '../../test-tree.ts';
import { imageArgs } from '../base-images.ts';
import { FRAGMENTS, renderFragment } from '../fragments/index.ts';
import serviceGenerator from '../generator.ts';
import { node } from './node.ts';

const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';
const WORKER = 'services/worker/Dockerfile';

async function generate(port?: string): Promise<Tree> {
  const tree = repoTree();
  await serviceGenerator(tree, { name: 'demo-node', stack: 'node', ...(port && { port }) });
  return tree;
}

describe('service generator, node stack', () => {
  it('renders every file with every placeholder filled', async () => {
    const tree = await generate();
    const files = tree.listChanges().map((change) => change.path).filter((path) => path.startsWith('services/demo-node/')).sort();
    expect(files).toEqual([
      'services/demo-node/.gitignore',
      'services/demo-node/Dockerfile',
      'services/demo-node/README.md',
      'services/demo-node/package.json',
      'services/demo-node/project.json',
      'services/demo-node/smoke/prod.smoke.test.ts',
      'services/demo-node/smoke/tsconfig.json',
      'services/demo-node/src/config.test.ts',
      'services/demo-node/src/config.ts',
      'services/demo-node/src/echo.test.ts',
      'services/demo-node/src/echo.ts',
      'services/demo-node/src/healthcheck.ts',
      'services/demo-node/src/log.ts',
      'services/demo-node/src/main.test.ts',
      'services/demo-node/src/main.ts',
      'services/demo-node/src/server.test.ts',
      'services/demo-node/src/server.ts',
      'services/demo-node/tsconfig.build.json',
      'services/demo-node/tsconfig.json',
      'services/demo-node/vitest.config.ts',
    ]);
    for (const file of files) expect(read(tree, file), file).not.toMatch(/<%|%>|__name__/);
    expect(read(tree, 'services/demo-node/src/config.ts')).toContain("'DEMO_NODE_SHUTDOWN_TIMEOUT_MS'");
    expect(read(tree, 'services/demo-node/smoke/prod.smoke.test.ts')).toContain("path: '/echo'");
  });

  // Mutation guarded: a stage renamed, dropped or reordered; dev built into prod.
  it('has the worker’s stages in the worker’s order, dev outside prod’s closure', async () => {
    const tree = await generate();
    const model = parseDockerfile(read(tree, 'services/demo-node/Dockerfile'), 'services/demo-node/Dockerfile');
    const worker = parseDockerfile(read(tree, WORKER), WORKER);
    const stages = model.stages.map((stage) => stage.name);
    expect(stages).toEqual(['lockfile', 'npm', 'deps', 'test', 'build', 'dev', 'prod-deps', 'node-target', 'node-binary', 'node-checked', 'prod']);
    expect(stages).toEqual(worker.stages.map((stage) => stage.name));
    expect(stageClosure(model, 'prod').map((stage) => stage.name)).not.toContain('dev');
    const dockerfile = read(tree, 'services/demo-node/Dockerfile');
    expect(dockerfile).toMatch(/FROM deps AS dev\n[\s\S]*^USER 65534$[\s\S]*CMD \["restart-on-change", "src", "--", "node", "src\/main\.ts"\]/m);
    expect(dockerfile).toMatch(/FROM \$\{DISTROLESS_CC_IMAGE\} AS prod[\s\S]*^USER 65532:65532$/m);
  });

  // Mutation guarded: the template's lockfile stage edited instead of the fragment.
  it('has the shared lockfile stage, rendered for services/demo-node', async () => {
    const tree = await generate();
    expect(read(tree, 'services/demo-node/Dockerfile')).toContain(`# ---------------------------------------------------------------------------\n${renderFragment(FRAGMENTS[0]!, 'services/demo-node')}\n# ----`);
  });

  it('takes the worker’s base images, and its fallback is what the worker uses today', async () => {
    const tree = await generate();
    expect(imageArgs(read(tree, 'services/demo-node/Dockerfile'))).toEqual(imageArgs(read(tree, WORKER)));
    expect(imageArgs(read(tree, WORKER))).toEqual(node.baseImages.fallback);
  });

  // Mutation guarded: --port ignored anywhere (config default, EXPOSE, ENV, probe, smoke, compose).
  it('uses --port everywhere the port appears', async () => {
    const tree = await generate('9000');
    const dockerfile = read(tree, 'services/demo-node/Dockerfile');
    expect(dockerfile.match(/^EXPOSE \d+$/gm)).toEqual(['EXPOSE 9000', 'EXPOSE 9000']);
    expect(dockerfile.match(/PORT=\d+/g)).toEqual(['PORT=9000', 'PORT=9000']);
    expect(read(tree, 'services/demo-node/src/config.ts')).toContain('export const DEFAULT_PORT = 9000;');
    expect(read(tree, 'services/demo-node/src/healthcheck.ts')).toContain("|| '9000'");
    expect(read(tree, 'services/demo-node/smoke/prod.smoke.test.ts')).toContain('port: 9000');
    const compose = parse(read(tree, 'compose.yaml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
    expect(compose.services['demo-node']?.environment).toEqual({ PORT: '9000' });
    for (const file of tree.listChanges().filter((change) => change.path.startsWith('services/demo-node/'))) {
      expect(file.content?.toString() ?? '', file.path).not.toMatch(/\b8080\b/);
    }
  });

  // Mutation guarded: versions typed into the template instead of read from the lock; engines dropped.
  it('names the worker’s locked versions in package.json', async () => {
    const tree = await generate();
    const lock = readJson(tree, 'package-lock.json') as { packages: Record<string, { devDependencies?: Record<string, string>; engines?: unknown }> };
    const worker = lock.packages['services/worker']!;
    const manifest = readJson(tree, 'services/demo-node/package.json') as { name: string; devDependencies: Record<string, string>; engines: unknown; dependencies?: unknown };
    expect(manifest.name).toBe('@polystage/demo-node');
    expect(Object.keys(manifest.devDependencies)).toEqual(node.npm!.devDependencies);
    for (const [name, version] of Object.entries(manifest.devDependencies)) expect(version, name).toBe(worker.devDependencies![name]);
    expect(manifest.engines).toEqual(worker.engines);
    expect(manifest.dependencies).toBeUndefined();
  });
});
