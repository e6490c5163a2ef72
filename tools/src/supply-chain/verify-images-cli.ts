/**
 * Checks every image in dist/images.json (what docker-publish recorded this run) in its registry:
 * every recorded platform is in the published index with its attestation manifest; the index's
 * signature and each platform's (cosign, COSIGN_PUBLIC_KEY or the .pub beside COSIGN_KEY), each
 * platform's signed SPDX SBOM and BuildKit's SLSA provenance. One line per image and check; exits
 * non-zero on any failure.
 *   npm run verify-images
 */
import {
  connectEngine,
  describeVerifier,
  inspectRemoteImage,
  readPublishedImages,
  registryLogin,
  remoteProvenance,
  repositoryOf,
  verifySbom,
  verifySignature,
  type PublishedEntry,
  type Verifier,
} from '@polystage/docker';
import { indexProblems, provenanceOf, type RecordedPlatform } from './index-coverage.ts';

const root = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();

/** A public key, or (keyless, as CI signs) the identity and issuer the certificate must name. */
function verifier(env: NodeJS.ProcessEnv): Verifier {
  if (env['COSIGN_PUBLIC_KEY']) return { publicKey: env['COSIGN_PUBLIC_KEY'] };
  if (env['COSIGN_KEY']?.endsWith('.key')) return { publicKey: env['COSIGN_KEY'].replace(/\.key$/, '.pub') };
  if (env['COSIGN_CERTIFICATE_IDENTITY_REGEXP'] && env['COSIGN_CERTIFICATE_OIDC_ISSUER']) {
    return { identityRegexp: env['COSIGN_CERTIFICATE_IDENTITY_REGEXP'], issuer: env['COSIGN_CERTIFICATE_OIDC_ISSUER'] };
  }
  throw new Error(
    'verify-images needs what to check signatures against: COSIGN_PUBLIC_KEY (or COSIGN_KEY=<name>.key with <name>.pub beside it), or for keyless signatures COSIGN_CERTIFICATE_IDENTITY_REGEXP and COSIGN_CERTIFICATE_OIDC_ISSUER.',
  );
}

/** The platforms docker-publish recorded; none for an entry written before multi-platform publishing. */
function recordedPlatforms(image: PublishedEntry): RecordedPlatform[] {
  return (image.platforms ?? []).map(({ platform, digest }) => ({ platform, digest }));
}

async function main(): Promise<number> {
  const key = verifier(process.env);
  const { images } = await readPublishedImages(root);
  const entries = Object.entries(images);
  if (entries.length === 0) {
    console.error('verify-images: dist/images.json lists no published image; run `npx nx run-many -t docker-publish` first.');
    return 1;
  }
  const engine = await connectEngine();
  let failures = 0;
  for (const [project, image] of entries) {
    const login = await registryLogin(image.ref);
    const target = { ref: image.ref, env: login.env };
    const check = async (what: string, run: () => Promise<string>) => {
      try {
        console.log(`ok    ${project}  ${what}: ${await run()}`);
      } catch (error) {
        failures += 1;
        console.log(`FAIL  ${project}  ${what}: ${(error as Error).message}`);
      }
    };
    try {
      const platforms = recordedPlatforms(image);
      if (platforms.length > 0) {
        await check('index', async () => {
          const remote = await inspectRemoteImage(engine.client, image.ref, login.env);
          if (!remote) throw new Error(`${image.ref} is not in its registry`);
          const problems = indexProblems(platforms, remote);
          if (problems.length > 0) throw new Error(problems.join('; '));
          return `${platforms.map((platform) => platform.platform).join(', ')}, each with its attestation manifest`;
        });
      }
      await check('signature', async () => (await verifySignature(target, key), `verified with ${describeVerifier(key)}`));
      // Each platform's image carries its own signature (signed --recursive) and its own SBOM; an entry from before multi-platform publishing has them on the ref.
      const repository = repositoryOf(image.ref);
      const each = platforms.length > 0 ? platforms.map((platform) => ({ suffix: ` (${platform.platform})`, target: { ref: `${repository}@${platform.digest}`, env: login.env } })) : [{ suffix: '', target }];
      for (const one of each) {
        if (one.target.ref !== target.ref) await check('signature', async () => (await verifySignature(one.target, key), `verified with ${describeVerifier(key)}${one.suffix}`));
        await check('SBOM', async () => `signed SPDX attestation, ${(await verifySbom(one.target, key)).packages} packages${one.suffix}`);
      }
      const provenance = await remoteProvenance(engine.client, image.ref, login.env).catch((error: Error) => error);
      for (const platform of platforms.length > 0 ? platforms : [{ platform: '', digest: image.digest }]) {
        await check('provenance', async () => {
          if (provenance instanceof Error) throw provenance;
          const found = provenanceOf(provenance, platform.platform, Math.max(platforms.length, 1));
          if (!found) throw new Error(`${image.ref} has no SLSA provenance${platform.platform ? ` for ${platform.platform}` : ''} beside it (published from the engine's BuildKit?)`);
          return `${found.buildType}${platform.platform ? ` (${platform.platform})` : ''}`;
        });
      }
    } finally {
      await login.dispose();
    }
  }
  console.log(failures === 0 ? `verify-images: ${entries.length} images, every check passed` : `verify-images: ${failures} checks failed`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error: Error) => {
  console.error(`verify-images: ${error.message}`);
  return 1;
});
