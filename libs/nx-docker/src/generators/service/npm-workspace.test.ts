import { readJson } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import removeServiceGenerator from '../remove-service/generator.ts';
import { changes, repoTree } from '../test-tree.ts';
import serviceGenerator from './generator.ts';
import { addNpmWorkspace, lockedVersions, removeNpmWorkspace } from './npm-workspace.ts';

interface Lock {
  packages: Record<string, { name?: string; resolved?: string; link?: boolean; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
}

describe('npm workspace entries in package-lock.json', () => {
  // The premise of writing the lock by parse and stringify: npm's own file survives it unchanged.
  it('round-trips the real lock byte for byte', () => {
    const text = repoTree().read('package-lock.json', 'utf8')!;
    expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
  });

  // Mutation guarded: an entry missing, unsorted, or with versions not the twin's (npm ci would refuse it).
  it('adds the workspace and its link where npm sorts them, with the twin’s locked versions', async () => {
    const tree = repoTree();
    await serviceGenerator(tree, { name: 'demo-react', stack: 'react' });
    const lock = readJson(tree, 'package-lock.json') as Lock;
    const keys = Object.keys(lock.packages);
    expect(keys.slice(keys.indexOf('services/demo-react') - 1, keys.indexOf('services/demo-react') + 2)).toEqual(['node_modules/zx', 'services/demo-react', 'services/web']);
    expect(keys.indexOf('node_modules/@polystage/demo-react')).toBe(keys.indexOf('node_modules/@polystage/docker') - 1);
    expect(lock.packages['node_modules/@polystage/demo-react']).toEqual({ resolved: 'services/demo-react', link: true });
    const entry = lock.packages['services/demo-react']!;
    const web = lock.packages['services/web']!;
    expect(entry.name).toBe('@polystage/demo-react');
    expect(entry.dependencies).toEqual({ react: web.dependencies!['react'], 'react-dom': web.dependencies!['react-dom'] });
    for (const [name, version] of Object.entries(entry.devDependencies!)) expect(version, name).toBe(web.devDependencies![name]);
    // package.json says exactly what the lock says it says.
    const manifest = readJson(tree, 'services/demo-react/package.json') as { dependencies: unknown; devDependencies: unknown };
    expect(manifest.dependencies).toEqual(entry.dependencies);
    expect(manifest.devDependencies).toEqual(entry.devDependencies);
    // Nothing new is resolved: every package it names is already locked at the root.
    for (const name of [...Object.keys(entry.dependencies!), ...Object.keys(entry.devDependencies!)]) expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
  });

  // Mutation guarded: remove-service leaving either entry, or reordering or reformatting the rest.
  it('remove-service gives back the lock byte for byte', async () => {
    const tree = repoTree();
    const before = tree.read('package-lock.json', 'utf8');
    await serviceGenerator(tree, { name: 'demo-node', stack: 'node' });
    expect(tree.read('package-lock.json', 'utf8')).not.toBe(before);
    await removeServiceGenerator(tree, { name: 'demo-node' });
    expect(tree.read('package-lock.json', 'utf8')).toBe(before);
  });

  it('leaves the lock alone when removing a service that is no workspace', () => {
    const tree = repoTree();
    const before = changes(tree);
    removeNpmWorkspace(tree, 'gateway');
    expect(changes(tree)).toEqual(before);
  });

  it('refuses, before writing, a package the twin does not depend on', () => {
    const tree = repoTree();
    expect(() => lockedVersions(tree, { from: 'services/worker', dependencies: ['react'], devDependencies: [] })).toThrow(
      'services/worker does not depend on react in package-lock.json',
    );
    expect(() => lockedVersions(tree, { from: 'services/gone', dependencies: [], devDependencies: [] })).toThrow('package-lock.json has no entry for services/gone');
  });

  it('adding twice keeps one entry', () => {
    const tree = repoTree();
    const versions = lockedVersions(tree, { from: 'services/worker', dependencies: [], devDependencies: ['vitest'] });
    addNpmWorkspace(tree, 'twice', versions);
    const once = tree.read('package-lock.json', 'utf8');
    addNpmWorkspace(tree, 'twice', versions);
    expect(tree.read('package-lock.json', 'utf8')).toBe(once);
  });
});
