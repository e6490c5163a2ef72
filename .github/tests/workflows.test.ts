/**
 * What the workflows promise, checked on the files: every action pinned by commit SHA with its
 * version beside it, pull requests never publish, and publishing waits for the checks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const github = resolve(import.meta.dirname, '..');
const files = [
  ...readdirSync(join(github, 'workflows')).map((name) => join('workflows', name)),
  ...readdirSync(join(github, 'actions')).map((name) => join('actions', name, 'action.yml')),
];

describe.each(files)('%s', (file) => {
  const text = readFileSync(join(github, file), 'utf8');
  it('pins every action by commit SHA, with its version in a comment (local actions aside)', () => {
    const uses = [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)].map(([, ref, rest]) => ({ ref: ref!, rest: rest! }));
    for (const { ref, rest } of uses.filter(({ ref }) => !ref.startsWith('./'))) {
      expect(ref, `${file}: ${ref}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, `${file}: ${ref} needs its version as a comment`).toMatch(/^\s+# v\d+\.\d+\.\d+$/);
    }
  });
});

describe('ci.yml publish job', () => {
  const ci = parse(readFileSync(join(github, 'workflows/ci.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { needs?: string; if?: string; permissions?: Record<string, string>; env?: Record<string, string>; steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>;
  };
  const publish = ci.jobs['publish']!;

  it('runs only for pushes to main, after the checks', () => {
    expect(publish.needs).toBe('affected');
    expect(publish.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
  });

  it('publishes only what the commits affect, signs keyless and verifies what it published', () => {
    expect(publish.permissions).toMatchObject({ packages: 'write', 'id-token': 'write', contents: 'read' });
    expect(publish.env).toMatchObject({ COSIGN_KEYLESS: 'true' });
    const runs = publish.steps.map((step) => step.run ?? '').join('\n');
    expect(runs).toContain('npx nx affected -t docker-publish --base="$NX_BASE" --head="$NX_HEAD"');
    expect(runs).toContain('npm run verify-images');
  });

  it('publishes linux/amd64 and linux/arm64, with qemu registered before the builder starts; pull requests build the host platform only', () => {
    expect(publish.env?.['BUILD_PLATFORMS']).toContain('linux/amd64,linux/arm64');
    const uses = publish.steps.map((step) => step.uses ?? '');
    const qemu = uses.findIndex((ref) => ref.startsWith('docker/setup-qemu-action@'));
    expect(qemu).toBeGreaterThanOrEqual(0);
    expect(publish.steps[qemu]!.with?.['platforms']).toBe('arm64');
    expect(qemu).toBeLessThan(uses.findIndex((ref) => ref.startsWith('docker/setup-buildx-action@')));
    for (const [name, job] of Object.entries(ci.jobs).filter(([name]) => name !== 'publish')) {
      expect(job.env?.['BUILD_PLATFORMS'], name).toBeUndefined();
      expect(job.steps.map((step) => step.uses ?? '').join('\n'), name).not.toContain('setup-qemu-action');
    }
  });

  it('no other job publishes', () => {
    for (const [name, job] of Object.entries(ci.jobs).filter(([name]) => name !== 'publish')) {
      expect(job.steps.map((step) => step.run ?? '').join('\n'), name).not.toContain('docker-publish');
    }
  });
});
