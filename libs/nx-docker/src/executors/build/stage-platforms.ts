/**
 * Which platforms a stage build makes. The prod stage (docker-prod, and docker-publish after it):
 * BUILD_PLATFORMS, else the target's `platforms`, else the host's. Every other stage builds for
 * the host only: test and dev images run here, and BUILD_PLATFORMS must not multiply them.
 */
import { hostPlatform, resolvePlatforms, type Builder, type Platform } from '@polystage/docker';
import { PROD_STAGE } from '../../plugins/targets.ts';

/** The prod stage's platforms, host first when it is among them; undefined for other stages (no `--platform`). */
export function stagePlatforms(
  options: { target: string; platforms?: readonly string[] },
  builder: Builder,
  env: NodeJS.ProcessEnv = process.env,
  host: Platform = hostPlatform(),
): Platform[] | undefined {
  if (options.target !== PROD_STAGE) {
    if (options.platforms?.length) throw new Error(`platforms is set on the ${options.target} stage's target, but only the ${PROD_STAGE} stage is built for several platforms: remove it there.`);
    return undefined;
  }
  const platforms = resolvePlatforms(options.platforms, env, host);
  const foreign = platforms.filter((platform) => platform !== host);
  if (foreign.length > 0 && builder.kind === 'engine') {
    throw new Error(`Building ${foreign.join(', ')} on this ${host} host needs the buildx builder, and this run uses the engine's own BuildKit (${builder.reason}): run \`npm run setup\` and unset BUILDER, or build ${host} only.`);
  }
  return [...platforms].sort((a, b) => Number(b === host) - Number(a === host));
}
