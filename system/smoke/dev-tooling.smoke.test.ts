/**
 * The dev stages' tooling never reaches a prod image: each service's prod image (the one
 * `nx run <service>:docker-prod` recorded) is listed from outside and must have none of what its
 * `dev` stage adds (compose.dev.yaml, `npm run dev`). The per-service smoke specs' absentPaths
 * already keep shells, compilers, package managers and sources out; these are the reloaders, which
 * each service lists in its own smoke/dev-tooling.json (so they go when the service does).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expectAbsentPaths, prodImage } from '@polystage/smoke';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const listed = readdirSync(join(root, 'services'))
  .filter((name) => existsSync(join(root, 'services', name, 'Dockerfile')) && existsSync(join(root, 'services', name, 'smoke', 'dev-tooling.json')))
  .sort();
const devTooling = (service: string): string[] =>
  (JSON.parse(readFileSync(join(root, 'services', service, 'smoke', 'dev-tooling.json'), 'utf8')) as { absentFromProd: string[] }).absentFromProd;

describe('prod images carry no dev tooling', () => {
  it.each(listed)('%s', async (service) => {
    const paths = devTooling(service);
    expect(paths.length, `services/${service}/smoke/dev-tooling.json lists nothing`).toBeGreaterThan(0);
    await expectAbsentPaths(prodImage(service), paths);
  }, 120_000);
});
