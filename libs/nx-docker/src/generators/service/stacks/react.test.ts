import { readJson, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../dockerfile/parse.ts';
import { stageClosure } from '../../../dockerfile/stage-closure.ts';
import { repoTree } from '../../test-tree.ts';
import { imageArgs } from '../base-images.ts';
import { FRAGMENTS, renderFragment } from '../fragments/index.ts';
import serviceGenerator from '../generator.ts';
import { react } from './react.ts';

const read = (tree: Tree, path: string): string => tree.read(path, 'utf8') ?? '';
const WEB = 'services/web';

async function generate(port?: string): Promise<Tree> {
  const tree = repoTree();
  await serviceGenerator(tree, { name: 'demo-react', stack: 'react', ...(port && { port }) });
  return tree;
}

describe('service generator, react stack', () => {
  it('renders every file with every placeholder filled', async () => {
    const tree = await generate();
    const files = tree.listChanges().map((change) => change.path).filter((path) => path.startsWith('services/demo-react/')).sort();
    expect(files).toEqual([
      'services/demo-react/Dockerfile',
      'services/demo-react/README.md',
      'services/demo-react/index.html',
      'services/demo-react/package.json',
      'services/demo-react/project.json',
      'services/demo-react/public/favicon.svg',
      'services/demo-react/scripts/precompress.test.ts',
      'services/demo-react/scripts/precompress.ts',
      'services/demo-react/server/nginx-rootfs.sh',
      'services/demo-react/server/nginx.conf',
      'services/demo-react/server/security-headers.conf',
      'services/demo-react/smoke/prod.smoke.test.ts',
      'services/demo-react/smoke/tsconfig.json',
      'services/demo-react/src/App.tsx',
      'services/demo-react/src/echo.test.ts',
      'services/demo-react/src/echo.ts',
      'services/demo-react/src/main.tsx',
      'services/demo-react/src/styles.css',
      'services/demo-react/tsconfig.json',
      'services/demo-react/vite.config.ts',
      'services/demo-react/vite.dev.config.ts',
    ]);
    for (const file of files) expect(read(tree, file), file).not.toMatch(/<%|%>|__name__/);
    expect(read(tree, 'services/demo-react/index.html')).toContain('<title>demo-react</title>');
  });

  // Mutation guarded: the common echo spec left in place (a static server cannot answer POST).
  it('replaces the common smoke spec with the SPA’s: index.html, hashed assets, fallback, headers', async () => {
    const smoke = read(await generate(), 'services/demo-react/smoke/prod.smoke.test.ts');
    expect(smoke).not.toContain("path: '/echo'");
    expect(smoke).toContain("project: 'demo-react'");
    expect(smoke).toContain("expect(response.text).toContain('<title>demo-react</title>')");
    expect(smoke).toContain("path: '/some/deep/link'");
    expect(smoke).toContain("tmpfs: { '/tmp': '' }");
    expect(smoke).toContain("'/srv/demo-react/**/*.map'");
  });

  // Mutation guarded: a stage renamed, dropped or reordered; dev built into prod.
  it('has web’s stages in web’s order, dev outside prod’s closure', async () => {
    const tree = await generate();
    const model = parseDockerfile(read(tree, 'services/demo-react/Dockerfile'), 'services/demo-react/Dockerfile');
    const stages = model.stages.map((stage) => stage.name);
    expect(stages).toEqual(['lockfile', 'deps', 'test', 'build', 'dev', 'server', 'prod']);
    expect(stages).toEqual(parseDockerfile(read(tree, `${WEB}/Dockerfile`), 'web').stages.map((stage) => stage.name));
    expect(stageClosure(model, 'prod').map((stage) => stage.name)).not.toContain('dev');
    const dockerfile = read(tree, 'services/demo-react/Dockerfile');
    expect(dockerfile).toMatch(/FROM deps AS dev\n[\s\S]*^USER 65534$\n[\s\S]*CMD \["node", "\/src\/node_modules\/vite\/bin\/vite\.js", "--config", "vite\.dev\.config\.ts"\]/m);
    expect(dockerfile).toMatch(/FROM \$\{STATIC_IMAGE\} AS prod[\s\S]*^USER 65532:65532$/m);
    expect(dockerfile).toContain(`# ---------------------------------------------------------------------------\n${renderFragment(FRAGMENTS[0]!, 'services/demo-react')}\n# ----`);
  });

  it('takes web’s base images, and its fallback is what web uses today', async () => {
    const tree = await generate();
    expect(imageArgs(read(tree, 'services/demo-react/Dockerfile'))).toEqual(imageArgs(read(tree, `${WEB}/Dockerfile`)));
    expect(imageArgs(read(tree, `${WEB}/Dockerfile`))).toEqual(react.baseImages.fallback);
  });

  // Mutation guarded: a fix made to web's server files or precompress script and not to the templates (or back).
  it('serves with web’s server files and precompress script, only the port, root and names differing', async () => {
    const tree = await generate();
    for (const file of ['server/security-headers.conf', 'server/nginx-rootfs.sh', 'scripts/precompress.ts', 'scripts/precompress.test.ts']) {
      expect(read(tree, `services/demo-react/${file}`), file).toBe(read(tree, `${WEB}/${file}`));
    }
    const asWeb = read(tree, 'services/demo-react/server/nginx.conf').replaceAll('demo-react', 'web');
    expect(asWeb).toBe(read(tree, `${WEB}/server/nginx.conf`));
  });

  // Mutation guarded: --port ignored anywhere (nginx, EXPOSE, Vite's dev server, smoke, compose).
  it('uses --port everywhere the port appears', async () => {
    const tree = await generate('9000');
    expect(read(tree, 'services/demo-react/Dockerfile').match(/^EXPOSE \d+$/gm)).toEqual(['EXPOSE 9000', 'EXPOSE 9000']);
    expect(read(tree, 'services/demo-react/server/nginx.conf')).toContain('listen 9000 default_server;');
    expect(read(tree, 'services/demo-react/vite.dev.config.ts')).toContain("port: 9000, strictPort: true, allowedHosts: ['demo-react']");
    expect(read(tree, 'services/demo-react/smoke/prod.smoke.test.ts')).toContain('port: 9000');
    const compose = parse(read(tree, 'compose.yaml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string>; tmpfs?: string[] }> };
    // nginx.conf fixes the port, so compose passes no PORT nginx would ignore (web's entry has none either).
    expect(compose.services['demo-react']).toMatchObject({ tmpfs: ['/tmp'] });
    expect(compose.services['demo-react']?.environment).toBeUndefined();
    for (const file of tree.listChanges().filter((change) => change.path.startsWith('services/demo-react/'))) {
      expect(file.content?.toString() ?? '', file.path).not.toMatch(/\b8080\b/);
    }
  });

  it('names web’s locked React and toolchain versions in package.json', async () => {
    const tree = await generate();
    const web = (readJson(tree, 'package-lock.json') as { packages: Record<string, { dependencies: Record<string, string>; devDependencies: Record<string, string> }> }).packages['services/web']!;
    const manifest = readJson(tree, 'services/demo-react/package.json') as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(manifest.dependencies).toEqual({ react: web.dependencies['react'], 'react-dom': web.dependencies['react-dom'] });
    for (const [name, version] of Object.entries(manifest.devDependencies)) expect(version, name).toBe(web.devDependencies[name]);
  });
});
