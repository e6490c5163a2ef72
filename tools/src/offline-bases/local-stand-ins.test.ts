import { describe, expect, it } from 'vitest';
import { standInLabels } from './local-stand-ins.ts';

describe('standInLabels', () => {
  it('reads the recipe hash, the ref stood in for and the checked versions, leaving out what is missing', () => {
    expect(
      standInLabels({
        labels: {
          'org.polystage.recipe-hash': 'abc123',
          'org.polystage.stand-in-for': 'gcr.io/distroless/java25-debian13:nonroot',
          'io.polystage.stand-in.versions': 'java=25.0.5',
          'org.opencontainers.image.title': 'ignored',
        },
      }),
    ).toEqual({ hash: 'abc123', standInFor: 'gcr.io/distroless/java25-debian13:nonroot', versions: 'java=25.0.5' });
    expect(standInLabels({ labels: { 'org.polystage.recipe-hash': 'def456' } })).toEqual({ hash: 'def456' });
    expect(standInLabels({ labels: {} })).toEqual({});
  });
});
