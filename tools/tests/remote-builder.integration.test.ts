/**
 * BUILDER=tcp://host:port: builds on a BuildKit daemon on another host, over mutual TLS. The other
 * host is a network namespace made here, with its own address on a veth pair, running a pinned
 * buildkitd that requires client certificates from a CA made here. The image is built there and
 * loaded into the local engine, where the smoke tests would run it; publishing pushes it from
 * there, to a TLS registry on this host's side of the veth pair.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, inspectImage, listImages, remoteBuilderName, removeBuilder, removeImages, toolchainBinary, type BuildRecord, type Engine } from '@polystage/docker';
import { createNxWorkspace, type NxWorkspace } from '@polystage/testing/nx-workspace';
import { httpStatus, issueCertificate, makeCa, registryImage } from '@polystage/testing/registry-http';
import { freeLoopbackPort, runningPid, startDaemon, stopDaemon, waitUntil } from '../src/builder/daemon.ts';
import { ensureRegistry, type RunningRegistry } from '../src/builder/registry.ts';
import { ensureGoTools } from '../src/toolchain/ensure.ts';

const FIXTURE = resolve(import.meta.dirname, '../../libs/nx-docker/tests/fixtures/scratch-workspace');
const tag = process.pid % 10_000;
const NS = `psbk${tag}`;
const HOST_IF = `psh${tag}`;
const NS_IF = `psn${tag}`;
// A /30 of its own per test process: 10.213.<n>.0, the host at .1, the builder at .2.
const NET = `10.213.${tag % 250}`;
const BUILDER_ADDR = `${NET}.2:1234`;
const ENDPOINT = `tcp://${BUILDER_ADDR}`;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
/** A CA, a server certificate for the builder's address and client certificates, as buildkitd and buildx want them. */
function makeCertificates(dir: string): { server: string; client: string; strangerClient: string; registry: string } {
  const server = makeCa(join(dir, 'server'), 'polystage builder CA');
  issueCertificate(server, server, `${NET}.2`, `subjectAltName=IP:${NET}.2\nextendedKeyUsage=serverAuth`);
  const client = issueCertificate(server, join(dir, 'client'), 'polystage client', 'extendedKeyUsage=clientAuth');
  writeFileSync(join(client, 'ca.pem'), readFileSync(join(server, 'ca.pem')));
  const registry = issueCertificate(server, join(dir, 'registry-tls'), `${NET}.1`, `subjectAltName=IP:${NET}.1\nextendedKeyUsage=serverAuth`);
  // A client whose certificate another CA signed: the builder must refuse it.
  const stranger = makeCa(join(dir, 'stranger'), 'some other CA');
  issueCertificate(stranger, stranger, 'stranger', 'extendedKeyUsage=clientAuth');
  writeFileSync(join(stranger, 'ca.pem'), readFileSync(join(server, 'ca.pem')));
  return { server, client, strangerClient: stranger, registry };
}

