// The dev system's compose invocation, shared by `npm run dev` (cli.ts) and the dev-loop bench:
// compose.yaml + compose.dev.yaml + the generated build override, on the engine and buildx builder
// every Nx build uses (libs/docker decides both once).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { connectEngine, resolveCaBundle, type Engine } from '@polystage/docker';
import { resolveMirror } from '@polystage/nx-docker';
import { ensureWorkerToken } from '../compose/worker-token.ts';
import { composeBuildOverride, serviceDockerfiles } from './compose-build.ts';

/** Generated per run (untracked, under dist/): the build args and CA secret of this machine. */
export const BUILD_OVERRIDE_FILE = join('dist', 'dev', 'compose.build.json');

/**
 * A copy of the CA bundle inside the project: compose builds through `buildx bake`, which reads
 * secret files only from folders it is allowed to (the build context's, here the repo root), and
 * asks for `--allow fs.read=<path>` otherwise, which compose cannot pass. The bundle is public
 * data (trusted roots); as a BuildKit secret it still never lands in a layer, and the root
 * .dockerignore keeps dist/ and *.pem out of every build context.
 */
export const CA_BUNDLE_COPY = join('dist', 'dev', 'ca-bundle.pem');

export interface DevCompose {
  engine: Engine;
  /** The docker client to run (`<client> compose …`). */
  client: string;
  /** `compose --project-name … --file …` up to the subcommand. */
  composeArgs: string[];
  env: NodeJS.ProcessEnv;
  /** One line on how images are built, for the log. */
  describe: string;
}

export interface DevComposeOptions {
  projectName?: string;
  env?: NodeJS.ProcessEnv;
}

export async function prepareDevCompose(root: string, options: DevComposeOptions = {}): Promise<DevCompose> {
  const env = { ...(options.env ?? process.env) };
  const engine = await connectEngine({ env });
  await ensureWorkerToken(root); // the secret compose.yaml mounts; setup makes it, this covers a skipped setup
  const mirror = (await resolveMirror(root, env))?.mirror;
  const hostCaBundle = resolveCaBundle(root, env);
  mkdirSync(join(root, 'dist', 'dev'), { recursive: true });
  const caBundle = hostCaBundle ? join(root, CA_BUNDLE_COPY) : undefined;
  if (hostCaBundle && caBundle) copyFileSync(hostCaBundle, caBundle);
  const override = composeBuildOverride(serviceDockerfiles(root), mirror, caBundle);
  writeFileSync(join(root, BUILD_OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);

  // compose builds through `docker buildx bake`, which reads BUILDX_BUILDER: the builder Nx builds on.
  if (engine.builder.kind === 'buildx') env['BUILDX_BUILDER'] = engine.builder.name;
  const composeArgs = [
    'compose',
    ...(options.projectName ? ['--project-name', options.projectName] : []),
    '--file', join(root, 'compose.yaml'),
    '--file', join(root, 'compose.dev.yaml'),
    '--file', join(root, BUILD_OVERRIDE_FILE),
  ];
  const describe = [
    `builder ${engine.builder.kind === 'buildx' ? engine.builder.name : "the engine's BuildKit"}`,
    mirror ? `base images from ${mirror}` : 'official base images',
    hostCaBundle ? `CA bundle ${hostCaBundle}` : 'no CA bundle',
    `build args in ${relative(root, join(root, BUILD_OVERRIDE_FILE))}`,
  ].join(', ');
  return { engine, client: engine.client, composeArgs, env, describe };
}
