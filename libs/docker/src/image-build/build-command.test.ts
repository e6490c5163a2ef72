import { describe, expect, it } from 'vitest';
import { buildArgv } from './build-argv.ts';
import type { Builder } from '../engine/builder.ts';
import { buildCommand, platformTags, type BuildRequest } from './build-command.ts';

const ENGINE: Builder = { kind: 'engine', invocation: 'classic-cli', reason: '' };
const DAEMON: Builder = { kind: 'buildx', name: 'polystage', driver: 'remote', reason: '' };

const revision = { sha: 'a'.repeat(40), shortSha: 'aaaaaaa', committedAt: '2026-11-22T10:00:00+00:00', source: 'https://example.test/polystage.git' };
const request: BuildRequest = {
  builder: ENGINE,
  dockerfile: 'services/api/Dockerfile',
  context: '.',
  target: 'prod',
  image: 'api',
  buildArgs: {},
  extraTags: [],
  revision,
};

describe('buildCommand', () => {
  it('builds the stage with DOCKER_BUILDKIT=1 on the classic CLI, tags stage and sha, and labels the revision', () => {
    const command = buildCommand(request);
    expect(command.env).toEqual({ DOCKER_BUILDKIT: '1' });
    expect(command.tags).toEqual(['api:prod', 'api:aaaaaaa']);
    expect(command.args).toEqual([
      'build', '--progress=plain', '--file', 'services/api/Dockerfile', '--target', 'prod',
      '--tag', 'api:prod', '--tag', 'api:aaaaaaa',
      '--label', `org.opencontainers.image.revision=${'a'.repeat(40)}`,
      '--label', 'org.opencontainers.image.created=2026-11-22T10:00:00+00:00',
      '--label', 'org.opencontainers.image.source=https://example.test/polystage.git',
      '.',
    ]);
  });

  it('uses buildx build --builder <name> --load on a buildx builder, and stage-qualified sha tags for other stages', () => {
    const command = buildCommand({ ...request, builder: DAEMON, target: 'test' });
    expect(command.args.slice(0, 5)).toEqual(['buildx', 'build', '--builder', 'polystage', '--load']);
    expect(command.env).toEqual({});
    expect(command.tags).toEqual(['api:test', 'api:test-aaaaaaa']);
  });

  it("stamps a BuildKit daemon's image with the commit time (SOURCE_DATE_EPOCH), so an unchanged commit rebuilds the same image ID", () => {
    const command = buildCommand({ ...request, builder: DAEMON });
    expect(command.args[command.args.indexOf('SOURCE_DATE_EPOCH=1795341600') - 1]).toBe('--build-arg');
    expect(buildCommand({ ...request, builder: DAEMON, revision: undefined }).args.join(' ')).not.toContain('SOURCE_DATE_EPOCH');
    // The engine's BuildKit (Docker 20.10) predates it.
    expect(buildCommand(request).args.join(' ')).not.toContain('SOURCE_DATE_EPOCH');
  });

  it("uses buildx's default builder for the engine's BuildKit when the client is too new for the classic CLI", () => {
    const command = buildCommand({ ...request, builder: { kind: 'engine', invocation: 'buildx-default', reason: '' } });
    expect(command.args.slice(0, 5)).toEqual(['buildx', 'build', '--builder', 'default', '--load']);
  });

  it('passes the CA bundle as the ca-bundle secret, never as a build arg', () => {
    const command = buildCommand({ ...request, caBundle: '/etc/ssl/certs/ca-certificates.crt' });
    expect(command.args).toContain('--secret');
    expect(command.args[command.args.indexOf('--secret') + 1]).toBe('id=ca-bundle,src=/etc/ssl/certs/ca-certificates.crt');
    expect(command.args.join(' ')).not.toMatch(/--build-arg [^ ]*ca-certificates/);
  });

  it('passes build args in the order given', () => {
    const command = buildCommand({ ...request, buildArgs: { PYTHON_IMAGE: 'mine:1', DISTROLESS_IMAGE: 'polystage.local/gcr.io/distroless/python3-debian13:nonroot' } });
    expect(command.args.slice(command.args.indexOf('--build-arg'), -1)).toEqual([
      '--build-arg', 'PYTHON_IMAGE=mine:1',
      '--build-arg', 'DISTROLESS_IMAGE=polystage.local/gcr.io/distroless/python3-debian13:nonroot',
    ]);
  });

  it('tags only <image>:<stage> outside a git checkout', () => {
    expect(buildCommand({ ...request, revision: undefined }).tags).toEqual(['api:prod']);
  });

  it('with an iidfile builds untagged (the caller tags after its checks) and still returns the tags', () => {
    const command = buildCommand({ ...request, iidFile: '/tmp/x/iid' });
    expect(command.args).not.toContain('--tag');
    expect(command.args.slice(command.args.indexOf('--iidfile'), command.args.indexOf('--iidfile') + 2)).toEqual(['--iidfile', '/tmp/x/iid']);
    expect(command.tags).toEqual(['api:prod', 'api:aaaaaaa']);
  });

  it('passes --no-cache, --pull and extra labels when asked', () => {
    const command = buildCommand({ ...request, noCache: true, pull: true, labels: { 'io.polystage.base-images': 'polystage.local' } });
    expect(command.args.slice(0, 4)).toEqual(['build', '--progress=plain', '--no-cache', '--pull']);
    expect(command.args).toContain('io.polystage.base-images=polystage.local');
  });
});

