import { afterEach, describe, expect, it } from 'vitest';
import { resolveSmokeImage } from './service.ts';

describe('resolveSmokeImage', () => {
  const saved = process.env['SMOKE_IMAGE'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SMOKE_IMAGE'];
    else process.env['SMOKE_IMAGE'] = saved;
  });

  it('defaults to <project>:prod, then the spec, then SMOKE_IMAGE', () => {
    delete process.env['SMOKE_IMAGE'];
    expect(resolveSmokeImage('api')).toBe('api:prod');
    expect(resolveSmokeImage('api', 'api:abc123')).toBe('api:abc123');
    process.env['SMOKE_IMAGE'] = 'api:candidate';
    expect(resolveSmokeImage('api', 'api:abc123')).toBe('api:candidate');
  });
});
