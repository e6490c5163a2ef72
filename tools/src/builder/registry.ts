/**
 * A real OCI registry (distribution v3, built from the Go module proxy) on loopback: the mirror the
 * BuildKit daemon pulls offline stand-in bases from, and the registry the publish tests push to
 * (with TLS from a CA the test makes and htpasswd auth, or plain HTTP as a team's local one).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningPid, startDaemon, stopDaemon, waitUntil } from './daemon.ts';

export interface RegistryOptions {
  /** The `registry` binary (toolchain). */
  binary: string;
  /** Config, storage, pid file and log go here. */
  dir: string;
  /** `127.0.0.1:5123`: loopback only. */
  addr: string;
  tls?: { certificate: string; key: string };
  /** An htpasswd file (bcrypt entries) to require basic auth. */
  htpasswd?: string;
}

export interface RunningRegistry {
  /** `127.0.0.1:5123`: what image refs start with. */
  host: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** distribution's YAML config; JSON is valid YAML, so no YAML writer is needed. */
export function registryConfig(options: Omit<RegistryOptions, 'binary'>): string {
  return JSON.stringify(
    {
      version: 0.1,
      log: { level: 'warn', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: join(options.dir, 'storage') }, delete: { enabled: true } },
      http: {
        addr: options.addr,
        ...(options.tls ? { tls: { certificate: options.tls.certificate, key: options.tls.key } } : {}),
      },
      ...(options.htpasswd ? { auth: { htpasswd: { realm: 'polystage', path: options.htpasswd } } } : {}),
    },
    null,
    2,
  );
}

/**
 * Starts the registry unless the one recorded in `dir` still runs, and waits until `/v2/` answers
 * (200, or 401 when it asks for a login). `fetchOptions` lets a TLS caller trust its own CA.
 */
export async function ensureRegistry(options: RegistryOptions, probe: (url: string) => Promise<number> = httpStatus): Promise<RunningRegistry> {
  mkdirSync(join(options.dir, 'storage'), { recursive: true });
  const configFile = join(options.dir, 'config.yml');
  const pidFile = join(options.dir, 'registry.pid');
  const logFile = join(options.dir, 'registry.log');
  const url = `${options.tls ? 'https' : 'http'}://${options.addr}`;
  const answers = async () => [200, 401].includes(await probe(`${url}/v2/`).catch(() => 0));
  let pid = runningPid(pidFile);
  if (pid === undefined || !(await answers())) {
    if (pid !== undefined) await stopDaemon(pidFile);
    writeFileSync(configFile, `${registryConfig(options)}\n`);
    pid = startDaemon({ name: 'registry', binary: options.binary, args: ['serve', configFile], logFile, pidFile });
    await waitUntil(answers, { what: `the registry at ${url}`, boundMs: 60_000, logFile, alive: () => runningPid(pidFile) !== undefined });
  }
  return { host: options.addr, url, pid, stop: () => stopDaemon(pidFile) };
}

async function httpStatus(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return response.status;
}
