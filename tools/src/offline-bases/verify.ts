import { buildArgv, engineBuildKit, hostPlatform, outputTail, runBuild, runToCompletion, type Engine, type Platform } from '@polystage/docker';
import { checkVersions, VERSIONS_LABEL, type CheckedVersions, type ProbeOutputs, type VersionPromise } from './versions.ts';

/** Runs `entrypoint args` in `image` (no shell: exec form) and returns stdout and stderr together. */
export type ImageCommandRunner = (image: string, entrypoint: string, args: readonly string[]) => Promise<string>;

/** Version probes run with no network: a stand-in answers about itself, never about what it could fetch. */
export function dockerRunner(engine: Pick<Engine, 'client'>): ImageCommandRunner {
  return async (image, entrypoint, args) => {
    const result = await runToCompletion(engine, { image, entrypoint, args, network: 'none' });
    return [result.stdout, result.stderr].filter(Boolean).join('\n');
  };
}

/** What each promised tool says its version is, read from the built image itself. */
export async function probeVersions(image: string, promises: readonly VersionPromise[], run: ImageCommandRunner): Promise<ProbeOutputs> {
  const outputs: ProbeOutputs = {};
  for (const promise of promises) outputs[promise.tool] = await run(image, promise.probe.entrypoint, promise.probe.args);
  return outputs;
}

/**
 * Probes a freshly built candidate, checks it against its promises (throws StandInVersionError on
 * a different series) and only then tags it as the stand-in, with the versions label and the
 * version ENV set to what it really has. A refused candidate never replaces the previous stand-in.
 */
export async function verifyAndTag(
  engine: Pick<Engine, 'client' | 'clientVersion' | 'mode'>,
  candidate: string,
  subject: { ref: string; recipeDir: string; tag: string; platform?: Platform },
  promises: readonly VersionPromise[],
  previousLabel: string | undefined,
  run: ImageCommandRunner = dockerRunner(engine),
): Promise<CheckedVersions> {
  const checked = checkVersions(subject, promises, await probeVersions(candidate, promises, run), previousLabel);
  await relabel(engine, candidate, subject.tag, { [VERSIONS_LABEL]: checked.label }, checked.env, subject.platform);
  return checked;
}

/** `FROM <image>` + ENV, built from stdin with labels: a new config over the same layers. */
export function relabelDockerfile(from: string, env: Record<string, string>): string {
  const lines = [`FROM ${from}`, ...Object.entries(env).map(([name, value]) => `ENV ${name}=${value}`)];
  return `${lines.join('\n')}\n`;
}

async function relabel(engine: Pick<Engine, 'client' | 'clientVersion' | 'mode'>, from: string, tag: string, labels: Record<string, string>, env: Record<string, string>, platform?: Platform): Promise<void> {
  // The engine's BuildKit uses a local image only for the build's platform: say it for another one.
  const foreign = platform && platform !== hostPlatform() ? { platforms: [platform] } : {};
  const command = buildArgv(engineBuildKit(engine), { context: '-', quiet: true, tags: [tag], labels, ...foreign });
  const run = await runBuild(engine, command, { input: relabelDockerfile(from, env) });
  if (run.exitCode !== 0) {
    throw new Error(`Tagging the checked stand-in ${tag} (docker build FROM ${from} with its versions label) failed with exit code ${run.exitCode}:\n${outputTail(run, 40)}`);
  }
}
