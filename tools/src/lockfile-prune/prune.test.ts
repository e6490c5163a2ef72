import { describe, expect, it } from 'vitest';
import { formatLockfile } from './format.ts';
import { LockfilePruneError, pruneLockfile, type LockEntry, type Lockfile } from './prune.ts';

const pkg = (version: string, fields: Partial<LockEntry> = {}): LockEntry => ({ version, integrity: `sha512-${version}`, license: 'MIT', ...fields });

/**
 * Two workspaces sharing a root lock, the way npm lays it out:
 * - app: prod dep `shared` (hoisted), dev deps `tester` and `helper@2` (nested under app, since
 *   web's `helper@1` holds the top), optional dep `native` whose other-platform build is absent,
 *   and a link to `lib`;
 * - lib (a workspace app links to): prod dep `tiny`;
 * - web: prod dep `tester` (so `tester` is not dev in the full lock), `shared`, and `helper@1` hoisted.
 */
function workspaceLock(): Lockfile {
  return {
    name: 'mono',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'mono', version: '1.0.0', workspaces: ['apps/*', 'libs/*'], devDependencies: { typescript: '5.0.0' } },
      'apps/app': {
        name: '@mono/app',
        version: '0.1.0',
        dependencies: { shared: '^1.0.0', '@mono/lib': '*' },
        devDependencies: { tester: '^3.0.0', helper: '^2.0.0' },
        optionalDependencies: { native: '^1.0.0' },
      },
      'apps/app/node_modules/helper': pkg('2.0.0', { dev: true }),
      'apps/web': { name: '@mono/web', version: '0.1.0', dependencies: { tester: '^3.0.0', shared: '^1.0.0', helper: '^1.0.0' } },
      'libs/lib': { name: '@mono/lib', version: '0.1.0', dependencies: { tiny: '^1.0.0' } },
      'node_modules/@mono/app': { resolved: 'apps/app', link: true },
      'node_modules/@mono/lib': { resolved: 'libs/lib', link: true },
      'node_modules/@mono/web': { resolved: 'apps/web', link: true },
      'node_modules/helper': pkg('1.0.0'),
      'node_modules/native': pkg('1.0.0', { optional: true, optionalDependencies: { 'native-darwin': '1.0.0' } }),
      'node_modules/shared': pkg('1.2.0', { peerDependencies: { yaml: '^2.0.0' }, peerDependenciesMeta: { yaml: { optional: true } } }),
      'node_modules/tester': pkg('3.1.0'),
      'node_modules/tiny': pkg('1.0.1'),
      'node_modules/typescript': pkg('5.0.0', { dev: true }),
      'node_modules/yaml': pkg('2.4.0'),
    },
  };
}

const clone = <T>(value: T): T => structuredClone(value);

