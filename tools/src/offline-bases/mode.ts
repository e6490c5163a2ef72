import { execa } from 'execa';
import { OFFLINE_MIRROR, resolveMirror, writeMirrorDecision, type DockerCli } from '@polystage/nx-docker';

export interface MirrorChoice {
  /** Prefix stand-ins are tagged under; undefined when official images can be pulled. */
  mirror: string | undefined;
  /** One line to print when this run switched the machine to offline mode. */
  announcement?: string;
}

/** How long a pull probe may take before the registry counts as unreachable. */
const PROBE_TIMEOUT_MS = 20_000;

/**
 * BASE_IMAGE_MIRROR wins; then the machine's remembered decision; otherwise one `docker pull` of a
 * needed official image decides, and a failure switches the machine to offline stand-ins for good
 * (delete .polystage/base-images.json to probe again).
 */
export async function chooseMirror(workspaceRoot: string, cli: DockerCli, probeRef: string, env: NodeJS.ProcessEnv = process.env): Promise<MirrorChoice> {
  const known = await resolveMirror(workspaceRoot, env);
  if (known) return { mirror: known.mirror };
  const pull = await execa(cli.path, ['pull', '--quiet', probeRef], { reject: false, all: true, stdin: 'ignore', timeout: PROBE_TIMEOUT_MS });
  if (pull.exitCode === 0 && !pull.timedOut) return { mirror: undefined };
  const why = pull.timedOut ? `timed out after ${PROBE_TIMEOUT_MS / 1000}s` : (String(pull.all).split('\n').find(Boolean) ?? `exit ${pull.exitCode}`);
  await writeMirrorDecision(workspaceRoot, { mirror: OFFLINE_MIRROR, reason: `docker pull ${probeRef} failed: ${why}` });
  return {
    mirror: OFFLINE_MIRROR,
    announcement: `offline bases: cannot pull ${probeRef} (${why.slice(0, 160)}); using local stand-ins tagged ${OFFLINE_MIRROR}/<ref> from now on (decision saved in .polystage/base-images.json).`,
  };
}
