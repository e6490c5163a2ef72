import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse.ts';
import { serviceBuildArgs, stageBaseImages } from './build-args.ts';

const model = parseDockerfile(
  [
    'ARG PYTHON_IMAGE=python:3.13-slim-trixie',
    'ARG DISTROLESS_IMAGE=gcr.io/distroless/python3-debian13:nonroot',
    'FROM ${PYTHON_IMAGE} AS deps',
    'FROM deps AS test',
    'FROM deps AS build',
    'FROM ${DISTROLESS_IMAGE} AS prod',
    'COPY --from=build /app /app',
  ].join('\n'),
  'services/api/Dockerfile',
);

describe('serviceBuildArgs', () => {
  it('rewrites every *_IMAGE ARG through the mirror', () => {
    expect(serviceBuildArgs(model, 'polystage.local/')).toEqual({
      PYTHON_IMAGE: 'polystage.local/python:3.13-slim-trixie',
      DISTROLESS_IMAGE: 'polystage.local/gcr.io/distroless/python3-debian13:nonroot',
    });
  });

  it("lets the target's explicit build args win over the mirror", () => {
    expect(serviceBuildArgs(model, 'polystage.local', { PYTHON_IMAGE: 'mine:1' })).toEqual({
      PYTHON_IMAGE: 'mine:1',
      DISTROLESS_IMAGE: 'polystage.local/gcr.io/distroless/python3-debian13:nonroot',
    });
  });

  it('passes no base-image args without a mirror, only explicit ones', () => {
    expect(serviceBuildArgs(model, undefined)).toEqual({});
    expect(serviceBuildArgs(model, undefined, { EXTRA: '1' })).toEqual({ EXTRA: '1' });
  });
});

describe('stageBaseImages', () => {
  it('lists the bases of the stages a target builds, as the build args resolve them', () => {
    const args = serviceBuildArgs(model, 'polystage.local', { PYTHON_IMAGE: 'mine:1' });
    expect(stageBaseImages(model, 'prod', args)).toEqual([
      { arg: 'PYTHON_IMAGE', ref: 'mine:1' },
      { arg: 'DISTROLESS_IMAGE', ref: 'polystage.local/gcr.io/distroless/python3-debian13:nonroot' },
    ]);
    expect(stageBaseImages(model, 'test', {})).toEqual([{ arg: 'PYTHON_IMAGE', ref: 'python:3.13-slim-trixie' }]);
  });
});
