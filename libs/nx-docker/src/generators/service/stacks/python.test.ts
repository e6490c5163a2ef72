import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readJson, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../dockerfile/parse.ts';
import { stageClosure } from '../../../dockerfile/stage-closure.ts';
import { REPO_ROOT, repoTree } from '../../test-tree.ts';
import { imageArgs } from '../base-images.ts';
import serviceGenerator from '../generator.ts';
import { python } from './python.ts';

const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';
const API = 'services/api/Dockerfile';
const repoFile = (path: string): string => readFileSync(resolve(REPO_ROOT, path), 'utf8');
const templateFile = (path: string): string => readFileSync(join(python.files, path), 'utf8');

async function generate(options: { name?: string; port?: string } = {}): Promise<Tree> {
  const tree = repoTree();
  await serviceGenerator(tree, { name: options.name ?? 'demo-python', stack: 'python', ...(options.port && { port: options.port }) });
  return tree;
}

/** name -> version of every [[package]] in a uv.lock. */
function lockedVersions(lock: string): Map<string, string> {
  const packages = [...lock.matchAll(/^\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"$/gm)];
  return new Map(packages.map((match) => [match[1]!, match[2]!]));
}

/** The requirement strings of a pyproject.toml array (`dependencies = [...]`, `dev = [...]`). */
function requirements(pyproject: string, key: string): string[] {
  const block = new RegExp(`^${key} = \\[\\n([\\s\\S]*?)^\\]`, 'm').exec(pyproject)?.[1] ?? '';
  return [...block.matchAll(/^\s+"([^"]+)"/gm)].map((match) => match[1]!);
}

describe('service generator, python stack', () => {
  it('renders every file with every placeholder filled', async () => {
    const tree = await generate();
    const files = tree.listChanges().map((change) => change.path).filter((path) => path.startsWith('services/demo-python/')).sort();
    expect(files).toEqual([
      'services/demo-python/Dockerfile',
      'services/demo-python/README.md',
      'services/demo-python/project.json',
      'services/demo-python/pyproject.toml',
      'services/demo-python/requirements-uv.txt',
      'services/demo-python/smoke/prod.smoke.test.ts',
      'services/demo-python/smoke/tsconfig.json',
      'services/demo-python/src/app/__init__.py',
      'services/demo-python/src/app/__main__.py',
      'services/demo-python/src/app/config.py',
      'services/demo-python/src/app/healthcheck.py',
      'services/demo-python/src/app/logs.py',
      'services/demo-python/src/app/main.py',
      'services/demo-python/src/app/server.py',
      'services/demo-python/tests/conftest.py',
      'services/demo-python/tests/test_config.py',
      'services/demo-python/tests/test_logs.py',
      'services/demo-python/tests/test_process.py',
      'services/demo-python/tests/test_server.py',
      'services/demo-python/uv.lock',
    ]);
    // Python's own `if __name__ == "__main__"` is content; only a path placeholder would be a leftover.
    for (const file of files) expect(read(tree, file), file).not.toMatch(/<%|%>/);
    expect(files.filter((file) => file.includes('__name__'))).toEqual([]);
    expect(read(tree, 'services/demo-python/src/app/config.py')).toContain('SHUTDOWN_TIMEOUT_VAR = "DEMO_PYTHON_SHUTDOWN_TIMEOUT_SECONDS"');
    expect(read(tree, 'services/demo-python/pyproject.toml')).toMatch(/^name = "polystage-demo-python"$/m);
    expect(readJson(tree, 'services/demo-python/project.json').tags).toEqual(['lang:python', 'type:service']);
    expect(read(tree, 'services/demo-python/smoke/prod.smoke.test.ts')).toContain("      '/opt/demo-python/deps/pip',\n");
  });

  // Mutation guarded: a line that fits for demo-python but not for the longest name breaks `ruff check` (E501) or
  // `ruff format --check` in the test stage of every service with a long name.
  it('keeps every Python line within ruff’s 120 columns for the longest service name', async () => {
    const name = `a${'b'.repeat(61)}z`;
    const tree = await generate({ name });
    const sources = tree.listChanges().map((change) => change.path).filter((path) => path.endsWith('.py'));
    expect(sources.length).toBeGreaterThan(5);
    for (const path of sources) {
      for (const line of read(tree, path).split('\n')) expect(line.length, `${path}: ${line}`).toBeLessThanOrEqual(120);
    }
    expect(read(tree, `services/${name}/pyproject.toml`)).toMatch(/^line-length = 120$/m);
  });

  // Mutation guarded: a stage renamed, dropped or reordered; dev built into prod; the dev user or reload lost.
  it('has the api’s stages in the api’s order, dev outside prod’s closure', async () => {
    const tree = await generate();
    const text = read(tree, 'services/demo-python/Dockerfile');
    const model = parseDockerfile(text, 'services/demo-python/Dockerfile');
    const stages = model.stages.map((stage) => stage.name);
    expect(stages).toEqual(['deps', 'test', 'build', 'dev', 'runtime', 'prod']);
    expect(stages).toEqual(parseDockerfile(read(tree, API), API).stages.map((stage) => stage.name));
    expect(stageClosure(model, 'prod').map((stage) => stage.name)).not.toContain('dev');
    expect(text).toMatch(/FROM deps AS dev\n[\s\S]*^USER 65534$[\s\S]*"uvicorn", "app\.main:create", "--factory", \\\n\s+"--reload"/m);
    expect(text).toMatch(/FROM runtime AS prod[\s\S]*^USER 65532:0$[\s\S]*ENTRYPOINT \["\/usr\/bin\/python3", "-m", "app"\]/m);
    expect(text).toMatch(/ruff check --no-cache \. \\\n && \S+ruff format --check --no-cache \./);
    expect(text).not.toMatch(/^# syntax=/m);
    expect(text.split('\n').filter((line) => !line.startsWith('#')).join('\n')).not.toMatch(/<<EOF|COPY --link/);
  });

  // Mutation guarded: a network step without the ca-bundle secret or its cache mount.
  it('mounts the ca-bundle secret and a cache on every step that downloads', async () => {
    const text = read(await generate(), 'services/demo-python/Dockerfile');
    const runs = text.split(/\n(?=RUN )/).filter((block) => block.startsWith('RUN ')).map((block) => block.split(/\n(?![ \t])/)[0]!);
    // uv and the deps (pip, uv sync), the dev deps (test), the target's wheels (build: uv pip install).
    const downloads = runs.filter((run) => /pip install|uv sync/.test(run));
    expect(downloads).toHaveLength(4);
    for (const run of downloads) {
      expect(run).toContain('--mount=type=secret,id=ca-bundle,target=/etc/ssl/certs/ca-certificates.crt,required=false');
      expect(run).toMatch(/--mount=type=cache,target=\/root\/\.cache\/(pip|uv)/);
    }
  });

  it('takes the api’s base images, and its fallback is what the api uses today', async () => {
    const tree = await generate();
    expect(imageArgs(read(tree, 'services/demo-python/Dockerfile'))).toEqual(imageArgs(read(tree, API)));
    expect(imageArgs(read(tree, API))).toEqual(python.baseImages.fallback);
  });

  // Mutation guarded: --port ignored anywhere (config default, probe default, EXPOSE, ENV, dev's uvicorn, smoke, compose).
  it('uses --port everywhere the port appears', async () => {
    const tree = await generate({ port: '9000' });
    const dockerfile = read(tree, 'services/demo-python/Dockerfile');
    expect(dockerfile.match(/^EXPOSE 9000$/gm)).toHaveLength(2);
    expect(dockerfile.match(/ PORT=9000\b/g)).toHaveLength(2);
    expect(dockerfile).toContain('"--port", "9000"');
    expect(dockerfile).not.toContain('8000');
    expect(read(tree, 'services/demo-python/src/app/config.py')).toMatch(/^ {4}port: int = 9000$/m);
    expect(read(tree, 'services/demo-python/src/app/healthcheck.py')).toContain("os.environ.get('PORT', '9000')");
    expect(read(tree, 'services/demo-python/smoke/prod.smoke.test.ts')).toContain('port: 9000');
    const compose = parse(read(tree, 'compose.yaml')) as { services: Record<string, { environment?: Record<string, string> }> };
    expect(compose.services['demo-python']?.environment).toEqual({ PORT: '9000' });
  });

  it('adds a compose.dev.yaml entry syncing src/ and rebuilding on the manifests, paths that exist', async () => {
    const tree = await generate();
    const dev = parse(read(tree, 'compose.dev.yaml')) as { services: Record<string, { develop: { watch: { action: string; path: string; target?: string }[] } }> };
    const watch = dev.services['demo-python']!.develop.watch;
    expect(watch).toContainEqual({ action: 'sync', path: 'services/demo-python/src', target: '/src/services/demo-python/src', ignore: ['__pycache__/'] });
    expect(watch.filter((rule) => rule.action === 'rebuild').map((rule) => rule.path)).toEqual(['pyproject.toml', 'uv.lock', 'requirements-uv.txt', 'Dockerfile'].map((file) => `services/demo-python/${file}`));
    for (const rule of watch) expect(tree.exists(rule.path), rule.path).toBe(true);
  });
});

// The generated service must build on a machine without uv, so its lock ships as a template. These keep it the api's.
describe('python stack lock, against services/api', () => {
  const lock = templateFile('uv.lock.template');
  const apiVersions = lockedVersions(repoFile('services/api/uv.lock'));

  it('locks every package at the version services/api/uv.lock has (regenerate: the comment atop stacks/python.ts)', () => {
    const versions = [...lockedVersions(lock)].filter(([name]) => !name.startsWith('polystage-'));
    expect(versions.length).toBeGreaterThan(10);
    expect(Object.fromEntries(versions)).toEqual(Object.fromEntries(versions.map(([name]) => [name, apiVersions.get(name)])));
  });

  it('asks for the api’s version ranges, and its lock is of that pyproject.toml', () => {
    const pyproject = templateFile('pyproject.toml.template');
    const api = repoFile('services/api/pyproject.toml');
    const ranges = (text: string, key: string) => new Map(requirements(text, key).map((req) => [/^[a-z0-9-]+/.exec(req)![0], req]));
    for (const key of ['dependencies', 'dev']) {
      const ours = ranges(pyproject, key);
      expect(ours.size, key).toBeGreaterThan(1);
      for (const [name, req] of ours) expect(ranges(api, key).get(name), name).toBe(req);
      // The lock's record of the manifest (uv sync --frozen installs the lock without comparing).
      for (const [name, req] of ours) expect(lock).toContain(`{ name = "${name}", specifier = "${req.slice(name.length)}" }`);
    }
    expect(lock).toContain('name = "polystage-<%= name %>"');
    expect(pyproject).toContain('name = "polystage-<%= name %>"');
  });

  it('installs the uv the api pins', () => {
    expect(templateFile('requirements-uv.txt.template')).toBe(repoFile('services/api/requirements-uv.txt'));
  });
});
