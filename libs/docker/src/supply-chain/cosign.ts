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

export async function signImage(target: CosignTarget, key: string): Promise<void> {
  await cosign(['sign', '--yes', '--key', key, '--tlog-upload=false'], target, 'Signing');
}

export async function attestSbom(target: CosignTarget, key: string, spdxFile: string): Promise<void> {
  await cosign(['attest', '--yes', '--key', key, '--type', 'spdxjson', '--predicate', spdxFile, '--tlog-upload=false'], target, 'Attaching the SBOM to');
}

/** Without a key the SBOM is still attached beside the image (unsigned): `cosign attach sbom`. */
export async function attachSbom(target: CosignTarget, spdxFile: string): Promise<void> {
  await cosign(['attach', 'sbom', '--sbom', spdxFile, '--type', 'spdx'], target, 'Attaching the SBOM to');
}

export async function verifySignature(target: CosignTarget, publicKey: string): Promise<void> {
  await cosign(['verify', '--key', publicKey, '--insecure-ignore-tlog=true', '--output', 'json'], target, 'Verifying the signature of');
}

/** The SPDX document of the image's SBOM attestation, once its signature checks out. */
export async function verifySbom(target: CosignTarget, publicKey: string): Promise<{ packages: number }> {
  const out = await cosign(['verify-attestation', '--key', publicKey, '--type', 'spdxjson', '--insecure-ignore-tlog=true', '--output', 'json'], target, 'Verifying the SBOM of');
  const envelope = JSON.parse(out.trim().split('\n')[0]!) as { payload: string };
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { predicate: { packages?: unknown[] } };
  return { packages: statement.predicate.packages?.length ?? 0 };
}
