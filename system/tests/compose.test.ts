/**
 * compose.yaml is checked against what the repo says elsewhere, so it cannot drift: every
 * service with a Dockerfile is in it and builds that Dockerfile's prod stage under the tag Nx
 * builds; every service is hardened; every URL in the wiring names a compose service on the
 * port its Dockerfile EXPOSEs; every health dependency has a health check that needs no shell;
 * the gateway is published on loopback only; every service has a memory and a process cap; the
 * worker token reaches the api and the worker as a secret file, the one setup generates.
 * `docker compose config` must accept the file too, with the compose plugin setup installs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dockerClientsOnPath, firstErrorLine, runDocker } from '@polystage/docker';
import { WORKER_TOKEN_FILE } from '@polystage/tools/compose/worker-token';
import { GO_TOOLS } from '@polystage/tools/toolchain/catalog';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryLimitMb, readComposeFile, type ComposeFile } from '../src/compose-file.ts';
import { prodStage as prodStageOf } from '../src/prod-stage.ts';

const root = resolve(import.meta.dirname, '../..');

/** A port mapping with `${VAR:-default}` resolved to its default, as compose does with VAR unset. */
const withDefaults = (value: string): string => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

const prodStage = (service: string) => prodStageOf(root, service);

const servicesWithDockerfiles = readdirSync(join(root, 'services')).filter((name) => existsSync(join(root, 'services', name, 'Dockerfile'))).sort();

let compose: ComposeFile;

beforeAll(() => {
  compose = readComposeFile(root);
});

describe('compose.yaml', () => {
  it('has exactly one service per services/*/Dockerfile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(servicesWithDockerfiles);
  });

  it.each(servicesWithDockerfiles)('%s builds its Dockerfile prod stage from the repo root, tagged <name>:prod as Nx does', (name) => {
    expect(compose.services[name]!.build).toEqual({ context: '.', dockerfile: `services/${name}/Dockerfile`, target: 'prod' });
    expect(compose.services[name]!.image).toBe(`${name}:prod`);
  });

  it.each(servicesWithDockerfiles)('%s runs read-only, without capabilities or privilege escalation, as the image user', (name) => {
    const service = compose.services[name]!;
    expect(service.read_only).toBe(true);
    expect(service.cap_drop).toEqual(['ALL']);
    expect(service.security_opt).toContain('no-new-privileges:true');
    expect(service.user, 'the images run as uid 65532; an override could only make that worse').toBeUndefined();
  });

  it('publishes only the gateway, on loopback unless POLYSTAGE_BIND says otherwise', () => {
    const publishing = Object.entries(compose.services).filter(([, service]) => service.ports?.length).map(([name]) => name);
    expect(publishing).toEqual(['gateway']);
    expect(compose.services['gateway']!.ports!.map(withDefaults)).toEqual(['127.0.0.1:8080:8080']);
  });

  it.each(servicesWithDockerfiles)('%s runs under a memory and a process cap', (name) => {
    const service = compose.services[name]!;
    expect(memoryLimitMb(service), `${name}.mem_limit must be megabytes, e.g. 256m`).toBeGreaterThan(0);
    expect(service.pids_limit, `${name}.pids_limit`).toBeGreaterThan(0);
  });

  it('hands the worker token to the api and the worker as the secret file setup generates, and to no one else', () => {
    expect(compose.secrets?.['worker-token']?.file).toBe(`./${WORKER_TOKEN_FILE}`);
    const holders = Object.entries(compose.services).filter(([, service]) => service.secrets?.includes('worker-token')).map(([name]) => name);
    expect(holders.sort()).toEqual(['api', 'worker']);
    expect(compose.services['api']!.environment).toMatchObject({ API_WORKER_TOKEN_FILE: '/run/secrets/worker-token' });
    expect(compose.services['worker']!.environment).toMatchObject({ WORKER_API_TOKEN_FILE: '/run/secrets/worker-token' });
    for (const service of Object.values(compose.services)) {
      for (const key of Object.keys(service.environment ?? {})) expect(key, 'a token in the environment shows in `docker inspect`').not.toMatch(/_TOKEN$/);
    }
  });

  it('wires every service URL to a compose service on a port that service EXPOSEs', () => {
    const urls = Object.entries(compose.services).flatMap(([name, service]) =>
      Object.entries(service.environment ?? {})
        .filter(([, value]) => /^https?:\/\//.test(String(value)))
        .map(([key, value]) => ({ where: `${name}.${key}`, url: new URL(String(value)) })),
    );
    // The gateway is handed one URL per upstream its route table names, and web's (its fallback).
    const table = JSON.parse(readFileSync(join(root, 'services/gateway/internal/routes/routes.json'), 'utf8')) as { upstreams: { name: string }[] };
    const gatewayUrls = urls.filter(({ where }) => where.startsWith('gateway.')).map(({ url }) => url.hostname);
    expect(gatewayUrls.sort()).toEqual([...table.upstreams.map((upstream) => upstream.name), 'web'].sort());
    for (const { where, url } of urls) {
      expect(Object.keys(compose.services), `${where} points at ${url.hostname}`).toContain(url.hostname);
      expect(prodStage(url.hostname).exposed, `${where} uses port ${url.port}`).toContain(Number(url.port));
    }
  });

  it('gives every service that others wait on as healthy a shell-free health check', () => {
    const waitedOn = new Set(
      Object.values(compose.services).flatMap((service) =>
        Object.entries(service.depends_on ?? {}).filter(([, on]) => on.condition === 'service_healthy').map(([name]) => name),
      ),
    );
    expect(waitedOn.size).toBeGreaterThan(0);
    for (const name of [...waitedOn, 'gateway']) {
      const own = compose.services[name]!.healthcheck?.test;
      if (own) {
        expect(Array.isArray(own) && own[0] === 'CMD', `${name}: healthcheck must be exec form ["CMD", ...]; there is no shell`).toBe(true);
      } else {
        expect(prodStage(name).healthcheck, `${name} needs a HEALTHCHECK in its Dockerfile or in compose.yaml`).toMatch(/CMD \[/);
      }
    }
  });

  it('backs every named volume it mounts with a declared volume', () => {
    const named = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).map((v) => v.split(':')[0]!)).filter((v) => !v.startsWith('.') && !v.startsWith('/'));
    for (const volume of named) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('is accepted by `docker compose config`, with the compose plugin setup installs', async () => {
    // The first docker on PATH, as a user typing `docker compose` gets; no engine is needed.
    const [client] = dockerClientsOnPath();
    const plugin = client ? await runDocker(client, ['compose', 'version']) : undefined;
    const pinned = GO_TOOLS.compose.version;
    if (!client || plugin?.exitCode !== 0) {
      throw new Error(`${client ? `\`${client} compose\` is missing (${firstErrorLine(plugin!)})` : 'no docker client on PATH'}. To fix, run \`npm run setup\` (it installs the compose ${pinned} plugin), then run again.`);
    }
    expect(plugin.stdout, `not setup's compose; to fix, run \`npm run setup\``).toBe(`Docker Compose version ${pinned}`);
    // `config` resolves the worker-token secret's path without reading it: no token file needed.
    const config = await runDocker(client, ['compose', '--file', join(root, 'compose.yaml'), 'config', '--quiet']);
    expect([config.stdout, config.stderr].join('')).toBe('');
    expect(config.exitCode).toBe(0);
  });
});
