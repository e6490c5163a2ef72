import { describe, expect, it } from 'vitest';
import type { Engine } from '@polystage/docker';
import { findRecipe } from './recipes.ts';
import { relabelDockerfile, verifyAndTag, type ImageCommandRunner } from './verify.ts';
import {
  checkVersions,
  describeVersions,
  formatVersionsLabel,
  inSeries,
  javaPromise,
  parseVersion,
  parseVersionsLabel,
  pythonPromise,
  StandInVersionError,
  VERSIONS_LABEL,
} from './versions.ts';

const JAVA_BANNER = 'openjdk version "25.0.5" 2026-10-21\nOpenJDK Runtime Environment (build 25.0.5+8-Debian-1)\nOpenJDK 64-Bit Server VM (build 25.0.5+8-Debian-1, mixed mode, sharing)\n';
const MAVEN_BANNER =
  'Apache Maven 3.9.9 (8e8579a9e76f7d015ee5ec7bfcdc97d260186937)\nMaven home: /usr/share/maven\nJava version: 25.0.5, vendor: Debian, runtime: /usr/lib/jvm/java-25-openjdk-amd64\n';

const JAVA_STAND_IN = { ref: 'gcr.io/distroless/java25-debian13:nonroot', recipeDir: 'distroless-java' };
const PYTHON_STAND_IN = { ref: 'python:3.13-slim-trixie', recipeDir: 'python-slim' };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('parseVersion', () => {
  it.each([
    ['java', JAVA_BANNER, '25.0.5'],
    ['java', 'openjdk version "25" 2025-09-16\n', '25'],
    ['maven', MAVEN_BANNER, '3.9.9'],
    ['python', '3.13.5\n', '3.13.5'],
    ['python', 'Python 3.13.9', '3.13.9'],
    ['node', 'v24.21.0\n', '24.21.0'],
    ['go', 'go1.27.4\n', '1.27.4'],
  ] as const)('%s: %j -> %s', (tool, output, version) => {
    expect(parseVersion(tool, output)).toBe(version);
  });

  it('finds nothing in an error', () => {
    expect(parseVersion('java', 'docker: Error response from daemon: failed to create task: exec: "/usr/bin/java": no such file')).toBeUndefined();
  });
});

describe('inSeries', () => {
  it('compares the series components only', () => {
    expect(inSeries('25.0.5', '25')).toBe(true);
    expect(inSeries('25', '25')).toBe(true);
    expect(inSeries('3.13.0', '3.13')).toBe(true);
    expect(inSeries('3.14.0', '3.13')).toBe(false);
    expect(inSeries('3.1', '3.13')).toBe(false);
    expect(inSeries('26.0.1', '25')).toBe(false);
    expect(inSeries('3', '3.13')).toBe(false);
  });
});

describe('versions label', () => {
  it('round-trips and reads for people', () => {
    const label = formatVersionsLabel({ java: '25.0.5', maven: '3.9.9' });
    expect(label).toBe('java=25.0.5,maven=3.9.9');
    expect(parseVersionsLabel(label)).toEqual({ java: '25.0.5', maven: '3.9.9' });
    expect(describeVersions(label)).toBe('java 25.0.5, maven 3.9.9');
    expect(describeVersions(undefined)).toBe('no versions recorded');
    expect(VERSIONS_LABEL).toBe('io.polystage.stand-in.versions');
  });
});

