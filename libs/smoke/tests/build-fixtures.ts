// vitest globalSetup for the kit's integration tests: builds the fixture images
// locally, with no registry and no network. The Node binary running the tests is
// copied into a scratch image together with its shared libraries, taken from the
// local Debian stand-in. Fails loudly (never skips) when the engine or the base is missing.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { FIXTURE_STAGES, fixtureImage } from './fixture-images.ts';

const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The classic 20.10 client has BuildKit built in; newer clients without buildx cannot build with it. */
function dockerCli(): string {
  if (process.env['DOCKER_CLI']) return process.env['DOCKER_CLI'];
  return existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
}

/** Same convention as the Dockerfiles: BASE_IMAGE_MIRROR prefixes the official ref. */
export function fixtureBaseImage(): string {
  if (process.env['SMOKE_FIXTURE_BASE_IMAGE']) return process.env['SMOKE_FIXTURE_BASE_IMAGE'];
  return `${process.env['BASE_IMAGE_MIRROR'] || 'polystage.local'}/debian:trixie-slim`;
}

async function copyIfChanged(from: string, to: string): Promise<void> {
  const [source, target] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
  if (target && target.size === source.size && target.mtimeMs >= source.mtimeMs) return;
  await copyFile(from, to);
}

export default async function buildFixtures(): Promise<void> {
  process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
  const docker = dockerCli();
  const engine = await execa(docker, ['version', '--format', '{{.Server.Version}}'], { reject: false });
  if (engine.exitCode !== 0) {
    throw new Error(
      `The smoke kit's integration tests need a Docker engine, and \`${docker} version\` found none ` +
        `(${engine.stderr.trim() || engine.shortMessage}). Run \`npm run doctor\` to see how to start one.`,
    );
  }
  const base = fixtureBaseImage();
  const baseCheck = await execa(docker, ['image', 'inspect', '--format', '{{.Id}}', base], { reject: false });
  if (baseCheck.exitCode !== 0) {
    throw new Error(
      `The fixture base image ${base} is not in the local engine (nothing can be pulled here). ` +
        'Run `npm run bases` to build the offline base images, or set SMOKE_FIXTURE_BASE_IMAGE to a local Debian trixie image.',
    );
  }

  // A stable context dir, so BuildKit's context transfer and layer cache are reused between runs.
  const context = path.join(os.tmpdir(), `polystage-smoke-fixtures-${process.getuid?.() ?? 'user'}`);
  await mkdir(context, { recursive: true });
  await copyFile(path.join(FIXTURES_DIR, 'Dockerfile'), path.join(context, 'Dockerfile'));
  await copyFile(path.join(FIXTURES_DIR, 'server.mjs'), path.join(context, 'server.mjs'));
  await copyIfChanged(process.execPath, path.join(context, 'node'));

  for (const stage of FIXTURE_STAGES) {
    const build = await execa(
      docker,
      ['build', '--target', stage, '--tag', fixtureImage(stage), '--build-arg', `DEBIAN_IMAGE=${base}`, context],
      { env: { DOCKER_BUILDKIT: '1' }, reject: false, all: true },
    );
    if (build.exitCode !== 0) {
      throw new Error(`Building fixture image ${fixtureImage(stage)} failed:\n${build.all.split('\n').slice(-25).join('\n')}`);
    }
  }
}
