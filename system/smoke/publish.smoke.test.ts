/**
 * The images this run built and smoke-tested, published for real: api and gateway go to a
 * registry started here on loopback (distribution v3), signed with a key pair made here, through
 * the docker-publish executor itself (in this process: an `nx run` inside this Nx task would race
 * it for the workspace's graph). Checked against the registry's own answers over HTTP.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createProjectGraphAsync, readProjectsConfigurationFromProjectGraph, type ExecutorContext, type NxJsonConfiguration } from '@nx/devkit';
import dockerPublishExecutor from '@polystage/nx-docker/executors/publish';
import { requireBuildRecord, toolchainBinary } from '@polystage/docker';
import { freeLoopbackPort } from '@polystage/tools/builder/daemon';
import { ensureRegistry, type RunningRegistry } from '@polystage/tools/builder/registry';
import { registryImage } from '@polystage/testing/registry-http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const PROJECTS = ['api', 'gateway'];
let state: string;
let registry: RunningRegistry;
let contextFor: (project: string) => ExecutorContext;
const saved = { IMAGE_REGISTRY: process.env['IMAGE_REGISTRY'], COSIGN_KEY: process.env['COSIGN_KEY'], COSIGN_PASSWORD: process.env['COSIGN_PASSWORD'] } as Record<string, string | undefined>;

async function publish(project: string) {
  const log = vi.spyOn(console, 'log');
  const error = vi.spyOn(console, 'error');
  try {
    const result = await dockerPublishExecutor({ buildTarget: 'docker-prod', allowDirty: true }, contextFor(project));
    return { ...result, output: [...log.mock.calls, ...error.mock.calls].map((call) => call.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'publish-smoke-'));
  registry = await ensureRegistry({ binary: toolchainBinary('registry'), dir: join(state, 'registry'), addr: `127.0.0.1:${await freeLoopbackPort()}` });
  execFileSync(toolchainBinary('cosign'), ['generate-key-pair'], { cwd: state, env: { ...process.env, COSIGN_PASSWORD: 'smoke' }, stdio: 'pipe' });
  // Set for the whole file (the preset unstubs vi.stubEnv before each test), put back after it.
  Object.assign(process.env, { IMAGE_REGISTRY: `${registry.host}/acme`, COSIGN_KEY: join(state, 'cosign.key'), COSIGN_PASSWORD: 'smoke' });
  const projectGraph = await createProjectGraphAsync({ exitOnError: false });
  const projectsConfigurations = readProjectsConfigurationFromProjectGraph(projectGraph);
  const nxJsonConfiguration = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as NxJsonConfiguration;
  contextFor = (projectName) => ({ root, cwd: root, isVerbose: false, projectName, targetName: 'docker-publish', projectGraph, projectsConfigurations, nxJsonConfiguration });
}, 300_000);

afterAll(async () => {
  for (const name of ['IMAGE_REGISTRY', 'COSIGN_KEY', 'COSIGN_PASSWORD']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await registry?.stop();
  if (state) rmSync(state, { recursive: true, force: true });
});

describe.each(PROJECTS)('docker-publish %s to a loopback registry', (project) => {
  it('pushes the smoke-tested image by digest, signed, with provenance and an SBOM, and records the digest the registry serves', async () => {
    const run = await publish(project);
    expect(run.success, run.output).toBe(true);
    const record = requireBuildRecord(root, project, 'prod');
    const sha = record.revision!.slice(0, 7);
    expect(record.published).toMatchObject({ repository: `${registry.host}/acme/${project}`, provenance: true, sbom: true, signed: true });
    expect(registryImage(registry.url, `acme/${project}`, sha)).toMatchObject({ status: 200, digest: record.published!.digest, config: record.imageId, attestations: 1 });
    const images = JSON.parse(readFileSync(join(root, 'dist/images.json'), 'utf8')) as { images: Record<string, { digest: string }> };
    expect(images.images[project]?.digest).toBe(record.published!.digest);
  });

  it('verifies with the public key (cosign verify, the signed SBOM attestation) and a second publish pushes nothing', async () => {
    const published = requireBuildRecord(root, project, 'prod').published!;
    const digest = published.digest;
    const cosign = (ref: string, ...args: string[]) =>
      spawnSync(toolchainBinary('cosign'), [...args, '--key', join(state, 'cosign.pub'), '--insecure-ignore-tlog=true', '--allow-insecure-registry', '--allow-http-registry', `${registry.host}/acme/${project}@${ref}`], { encoding: 'utf8' });
    const signature = cosign(digest, 'verify');
    expect(signature.status, signature.stderr).toBe(0);
    // Each platform's SBOM is attested on that platform's own manifest, signed like the index (--recursive).
    expect(published.platforms?.length).toBeGreaterThan(0);
    for (const platform of published.platforms ?? []) {
      expect(cosign(platform.digest, 'verify').status).toBe(0);
      const sbom = cosign(platform.digest, 'verify-attestation', '--type', 'spdxjson');
      expect(sbom.status, `${platform.platform}: ${sbom.stderr}`).toBe(0);
      expect(JSON.parse(Buffer.from((JSON.parse(sbom.stdout.split('\n')[0]!) as { payload: string }).payload, 'base64').toString()).predicate.spdxVersion).toMatch(/^SPDX-2/);
    }
    const again = await publish(project);
    expect(again.success, again.output).toBe(true);
    expect(again.output).toContain('nothing pushed');
    expect(requireBuildRecord(root, project, 'prod').published!.digest).toBe(digest);
  });
});
