/**
 * docker-publish against a real registry (distribution v3, started here on loopback): the image a
 * FROM scratch fixture's docker-prod built goes to the registry by digest, the registry's manifest
 * is the recorded image, a second publish pushes nothing, and bad credentials move no tag.
 *   - on the BuildKit daemon builder, to a plain-HTTP loopback registry with no auth (a team's local one);
 *   - the same for linux/amd64 and linux/arm64 at once: one index, a manifest and an attestation per
 *     platform (the fixture runs nothing, so the foreign platform needs no emulation);
 *   - on the engine's BuildKit, to a registry with TLS from a CA made here and htpasswd auth.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, hostPlatform, inspectImage, listImages, removeImages, toolchainBinary, type BuildRecord, type Engine } from '@polystage/docker';
import { createNxWorkspace, type NxWorkspace } from '@polystage/testing/nx-workspace';
import { httpStatus, issueCertificate, makeCa, registryImage } from '@polystage/testing/registry-http';
import { freeLoopbackPort } from '../src/builder/daemon.ts';
import { ensureRegistry, type RunningRegistry } from '../src/builder/registry.ts';
import { ensureGoTools } from '../src/toolchain/ensure.ts';

const FIXTURE = resolve(import.meta.dirname, '../../libs/nx-docker/tests/fixtures/scratch-workspace');

const readRecord = (workspace: NxWorkspace, project: string) => JSON.parse(readFileSync(join(workspace.dir, `dist/images/${project}/prod.json`), 'utf8')) as BuildRecord;

let engine: Engine;
let registryBinary: string;
beforeAll(async () => {
  engine = await connectEngine();
  ({ registry: registryBinary } = await ensureGoTools(['registry', 'cosign', 'syft']));
});

/** A cosign key pair in `dir` (`cosign generate-key-pair`), protected by `password`. */
function keyPair(dir: string, password: string): { key: string; pub: string } {
  mkdirSync(dir, { recursive: true });
  execFileSync(toolchainBinary('cosign'), ['generate-key-pair'], { cwd: dir, env: { ...process.env, COSIGN_PASSWORD: password }, stdio: 'pipe' });
  return { key: join(dir, 'cosign.key'), pub: join(dir, 'cosign.pub') };
}

/** `npm run verify-images` in the workspace, against the public key given. */
function verifyImages(workspace: NxWorkspace, publicKey: string) {
  return spawnSync(process.execPath, [join(import.meta.dirname, '../src/supply-chain/verify-images-cli.ts')], {
    cwd: workspace.dir,
    encoding: 'utf8',
    env: { ...process.env, COSIGN_PUBLIC_KEY: publicKey, NX_WORKSPACE_ROOT: workspace.dir },
  });
}

