import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.ts';
import { DockerfileError } from './errors.ts';

const FILE = 'services/api/Dockerfile';

describe('parseDockerfile', () => {
  it('reads stages in order with lowercase instructions, continuations and comments', () => {
    const model = parseDockerfile(
      [
        '# base images live in ARGs',
        'ARG PYTHON_IMAGE=python:3.13-slim-trixie',
        'arg DISTROLESS_IMAGE=gcr.io/distroless/python3-debian13:nonroot',
        'from --platform=$BUILDPLATFORM ${PYTHON_IMAGE} as deps',
        '# a comment between instructions',
        'copy services/api/pyproject.toml \\',
        '     services/api/uv.lock ./',
        'FROM deps AS test',
        'FROM deps AS build',
        'FROM ${DISTROLESS_IMAGE} AS prod',
        'COPY --from=build /app /app',
      ].join('\n'),
      FILE,
    );
    expect(model.stages.map((s) => [s.name, s.line])).toEqual([['deps', 4], ['test', 8], ['build', 9], ['prod', 10]]);
    expect(model.stages[0]).toMatchObject({
      platform: '$BUILDPLATFORM',
      base: { kind: 'image', ref: 'python:3.13-slim-trixie', arg: 'PYTHON_IMAGE' },
      contextSources: [{ path: 'services/api/pyproject.toml', line: 6 }, { path: 'services/api/uv.lock', line: 6 }],
    });
    expect(model.baseImageArgs).toEqual([
      { name: 'PYTHON_IMAGE', ref: 'python:3.13-slim-trixie', line: 2 },
      { name: 'DISTROLESS_IMAGE', ref: 'gcr.io/distroless/python3-debian13:nonroot', line: 3 },
    ]);
  });

  it('knows a stage used as the base or copy source of a later stage', () => {
    const model = parseDockerfile('FROM scratch AS deps\nFROM deps AS build\nFROM scratch AS prod\nCOPY --from=build /a /a\n', FILE);
    expect(model.stages[1]!.base).toEqual({ kind: 'stage', stage: 'deps' });
    expect(model.stages[2]!.base).toEqual({ kind: 'scratch' });
    expect(model.stages[2]!.readsStages).toEqual(['build']);
    expect(model.stages[2]!.contextSources).toEqual([]);
  });

  it('records bind-mount sources but not cache mounts or mounts from stages', () => {
    const model = parseDockerfile(
      'FROM scratch AS deps\nRUN --mount=type=cache,target=/c --mount=type=bind,source=services/w/package.json,target=/p --mount=type=bind,from=deps,source=/x,target=/x true\n',
      FILE,
    );
    expect(model.stages[0]!.contextSources.map((s) => s.path)).toEqual(['services/w/package.json']);
    expect(model.stages[0]!.readsStages).toEqual(['deps']);
  });

  it('keeps only <NAME>_IMAGE ARGs as base images; other variable FROMs stay unresolved', () => {
    const model = parseDockerfile('ARG BASE=debian:trixie\nFROM ${BASE} AS deps\n', FILE);
    expect(model.baseImageArgs).toEqual([]);
    expect(model.stages[0]!.base).toEqual({ kind: 'unresolved', expression: '${BASE}' });
  });

  it('rejects a duplicate stage name with both lines', () => {
    expect(() => parseDockerfile('FROM scratch AS deps\nFROM scratch AS Deps\n', FILE)).toThrow(
      new DockerfileError(FILE, 2, 'duplicate stage name "deps" (first defined on line 1). Stage names must be unique.'),
    );
  });

  it('names file:line when the Dockerfile cannot be parsed', () => {
    expect(() => parseDockerfile('FROM scratch AS deps\nCOPPY a b\n', FILE)).toThrow(`${FILE}:2: cannot be parsed: Unknown instruction: COPPY`);
  });

  it('rejects an image ARG without a default', () => {
    expect(() => parseDockerfile('ARG GO_IMAGE\nFROM ${GO_IMAGE} AS deps\n', FILE)).toThrow(
      `${FILE}:1: ARG GO_IMAGE has no default. Base images are pinned in the Dockerfile: ARG GO_IMAGE=<image>:<version>.`,
    );
  });

  it('rejects a Dockerfile without FROM', () => {
    expect(() => parseDockerfile('# nothing\n', FILE)).toThrow(DockerfileError);
  });
});