describe('BUILDER=tcp://… : a BuildKit daemon on another host (a network namespace), mutual TLS', () => {
  const project = `remote-builder-it-${process.pid}`;
  let state: string;
  let certs: ReturnType<typeof makeCertificates>;
  let engine: Engine;
  let workspace: NxWorkspace;
  let pidFile: string;
  let registry: RunningRegistry;

  beforeAll(async () => {
    const tools = await ensureGoTools(['buildkit']);
    engine = await connectEngine({ env: { ...process.env, BUILDER: 'engine' } });
    state = mkdtempSync(join(tmpdir(), 'remote-builder-'));
    certs = makeCertificates(state);
    ip('netns', 'add', NS);
    ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    ip('link', 'set', NS_IF, 'netns', NS);
    ip('addr', 'add', `${NET}.1/30`, 'dev', HOST_IF);
    ip('link', 'set', HOST_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${NET}.2/30`, 'dev', NS_IF);
    ip('netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
    // A registry on this host's end of the veth pair, with TLS from the test's CA: the builder
    // trusts it through its config, this side (buildx imagetools, cosign) through SSL_CERT_FILE.
    const ca = join(certs.server, 'ca.pem');
    registry = await ensureRegistry(
      { binary: toolchainBinary('registry'), dir: join(state, 'registry'), addr: `${NET}.1:${await freeLoopbackPort()}`, tls: { certificate: join(certs.registry, 'cert.pem'), key: join(certs.registry, 'key.pem') } },
      async (url) => httpStatus(url, { ca }),
    );
    writeFileSync(join(state, 'buildkitd.toml'), `[registry."${registry.host}"]\n  ca = ["${ca}"]\n`);
    writeFileSync(join(state, 'ca-bundle.pem'), `${readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8')}\n${readFileSync(ca, 'utf8')}`);
    pidFile = join(state, 'buildkitd.pid');
    // `ip netns exec` execs buildkitd in place, so the recorded pid is the daemon's.
    startDaemon({
      name: 'buildkitd (remote)',
      binary: 'ip',
      args: ['netns', 'exec', NS, tools.buildkitd, '--addr', ENDPOINT, '--root', join(state, 'root'), '--config', join(state, 'buildkitd.toml'),
        '--tlscacert', join(certs.server, 'ca.pem'), '--tlscert', join(certs.server, 'cert.pem'), '--tlskey', join(certs.server, 'key.pem')],
      logFile: join(state, 'buildkitd.log'),
      pidFile,
    });
    const tls = ['--tlscacert', join(certs.client, 'ca.pem'), '--tlscert', join(certs.client, 'cert.pem'), '--tlskey', join(certs.client, 'key.pem')];
    await waitUntil(
      async () => {
        try {
          execFileSync(toolchainBinary('buildctl'), ['--addr', ENDPOINT, ...tls, 'debug', 'workers'], { stdio: 'pipe', timeout: 10_000 });
          return true;
        } catch {
          return false;
        }
      },
      { what: `buildkitd at ${ENDPOINT}`, boundMs: 60_000, logFile: join(state, 'buildkitd.log'), alive: () => runningPid(pidFile) !== undefined },
    );
    workspace = await createNxWorkspace({
      fixture: FIXTURE,
      files: { 'services/hello/project.json': JSON.stringify({ name: project, projectType: 'application' }) },
      env: { BUILDER: ENDPOINT, BUILDER_TLS_DIR: certs.client, IMAGE_REGISTRY: `${registry.host}/acme`, SSL_CERT_FILE: join(state, 'ca-bundle.pem') },
    });
  });

  afterAll(async () => {
    if (pidFile) await stopDaemon(pidFile);
    await registry?.stop();
    try {
      ip('netns', 'del', NS); // takes the veth pair with it
    } catch {
      // never made
    }
    if (engine) {
      for (const dir of [certs.client, certs.strangerClient]) await removeBuilder(engine.client, remoteBuilderName(ENDPOINT, dir));
      await removeImages(engine, (await listImages(engine, { reference: project })).map((image) => image.ref));
    }
    workspace?.dispose();
    if (state) rmSync(state, { recursive: true, force: true });
  });

  it('refuses a client certificate from another CA, in one line naming the address and the certificates', async () => {
    await expect(connectEngine({ env: { ...process.env, BUILDER: ENDPOINT, BUILDER_TLS_DIR: certs.strangerClient } })).rejects.toThrow(
      new RegExp(`^The BuildKit daemon at ${ENDPOINT.replaceAll('.', '\\.')} does not answer over mutual TLS: .*Check the address and the certificates in ${certs.strangerClient}\\.$`),
    );
  });

  it('builds there and loads the image into the local engine, recording the remote builder', async () => {
    const run = await workspace.nx('run', `${project}:docker-prod`);
    expect(run.exitCode, run.all).toBe(0);
    const record = JSON.parse(readFileSync(join(workspace.dir, `dist/images/${project}/prod.json`), 'utf8')) as BuildRecord;
    expect(record.builder).toEqual({ kind: 'buildx', name: remoteBuilderName(ENDPOINT, certs.client), driver: 'remote' });
    expect((await inspectImage(engine, `${project}:prod`))?.id).toBe(record.imageId);
    // The daemon's own log shows the build arrived from the other side of the veth pair.
    expect(readFileSync(join(state, 'buildkitd.log'), 'utf8')).toMatch(/running server on .*1234/);
  });

  it('publishes straight from the remote builder: it pushes by digest with provenance, and the registry serves the recorded image', async () => {
    const run = await workspace.nx('run', `${project}:docker-publish`, '--exclude-task-dependencies');
    expect(run.exitCode, run.all).toBe(0);
    // The push is the builder's (push-by-digest from buildx on the remote builder), not the engine's.
    expect(run.all).toContain(`buildx build --builder ${remoteBuilderName(ENDPOINT, certs.client)} --output type=image,name=${registry.host}/acme/${project},push-by-digest=true,push=true`);
    const record = JSON.parse(readFileSync(join(workspace.dir, `dist/images/${project}/prod.json`), 'utf8')) as BuildRecord;
    expect(record.published).toMatchObject({ repository: `${registry.host}/acme/${project}`, provenance: true, sbom: true });
    const sha = (await workspace.git('rev-parse', '--short', 'HEAD')).trim();
    expect(registryImage(registry.url, `acme/${project}`, sha, { ca: join(certs.server, 'ca.pem') })).toMatchObject({ status: 200, digest: record.published!.digest, config: record.imageId, attestations: 1 });
  });
});
