/**
 * For tests against a real registry: its own answers over HTTP(S), read with curl (no docker, no
 * buildx, so a test does not check our registry code with our registry code), and the
 * certificates a test makes for TLS between its hosts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RegistryAccess {
  /** `user:password` for basic auth. */
  auth?: string;
  /** A CA file to trust (a registry with the test's own TLS certificate). */
  ca?: string;
}

const ACCEPT = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

const curlAccess = (access: RegistryAccess) => [...(access.auth ? ['-u', access.auth] : []), ...(access.ca ? ['--cacert', access.ca] : [])];

/** The status `url` answers with (a registry's `/v2/` while it starts). */
export function httpStatus(url: string, access: RegistryAccess = {}): number {
  return Number(execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...curlAccess(access), url], { encoding: 'utf8' }));
}

interface Manifest {
  manifests?: { digest: string; platform?: { os: string }; annotations?: Record<string, string> }[];
  config?: { digest: string };
}

function manifest(registryUrl: string, repository: string, reference: string, access: RegistryAccess) {
  const text = execFileSync('curl', ['-s', '-D', '-', '-H', `Accept: ${ACCEPT}`, ...curlAccess(access), `${registryUrl}/v2/${repository}/manifests/${reference}`], { encoding: 'utf8' });
  const [head = '', body = ''] = text.split(/\r?\n\r?\n/);
  const status = Number(/^HTTP\/\S+ (\d+)/.exec(head)?.[1]);
  return { status, digest: /docker-content-digest: (\S+)/i.exec(head)?.[1], json: status === 200 ? (JSON.parse(body) as Manifest) : undefined };
}

export interface RegistryImage {
  status: number;
  /** What the reference points at (`Docker-Content-Digest`). */
  digest?: string;
  /** The linux image's config digest: its image ID in an engine. */
  config?: string;
  /** Attestation manifests beside the image in its index. */
  attestations: number;
}

/** What the registry at `registryUrl` serves for `<repository>:<reference>`. */
export function registryImage(registryUrl: string, repository: string, reference: string, access: RegistryAccess = {}): RegistryImage {
  const top = manifest(registryUrl, repository, reference, access);
  if (top.status !== 200) return { status: top.status, attestations: 0 };
  const children = top.json?.manifests ?? [];
  const image = children.find((child) => child.platform?.os === 'linux');
  const config = image ? manifest(registryUrl, repository, image.digest, access).json?.config?.digest : top.json?.config?.digest;
  return {
    status: top.status,
    ...(top.digest ? { digest: top.digest } : {}),
    ...(config ? { config } : {}),
    attestations: children.filter((child) => child.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest').length,
  };
}

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** A throwaway CA in `dir` (`ca.pem`, `ca.key`), valid for a day. */
export function makeCa(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', 'ca.key', '-out', 'ca.pem');
  return dir;
}

/** `cert.pem` and `key.pem` in `dir`, signed by the CA in `caDir`, with the given X.509 extensions (`subjectAltName=IP:…`). */
export function issueCertificate(caDir: string, dir: string, commonName: string, extensions: string): string {
  mkdirSync(dir, { recursive: true });
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}`, '-keyout', 'key.pem', '-out', 'req.csr');
  writeFileSync(join(dir, 'ext.cnf'), `${extensions}\n`);
  openssl(dir, 'x509', '-req', '-in', 'req.csr', '-CA', join(caDir, 'ca.pem'), '-CAkey', join(caDir, 'ca.key'), '-CAcreateserial', '-days', '1', '-extfile', 'ext.cnf', '-out', 'cert.pem');
  return dir;
}
