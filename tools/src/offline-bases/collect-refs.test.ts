import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './test-tmp.ts';
import { parseDockerfile } from '@polystage/nx-docker';
import { collectDockerfileRefs, findServiceDockerfiles, mergeRequests, targetPlatformArgs } from './collect-refs.ts';
import { platformMirror, resolveWithDependencies } from './plan.ts';

const tempDir = tempDirs('polystage-refs-');

async function workspace(files: Record<string, string>): Promise<string> {
  const root = await tempDir();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('collectDockerfileRefs', () => {
  it('collects the distinct *_IMAGE ARG defaults across services with file:line', async () => {
    const root = await workspace({
      'services/api/Dockerfile': [
        'ARG PYTHON_IMAGE=python:3.13-slim-trixie',
        'ARG DISTROLESS_IMAGE=gcr.io/distroless/python3-debian13:nonroot',
        'FROM ${PYTHON_IMAGE} AS deps',
        'FROM ${DISTROLESS_IMAGE} AS prod',
      ].join('\n'),
      'services/gateway/Dockerfile': [
        'ARG GO_IMAGE=golang:1.27-trixie',
        'ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian13:nonroot',
        'FROM ${GO_IMAGE} AS deps',
        'FROM ${RUNTIME_IMAGE} AS prod',
      ].join('\n'),
      'services/worker/Dockerfile': ['ARG BUILD_IMAGE=python:3.13-slim-trixie', 'FROM ${BUILD_IMAGE}'].join('\n'),
      'services/notes/README.md': 'no Dockerfile here',
    });
    const files = await findServiceDockerfiles(root);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['services/api/Dockerfile', 'services/gateway/Dockerfile', 'services/worker/Dockerfile']);
    expect(await collectDockerfileRefs(root, files)).toEqual([
      { ref: 'python:3.13-slim-trixie', from: ['services/api/Dockerfile:1 (PYTHON_IMAGE)', 'services/worker/Dockerfile:1 (BUILD_IMAGE)'] },
      { ref: 'gcr.io/distroless/python3-debian13:nonroot', from: ['services/api/Dockerfile:2 (DISTROLESS_IMAGE)'] },
      { ref: 'golang:1.27-trixie', from: ['services/gateway/Dockerfile:1 (GO_IMAGE)'] },
      { ref: 'gcr.io/distroless/static-debian13:nonroot', from: ['services/gateway/Dockerfile:2 (RUNTIME_IMAGE)'] },
    ]);
  });

  it('asks for the stand-in of the tag when Renovate has pinned a digest beside it', async () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    const root = await workspace({
      'services/api/Dockerfile': [
        `ARG PYTHON_IMAGE=python:3.13-slim-trixie@${digest}`,
        `ARG DISTROLESS_IMAGE=gcr.io/distroless/python3-debian13:nonroot@${digest}`,
        'FROM ${PYTHON_IMAGE} AS deps',
        'FROM ${DISTROLESS_IMAGE} AS prod',
      ].join('\n'),
      'services/worker/Dockerfile': ['ARG BUILD_IMAGE=python:3.13-slim-trixie', 'FROM ${BUILD_IMAGE}'].join('\n'),
    });
    const requests = await collectDockerfileRefs(root, await findServiceDockerfiles(root));
    expect(requests).toEqual([
      { ref: 'python:3.13-slim-trixie', from: ['services/api/Dockerfile:1 (PYTHON_IMAGE)', 'services/worker/Dockerfile:1 (BUILD_IMAGE)'] },
      { ref: 'gcr.io/distroless/python3-debian13:nonroot', from: ['services/api/Dockerfile:2 (DISTROLESS_IMAGE)'] },
    ]);
    // ...which has a recipe, like the tag alone.
    expect(() => resolveWithDependencies(requests)).not.toThrow();
  });

  it('refuses a digest with no tag in one line naming the ARG, the file and the fix', async () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    const root = await workspace({ 'services/api/Dockerfile': ['# base', `ARG PYTHON_IMAGE=python@${digest}`, 'FROM ${PYTHON_IMAGE}'].join('\n') });
    await expect(collectDockerfileRefs(root, await findServiceDockerfiles(root))).rejects.toThrow(
      `PYTHON_IMAGE="python@${digest}" (services/api/Dockerfile:2) pins a digest with no tag, and offline stand-ins are built per tag: keep the tag beside the digest, as Renovate does (python:<tag>@${digest}).`,
    );
  });

  it('finds nothing in a workspace without services', async () => {
    expect(await findServiceDockerfiles(await workspace({ 'README.md': '' }))).toEqual([]);
  });
});

