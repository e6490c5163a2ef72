import { describe, expect, it } from 'vitest';
import { parseStandInInspect, withExplicitTag } from './engine.ts';

describe('withExplicitTag', () => {
  it('adds :latest only where docker would', () => {
    expect(withExplicitTag('polystage.local/gcr.io/distroless/static-debian13')).toBe('polystage.local/gcr.io/distroless/static-debian13:latest');
    expect(withExplicitTag('polystage.local/gcr.io/distroless/static-debian13:nonroot')).toBe('polystage.local/gcr.io/distroless/static-debian13:nonroot');
    expect(withExplicitTag('localhost:5000/debian')).toBe('localhost:5000/debian:latest');
  });
});

describe('parseStandInInspect', () => {
  it('reads repo tags and the stand-in labels, treating <no value> as absent', () => {
    const stdout = [
      '["polystage.local/gcr.io/distroless/java25-debian13:nonroot"]\tabc123\tgcr.io/distroless/java25-debian13:nonroot\tjava=25.0.5',
      '["polystage.local/gcr.io/distroless/static-debian13:nonroot"]\tdef456\tgcr.io/distroless/static-debian13:nonroot\t<no value>',
      'null\t<no value>\t<no value>\t<no value>',
      '',
    ].join('\n');
    expect(parseStandInInspect(stdout)).toEqual([
      {
        repoTags: ['polystage.local/gcr.io/distroless/java25-debian13:nonroot'],
        labels: { hash: 'abc123', standInFor: 'gcr.io/distroless/java25-debian13:nonroot', versions: 'java=25.0.5' },
      },
      { repoTags: ['polystage.local/gcr.io/distroless/static-debian13:nonroot'], labels: { hash: 'def456', standInFor: 'gcr.io/distroless/static-debian13:nonroot' } },
      { repoTags: [], labels: {} },
    ]);
  });
});
