/**
 * Checks every image in dist/images.json (what docker-publish recorded this run) in its registry:
 * its signature (cosign, COSIGN_PUBLIC_KEY or the .pub beside COSIGN_KEY), its signed SPDX SBOM,
 * and BuildKit's SLSA provenance. One line per image and check; exits non-zero on any failure.
 *   npm run verify-images
 */
import { connectEngine, describeVerifier, readPublishedImages, registryLogin, remoteProvenance, verifySbom, verifySignature, type Verifier } from '@polystage/docker';

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
      await check('signature', async () => (await verifySignature(target, key), `verified with ${describeVerifier(key)}`));
      await check('SBOM', async () => `signed SPDX attestation, ${(await verifySbom(target, key)).packages} packages`);
      await check('provenance', async () => {
        const provenance = await remoteProvenance(engine.client, image.ref, login.env);
        if (!provenance) throw new Error(`${image.ref} has no SLSA provenance beside it (published from the engine's BuildKit?)`);
        return provenance.buildType;
      });
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
