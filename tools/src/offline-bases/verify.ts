import { execa } from 'execa';
import { builderInvocation, type DockerCli } from '@polystage/nx-docker';
import { checkVersions, VERSIONS_LABEL, type CheckedVersions, type ProbeOutputs, type VersionPromise } from './versions.ts';

/** Runs `entrypoint args` in `image` (no shell: exec form) and returns stdout and stderr together. */
export type ImageCommandRunner = (image: string, entrypoint: string, args: readonly string[]) => Promise<string>;

export function dockerRunner(cli: DockerCli): ImageCommandRunner {
  return async (image, entrypoint, args) => {
    const result = await execa(cli.path, ['run', '--rm', '--network', 'none', '--entrypoint', entrypoint, image, ...args], {
      reject: false,
      all: true,
      stdin: 'ignore',
      timeout: 120_000,
    });
    return String(result.all ?? result.message ?? '');
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
  cli: DockerCli,
  candidate: string,
  subject: { ref: string; recipeDir: string; tag: string },
  promises: readonly VersionPromise[],
  previousLabel: string | undefined,
  run: ImageCommandRunner = dockerRunner(cli),
): Promise<CheckedVersions> {
  const checked = checkVersions(subject, promises, await probeVersions(candidate, promises, run), previousLabel);
  await relabel(cli, candidate, subject.tag, { [VERSIONS_LABEL]: checked.label }, checked.env);
  return checked;
}

/** `FROM <image>` + ENV, built from stdin with labels: a new config over the same layers. */
export function relabelDockerfile(from: string, env: Record<string, string>): string {
  const lines = [`FROM ${from}`, ...Object.entries(env).map(([name, value]) => `ENV ${name}=${value}`)];
  return `${lines.join('\n')}\n`;
}

async function relabel(cli: DockerCli, from: string, tag: string, labels: Record<string, string>, env: Record<string, string>): Promise<void> {
  const invocation = builderInvocation(cli.mode);
  const args = [...invocation.args, '--quiet', '--tag', tag, ...Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]), '-'];
  const result = await execa(cli.path, args, { env: invocation.env, input: relabelDockerfile(from, env), reject: false, all: true });
  if (result.exitCode !== 0) {
    throw new Error(`Tagging the checked stand-in ${tag} (docker build FROM ${from} with its versions label) failed with exit code ${result.exitCode}:\n${String(result.all).slice(-2000)}`);
  }
}