describe('buildCommand platforms', () => {
  // Mutation guarded: the platform left out of the argv or of the layer-cache scope (arm64 and amd64 would evict each other).
  it('passes them on, and gives one platform its own layer-cache scope', () => {
    const command = buildCommand({ ...request, builder: DAEMON, platforms: ['linux/arm64'], layerCache: { backend: 'registry', registry: 'r' } });
    expect(command.args.slice(command.args.indexOf('--platform'), command.args.indexOf('--platform') + 2)).toEqual(['--platform', 'linux/arm64']);
    expect(command.args.join(' ')).toContain('api-prod-linux-arm64');
  });
});

describe('buildArgv', () => {
  it('builds a Dockerfile from stdin, quietly, tagged and labelled (a stand-in relabel)', () => {
    expect(buildArgv(ENGINE, { context: '-', quiet: true, tags: ['polystage.local/debian:trixie-slim'], labels: { a: 'b' } })).toEqual({
      args: ['build', '--quiet', '--tag', 'polystage.local/debian:trixie-slim', '--label', 'a=b', '-'],
      env: { DOCKER_BUILDKIT: '1' },
    });
  });

  it('keeps both the iidfile and the tags when a caller asks for both', () => {
    const { args } = buildArgv(DAEMON, { context: 'ctx', target: 'deps', iidFile: '/tmp/iid', tags: ['t:1'] });
    expect(args).toEqual(['buildx', 'build', '--builder', 'polystage', '--load', '--progress=plain', '--target', 'deps', '--iidfile', '/tmp/iid', '--tag', 't:1', 'ctx']);
  });

  // Mutation guarded: --check dropped (a real build would run), the experimental rules left out, or the engine's BuildKit accepted.
  it('runs only the Dockerfile checks, CopyIgnoredFile included, on a BuildKit daemon builder', () => {
    const { args } = buildArgv(DAEMON, { context: '.', dockerfile: 'services/api/Dockerfile', target: 'prod', output: 'check', buildArgs: { PYTHON_IMAGE: 'm/python:3' } });
    expect(args).toEqual([
      'buildx', 'build', '--builder', 'polystage', '--check', '--progress=plain', '--file', 'services/api/Dockerfile', '--target', 'prod',
      '--build-arg', 'PYTHON_IMAGE=m/python:3', '--build-arg', 'BUILDKIT_DOCKERFILE_CHECK=experimental=CopyIgnoredFile', '.',
    ]);
    expect(() => buildArgv(ENGINE, { context: '.', output: 'check' })).toThrow(/^Dockerfile checks need the BuildKit daemon's buildx builder.*npm run setup/);
  });

  // Mutation guarded: --platform dropped or joined wrongly, or two platforms let through to --load.
  it('passes the platforms, one to load, several only to push', () => {
    expect(buildArgv(DAEMON, { context: '.', target: 'prod', platforms: ['linux/arm64'] }).args).toEqual(
      ['buildx', 'build', '--builder', 'polystage', '--load', '--progress=plain', '--target', 'prod', '--platform', 'linux/arm64', '.'],
    );
    const push = buildArgv(DAEMON, { context: '.', platforms: ['linux/amd64', 'linux/arm64'], output: { pushByDigest: 'r/api' } }).args;
    expect(push.slice(push.indexOf('--platform'), push.indexOf('--platform') + 2)).toEqual(['--platform', 'linux/amd64,linux/arm64']);
    expect(() => buildArgv(DAEMON, { context: '.', platforms: ['linux/amd64', 'linux/arm64'] })).toThrow(/^A Docker 20\.10 engine cannot load a multi-platform image \(linux\/amd64, linux\/arm64\): /);
  });
});

describe('platformTags', () => {
  it("keeps the host platform's tags and suffixes another platform's, one platform per tag in the engine", () => {
    const tags = ['api:prod', 'api:aaaaaaa'];
    expect(platformTags(tags, 'linux/amd64', 'linux/amd64')).toEqual(['api:prod', 'api:aaaaaaa']);
    expect(platformTags(tags, 'linux/arm64', 'linux/amd64')).toEqual(['api:prod-linux-arm64', 'api:aaaaaaa-linux-arm64']);
    expect(platformTags(tags, 'linux/amd64', 'linux/arm64')).toEqual(['api:prod-linux-amd64', 'api:aaaaaaa-linux-amd64']);
  });
});
