import { describe, expect, it } from 'vitest';
import { withExplicitTag } from './engine.ts';

describe('withExplicitTag', () => {
  it('adds :latest only where docker would', () => {
    expect(withExplicitTag('polystage.local/gcr.io/distroless/static-debian13')).toBe('polystage.local/gcr.io/distroless/static-debian13:latest');
    expect(withExplicitTag('polystage.local/gcr.io/distroless/static-debian13:nonroot')).toBe('polystage.local/gcr.io/distroless/static-debian13:nonroot');
    expect(withExplicitTag('localhost:5000/debian')).toBe('localhost:5000/debian:latest');
  });
});
