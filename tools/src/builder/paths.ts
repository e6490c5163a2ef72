import { join } from 'node:path';

/**
 * Where setup's daemons keep their state, sockets, pid files and logs: one folder per machine
 * (root's), overridable for tests with POLYSTAGE_STATE_DIR.
 */
export function builderPaths(env: NodeJS.ProcessEnv = process.env) {
  const state = env['POLYSTAGE_STATE_DIR'] ?? '/var/lib/polystage';
  const registryDir = join(state, 'mirror-registry');
  return {
    state,
    buildkitDir: join(state, 'buildkit'),
    registryDir,
    registryPidFile: join(registryDir, 'registry.pid'),
    // Loopback only; a port of its own, apart from the 5000 a team's own local registry usually takes.
    registryHost: env['POLYSTAGE_MIRROR_REGISTRY'] ?? '127.0.0.1:5123',
  };
}
