import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { probeEngine } from '@polystage/docker';
import { aptInstall } from '../host-tools/ensure.ts';

export const DOCKERD_LOG = '/var/log/polystage-dockerd.log';
/** Debian's docker.io ships this client: 20.10, BuildKit built in, no buildx needed. */
export const DEBIAN_DOCKER_CLIENT = '/usr/bin/docker';

export interface InstallPlan {
  allowed: boolean;
  why: string;
}

/** Installing system packages is only done where it is clearly wanted and clearly possible. */
export function installPlan(options: { root: boolean; debian: boolean; ci: boolean; flag: boolean }): InstallPlan {
  if (!options.ci && !options.flag) return { allowed: false, why: 'pass --install (or run with CI=true) to let the doctor install and start an engine' };
  if (!options.root) return { allowed: false, why: 'installing an engine needs root; run as root or start Docker yourself' };
  if (!options.debian) return { allowed: false, why: 'automatic install knows Debian only (apt-get install docker.io); install Docker for this OS yourself' };
  return { allowed: true, why: options.flag ? '--install was given' : 'CI=true' };
}

/** apt-get installs docker.io if needed, then dockerd starts detached so it outlives this process. */
export async function installAndStartEngine(log: (line: string) => void, waitMs = 90_000): Promise<string> {
  if (!existsSync('/usr/sbin/dockerd')) {
    log('Installing Debian\'s docker.io (apt-get) ...');
    await aptInstall(['docker.io']);
  }
  log(`Starting dockerd in the background (log: ${DOCKERD_LOG}) ...`);
  const out = openSync(DOCKERD_LOG, 'a');
  // node's own spawn, not execa: the daemon must outlive this process, so nothing may wait on it.
  const daemon = spawn('/usr/sbin/dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  daemon.on('error', (error) => log(`dockerd failed to start: ${error.message}`));
  daemon.unref();
  closeSync(out);
  const started = Date.now();
  while (Date.now() - started < waitMs) {
    const status = await probeEngine(DEBIAN_DOCKER_CLIENT);
    if (status.answers) return status.serverVersion!;
    await new Promise((done) => setTimeout(done, 1000));
  }
  throw new Error(`dockerd did not answer within ${waitMs / 1000} s. Its log is ${DOCKERD_LOG}.`);
}
