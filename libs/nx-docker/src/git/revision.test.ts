import { describe, expect, it } from 'vitest';
import { withoutCredentials } from './revision.ts';

describe('withoutCredentials', () => {
  it('drops user and token from a remote URL before it becomes a public label', () => {
    expect(withoutCredentials('https://x-access-token:abc@example.test/org/repo.git')).toBe('https://example.test/org/repo.git');
    expect(withoutCredentials('git@example.test:org/repo.git')).toBe('git@example.test:org/repo.git');
  });
});