describe('checkVersions', () => {
  it('accepts a newer Debian patch of the series, records it and reports the change', () => {
    const checked = checkVersions(JAVA_STAND_IN, [javaPromise('/usr/bin/java', 'JAVA_VERSION')], { java: JAVA_BANNER }, 'java=25.0.3');
    expect(checked.label).toBe('java=25.0.5');
    expect(checked.env).toEqual({ JAVA_VERSION: '25.0.5' });
    expect(checked.changes).toEqual(['java 25.0.3 -> 25.0.5, same 25 series: accepted']);
  });

  it('accepts an older patch too (Debian serves one; a mirror may lag)', () => {
    const checked = checkVersions(PYTHON_STAND_IN, [pythonPromise('/usr/local/bin/python3', 'PYTHON_VERSION')], { python: '3.13.3\n' }, 'python=3.13.5');
    expect(checked.label).toBe('python=3.13.3');
    expect(checked.env).toEqual({ PYTHON_VERSION: '3.13.3' });
    expect(checked.changes).toEqual(['python 3.13.5 -> 3.13.3, same 3.13 series: accepted']);
  });

  it('reports no change for the same version or a first build', () => {
    expect(checkVersions(JAVA_STAND_IN, [javaPromise('/usr/bin/java')], { java: JAVA_BANNER }, 'java=25.0.5').changes).toEqual([]);
    expect(checkVersions(JAVA_STAND_IN, [javaPromise('/usr/bin/java')], { java: JAVA_BANNER }).changes).toEqual([]);
  });

  it('refuses a different minor with one line naming what Debian ships, what the Dockerfiles need and the fix', () => {
    const error = thrown(() => checkVersions(PYTHON_STAND_IN, [pythonPromise('/usr/local/bin/python3')], { python: '3.14.1\n' }, 'python=3.13.5'));
    expect(error).toBeInstanceOf(StandInVersionError);
    expect(error.message).toBe(
      "The python:3.13-slim-trixie stand-in: Debian ships python 3.14.1 but the services' Dockerfiles need python 3.13 (any 3.13.x patch); " +
        "fix: install Debian's python 3.13 package in tools/src/offline-bases/recipes/python-slim/Dockerfile, or move the Dockerfiles' base image " +
        'and PYTHON_SERIES in tools/src/offline-bases/versions.ts to 3.14 together.',
    );
    expect(error.message).not.toContain('\n');
  });

  it('refuses a different Java major', () => {
    const error = thrown(() => checkVersions(JAVA_STAND_IN, [javaPromise('/usr/bin/java')], { java: 'openjdk version "26.0.1" 2027-01-19' }));
    expect(error.message).toMatch(/^The gcr\.io\/distroless\/java25-debian13:nonroot stand-in: Debian ships java 26\.0\.1 but the services' Dockerfiles need java 25 \(any 25\.x patch\); fix: .* to 26 together\.$/);
  });

  it('holds archive-pinned versions to their exact pin', () => {
    const maven = findRecipe('maven:3.9-eclipse-temurin-25');
    const ok = checkVersions({ ref: maven.ref, recipeDir: 'maven' }, maven.promises, { java: JAVA_BANNER, maven: MAVEN_BANNER });
    expect(ok.label).toBe('java=25.0.5,maven=3.9.9');
    expect(ok.env).toEqual({});
    const error = thrown(() => checkVersions({ ref: maven.ref, recipeDir: 'maven' }, maven.promises, { java: JAVA_BANNER, maven: MAVEN_BANNER.replace('3.9.9', '3.9.8') }));
    expect(error.message).toBe(
      'The maven:3.9-eclipse-temurin-25 stand-in has maven 3.9.8 but MAVEN_VERSION in tools/src/offline-bases/versions.ts pins 3.9.9 from Maven Central; ' +
        'fix: tools/src/offline-bases/recipes/maven/Dockerfile must install the pinned release.',
    );
  });

  it('refuses an image whose probe printed no version', () => {
    const error = thrown(() => checkVersions(JAVA_STAND_IN, [javaPromise('/usr/bin/java')], { java: 'exec /usr/bin/java: no such file or directory\n' }));
    expect(error.message).toBe(
      'The gcr.io/distroless/java25-debian13:nonroot stand-in: `/usr/bin/java -version` printed no java version (it said: exec /usr/bin/java: no such file or directory); check tools/src/offline-bases/recipes/distroless-java/Dockerfile.',
    );
  });
});

describe('verifyAndTag', () => {
  const runner =
    (outputs: Record<string, string>): ImageCommandRunner =>
    async (_image, entrypoint) =>
      outputs[entrypoint] ?? '';
  const engine = (client: string): Pick<Engine, 'client' | 'clientVersion' | 'mode'> => ({ client, clientVersion: '20.10.24', mode: 'classic-buildkit' });
  const javaStandIn = findRecipe('gcr.io/distroless/java25-debian13:nonroot');
  const subject = { ...JAVA_STAND_IN, tag: 'polystage.local/gcr.io/distroless/java25-debian13:nonroot' };

  it('probes the candidate in exec form and tags it with what it found', async () => {
    // `/bin/true` as docker: the relabel build "succeeds" without an engine.
    const checked = await verifyAndTag(engine('/bin/true'), 'candidate', subject, javaStandIn.promises, 'java=25.0.3', runner({ '/usr/bin/java': JAVA_BANNER }));
    expect(checked).toMatchObject({ label: 'java=25.0.5', env: { JAVA_VERSION: '25.0.5' }, changes: ['java 25.0.3 -> 25.0.5, same 25 series: accepted'] });
  });

  it('never tags a refused candidate', async () => {
    // `/bin/false` as docker: reaching the relabel build would fail with another error.
    await expect(
      verifyAndTag(engine('/bin/false'), 'candidate', subject, javaStandIn.promises, undefined, runner({ '/usr/bin/java': 'openjdk version "21.0.12"' })),
    ).rejects.toThrow(StandInVersionError);
  });

  it('sets the version ENV from what was probed in a FROM-only Dockerfile', () => {
    expect(relabelDockerfile('polystage.local/stand-in-candidate/distroless-java:0123', { JAVA_VERSION: '25.0.5' })).toBe(
      'FROM polystage.local/stand-in-candidate/distroless-java:0123\nENV JAVA_VERSION=25.0.5\n',
    );
  });
});

describe('what each recipe promises', () => {
  it('accepts any patch where Debian decides and pins where the archive serves every release', () => {
    const promises = (ref: string) => findRecipe(ref).promises.map((p) => ({ tool: p.tool, series: p.series, pinned: p.pinned, env: p.env }));
    expect(promises('python:3.13-slim-trixie')).toEqual([{ tool: 'python', series: '3.13', pinned: undefined, env: 'PYTHON_VERSION' }]);
    expect(promises('gcr.io/distroless/python3-debian13:nonroot')).toEqual([{ tool: 'python', series: '3.13', pinned: undefined, env: undefined }]);
    expect(promises('gcr.io/distroless/java25-debian13:nonroot')).toEqual([{ tool: 'java', series: '25', pinned: undefined, env: 'JAVA_VERSION' }]);
    expect(promises('maven:3.9-eclipse-temurin-25')).toEqual([
      { tool: 'java', series: '25', pinned: undefined, env: undefined },
      { tool: 'maven', series: '3.9', pinned: '3.9.9', env: undefined },
    ]);
    expect(promises('node:24-trixie-slim')).toEqual([{ tool: 'node', series: '24', pinned: expect.stringMatching(/^24\.\d+\.\d+$/), env: undefined }]);
    expect(promises('golang:1.27.1-trixie')).toEqual([{ tool: 'go', series: '1.27', pinned: '1.27.1', env: undefined }]);
    expect(findRecipe('gcr.io/distroless/static-debian13:nonroot').promises).toEqual([]);
    expect(findRecipe('debian:trixie-slim').promises).toEqual([]);
  });

  it('no longer passes a Debian patch into any recipe build', () => {
    for (const ref of ['python:3.13-slim-trixie', 'gcr.io/distroless/python3-debian13:nonroot', 'gcr.io/distroless/java25-debian13:nonroot']) {
      expect(Object.keys(findRecipe(ref).buildArgs)).not.toContain('PYTHON_VERSION');
      expect(Object.keys(findRecipe(ref).buildArgs)).not.toContain('JAVA_VERSION');
    }
  });
});
