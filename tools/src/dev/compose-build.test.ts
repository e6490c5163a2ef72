import { parseDockerfile } from '@polystage/nx-docker';
import { describe, expect, it } from 'vitest';
import { composeBuildOverride } from './compose-build.ts';

const dockerfile = (stages: string[]) =>
  parseDockerfile(
    ['ARG PYTHON_IMAGE=python:3.13-slim-trixie', 'ARG RUNTIME_IMAGE=gcr.io/distroless/python3-debian13:nonroot', ...stages].join('\n'),
    'services/api/Dockerfile',
  );
const withDev = dockerfile(['FROM ${PYTHON_IMAGE} AS deps', 'FROM deps AS dev', 'FROM ${RUNTIME_IMAGE} AS prod']);

describe('composeBuildOverride', () => {
  it('passes every *_IMAGE ARG through the mirror and the CA bundle as the ca-bundle secret', () => {
    expect(composeBuildOverride(new Map([['api', withDev]]), 'polystage.local', '/etc/ssl/certs/ca-certificates.crt')).toEqual({
      services: {
        api: {
          build: {
            args: { PYTHON_IMAGE: 'polystage.local/python:3.13-slim-trixie', RUNTIME_IMAGE: 'polystage.local/gcr.io/distroless/python3-debian13:nonroot' },
            secrets: ['ca-bundle'],
          },
        },
      },
      secrets: { 'ca-bundle': { file: '/etc/ssl/certs/ca-certificates.crt' } },
    });
  });

  it('leaves the Dockerfile defaults alone without a mirror, and declares no secret without a CA bundle', () => {
    expect(composeBuildOverride(new Map([['api', withDev]]), undefined, undefined)).toEqual({ services: { api: { build: {} } } });
  });

  it('names the Dockerfile that has no dev stage', () => {
    const noDev = dockerfile(['FROM ${PYTHON_IMAGE} AS deps', 'FROM ${RUNTIME_IMAGE} AS prod']);
    expect(() => composeBuildOverride(new Map([['api', noDev]]), undefined, undefined)).toThrow(
      'services/api/Dockerfile has no `dev` stage, which compose.dev.yaml runs: add one before prod (DESIGN.md section 2).',
    );
  });
});
