/**
 * renovate.json's base-image manager must see every `ARG <NAME>_IMAGE=<ref>` default the
 * Dockerfiles declare (the parser's baseImageArgs are the contract), read each ref right, and
 * still read it once Renovate has pinned a digest beside the tag. Renovate runs its regexes the
 * same way as `extract` below: `matchStringsStrategy: "recursive"`, each string applied to the
 * previous one's match, the last match being what gets replaced.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDockerfile } from '@polystage/nx-docker';
import { GO_TOOLS } from '@polystage/tools/toolchain/catalog';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

interface CustomManager {
  datasourceTemplate?: string;
  managerFilePatterns: string[];
  matchStringsStrategy?: string;
  matchStrings: string[];
  autoReplaceStringTemplate?: string;
}

interface Extracted {
  depName?: string;
  currentValue?: string;
  currentDigest?: string;
  replaceString: string;
}

const config = JSON.parse(readFileSync(join(root, '.github/renovate.json'), 'utf8')) as { customManagers: CustomManager[] };
const manager = config.customManagers.find((m) => m.datasourceTemplate === 'docker');

function extract(content: string, matchStrings: readonly string[], groups: Record<string, string | undefined> = {}): Extracted[] {
  const [first, ...rest] = matchStrings;
  if (first === undefined) return [{ ...groups, replaceString: content }];
  return [...content.matchAll(new RegExp(first, 'g'))].flatMap((match) => extract(match[0], rest, { ...groups, ...match.groups }));
}

/** The `{{x}}` and `{{#if x}}...{{/if}}` subset of Handlebars the template uses. */
function render(template: string, fields: Record<string, string | undefined>): string {
  return template
    .replace(/\{\{#if (\w+)\}\}(.*?)\{\{\/if\}\}/g, (_, name: string, body: string) => (fields[name] ? body : ''))
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => fields[name] ?? '');
}

/** `/regex/` patterns, as Renovate writes them in managerFilePatterns. */
function fileMatches(path: string): boolean {
  return manager!.managerFilePatterns.some((pattern) => new RegExp(pattern.slice(1, -1)).test(path));
}

function dockerfiles(): string[] {
  const services = readdirSync(join(root, 'services'), { withFileTypes: true }).filter((e) => e.isDirectory());
  const inServices = services.flatMap((dir) =>
    readdirSync(join(root, 'services', dir.name))
      .filter((name) => name === 'Dockerfile' || name.endsWith('.Dockerfile'))
      .map((name) => `services/${dir.name}/${name}`),
  );
  const bench = readdirSync(join(root, 'tools/src/bench/fixtures'))
    .filter((name) => name.endsWith('.Dockerfile'))
    .map((name) => `tools/src/bench/fixtures/${name}`);
  return [...inServices, ...bench].sort();
}

describe('renovate.json base-image manager', () => {
  it('is a recursive regex manager on the docker datasource with a digest-pinning template', () => {
    expect(manager).toBeDefined();
    expect(manager!.matchStringsStrategy).toBe('recursive');
    expect(manager!.autoReplaceStringTemplate).toBeDefined();
  });

  const files = dockerfiles();
  // Each file found is checked below; this only stops a scan that found no service at all.
  it('finds the services\' Dockerfiles', () => {
    expect(files.filter((f) => f.startsWith('services/')).length).toBeGreaterThan(0);
  });

  describe.each(files)('%s', (file) => {
    const content = readFileSync(join(root, file), 'utf8');
    const args = parseDockerfile(content, file).baseImageArgs;

    it('is one of the files the manager reads', () => {
      expect(fileMatches(file)).toBe(true);
    });

    it('yields exactly its *_IMAGE ARG defaults, as name + tag', () => {
      expect(args.length).toBeGreaterThan(0);
      const deps = extract(content, manager!.matchStrings);
      expect(deps).toEqual(
        args.map((arg) => {
          const [depName, ...tag] = arg.ref.split(':');
          return { depName, currentValue: tag.join(':'), replaceString: arg.ref };
        }),
      );
    });

    it.each(args.map((arg) => [arg.name, arg] as const))('%s pins to <ref>@<digest> and reads back the digest', (_, arg) => {
      const [dep] = extract(`ARG ${arg.name}=${arg.ref}\n`, manager!.matchStrings);
      const pinned = render(manager!.autoReplaceStringTemplate!, { ...dep, newValue: dep?.currentValue, newDigest: DIGEST });
      expect(pinned).toBe(`${arg.ref}@${DIGEST}`);

      const whole = content.replace(`ARG ${arg.name}=${arg.ref}\n`, `ARG ${arg.name}=${pinned}\n`);
      const reread = extract(whole, manager!.matchStrings).find((d) => d.currentDigest);
      expect(reread).toEqual({ depName: dep?.depName, currentValue: dep?.currentValue, currentDigest: DIGEST, replaceString: pinned });
    });
  });

  it('reads registry paths, tags and digests apart, and ignores ARGs that are not base images', () => {
    const text = [
      '# ARG COMMENTED_IMAGE=python:3.12',
      'ARG STATIC_IMAGE=gcr.io/distroless/static-debian13:nonroot@' + DIGEST,
      'ARG VERSION=dev',
      'ARG PYTHON_IMAGE=python:3.13-slim-trixie',
    ].join('\n');
    expect(extract(text, manager!.matchStrings)).toEqual([
      {
        depName: 'gcr.io/distroless/static-debian13',
        currentValue: 'nonroot',
        currentDigest: DIGEST,
        replaceString: `gcr.io/distroless/static-debian13:nonroot@${DIGEST}`,
      },
      { depName: 'python', currentValue: '3.13-slim-trixie', replaceString: 'python:3.13-slim-trixie' },
    ]);
  });
});

describe('every regex manager', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const regexManagers = (config.customManagers as (CustomManager & { customType?: string; description?: string; depNameTemplate?: string })[]).filter((m) => m.customType === 'regex');

  it.each(regexManagers.map((m) => [m.description?.split(/[.:(]/)[0] ?? '?', m] as const))('%s: finds a dependency in a file it names', (_, m) => {
    const files = tracked.filter((path) => m.managerFilePatterns.some((pattern) => new RegExp(pattern.slice(1, -1)).test(path)));
    expect(files, `no tracked file matches ${m.managerFilePatterns.join(', ')}`).not.toEqual([]);
    const deps = files.flatMap((file) => {
      const content = readFileSync(join(root, file), 'utf8');
      return m.matchStringsStrategy === 'recursive' ? extract(content, m.matchStrings) : m.matchStrings.flatMap((pattern) => extract(content, [pattern]));
    });
    expect(deps.filter((dep) => (dep.depName ?? m.depNameTemplate) && dep.currentValue), `no dependency found in ${files.join(', ')}`).not.toEqual([]);
  });
});

describe('the toolchain catalog managers', () => {
  const catalog = 'tools/src/toolchain/catalog.ts';
  const content = readFileSync(join(root, catalog), 'utf8');
  const managers = (config.customManagers as (CustomManager & { depNameTemplate?: string })[]).filter((m) =>
    m.managerFilePatterns.some((pattern) => new RegExp(pattern.slice(1, -1)).test(catalog)),
  );
  const read = (datasource: string) =>
    managers.filter((m) => m.datasourceTemplate === datasource).flatMap((m) => extract(content, m.matchStrings).map((dep) => ({ depName: dep.depName ?? m.depNameTemplate, currentValue: dep.currentValue })));

  // A comment or another field between module and version would hide a tool from Renovate.
  it('read every tool as module + version, on the go datasource', () => {
    expect(read('go')).toEqual(Object.values(GO_TOOLS).map((tool) => ({ depName: tool.module, currentValue: tool.version })));
  });

  it('read every pinned Go release as a Go version, the go prefix kept out of the value', () => {
    const pinned = Object.values(GO_TOOLS).flatMap((tool) => ('goToolchain' in tool ? [tool.goToolchain] : []));
    expect(pinned.length).toBeGreaterThan(0);
    expect(read('golang-version')).toEqual(pinned.map((release) => ({ depName: 'go', currentValue: release.replace(/^go/, '') })));
  });
});
