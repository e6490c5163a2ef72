// What a minimal prod image promises NOT to contain (DESIGN.md §2, §5). Literal paths
// are resolved through symlinks; globs (with * or **) match entry paths.

export const SHELLS = [
  '/bin/sh', '/usr/bin/sh', '/bin/bash', '/usr/bin/bash', '/bin/dash', '/usr/bin/dash',
  '/bin/ash', '/bin/zsh', '/usr/bin/zsh', '/bin/busybox', '/usr/bin/busybox', '/busybox/sh',
];

export const COMPILERS = [
  '/usr/bin/gcc', '/usr/bin/cc', '/usr/bin/c++', '/usr/bin/g++', '/usr/bin/clang', '/usr/bin/ld',
  '/usr/local/go/bin/go', '/usr/bin/go', '**/bin/javac',
];

export const PACKAGE_MANAGERS = [
  '/usr/bin/apt', '/usr/bin/apt-get', '/usr/bin/dpkg', '/usr/bin/apk', '/usr/bin/yum', '/usr/bin/dnf',
  '**/bin/pip', '**/bin/pip3', '**/bin/pip3.*', '/usr/bin/npm', '/usr/local/bin/npm', '/usr/bin/npx', '/usr/local/bin/npx',
  '**/node_modules/npm/bin/npm-cli.js', '/usr/bin/yarn', '/usr/local/bin/yarn', '/usr/bin/mvn', '/usr/bin/uv',
];

export const DEFAULT_ABSENT_PATHS: readonly string[] = [...SHELLS, ...COMPILERS, ...PACKAGE_MANAGERS];

export interface AbsentPathsOptions {
  /** Service-specific paths or globs, e.g. sources and tests: ['/app/src', '/app/**\/*.test.*']. */
  extra?: string[];
  /** Defaults this image is allowed to keep, with a reason in the spec (e.g. a debug variant). */
  allow?: string[];
}

export function absentPathsFor(options: AbsentPathsOptions = {}): string[] {
  const allowed = new Set(options.allow ?? []);
  return [...DEFAULT_ABSENT_PATHS.filter((entry) => !allowed.has(entry)), ...(options.extra ?? [])];
}
