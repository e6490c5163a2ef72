import { describe, expect, it } from 'vitest';
import { cosignArgv, signerArgs, signerFromEnv } from './cosign.ts';

describe('signers', () => {
  it('signs with COSIGN_KEY without a transparency log, else keyless when CI asks, else not at all', () => {
    expect(signerFromEnv({ COSIGN_KEY: '/k/cosign.key', COSIGN_KEYLESS: 'true' })).toEqual({ key: '/k/cosign.key' });
    expect(signerFromEnv({ COSIGN_KEYLESS: 'true' })).toEqual({ keyless: true });
    expect(signerFromEnv({})).toBeUndefined();
    expect(signerArgs({ key: '/k/cosign.key' })).toEqual(['--key', '/k/cosign.key', '--tlog-upload=false']);
    // Keyless: cosign takes the OIDC token from the environment (GitHub Actions) and logs to Rekor.
    expect(signerArgs({ keyless: true })).toEqual([]);
  });
});

describe('cosignArgv', () => {
  it('signs an index and every image in it with --recursive, and attests or attaches an SBOM to one image', () => {
    const key = { key: '/k/cosign.key' };
    expect(cosignArgv.sign(key)).toEqual(['sign', '--yes', '--key', '/k/cosign.key', '--tlog-upload=false']);
    expect(cosignArgv.sign({ keyless: true }, { recursive: true })).toEqual(['sign', '--yes', '--recursive']);
    expect(cosignArgv.attestSbom(key, '/t/sbom.spdx.json')).toEqual(['attest', '--yes', '--key', '/k/cosign.key', '--tlog-upload=false', '--type', 'spdxjson', '--predicate', '/t/sbom.spdx.json']);
    expect(cosignArgv.attachSbom('/t/sbom.spdx.json')).toEqual(['attach', 'sbom', '--sbom', '/t/sbom.spdx.json', '--type', 'spdx']);
  });
});
