import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../offline-bases/test-tmp.ts';
import { installDockerPlugin, userPluginPath } from './docker-plugin.ts';
import type { Run } from './run.ts';

const tempDir = tempDirs('toolchain-plugin-');

/** Each "binary" is a text file; `version` prints it. */
const run: Run = async (file) => ({ notFound: false, exitCode: 0, stdout: await readFile(file, 'utf8'), stderr: '' });

async function setup(binary = 'docker-buildx', says = 'github.com/docker/buildx v0.38.2\n') {
  const root = await tempDir();
  const source = join(root, 'build', binary);
  await mkdir(join(root, 'build'));
  await writeFile(source, says);
  const systemDir = join(root, 'usr-libexec');
  const lines: string[] = [];
  const options = { env: { DOCKER_CONFIG: join(root, 'docker-config') }, log: (line: string) => lines.push(line), run, systemDirs: [systemDir] };
  return { source, systemDir, lines, options, target: join(root, 'docker-config', 'cli-plugins', binary) };
}

describe('installDockerPlugin', () => {
  it('copies the pinned buildx into the user plugin folder, executable, and then leaves it alone', async () => {
    const { source, lines, options, target } = await setup();
    expect(await installDockerPlugin(source, 'v0.38.2', options)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe(await readFile(source, 'utf8'));
    expect((await stat(target)).mode & 0o777).toBe(0o755);
    expect(lines).toEqual([`docker-buildx: installed the pinned v0.38.2 at ${target}`]);
    // No temp file left where the docker CLI looks for plugins.
    expect(await readdir(join(target, '..'))).toEqual(['docker-buildx']);

    await installDockerPlugin(source, 'v0.38.2', options);
    expect(lines).toHaveLength(1);
  });

  it("replaces another buildx in the user's folder and shadows the system one, saying which", async () => {
    const { source, systemDir, lines, options, target } = await setup();
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, 'github.com/docker/buildx v0.29.0 abc\n');
    await chmod(target, 0o755);
    await mkdir(systemDir, { recursive: true });
    await writeFile(join(systemDir, 'docker-buildx'), 'github.com/docker/buildx 0.13.1+ds1-3\n');

    await installDockerPlugin(source, 'v0.38.2', options);
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
    await installDockerPlugin(source, 'v0.38.2', options);
    expect(lines).toEqual([`docker-buildx: replaced ${target} (a buildx of unknown version) with the pinned v0.38.2`]);
  });

  it('installs docker-compose beside docker-buildx, each under its own name, each replaced on its own', async () => {
    const buildx = await setup();
    const compose = await setup('docker-compose', 'Docker Compose version v5.6.0\n');
    const options = { ...compose.options, env: buildx.options.env };
    const target = join(buildx.target, '..', 'docker-compose');
    await installDockerPlugin(buildx.source, 'v0.38.2', buildx.options);
    await writeFile(target, 'Docker Compose version v2.20.2\n');
    await mkdir(compose.systemDir, { recursive: true });
    await writeFile(join(compose.systemDir, 'docker-compose'), 'Docker Compose version 2.26.1-4\n');

    expect(await installDockerPlugin(compose.source, 'v5.6.0', options)).toBe(target);
    expect((await readdir(join(target, '..'))).sort()).toEqual(['docker-buildx', 'docker-compose']);
    expect(await readFile(target, 'utf8')).toBe('Docker Compose version v5.6.0\n');
    expect(await readFile(buildx.target, 'utf8')).toContain('buildx v0.38.2');
    expect(compose.lines).toEqual([
      `docker-compose: replaced ${target} (compose v2.20.2) with the pinned v5.6.0; the docker CLI uses it ahead of ${join(compose.systemDir, 'docker-compose')} (compose 2.26.1-4)`,
    ]);
  });

  it('refuses a binary the docker CLI would not take for a plugin, naming the rule', async () => {
    const { options } = await setup();
    const { source } = await setup('compose', 'v5.6.0');
    await expect(installDockerPlugin(source, 'v5.6.0', options)).rejects.toThrow(/^.*\/compose is not a docker CLI plugin: the CLI only runs binaries named docker-<command> from cli-plugins\.$/);
  });

  it('follows DOCKER_CONFIG, else ~/.docker', () => {
    expect(userPluginPath('docker-buildx', { DOCKER_CONFIG: '/d' })).toBe('/d/cli-plugins/docker-buildx');
    expect(userPluginPath('docker-compose', {})).toMatch(/\/\.docker\/cli-plugins\/docker-compose$/);
  });
});
