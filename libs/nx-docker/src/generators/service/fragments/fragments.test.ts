import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-tree.ts';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import syncDockerfileFragmentsGenerator from '../../sync-dockerfile-fragments/generator.ts';
import { FRAGMENTS, renderFragment, syncFragments } from './index.ts';

const FIX = 'npx nx g @polystage/nx-docker:sync-dockerfile-fragments';
const lockfile = FRAGMENTS.find((fragment) => fragment.stage === 'lockfile')!;

/** Every services/<name>/Dockerfile of this repo that has a stage kept as a fragment. */
function dockerfilesWith(stage: string): string[] {
  return readdirSync(join(REPO_ROOT, 'services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `services/${entry.name}/Dockerfile`)
    .filter((path) => {
      try {
        return new RegExp(`^FROM\\s+(?:--platform=\\S+\\s+)?\\S+\\s+AS\\s+${stage}\\s*$`, 'im').test(readFileSync(join(REPO_ROOT, path), 'utf8'));
      } catch {
        return false;
      }
    });
}

describe('Dockerfile fragments', () => {
  // Fails when someone edits a service's lockfile stage, or the fragment, without the other.
  it('every Node service’s lockfile stage is the fragment rendered for it, byte for byte', () => {
    const paths = dockerfilesWith('lockfile');
    expect(paths).toEqual(expect.arrayContaining(['services/web/Dockerfile', 'services/worker/Dockerfile']));
    for (const path of paths) {
      const service = path.slice(0, path.lastIndexOf('/'));
      const text = readFileSync(join(REPO_ROOT, path), 'utf8');
      const fragment = renderFragment(lockfile, service);
      expect(text.includes(fragment), `${path}'s lockfile stage is not ${lockfile.file} rendered for ${service}: run \`${FIX}\` (edit the fragment, not the copy)`).toBe(true);
    }
  });

  it('renders its one variable, the service folder, and nothing else', () => {
    const text = renderFragment(lockfile, 'services/demo');
    // Pruning a lock is the same on every platform: the stage runs natively (cross), never emulated.
    expect(text).toMatch(/^FROM --platform=\$BUILDPLATFORM \$\{NODE_IMAGE\} AS lockfile$/m);
    expect(text).toContain('RUN node /opt/lockfile-prune/cli.ts services/demo --out /pruned\n');
    expect(text).not.toMatch(/<%|%>/);
  });
});

describe('syncFragments', () => {
  const drifted = [
    'ARG NODE_IMAGE=node:24-trixie-slim',
    '',
    '# ---------------------------------------------------------------------------',
    '# an old comment',
    'FROM ${NODE_IMAGE} AS lockfile',
    'COPY package-lock.json ./',
    'RUN node old-prune.ts',
    '',
    '# ---------------------------------------------------------------------------',
    '# deps comment',
    'FROM ${NODE_IMAGE} AS deps',
    'RUN npm ci',
    '',
  ].join('\n');

  // Mutation guarded: the stage's bounds (its comments taken or not, the next stage eaten).
  it('replaces the stage with its comments, keeping everything around it', () => {
    const synced = syncFragments(drifted, 'services/demo');
    const fragment = renderFragment(lockfile, 'services/demo');
    expect(synced).toBe(drifted.replace('# an old comment\nFROM ${NODE_IMAGE} AS lockfile\nCOPY package-lock.json ./\nRUN node old-prune.ts\n', fragment));
    expect(syncFragments(synced, 'services/demo')).toBe(synced);
  });

  it('stops at the next stage’s comments when there is no separator', () => {
    const text = drifted.replace('\n# ---------------------------------------------------------------------------\n# deps comment', '\n# deps comment');
    expect(syncFragments(text, 'services/demo')).toContain('--out /pruned\n\n# deps comment\nFROM ${NODE_IMAGE} AS deps');
  });

  // Mutation guarded: a copy whose FROM names a platform (as the fragment's own does) not found, so never synced.
  it('finds the stage whatever --platform its FROM names', () => {
    const text = drifted.replace('FROM ${NODE_IMAGE} AS lockfile', 'FROM --platform=$TARGETPLATFORM ${NODE_IMAGE} AS lockfile');
    expect(syncFragments(text, 'services/demo')).toBe(syncFragments(drifted, 'services/demo'));
  });

  it('leaves a Dockerfile without the stage as it is', () => {
    const text = 'FROM scratch AS prod\n';
    expect(syncFragments(text, 'services/demo')).toBe(text);
  });
});

describe('sync-dockerfile-fragments generator', () => {
  // Mutation guarded: a Dockerfile skipped, rendered for the wrong service, or one without the stage written.
  it('rewrites each service’s copy for that service and leaves the others alone', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('services/a/Dockerfile', 'FROM node AS lockfile\nRUN old\n');
    const synced = `FROM x AS deps\n\n# ----------------------------------------\n${renderFragment(lockfile, 'services/b')}`;
    tree.write('services/b/Dockerfile', synced);
    tree.write('services/c/Dockerfile', 'FROM scratch AS prod\n');
    await syncDockerfileFragmentsGenerator(tree);
    expect(tree.read('services/a/Dockerfile', 'utf8')).toBe(renderFragment(lockfile, 'services/a'));
    expect(tree.read('services/b/Dockerfile', 'utf8')).toBe(synced);
    expect(tree.read('services/c/Dockerfile', 'utf8')).toBe('FROM scratch AS prod\n');
  });
});
