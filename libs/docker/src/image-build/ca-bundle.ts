import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where Debian-family hosts keep the trusted roots, including any a TLS-intercepting proxy added. */
export const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The PEM file passed to builds as the `ca-bundle` secret. `BUILD_CA_BUNDLE=<file>` picks one,
 * `BUILD_CA_BUNDLE=none` turns it off; unset, the host's bundle is used so builds behind a proxy
 * the host already trusts just work. It is public data, and a secret mount never reaches a layer.
 */
export function resolveCaBundle(cwd: string, env: NodeJS.ProcessEnv = process.env, hostBundle = HOST_CA_BUNDLE): string | undefined {
  const chosen = env['BUILD_CA_BUNDLE']?.trim();
  if (chosen === 'none') return undefined;
  if (!chosen) return existsSync(hostBundle) ? hostBundle : undefined;
  const path = resolve(cwd, chosen);
  if (!existsSync(path)) {
    throw new Error(`BUILD_CA_BUNDLE=${chosen} does not exist. Point it at a PEM bundle (e.g. ${HOST_CA_BUNDLE}), or set BUILD_CA_BUNDLE=none.`);
  }
  return path;
}
