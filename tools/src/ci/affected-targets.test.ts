import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciAffectedTargets, projectsWithTask } from './affected-targets.ts';

function withWorkflow(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ci-targets-'));
  mkdirSync(join(root, '.github/workflows'), { recursive: true });
  writeFileSync(join(root, '.github/workflows/ci.yml'), text);
  return root;
}

describe('ciAffectedTargets', () => {
  it("reads the targets of the workflow's nx affected step", () => {
    const root = withWorkflow('      - run: npx nx affected -t lint docker-prod smoke --base="$NX_BASE" --head="$NX_HEAD"\n');
    expect(ciAffectedTargets(root)).toEqual(['lint', 'docker-prod', 'smoke']);
  });

  it('says where to look when the step is gone', () => {
    expect(() => ciAffectedTargets(withWorkflow('      - run: npx nx run-many -t test\n'))).toThrow(/has no `npx nx affected -t <targets> --base=...` step/);
  });

  it('reads the real workflow', () => {
    expect(ciAffectedTargets(join(import.meta.dirname, '../../..'))).toContain('docker-prod');
  });
});

describe('projectsWithTask', () => {
  it('keeps the projects of one target, whatever their names hold', () => {
    expect(projectsWithTask(['api:docker-prod', 'api:docker-test', 'my:app:docker-prod', 'web:smoke'], 'docker-prod')).toEqual(['api', 'my:app']);
  });
});
