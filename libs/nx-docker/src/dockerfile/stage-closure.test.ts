import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.ts';
import { contextSourcesFor, findStage, stageClosure } from './stage-closure.ts';

const model = parseDockerfile(
  [
    'FROM scratch AS deps',
    'COPY services/a/lock ./',
    'FROM deps AS test',
    'COPY services/a/tests ./tests',
    'FROM deps AS build',
    'COPY services/a/src ./src',
    'FROM scratch AS prod',
    'COPY --from=build /src /src',
    'FROM deps AS dev',
  ].join('\n'),
  'services/a/Dockerfile',
);

describe('stage closure', () => {
  it('follows FROM and COPY --from back to the stages BuildKit builds', () => {
    expect(stageClosure(model, 'prod').map((s) => s.name)).toEqual(['deps', 'build', 'prod']);
    expect(contextSourcesFor(model, 'test').map((s) => s.path)).toEqual(['services/a/lock', 'services/a/tests']);
  });

  it('names the real stages when the target is unknown', () => {
    expect(() => findStage(model, 'release')).toThrow(
      'services/a/Dockerfile:1: has no stage "release". Its stages are: deps, test, build, prod, dev. Use one of them as the target.',
    );
  });
});
