import { describe, expect, it } from 'vitest';
import { baseImageHint, describeFailure, findFailingStep } from './failing-step.ts';

describe('findFailingStep', () => {
  it('names the failing step and the error from BuildKit plain output', () => {
    const output = [
      '#12 [test 4/4] RUN python -m pytest -q',
      '#12 1.20 FAILED tests/test_jobs.py::test_create_job - assert 201 == 422',
      '#12 ERROR: executor failed running [/bin/sh -c python -m pytest -q]: exit code: 1',
      '------',
      ' > [test 4/4] RUN python -m pytest -q:',
      '#12 1.20 FAILED tests/test_jobs.py::test_create_job - assert 201 == 422',
      '------',
      'error: failed to solve: executor failed running [/bin/sh -c python -m pytest -q]: exit code: 1',
    ].join('\n');
    const failing = findFailingStep(output);
    expect(failing).toEqual({ step: '[test 4/4] RUN python -m pytest -q', error: 'error: failed to solve: executor failed running [/bin/sh -c python -m pytest -q]: exit code: 1' });
    expect(describeFailure(failing, 1)).toBe(
      'docker build failed at step [test 4/4] RUN python -m pytest -q: error: failed to solve: executor failed running [/bin/sh -c python -m pytest -q]: exit code: 1',
    );
  });
});

describe('baseImageHint', () => {
  it('points at the stand-ins when a base image cannot be resolved', () => {
    const failing = findFailingStep(' > [internal] load metadata for docker.io/library/python:3.13-slim-trixie:\nfailed to solve with frontend dockerfile.v0: lookup failed');
    expect(baseImageHint(failing, undefined)).toBe(
      'The base image docker.io/library/python:3.13-slim-trixie could not be pulled. Run `npm run bases` to build local stand-ins (it remembers the choice), or set BASE_IMAGE_MIRROR to a registry mirror.',
    );
    expect(baseImageHint(failing, 'polystage.local')).toContain('is not in the local engine. Run `npm run bases`');
    expect(baseImageHint(findFailingStep(' > [test 1/2] RUN pytest:'), undefined)).toBeUndefined();
  });

  it('names the setup that builds a missing platform variant of a stand-in', () => {
    const failing = findFailingStep(
      ' > [internal] load metadata for polystage.local/gcr.io/distroless/static-debian13:nonroot:\nERROR: failed to solve: polystage.local/gcr.io/distroless/static-debian13:nonroot: no match for platform in manifest sha256:ab: not found',
    );
    expect(baseImageHint(failing, 'polystage.local', 'linux/arm64')).toBe(
      'The stand-in polystage.local/gcr.io/distroless/static-debian13:nonroot has no linux/arm64 variant yet. Run `BUILD_PLATFORMS=linux/arm64 npm run setup` (as root) to build it and serve it to the builder.',
    );
  });
});