describe('mergeRequests', () => {
  it('unions by ref in first-seen order, keeping every origin once', () => {
    expect(
      mergeRequests(
        [{ ref: 'a', from: ['x'] }],
        [{ ref: 'b', from: ['command line'] }, { ref: 'a', from: ['x', 'known-refs.ts'] }],
      ),
    ).toEqual([
      { ref: 'a', from: ['x', 'known-refs.ts'] },
      { ref: 'b', from: ['command line'] },
    ]);
  });
});

describe('resolveWithDependencies', () => {
  it('puts the stand-ins a ref is built FROM before it', () => {
    const order = resolveWithDependencies([{ ref: 'gcr.io/distroless/python3-debian13:nonroot', from: ['api'] }]).map((r) => r.resolved.ref);
    expect(order).toEqual(['debian:trixie-slim', 'gcr.io/distroless/cc-debian13:nonroot', 'gcr.io/distroless/python3-debian13:nonroot']);
  });

  it('names where an unknown ref was asked for', () => {
    expect(() => resolveWithDependencies([{ ref: 'ruby:3.4', from: ['services/x/Dockerfile:1 (RUBY_IMAGE)'] }])).toThrow(
      /No offline stand-in recipe builds "ruby:3\.4"\..*\(asked for by services\/x\/Dockerfile:1 \(RUBY_IMAGE\)\)$/s,
    );
  });
});

describe('targetPlatformArgs', () => {
  it('names the bases of stages that run on the target platform, following FROM <stage> to its --platform', () => {
    const model = parseDockerfile(
      [
        'ARG GO_IMAGE=golang:1.27-trixie',
        'ARG NODE_IMAGE=node:24-trixie-slim',
        'ARG STATIC_IMAGE=gcr.io/distroless/static-debian13:nonroot',
        'FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS deps',
        'FROM deps AS build',
        'FROM ${NODE_IMAGE} AS node-target',
        'FROM --platform=${BUILDPLATFORM} ${NODE_IMAGE} AS node-binary',
        'FROM ${STATIC_IMAGE} AS prod',
      ].join('\n'),
      'Dockerfile',
    );
    expect([...targetPlatformArgs(model)].sort()).toEqual(['NODE_IMAGE', 'STATIC_IMAGE']);
  });

  it('collects only those refs when asked for the target platform', async () => {
    const root = await workspace({
      'services/a/Dockerfile': 'ARG GO_IMAGE=golang:1.27-trixie\nARG STATIC_IMAGE=gcr.io/distroless/static-debian13:nonroot\nFROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build\nFROM ${STATIC_IMAGE} AS prod\n',
    });
    const refs = await collectDockerfileRefs(root, await findServiceDockerfiles(root), 'target-platform');
    expect(refs.map((r) => r.ref)).toEqual(['gcr.io/distroless/static-debian13:nonroot']);
  });
});

describe('platformMirror', () => {
  it("tags the host's stand-ins under the mirror and another platform's under <os>-<arch>/", () => {
    expect(platformMirror('polystage.local/', 'linux/amd64', 'linux/amd64')).toBe('polystage.local');
    expect(platformMirror('polystage.local', 'linux/arm64', 'linux/amd64')).toBe('polystage.local/linux-arm64');
    expect(platformMirror('polystage.local', 'linux/amd64', 'linux/arm64')).toBe('polystage.local/linux-amd64');
  });
});
