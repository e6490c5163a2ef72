import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../offline-bases/test-tmp.ts';
import { installBuildxPlugin, userPluginPath } from './buildx-plugin.ts';
import type { Run } from './run.ts';

const tempDir = tempDirs('toolchain-plugin-');

/** Each "binary" is a text file; `version` prints it. */
const run: Run = async (file) => ({ notFound: false, exitCode: 0, stdout: await readFile(file, 'utf8'), stderr: '' });

async function setup() {
  const root = await tempDir();
  const source = join(root, 'docker-buildx');
  await writeFile(source, 'github.com/docker/buildx v0.38.2\n');
  const systemDir = join(root, 'usr-libexec');
  const lines: string[] = [];
  const options = { env: { DOCKER_CONFIG: join(root, 'docker-config') }, log: (line: string) => lines.push(line), run, systemDirs: [systemDir] };
  return { source, systemDir, lines, options, target: join(root, 'docker-config', 'cli-plugins', 'docker-buildx') };
}

describe('installBuildxPlugin', () => {
  it('copies the pinned buildx into the user plugin folder, executable, and then leaves it alone', async () => {
    const { source, lines, options, target } = await setup();
    expect(await installBuildxPlugin(source, 'v0.38.2', options)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe(await readFile(source, 'utf8'));
    expect((await stat(target)).mode & 0o777).toBe(0o755);
    expect(lines).toEqual([`docker-buildx: installed the pinned v0.38.2 at ${target}`]);
    // No temp file left where the docker CLI looks for plugins.
    expect(await readdir(join(target, '..'))).toEqual(['docker-buildx']);

    await installBuildxPlugin(source, 'v0.38.2', options);
    expect(lines).toHaveLength(1);
  });

  it("replaces another buildx in the user's folder and shadows the system one, saying which", async () => {
    const { source, systemDir, lines, options, target } = await setup();
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, 'github.com/docker/buildx v0.29.0 abc\n');
    await chmod(target, 0o755);
    await mkdir(systemDir, { recursive: true });
    await writeFile(join(systemDir, 'docker-buildx'), 'github.com/docker/buildx 0.13.1+ds1-3\n');

    await installBuildxPlugin(source, 'v0.38.2', options);
    expect(await readFile(target, 'utf8')).toContain('v0.38.2');
    expect(lines).toEqual([
      `docker-buildx: replaced ${target} (buildx v0.29.0) with the pinned v0.38.2; the docker CLI uses it ahead of ${join(systemDir, 'docker-buildx')} (buildx 0.13.1+ds1-3)`,
    ]);
    expect(existsSync(join(systemDir, 'docker-buildx'))).toBe(true);
  });

  it('names a buildx that does not say its version as such', async () => {
    const { source, lines, options, target } = await setup();
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, 'not a buildx\n');
    await installBuildxPlugin(source, 'v0.38.2', options);
    expect(lines).toEqual([`docker-buildx: replaced ${target} (a buildx of unknown version) with the pinned v0.38.2`]);
  });

  it('follows DOCKER_CONFIG, else ~/.docker', () => {
    expect(userPluginPath({ DOCKER_CONFIG: '/d' })).toBe('/d/cli-plugins/docker-buildx');
    expect(userPluginPath({})).toMatch(/\/\.docker\/cli-plugins\/docker-buildx$/);
  });
});
