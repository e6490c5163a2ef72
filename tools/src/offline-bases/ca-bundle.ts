import { access } from 'node:fs/promises';

const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The PEM bundle recipes trust for downloads (mounted as a BuildKit secret, never copied into a
 * layer): BUILD_CA_BUNDLE when set, else the host's own bundle, which behind a TLS-intercepting
 * proxy is the one that holds the proxy's CA.
 */
export async function resolveCaBundle(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env['BUILD_CA_BUNDLE']?.trim();
  const candidate = fromEnv || SYSTEM_BUNDLE;
  try {
    await access(candidate);
    return candidate;
  } catch {
    throw new Error(
      fromEnv
        ? `BUILD_CA_BUNDLE=${fromEnv} does not exist. Point it at a readable PEM bundle or unset it to use ${SYSTEM_BUNDLE}.`
        : `No CA bundle at ${SYSTEM_BUNDLE}. Install ca-certificates or set BUILD_CA_BUNDLE to a PEM bundle.`,
    );
  }
}
