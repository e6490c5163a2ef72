import { describe, expect, it } from 'vitest';
import { standInLines } from './bases-report.ts';

const DECISION = {
  mirror: 'polystage.local',
  choice: 'auto' as const,
  reason: 'docker pull python:3.13-slim-trixie failed (3 attempts: dial tcp: lookup registry-1.docker.io: no such host)',
  decidedAt: '2026-12-01T09:00:00.000Z',
};

describe('standInLines', () => {
  it('says the bases come from stand-ins, why, and lists each stand-in with its recorded versions', () => {
    const lines = standInLines({ mirror: 'polystage.local', source: 'decision-file', decision: DECISION }, DECISION, [
      { tag: 'polystage.local/gcr.io/distroless/java25-debian13:nonroot', labels: { standInFor: 'gcr.io/distroless/java25-debian13:nonroot', versions: 'java=25.0.5' } },
      { tag: 'polystage.local/maven:3.9-eclipse-temurin-25', labels: { standInFor: 'maven:3.9-eclipse-temurin-25', versions: 'java=25.0.5,maven=3.9.9' } },
      { tag: 'polystage.local/python:3.13-slim-trixie', labels: { standInFor: 'python:3.13-slim-trixie' } },
      { tag: 'polystage.local/gcr.io/distroless/static-debian13:nonroot', labels: { standInFor: 'gcr.io/distroless/static-debian13:nonroot' } },
    ]);
    expect(lines).toEqual([
      'bases     from stand-ins under polystage.local/ (automatic, 2026-12-01T09:00:00.000Z: docker pull python:3.13-slim-trixie failed (3 attempts: dial tcp: lookup registry-1.docker.io: no such host); probed again by every `npm run bases`); service images built now carry io.polystage.base-images=polystage.local and are not for publishing',
      'stand-in  polystage.local/gcr.io/distroless/java25-debian13:nonroot  java 25.0.5',
      'stand-in  polystage.local/maven:3.9-eclipse-temurin-25  java 25.0.5, maven 3.9.9',
      'stand-in  polystage.local/python:3.13-slim-trixie  versions not recorded (built before stand-ins recorded them; `npm run bases` rebuilds it)',
      'stand-in  polystage.local/gcr.io/distroless/static-debian13:nonroot',
    ]);
  });

  it('names BASE_IMAGE_MIRROR and an explicit choice, and says when no stand-in exists yet', () => {
    expect(standInLines({ mirror: 'polystage.local', source: 'env' }, undefined, [])).toEqual([
      'bases     from stand-ins under polystage.local/ (BASE_IMAGE_MIRROR); service images built now carry io.polystage.base-images=polystage.local and are not for publishing',
      'stand-in  none under polystage.local/ yet: `npm run bases` builds them',
    ]);
    const explicit = { ...DECISION, choice: 'explicit' as const, reason: 'chosen with `npm run bases -- --offline`' };
    expect(standInLines({ mirror: 'polystage.local', source: 'decision-file', decision: explicit }, explicit, [])[0]).toContain(
      '(chosen explicitly 2026-12-01T09:00:00.000Z (chosen with `npm run bases -- --offline`); `npm run bases -- --auto` probes again)',
    );
  });
});
