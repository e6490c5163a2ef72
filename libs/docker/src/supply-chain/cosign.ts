/**
 * Signatures and attestations with cosign (v2, built from the Go module proxy), by digest, with a
 * key pair (`cosign generate-key-pair`). No transparency log here: signing does not upload, and
 * verifying does not require a log entry. CI signs keyless with GitHub's OIDC token instead.
 */
import { execa } from 'execa';
import { isLoopbackRegistry } from '../registry/registry-login.ts';
import { toolchainBinary } from './toolchain-bin.ts';

export interface CosignTarget {
  /** `<repository>@sha256:…`: never a tag, which could move between signing and verifying. */
  ref: string;
  /** Registry credentials (a throwaway DOCKER_CONFIG) and COSIGN_PASSWORD. */
  env?: Record<string, string>;
}

/** Loopback registries speak plain HTTP (as docker and BuildKit accept); cosign must be told so. */
function registryFlags(ref: string): string[] {
  return isLoopbackRegistry(ref) ? ['--allow-insecure-registry', '--allow-http-registry'] : [];
}

async function cosign(args: string[], target: CosignTarget, what: string): Promise<string> {
  const result = await execa(toolchainBinary('cosign'), [...args, ...registryFlags(target.ref), target.ref], {
    env: target.env ?? {},
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 300_000,
  });
  if (result.exitCode !== 0) {
    const reason = String(result.all ?? '').trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${result.exitCode}`;
    throw new Error(`${what} ${target.ref} failed: ${reason}`);
  }
  return String(result.stdout ?? '');
}

/**
 * `{ key }`: a key pair, no transparency log (works offline). `{ keyless: true }`: Sigstore's
 * keyless flow (an OIDC token, e.g. GitHub Actions' `id-token: write`, a Fulcio certificate and a
 * Rekor entry), what CI uses.
 */
export type Signer = { key: string } | { keyless: true };

/** COSIGN_KEY, else COSIGN_KEYLESS=true, else none. */
export function signerFromEnv(env: NodeJS.ProcessEnv = process.env): Signer | undefined {
  if (env['COSIGN_KEY']) return { key: env['COSIGN_KEY'] };
  if (env['COSIGN_KEYLESS'] === 'true') return { keyless: true };
  return undefined;
}

export function signerArgs(signer: Signer): string[] {
  return 'key' in signer ? ['--key', signer.key, '--tlog-upload=false'] : [];
}

/**
 * Each command's argv before the registry flags and the ref, built here only. `recursive`: the ref
 * is an index, and each platform's image in it is signed too (`cosign sign --recursive`), so a
 * runtime that checks the manifest it pulls finds a signature.
 */
export const cosignArgv = {
  sign: (signer: Signer, options: { recursive?: boolean } = {}): string[] => ['sign', '--yes', ...(options.recursive ? ['--recursive'] : []), ...signerArgs(signer)],
  attestSbom: (signer: Signer, spdxFile: string): string[] => ['attest', '--yes', ...signerArgs(signer), '--type', 'spdxjson', '--predicate', spdxFile],
  attachSbom: (spdxFile: string): string[] => ['attach', 'sbom', '--sbom', spdxFile, '--type', 'spdx'],
};

export async function signImage(target: CosignTarget, signer: Signer, options: { recursive?: boolean } = {}): Promise<void> {
  await cosign(cosignArgv.sign(signer, options), target, 'Signing');
}

export async function attestSbom(target: CosignTarget, signer: Signer, spdxFile: string): Promise<void> {
  await cosign(cosignArgv.attestSbom(signer, spdxFile), target, 'Attaching the SBOM to');
}

/** Without a key the SBOM is still attached beside the image (unsigned): `cosign attach sbom`. */
export async function attachSbom(target: CosignTarget, spdxFile: string): Promise<void> {
  await cosign(cosignArgv.attachSbom(spdxFile), target, 'Attaching the SBOM to');
}

/** A public key (no log entry needed), or the keyless identity CI signed with: the workflow's certificate identity and issuer. */
export type Verifier = { publicKey: string } | { identityRegexp: string; issuer: string };

export function verifierArgs(verifier: Verifier): string[] {
  return 'publicKey' in verifier
    ? ['--key', verifier.publicKey, '--insecure-ignore-tlog=true']
    : ['--certificate-identity-regexp', verifier.identityRegexp, '--certificate-oidc-issuer', verifier.issuer];
}

export function describeVerifier(verifier: Verifier): string {
  return 'publicKey' in verifier ? verifier.publicKey : `${verifier.identityRegexp} (${verifier.issuer})`;
}

export async function verifySignature(target: CosignTarget, verifier: Verifier): Promise<void> {
  await cosign(['verify', ...verifierArgs(verifier), '--output', 'json'], target, 'Verifying the signature of');
}

/** The SPDX document of the image's SBOM attestation, once its signature checks out. */
export async function verifySbom(target: CosignTarget, verifier: Verifier): Promise<{ packages: number }> {
  const out = await cosign(['verify-attestation', ...verifierArgs(verifier), '--type', 'spdxjson', '--output', 'json'], target, 'Verifying the SBOM of');
  const envelope = JSON.parse(out.trim().split('\n')[0]!) as { payload: string };
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { predicate: { packages?: unknown[] } };
  return { packages: statement.predicate.packages?.length ?? 0 };
}
