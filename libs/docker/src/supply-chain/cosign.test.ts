import { describe, expect, it } from 'vitest';
import { signerArgs, signerFromEnv } from './cosign.ts';

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
