/**
 * The dev loop's contract (compose.dev.yaml, `npm run dev`): every service's Dockerfile has a
 * `dev` stage before `prod`, prod stays the last stage and never builds on dev, the dev stage runs
 * as a non-root user; compose.dev.yaml runs every compose.yaml service from that stage with Compose
 * Watch rules whose paths exist (sync the sources, rebuild on the manifests); and the gateway's dev
 * web timeout lets Vite's HMR websocket live, below a write timeout that outlasts it. That prod
 * images carry none of the dev tooling is system/smoke/dev-tooling.smoke.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { dockerClientsOnPath, runDocker } from '@polystage/docker';
import { parseDockerfile, stageClosure } from '@polystage/nx-docker';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readComposeFile } from '../src/compose-file.ts';

const root = resolve(import.meta.dirname, '../..');
const services = readdirSync(join(root, 'services')).filter((name) => existsSync(join(root, 'services', name, 'Dockerfile'))).sort();
const dockerfileText = (name: string) => readFileSync(join(root, 'services', name, 'Dockerfile'), 'utf8');

interface WatchRule {
  action: string;
  path: string;
  target?: string;
}
interface DevService {
  build?: { target?: string };
  image?: string;
  read_only?: boolean;
  environment?: Record<string, string>;
  develop?: { watch?: WatchRule[] };
}
const dev = parse(readFileSync(join(root, 'compose.dev.yaml'), 'utf8'), { uniqueKeys: true }) as { services: Record<string, DevService> };

/** `24h1m`, `10s`, `500ms` as milliseconds (the Go durations the gateway reads). */
function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(value) * units[unit!]!;
  return total;
}

describe.each(services)('services/%s/Dockerfile', (name) => {
  const model = parseDockerfile(dockerfileText(name), `services/${name}/Dockerfile`);
  const names = model.stages.map((stage) => stage.name);

  it('has a dev stage before prod; prod is the last stage and does not build on dev', () => {
    expect(names).toContain('dev');
    expect(names.at(-1)).toBe('prod');
    expect(names.indexOf('dev')).toBeLessThan(names.indexOf('prod'));
    expect(stageClosure(model, 'prod').map((stage) => stage.name)).not.toContain('dev');
  });

  it('runs its dev stage as a non-root bare uid', () => {
    const dockerfile = DockerfileParser.parse(dockerfileText(name));
    const froms = dockerfile.getFROMs();
    const start = froms.find((from) => from.getBuildStage() === 'dev')!.getRange().start.line;
    const end = froms.find((from) => from.getRange().start.line > start)?.getRange().start.line ?? Number.POSITIVE_INFINITY;
    const users = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'USER' && i.getRange().start.line > start && i.getRange().start.line < end)
      .map((i) => i.getArgumentsContent() ?? '');
    // A bare uid: Compose Watch's copy-in resolves it on the engine's host (see the Dockerfiles).
    expect(users.at(-1)).toMatch(/^[1-9]\d*$/);
  });
});

describe('compose.dev.yaml', () => {
  it('runs every compose.yaml service from its dev stage, tagged <name>:dev as Nx tags docker-dev', () => {
    expect(Object.keys(dev.services).sort()).toEqual(Object.keys(readComposeFile(root).services).sort());
    for (const [name, service] of Object.entries(dev.services)) {
      expect(service.build, name).toEqual({ target: 'dev' });
      expect(service.image, name).toBe(`${name}:dev`);
      // Compose Watch copies synced files into the container's filesystem.
      expect(service.read_only, name).toBe(false);
    }
  });

  it.each(services)('%s syncs existing source paths into the image and rebuilds on existing manifests', (name) => {
    const rules = dev.services[name]!.develop?.watch ?? [];
    const syncs = rules.filter((rule) => rule.action === 'sync');
    expect(syncs.length).toBeGreaterThan(0);
    for (const rule of syncs) {
      expect(existsSync(join(root, rule.path)), rule.path).toBe(true);
      expect(rule.target, rule.path).toBe(`/src/${rule.path}`);
    }
    const rebuilds = rules.filter((rule) => rule.action === 'rebuild');
    expect(rebuilds.map((rule) => rule.path)).toContain(`services/${name}/Dockerfile`);
    for (const rule of rebuilds) expect(existsSync(join(root, rule.path)), rule.path).toBe(true);
  });

  it("lifts the gateway's web route timeout for HMR's websocket, under a write timeout that outlasts it", () => {
    const env = dev.services['gateway']!.environment ?? {};
    const web = durationMs(env['GATEWAY_WEB_TIMEOUT'] ?? '');
    expect(web).toBeGreaterThanOrEqual(3_600_000);
    expect(durationMs(env['GATEWAY_WRITE_TIMEOUT'] ?? '')).toBeGreaterThan(web);
  });

  it('is accepted by `docker compose config` layered on compose.yaml', async () => {
    const [client] = dockerClientsOnPath();
    const plugin = client ? await runDocker(client, ['compose', 'version']) : undefined;
    if (!client || plugin?.exitCode !== 0) throw new Error('`docker compose` is missing. To fix, run `npm run setup` (it installs the compose plugin), then run again.');
    const config = await runDocker(client, ['compose', '--file', join(root, 'compose.yaml'), '--file', join(root, 'compose.dev.yaml'), 'config', '--quiet']);
    expect([config.stdout, config.stderr].join('')).toBe('');
    expect(config.exitCode).toBe(0);
  });
});
