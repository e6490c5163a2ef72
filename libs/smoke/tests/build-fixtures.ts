// vitest globalSetup for the kit's integration tests: builds the fixture images
// locally, with no registry and no network. The Node binary running the tests is
// copied into a scratch image together with its shared libraries, taken from the
// local Debian stand-in. Fails loudly (never skips) when the engine or the base is missing.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildArgv, connectEngine, engineBuildKit, inspectImage, outputTail, runBuild } from '@polystage/docker';
import { FIXTURE_STAGES, fixtureImage } from './fixture-images.ts';

const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

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
  // The engine smoke containers run on (the global setup before this one connected it too).
  const engine = await connectEngine().catch((error: Error) => {
    throw new Error(`The smoke kit's integration tests need a Docker engine: ${error.message}`);
  });
  const base = fixtureBaseImage();
  if (!(await inspectImage(engine, base))) {
    throw new Error(
      `The fixture base image ${base} is not in the engine at ${engine.host.url} (nothing can be pulled here). ` +
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
    const command = buildArgv(engineBuildKit(engine), { context, target: stage, tags: [fixtureImage(stage)], buildArgs: { DEBIAN_IMAGE: base } });
    const run = await runBuild(engine, command);
    if (run.exitCode !== 0) throw new Error(`Building fixture image ${fixtureImage(stage)} failed:\n${outputTail(run)}`);
  }
}
