import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/parse.ts';
import { emulatedSteps } from './emulated-steps.ts';

// A node service: deps and build on the build machine, prod-deps and prod on the target platform.
const DOCKERFILE = [
  'ARG NODE_IMAGE=node:24-trixie-slim',
  'FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS deps',
  'RUN npm ci',
  'FROM deps AS build',
  'RUN npm run build',
  'FROM ${NODE_IMAGE} AS prod-deps',
  'RUN npm ci --omit=dev',
  'FROM prod-deps AS server',
  'RUN apt-get update && apt-get install -y tini',
  'RUN useradd app',
  'FROM ${NODE_IMAGE}',
  'RUN echo unnamed',
  'FROM server AS prod',
  'COPY --from=build /app/dist /app/dist',
].join('\n');

// BuildKit's plain progress of `--platform linux/arm64 --target prod` on an amd64 host: vertices
// interleave, a resumed vertex prints its name again, cached steps say CACHED.
const OUTPUT = [
  '#1 [internal] load build definition from Dockerfile',
  '#1 DONE 0.0s',
  '#5 [deps 1/2] FROM docker.io/library/node:24-trixie-slim@sha256:abc',
  '#5 DONE 0.1s',
  '#7 [deps 2/2] RUN npm ci',
  '#8 [prod-deps 2/2] RUN npm ci --omit=dev',
  '#7 1.204 added 310 packages in 1s',
  '#8 4.870 added 112 packages in 4s',
  '#7 DONE 3.2s',
  '#9 [build 2/2] RUN npm run build',
  '#8 [prod-deps 2/2] RUN npm ci --omit=dev',
  '#8 DONE 41.3s',
  '#10 [server 2/3] RUN apt-get update && apt-get install -y tini',
  '#10 CACHED',
  '#9 DONE 7.0s',
  '#11 [server 3/3] RUN useradd app',
  '#11 0.801 done',
  '#11 DONE 12.45s',
  '#12 [stage-4 2/2] RUN echo unnamed',
  '#12 DONE 0.9s',
  '#13 [prod 2/2] COPY --from=build /app/dist /app/dist',
  '#13 DONE 0.2s',
  '#14 exporting to image',
  '#14 DONE 1.5s',
].join('\n');

describe('emulatedSteps', () => {
  const model = parseDockerfile(DOCKERFILE, 'services/web/Dockerfile');

  it('sums the RUN steps of stages not on $BUILDPLATFORM, inherited through FROM <stage>, leaving out cached ones', () => {
    // prod-deps 41.3 s, server 12.45 s (its apt step was cached), the unnamed stage 0.9 s.
    expect(emulatedSteps(OUTPUT, model)).toEqual({ steps: 3, seconds: 54.7 });
  });

  it('counts only the stages the target builds when told the target', () => {
    expect(emulatedSteps(OUTPUT, model, 'prod')).toEqual({ steps: 2, seconds: 53.8 });
  });

  it('reads the platform-prefixed names of a build of several platforms', () => {
    const output = ['#20 [linux/arm64 server 3/3] RUN useradd app', '#21 [linux/amd64->arm64 build 2/2] RUN npm run build', '#21 DONE 6.0s', '#20 DONE 10.0s'].join('\n');
    expect(emulatedSteps(output, model)).toEqual({ steps: 1, seconds: 10 });
  });

  it('finds nothing emulated in a cross-compiling build', () => {
    expect(emulatedSteps(['#7 [deps 2/2] RUN npm ci', '#7 DONE 3.2s'].join('\n'), model)).toEqual({ steps: 0, seconds: 0 });
  });
});
