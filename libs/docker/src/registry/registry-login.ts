/**
 * Credentials for a push: the user's docker config (`docker login`), or REGISTRY_USERNAME and
 * REGISTRY_PASSWORD, which go into a throwaway docker config for this one push, so the user's
 * config is never written. buildx's builders and CLI plugins are linked into it, so
 * `--builder polystage` still resolves.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RegistryLogin {
  /** Added to the environment of every docker command of the push. */
  env: Record<string, string>;
  /** `docker config` or `REGISTRY_USERNAME`: for messages. */
  source: string;
  dispose(): Promise<void>;
}

/** The docker config folder the client reads. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['DOCKER_CONFIG'] ?? join(homedir(), '.docker');
}

/** `registry.example:5000/acme` -> `registry.example:5000`: the host a login is for. */
export function registryHost(registry: string): string {
  return registry.split('/')[0]!;
}

export async function registryLogin(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryLogin> {
  const username = env['REGISTRY_USERNAME'];
  const password = env['REGISTRY_PASSWORD'];
  if (!username && !password) return { env: {}, source: `docker config (${dockerConfigDir(env)})`, dispose: async () => {} };
  if (!username || !password) throw new Error('REGISTRY_USERNAME and REGISTRY_PASSWORD go together; set both, or neither to use `docker login`.');
  const dir = await mkdtemp(join(tmpdir(), 'polystage-login-'));
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [registryHost(registry)]: { auth } } }), { mode: 0o600 });
  const user = dockerConfigDir(env);
  for (const shared of ['buildx', 'cli-plugins']) {
    if (existsSync(join(user, shared))) await symlink(join(user, shared), join(dir, shared));
  }
  return { env: { DOCKER_CONFIG: dir }, source: 'REGISTRY_USERNAME', dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Whether a registry is on this machine: `localhost`, `127.x`, `[::1]`. Docker talks plain HTTP to those. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registryHost(registry).replace(/:\d+$/, '');
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}