describe('docker-publish on the BuildKit daemon builder, to a plain-HTTP loopback registry', () => {
  const project = `publish-it-${process.pid}-daemon`;
  let workspace: NxWorkspace;
  let registry: RunningRegistry;
  let state: string;
  let signing: { key: string; pub: string };

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'publish-registry-'));
    registry = await ensureRegistry({ binary: registryBinary, dir: state, addr: `127.0.0.1:${await freeLoopbackPort()}` });
    signing = keyPair(join(state, 'keys'), 'publish test');
    workspace = await createNxWorkspace({
      fixture: FIXTURE,
      files: { 'services/hello/project.json': JSON.stringify({ name: project, projectType: 'application' }) },
      env: { IMAGE_REGISTRY: `${registry.host}/acme`, COSIGN_KEY: signing.key, COSIGN_PASSWORD: 'publish test' },
    });
    // The fixture has no smoke specs; Nx skips the `smoke` that publish runs after.
  });

  afterAll(async () => {
    await registry?.stop();
    if (state) rmSync(state, { recursive: true, force: true });
    workspace?.dispose();
    if (engine) await removeImages(engine, (await listImages(engine, { reference: project })).map((image) => image.ref));
  });

  it('pushes the recorded image by digest with provenance, tagged by commit, and records where', async () => {
    const run = await workspace.nx('run', `${project}:docker-publish`);
    expect(run.exitCode, run.all).toBe(0);
    const record = readRecord(workspace, project);
    const sha = (await workspace.git('rev-parse', '--short', 'HEAD')).trim();
    expect(record.builder).toMatchObject({ kind: 'buildx', driver: 'remote' });
    expect(record.published).toMatchObject({ repository: `${registry.host}/acme/${project}`, tags: [`${registry.host}/acme/${project}:${sha}`], provenance: true, sbom: true, signed: true });
    const remote = registryImage(registry.url, `acme/${project}`, sha);
    expect(remote).toMatchObject({ status: 200, digest: record.published!.digest, config: record.imageId, attestations: 1 });
    const images = JSON.parse(readFileSync(join(workspace.dir, 'dist/images.json'), 'utf8')) as { images: Record<string, { ref: string }> };
    expect(images.images[project]?.ref).toBe(`${registry.host}/acme/${project}@${record.published!.digest}`);
  });

  it('verify-images passes: signature, signed SBOM and provenance; and fails against another key', async () => {
    const good = verifyImages(workspace, signing.pub);
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(new RegExp(`ok    ${project}  signature: verified`));
    expect(good.stdout).toMatch(new RegExp(`ok    ${project}  SBOM: signed SPDX attestation, \\d+ packages`));
    expect(good.stdout).toMatch(new RegExp(`ok    ${project}  provenance: https://github.com/moby/buildkit`));
    const other = keyPair(join(state, 'other-keys'), 'another');
    const bad = verifyImages(workspace, other.pub);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(new RegExp(`FAIL  ${project}  signature: Verifying the signature of .* failed`));
  });

  it('publishes the same commit again without pushing, and the digest stays', async () => {
    const before = readRecord(workspace, project).published!.digest;
    const run = await workspace.nx('run', `${project}:docker-publish`, '--exclude-task-dependencies');
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('nothing pushed');
    const sha = (await workspace.git('rev-parse', '--short', 'HEAD')).trim();
    expect((registryImage(registry.url, `acme/${project}`, sha)).digest).toBe(before);
  });

  it('refuses a dirty work tree in one line, and pushes nothing', async () => {
    writeFileSync(join(workspace.dir, 'services/hello/greeting.txt'), 'changed, not committed\n');
    const run = await workspace.nx('run', `${project}:docker-publish`, '--exclude-task-dependencies');
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toMatch(/the work tree has uncommitted changes \(services\/hello\/greeting\.txt\), so the image would not match a commit: commit them, or pass --allowDirty; nothing was pushed\./);
    await workspace.git('checkout', '--', 'services/hello/greeting.txt');
  });
});

/** An OCI index or image manifest as the registry serves it. */
interface RawManifest {
  mediaType?: string;
  manifests?: { mediaType: string; digest: string; platform?: { os: string; architecture: string }; annotations?: Record<string, string> }[];
  config?: { digest: string };
}

/** What `ref` is in its registry, byte for byte as served (`imagetools inspect --raw`): no parsing of ours in between. */
function rawManifest(ref: string): RawManifest {
  return JSON.parse(execFileSync(engine.client, ['buildx', 'imagetools', 'inspect', '--raw', ref], { encoding: 'utf8' })) as RawManifest;
}

