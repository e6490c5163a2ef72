import { describe, expect, it } from 'vitest';
import { mirroredBuildArgs } from '../base-images/mirror.ts';
import { buildCommand, type BuildRequest } from './build-command.ts';
import { baseImageHint, describeFailure, findFailingStep } from './failing-step.ts';

const revision = { sha: 'a'.repeat(40), shortSha: 'aaaaaaa', committedAt: '2026-11-22T10:00:00+00:00', source: 'https://example.test/polystage.git' };
const request: BuildRequest = {
  mode: 'classic-buildkit',
  dockerfile: 'services/api/Dockerfile',
  context: '.',
  target: 'prod',
  image: 'api',
  buildArgs: {},
  extraTags: [],
  revision,
};

describe('buildCommand', () => {
  it('builds the stage with DOCKER_BUILDKIT=1 on the classic CLI, tags stage and sha, and labels the revision', () => {
    const command = buildCommand(request);
    expect(command.env).toEqual({ DOCKER_BUILDKIT: '1' });
    expect(command.tags).toEqual(['api:prod', 'api:aaaaaaa']);
    expect(command.args).toEqual([
      'build', '--progress=plain', '--file', 'services/api/Dockerfile', '--target', 'prod',
      '--tag', 'api:prod', '--tag', 'api:aaaaaaa',
      '--label', `org.opencontainers.image.revision=${'a'.repeat(40)}`,
      '--label', 'org.opencontainers.image.created=2026-11-22T10:00:00+00:00',
      '--label', 'org.opencontainers.image.source=https://example.test/polystage.git',
      '.',
    ]);
  });

  it('uses buildx build --load when buildx works, and stage-qualified sha tags for other stages', () => {
    const command = buildCommand({ ...request, mode: 'buildx', target: 'test' });
    expect(command.args.slice(0, 3)).toEqual(['buildx', 'build', '--load']);
    expect(command.env).toEqual({});
    expect(command.tags).toEqual(['api:test', 'api:test-aaaaaaa']);
  });

  it('passes the CA bundle as the ca-bundle secret, never as a build arg', () => {
    const command = buildCommand({ ...request, caBundle: '/etc/ssl/certs/ca-certificates.crt' });
    expect(command.args).toContain('--secret');
    expect(command.args[command.args.indexOf('--secret') + 1]).toBe('id=ca-bundle,src=/etc/ssl/certs/ca-certificates.crt');
    expect(command.args.join(' ')).not.toMatch(/--build-arg [^ ]*ca-certificates/);
  });

  it('rewrites every *_IMAGE ARG through the mirror, and explicit build args win', () => {
    const args = mirroredBuildArgs(
      [{ name: 'PYTHON_IMAGE', ref: 'python:3.13-slim-trixie', line: 1 }, { name: 'DISTROLESS_IMAGE', ref: 'gcr.io/distroless/python3-debian13:nonroot', line: 2 }],
      'polystage.local/',
    );
    expect(args).toEqual({ PYTHON_IMAGE: 'polystage.local/python:3.13-slim-trixie', DISTROLESS_IMAGE: 'polystage.local/gcr.io/distroless/python3-debian13:nonroot' });
    const command = buildCommand({ ...request, buildArgs: { ...args, PYTHON_IMAGE: 'mine:1' } });
    expect(command.args).toContain('PYTHON_IMAGE=mine:1');
    expect(command.args).toContain('DISTROLESS_IMAGE=polystage.local/gcr.io/distroless/python3-debian13:nonroot');
    expect(mirroredBuildArgs([{ name: 'PYTHON_IMAGE', ref: 'python:3.13', line: 1 }], undefined)).toEqual({});
  });

  it('tags only <image>:<stage> outside a git checkout', () => {
    expect(buildCommand({ ...request, revision: undefined }).tags).toEqual(['api:prod']);
  });

  it('with an iidfile builds untagged (the caller tags after its checks) and still returns the tags', () => {
    const command = buildCommand({ ...request, iidFile: '/tmp/x/iid' });
    expect(command.args).not.toContain('--tag');
    expect(command.args.slice(command.args.indexOf('--iidfile'), command.args.indexOf('--iidfile') + 2)).toEqual(['--iidfile', '/tmp/x/iid']);
    expect(command.tags).toEqual(['api:prod', 'api:aaaaaaa']);
  });

  it('passes --no-cache, --pull and extra labels when asked', () => {
    const command = buildCommand({ ...request, noCache: true, pull: true, labels: { 'io.polystage.base-images': 'polystage.local' } });
    expect(command.args.slice(0, 4)).toEqual(['build', '--progress=plain', '--no-cache', '--pull']);
    expect(command.args).toContain('io.polystage.base-images=polystage.local');
  });
});

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
});
