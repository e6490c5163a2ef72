// The workspace's own smoke specs against their sidecars.json: an image a spec starts that is not
// declared there would not be built before the spec runs (on a fresh engine it fails, or worse,
// tests a stale image), and a declared one never started is a needless build.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSidecarProjects } from './sidecars-file.ts';
import { SMOKE_DIR, SMOKE_SPEC } from './smoke-targets.ts';

const workspaceRoot = join(import.meta.dirname, '../../../..');
const services = readdirSync(join(workspaceRoot, 'services')).filter((name) => existsSync(join(workspaceRoot, 'services', name, SMOKE_DIR)));

/** Projects whose recorded prod image the specs start: every `prodImage('<project>')`. */
function startedImages(smokeDir: string): string[] {
  const specs = readdirSync(join(workspaceRoot, smokeDir)).filter((file) => SMOKE_SPEC.test(file));
  const text = specs.map((file) => readFileSync(join(workspaceRoot, smokeDir, file), 'utf8')).join('\n');
  return [...new Set([...text.matchAll(/prodImage\('([^']+)'\)/g)].map((match) => match[1]!))].sort();
}

describe('smoke/sidecars.json of each service', () => {
  it.each(services)('services/%s declares exactly the other services whose images its specs start', (service) => {
    const smokeDir = join('services', service, SMOKE_DIR);
    const started = startedImages(smokeDir).filter((project) => project !== service);
    expect(readSidecarProjects(workspaceRoot, smokeDir).sort()).toEqual(started);
  });
});