describe('pruneLockfile', () => {
  it('keeps exactly the member closure, at the paths npm hoisted it to', () => {
    const { lockfile } = pruneLockfile(workspaceLock(), 'apps/app');
    expect(Object.keys(lockfile.packages).sort()).toEqual([
      '',
      'apps/app',
      'apps/app/node_modules/helper',
      'libs/lib',
      'node_modules/@mono/app',
      'node_modules/@mono/lib',
      'node_modules/native',
      'node_modules/shared',
      'node_modules/tester',
      'node_modules/tiny',
    ]);
    expect(lockfile).toMatchObject({ name: 'mono', version: '1.0.0', lockfileVersion: 3, requires: true });
  });

  it('resolves like Node: the nested copy under the member wins over the hoisted one', () => {
    const { lockfile } = pruneLockfile(workspaceLock(), 'apps/app');
    expect(lockfile.packages['apps/app/node_modules/helper']?.version).toBe('2.0.0');
    expect(lockfile.packages['node_modules/helper']).toBeUndefined();
  });

  it('lists the member and the workspaces it links to as the new root workspaces', () => {
    const { lockfile, packageJson, localPackages } = pruneLockfile(workspaceLock(), './apps/app/');
    expect(localPackages).toEqual(['apps/app', 'libs/lib']);
    expect(packageJson).toEqual({ name: 'mono', version: '1.0.0', private: true, workspaces: ['apps/app', 'libs/lib'] });
    expect(lockfile.packages['']).toEqual({ name: 'mono', version: '1.0.0', workspaces: ['apps/app', 'libs/lib'] });
  });

  it('recomputes dev/optional flags for the pruned tree', () => {
    const { packages } = pruneLockfile(workspaceLock(), 'apps/app').lockfile;
    // Only app's devDependency here, although web needs it in production.
    expect(packages['node_modules/tester']).toMatchObject({ dev: true });
    expect(packages['apps/app/node_modules/helper']).toMatchObject({ dev: true });
    expect(packages['node_modules/shared']).not.toHaveProperty('dev');
    expect(packages['node_modules/native']).toMatchObject({ optional: true });
    expect(packages['node_modules/native']).not.toHaveProperty('dev');
    // Links and local packages carry no flags.
    expect(packages['node_modules/@mono/lib']).toEqual({ resolved: 'libs/lib', link: true });
    expect(packages['libs/lib']).not.toHaveProperty('dev');
  });

  it('marks an optional dependency of a dev dependency both dev and optional', () => {
    const lock = workspaceLock();
    lock.packages['node_modules/tester']!.optionalDependencies = { speedup: '^1.0.0' };
    lock.packages['node_modules/speedup'] = pkg('1.0.0');
    expect(pruneLockfile(lock, 'apps/app').lockfile.packages['node_modules/speedup']).toMatchObject({ dev: true, optional: true });
  });

  it('marks devOptional what is reached only as a dev dependency or as an optional one', () => {
    const lock = workspaceLock();
    lock.packages['apps/app']!.devDependencies = { ...lock.packages['apps/app']!.devDependencies, speedup: '^1.0.0' };
    lock.packages['node_modules/shared']!.optionalDependencies = { speedup: '^1.0.0' };
    lock.packages['node_modules/speedup'] = pkg('1.0.0');
    const speedup = pruneLockfile(lock, 'apps/app').lockfile.packages['node_modules/speedup'];
    expect(speedup).toMatchObject({ devOptional: true });
    expect(speedup).not.toHaveProperty('dev');
    expect(speedup).not.toHaveProperty('optional');
  });

  it('does not pull in an optional peer that only another workspace installs', () => {
    const { packages } = pruneLockfile(workspaceLock(), 'apps/app').lockfile;
    expect(packages['node_modules/yaml']).toBeUndefined();
  });

  it('gives byte-identical output when another workspace changes its dependencies', () => {
    const before = formatLockfile(pruneLockfile(workspaceLock(), 'apps/app').lockfile);
    const changed = clone(workspaceLock());
    changed.packages['apps/web']!.dependencies = { ...changed.packages['apps/web']!.dependencies, 'left-pad': '^1.3.0' };
    changed.packages['node_modules/left-pad'] = pkg('1.3.0');
    changed.packages['node_modules/typescript'] = pkg('5.9.3', { dev: true });
    // web now uses tester only for development: its flag in the full lock flips.
    changed.packages['node_modules/tester'] = { ...changed.packages['node_modules/tester']!, dev: true };
    expect(formatLockfile(pruneLockfile(changed, 'apps/app').lockfile)).toBe(before);
  });

  it('changes when the member closure changes', () => {
    const before = formatLockfile(pruneLockfile(workspaceLock(), 'apps/app').lockfile);
    const bumped = workspaceLock();
    bumped.packages['node_modules/shared'] = { ...bumped.packages['node_modules/shared']!, version: '1.3.0', integrity: 'sha512-1.3.0' };
    expect(formatLockfile(pruneLockfile(bumped, 'apps/app').lockfile)).not.toBe(before);
  });

  it('skips an optional dependency the lock does not install (another platform)', () => {
    const { packages } = pruneLockfile(workspaceLock(), 'apps/app').lockfile;
    expect(packages['node_modules/native-darwin']).toBeUndefined();
  });

  it('names a required dependency the lock does not install', () => {
    const lock = workspaceLock();
    delete lock.packages['node_modules/tiny'];
    expect(() => pruneLockfile(lock, 'apps/app')).toThrow(
      new LockfilePruneError(
        'package-lock.json installs no "tiny" for libs/lib, which needs it (prod dependency). Run npm install to bring the lockfile up to date.',
      ),
    );
  });

  it('refuses a folder that is not a workspace, listing the ones that are', () => {
    expect(() => pruneLockfile(workspaceLock(), 'apps/api')).toThrow(
      '"apps/api" is not a workspace in package-lock.json (workspaces there: apps/app, apps/web, libs/lib).',
    );
    expect(() => pruneLockfile(workspaceLock(), '../elsewhere')).toThrow('is not a workspace folder relative to the lockfile');
    expect(() => pruneLockfile(workspaceLock(), 'node_modules/shared')).toThrow('is not a workspace in package-lock.json');
  });

  it('refuses a lockfileVersion 1 lock, which has no packages section', () => {
    expect(() => pruneLockfile({ lockfileVersion: 1, dependencies: {} } as unknown as Lockfile, 'apps/app')).toThrow(
      'lockfileVersion 2 or 3',
    );
  });
});