describe('docker-publish of linux/amd64 and linux/arm64 as one index, on the BuildKit daemon builder', () => {
  const project = `publish-it-${process.pid}-multi`;
  const platforms = ['linux/amd64', 'linux/arm64'] as const;
  let workspace: NxWorkspace;
  let registry: RunningRegistry;
  let state: string;
  let signing: { key: string; pub: string };

  beforeAll(async () => {
    // Every stage is scratch plus COPY: BuildKit copies files for arm64 itself, no arm64 binary runs,
    // so this needs no qemu (binfmt) on the host.
    expect(readFileSync(join(FIXTURE, 'services/hello/Dockerfile'), 'utf8')).not.toMatch(/^\s*RUN\b/im);
    state = mkdtempSync(join(tmpdir(), 'publish-registry-multi-'));
    registry = await ensureRegistry({ binary: registryBinary, dir: state, addr: `127.0.0.1:${await freeLoopbackPort()}` });
    signing = keyPair(join(state, 'keys'), 'publish test');
    workspace = await createNxWorkspace({
      fixture: FIXTURE,
      files: { 'services/hello/project.json': JSON.stringify({ name: project, projectType: 'application' }) },
      env: { IMAGE_REGISTRY: `${registry.host}/acme`, COSIGN_KEY: signing.key, COSIGN_PASSWORD: 'publish test', BUILD_PLATFORMS: platforms.join(',') },
    });
  });

  afterAll(async () => {
    await registry?.stop();
    if (state) rmSync(state, { recursive: true, force: true });
    workspace?.dispose();
    if (engine) await removeImages(engine, (await listImages(engine, { reference: project })).map((image) => image.ref));
  });

  it('docker-prod records one image per platform, and publish pushes them as one index with an attestation each', async () => {
    const run = await workspace.nx('run', `${project}:docker-publish`);
    expect(run.exitCode, run.all).toBe(0);
    const record = readRecord(workspace, project);
    const sha = (await workspace.git('rev-parse', '--short', 'HEAD')).trim();

    // docker-prod: two images, each loaded in the engine, each of its own architecture; the host's is the top-level one.
    expect(record.builder).toMatchObject({ kind: 'buildx', driver: 'remote' });
    expect(record.platforms?.map((image) => image.platform).sort()).toEqual([...platforms]);
    const recorded = Object.fromEntries(record.platforms!.map((image) => [image.platform, image]));
    expect(recorded['linux/amd64']!.imageId).not.toBe(recorded['linux/arm64']!.imageId);
    for (const platform of platforms) {
      const image = recorded[platform]!;
      expect((await inspectImage(engine, image.imageId))?.architecture, platform).toBe(platform.split('/')[1]);
      // The foreign platform's record counts its emulated RUN steps: none.
      expect(image.emulated?.steps ?? 0, `${platform}: RUN steps under emulation`).toBe(0);
      if (platform !== hostPlatform()) expect(image.tags.every((tag) => tag.endsWith(`-${platform.replace('/', '-')}`)), image.tags.join(', ')).toBe(true);
    }
    expect(record.platform).toBe(hostPlatform());
    expect(record.imageId).toBe(recorded[hostPlatform()]!.imageId);

    // The tag is an index: one manifest per platform, each config the recorded image ID, and one attestation manifest per platform.
    const repository = `${registry.host}/acme/${project}`;
    const index = rawManifest(`${repository}:${sha}`);
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    const children = index.manifests ?? [];
    const images = children.filter((child) => child.platform?.os === 'linux');
    const attestations = children.filter((child) => child.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
    expect(images.map((child) => `${child.platform!.os}/${child.platform!.architecture}`).sort()).toEqual([...platforms]);
    expect(attestations).toHaveLength(platforms.length);
    expect(children).toHaveLength(images.length + attestations.length);
    const manifests: Record<string, string> = {};
    for (const platform of platforms) {
      const child = images.find((each) => `${each.platform!.os}/${each.platform!.architecture}` === platform)!;
      manifests[platform] = child.digest;
      expect(rawManifest(`${repository}@${child.digest}`).config?.digest, `${platform} config`).toBe(recorded[platform]!.imageId);
      expect(
        attestations.filter((attestation) => attestation.annotations?.['vnd.docker.reference.digest'] === child.digest),
        `${platform} attestation`,
      ).toHaveLength(1);
    }

    // The record says the same: the index digest (what curl gets for the tag) and each platform's manifest.
    expect(record.published).toMatchObject({ repository, digest: registryImage(registry.url, `acme/${project}`, sha).digest, tags: [`${repository}:${sha}`], provenance: true, sbom: true, signed: true });
    expect([...record.published!.platforms!].sort((a, b) => a.platform.localeCompare(b.platform))).toEqual(
      platforms.map((platform) => ({ platform, digest: manifests[platform], configDigest: recorded[platform]!.imageId, sbom: true })),
    );
    const published = JSON.parse(readFileSync(join(workspace.dir, 'dist/images.json'), 'utf8')) as { images: Record<string, { ref: string; platforms?: { platform: string; digest: string; imageId: string }[] }> };
    expect(published.images[project]?.ref).toBe(`${repository}@${record.published!.digest}`);
    expect(published.images[project]?.platforms?.map(({ platform, digest, imageId }) => `${platform} ${digest} ${imageId}`).sort()).toEqual(
      platforms.map((platform) => `${platform} ${manifests[platform]} ${recorded[platform]!.imageId}`),
    );
  });

  it('verify-images passes for each platform: index, signatures, signed SBOMs and provenance', () => {
    const good = verifyImages(workspace, signing.pub);
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain(`ok    ${project}  index: ${platforms.join(', ')}, each with its attestation manifest`);
    // The index's own signature, then each platform's (signed --recursive).
    const signatures = good.stdout.split('\n').filter((line) => line.startsWith(`ok    ${project}  signature: verified`));
    expect(signatures.filter((line) => !/\(linux\/\w+\)$/.test(line)), good.stdout).toHaveLength(1);
    for (const platform of platforms) {
      expect(good.stdout).toMatch(new RegExp(`ok    ${project}  signature: verified [^\\n]*\\(${platform}\\)`));
      expect(good.stdout).toMatch(new RegExp(`ok    ${project}  SBOM: signed SPDX attestation, \\d+ packages \\(${platform}\\)`));
      expect(good.stdout).toMatch(new RegExp(`ok    ${project}  provenance: https://github.com/moby/buildkit[^\\n]*\\(${platform}\\)`));
    }
    expect(good.stdout).not.toContain('FAIL');
  });

  it('publishes the same commit again without pushing, and the index stays', async () => {
    const before = readRecord(workspace, project).published!;
    const run = await workspace.nx('run', `${project}:docker-publish`, '--exclude-task-dependencies');
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('nothing pushed');
    const sha = (await workspace.git('rev-parse', '--short', 'HEAD')).trim();
    expect(registryImage(registry.url, `acme/${project}`, sha).digest).toBe(before.digest);
    const after = readRecord(workspace, project).published!;
    expect(after).toMatchObject({ digest: before.digest, sbom: true, signed: true, provenance: true });
    expect(after.platforms).toEqual(before.platforms);
  });
});

describe("docker-publish on the engine's BuildKit, to a registry with TLS from its own CA and htpasswd auth", () => {
  const project = `publish-it-${process.pid}-engine`;
  let workspace: NxWorkspace;
  let registry: RunningRegistry;
  let state: string;
  let certsDir: string;
  const user = 'ci';
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'publish-registry-tls-'));
    const port = await freeLoopbackPort();
    const ca = join(makeCa(state, 'polystage test CA'), 'ca.pem');
    issueCertificate(state, state, '127.0.0.1', 'subjectAltName=IP:127.0.0.1');
    writeFileSync(join(state, 'htpasswd'), `${user}:${bcrypt.hashSync(password, 10)}\n`);
    // The engine trusts a registry's CA from certs.d, read per request: no restart.
    certsDir = `/etc/docker/certs.d/127.0.0.1:${port}`;
    mkdirSync(certsDir, { recursive: true });
    writeFileSync(join(certsDir, 'ca.crt'), readFileSync(ca));
    registry = await ensureRegistry(
      { binary: registryBinary, dir: state, addr: `127.0.0.1:${port}`, tls: { certificate: join(state, 'cert.pem'), key: join(state, 'key.pem') }, htpasswd: join(state, 'htpasswd') },
      async (url) => httpStatus(url, { ca }),
    );
    workspace = await createNxWorkspace({
      fixture: FIXTURE,
      files: { 'services/hello/project.json': JSON.stringify({ name: project, projectType: 'application' }) },
      env: { IMAGE_REGISTRY: `${registry.host}/acme`, BUILDER: 'engine', REGISTRY_USERNAME: user },
    });
  });

  afterAll(async () => {
    await registry?.stop();
    if (certsDir) rmSync(certsDir, { recursive: true, force: true });
    if (state) rmSync(state, { recursive: true, force: true });
    workspace?.dispose();
    if (engine) await removeImages(engine, (await listImages(engine, { reference: project })).map((image) => image.ref));
  });

  const auth = () => `${user}:${password}`;
  const ca = () => join(state, 'ca.pem');

  it("with a wrong password fails with the registry's reason in one line, and no tag appears", async () => {
    workspace.env['REGISTRY_PASSWORD'] = 'wrong';
    const run = await workspace.nx('run', `${project}:docker-publish`);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toMatch(/(unauthorized|authentication required|no basic auth credentials)/i);
    const sha = (await workspace.git('rev-parse', '--short', 'HEAD')).trim();
    expect((registryImage(registry.url, `acme/${project}`, sha, { auth: auth(), ca: ca() })).status).toBe(404);
  });

  it('with the right password pushes the engine image itself (no provenance) and records the digest the registry serves', async () => {
    workspace.env['REGISTRY_PASSWORD'] = password;
    const run = await workspace.nx('run', `${project}:docker-publish`, '--exclude-task-dependencies');
    expect(run.exitCode, run.all).toBe(0);
    const record = readRecord(workspace, project);
    expect(record.builder).toEqual({ kind: 'engine' });
    const sha = (await workspace.git('rev-parse', '--short', 'HEAD')).trim();
    expect(record.published).toMatchObject({ tags: [`${registry.host}/acme/${project}:${sha}`], provenance: false });
    expect(registryImage(registry.url, `acme/${project}`, sha, { auth: auth(), ca: ca() })).toMatchObject({ status: 200, digest: record.published!.digest, config: record.imageId });
    // The user's own docker config was not written: the login lived in a throwaway config.
    expect(run.all).toContain('credentials: REGISTRY_USERNAME');

    // Again: the engine pushes no layer it already pushed, and the registry keeps the digest.
    const again = await workspace.nx('run', `${project}:docker-publish`, '--exclude-task-dependencies');
    expect(again.exitCode, again.all).toBe(0);
    expect(readRecord(workspace, project).published!.digest).toBe(record.published!.digest);
    expect((registryImage(registry.url, `acme/${project}`, sha, { auth: auth(), ca: ca() })).digest).toBe(record.published!.digest);
  });
});
