/**
 * Builds (or reuses) every known stand-in against the real engine and checks each one's contract
 * from outside: image config, the runtime's version, and the filesystem read through
 * `docker export` (never through a shell inside the image). Needs a Docker engine: without one
 * these tests fail, they do not skip.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, imageFilePaths, inspectImage, runToCompletion, type Engine } from '@polystage/docker';
import { mirroredRef } from '@polystage/nx-docker';
import type { BuildReport } from '../src/offline-bases/build-stand-ins.ts';
import { KNOWN_REFS } from '../src/offline-bases/known-refs.ts';
import { NODE_RELEASE_FOR_MAJOR } from '../src/offline-bases/recipes.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'tools', 'src', 'offline-bases', 'cli.ts');
const MIRROR = 'polystage.local';
const SHELLS = ['bin/sh', 'usr/bin/sh', 'bin/bash', 'usr/bin/bash', 'bin/dash', 'usr/bin/dash', 'busybox', 'bin/busybox', 'usr/bin/busybox'];
const NODE_VERSION = NODE_RELEASE_FOR_MAJOR['24']!;

interface ImageConfig {
  User: string;
  Env: string[] | null;
  Entrypoint: string[] | null;
  Cmd: string[] | null;
  WorkingDir: string;
  Labels: Record<string, string> | null;
}

/** What each stand-in promises, checked from outside the image. */
interface Contract {
  user: string;
  entrypoint?: string[] | null;
  cmd?: string[] | null;
  workdir?: string;
  /** Values or matchers: Debian decides the patch of python3.13 and openjdk-25. */
  env?: Record<string, unknown>;
  /** docker run args (after the image) and a pattern its output must match. */
  version?: { args: string[]; entrypoint?: string; expect: RegExp };
  distroless?: boolean;
  files?: string[];
  absent?: string[];
}

const DISTROLESS_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DISTROLESS_FILES = ['etc/passwd', 'etc/group', 'etc/nsswitch.conf', 'etc/ssl/certs/ca-certificates.crt', 'usr/share/zoneinfo/UTC', 'etc/os-release', 'home/nonroot/', 'tmp/'];

const CONTRACTS: Record<string, Contract> = {
  'debian:trixie-slim': {
    user: '',
    cmd: ['bash'],
    env: { PATH: DISTROLESS_PATH },
    version: { args: ['cat', '/etc/debian_version'], expect: /^13\./ },
    files: ['etc/apt/apt.conf.d/docker-clean', 'etc/dpkg/dpkg.cfg.d/docker'],
    absent: ['usr/share/man/man1/', 'var/cache/apt/archives/apt_'],
  },
  'python:3.13-slim-trixie': {
    user: '',
    cmd: ['python3'],
    env: { PATH: `/usr/local/bin:${DISTROLESS_PATH}`, LANG: 'C.UTF-8', PYTHON_VERSION: expect.stringMatching(/^3\.13\.\d+$/) },
    version: { args: ['python', '--version'], expect: /^Python 3\.13\./ },
    files: ['usr/local/bin/python3', 'usr/local/bin/python', 'usr/local/bin/pip', 'usr/local/lib/python3.13/site-packages'],
  },
  'gcr.io/distroless/python3-debian13:nonroot': {
    user: '65532',
    entrypoint: ['/usr/bin/python3.13'],
    workdir: '/home/nonroot',
    env: { PATH: DISTROLESS_PATH, LANG: 'C.UTF-8', SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' },
    version: { args: ['--version'], expect: /^Python 3\.13\./ },
    distroless: true,
    files: [...DISTROLESS_FILES, 'usr/bin/python3', 'usr/bin/python', 'usr/lib/python3.13/ssl.py', 'etc/ld.so.cache', 'usr/sbin/ldconfig'],
    absent: ['usr/bin/pip3', 'usr/bin/apt-get', 'usr/bin/dpkg'],
  },
  'gcr.io/distroless/static-debian13:nonroot': {
    user: '65532',
    workdir: '/home/nonroot',
    env: { PATH: DISTROLESS_PATH, SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' },
    distroless: true,
    files: DISTROLESS_FILES,
    absent: ['usr/lib/x86_64-linux-gnu/libc.so.6'],
  },
  'gcr.io/distroless/base-debian13:nonroot': {
    user: '65532',
    workdir: '/home/nonroot',
    distroless: true,
    files: [...DISTROLESS_FILES, 'usr/lib/x86_64-linux-gnu/libc.so.6', 'usr/lib/x86_64-linux-gnu/libssl.so.3'],
  },
  'gcr.io/distroless/cc-debian13:nonroot': {
    user: '65532',
    workdir: '/home/nonroot',
    distroless: true,
    files: [...DISTROLESS_FILES, 'usr/lib/x86_64-linux-gnu/libstdc++.so.6', 'usr/lib/x86_64-linux-gnu/libgcc_s.so.1'],
  },
  'golang:1.27-trixie': {
    user: '',
    workdir: '/go',
    env: { GOPATH: '/go', GOTOOLCHAIN: 'local', PATH: `/go/bin:/usr/local/go/bin:${DISTROLESS_PATH}` },
    version: { args: ['go', 'version'], expect: /^go version go1\.27\.\d+ linux\/amd64/ },
    files: ['usr/local/go/bin/go', 'usr/local/go/bin/gofmt', 'usr/bin/gcc', 'usr/bin/git'],
  },
  'node:24-trixie-slim': {
    user: '',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node'],
    env: { NODE_VERSION },
    version: { args: ['--version'], expect: new RegExp(`^v${NODE_VERSION.replaceAll('.', '\\.')}$`) },
    files: ['usr/local/bin/node', 'usr/local/bin/npm', 'usr/local/bin/npx', 'home/node/'],
  },
  'gcr.io/distroless/nodejs24-debian13:nonroot': {
    user: '65532',
    entrypoint: ['/nodejs/bin/node'],
    workdir: '/home/nonroot',
    version: { args: ['--version'], expect: /^v24\./ },
    distroless: true,
    files: [...DISTROLESS_FILES, 'nodejs/bin/node'],
    absent: ['nodejs/bin/npm', 'usr/local/bin/npm', 'nodejs/lib/node_modules/npm/'],
  },
  'maven:3.9-eclipse-temurin-25': {
    user: '',
    entrypoint: ['/usr/local/bin/mvn-entrypoint.sh'],
    cmd: ['mvn'],
    env: { JAVA_HOME: '/opt/java/openjdk', MAVEN_HOME: '/usr/share/maven', MAVEN_CONFIG: '/root/.m2' },
    version: { args: ['mvn', '--version'], expect: /Apache Maven 3\.9\.[\s\S]*Java version: 25\./ },
    files: ['usr/share/maven/bin/mvn', 'opt/java/openjdk', 'usr/lib/jvm/java-25-openjdk-amd64/bin/jlink'],
  },
  'gcr.io/distroless/java25-debian13:nonroot': {
    user: '65532',
    entrypoint: ['/usr/bin/java', '-jar'],
    workdir: '/home/nonroot',
    env: { JAVA_VERSION: expect.stringMatching(/^25\.\d+\.\d+/) },
    version: { args: ['-version'], entrypoint: '/usr/bin/java', expect: /openjdk version "25\./ },
    distroless: true,
    files: [...DISTROLESS_FILES, 'usr/bin/java', 'etc/ssl/certs/java/cacerts', 'usr/lib/jvm/temurin-25-jre-amd64'],
    absent: ['usr/lib/jvm/java-25-openjdk-amd64/bin/javac'],
  },
};

let engine: Engine;
let firstBuild: BuildReport;

async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ report: BuildReport; stderr: string; ms: number }> {
  const started = performance.now();
  const result = await execa('node', [CLI, ...args, '--json'], { cwd: ROOT, env, reject: false, stdin: 'ignore' });
  const ms = performance.now() - started;
  if (result.exitCode !== 0) throw new Error(`cli.ts ${args.join(' ')} failed (exit ${result.exitCode}):\n${String(result.stderr).slice(-4000)}`);
  return { report: JSON.parse(String(result.stdout).trim().split('\n').pop()!) as BuildReport, stderr: String(result.stderr), ms };
}

async function imageConfig(tag: string): Promise<ImageConfig> {
  const image = await inspectImage(engine, tag);
  if (!image) throw new Error(`${tag} is not in the engine at ${engine.host.url}.`);
  return { User: image.user, Env: image.env, Entrypoint: image.entrypoint, Cmd: image.cmd, WorkingDir: image.workingDir, Labels: image.labels };
}

/** `docker run --rm <tag> args...` through the engine's client; stdout and stderr together. */
async function runIn(tag: string, args: readonly string[], entrypoint?: string): Promise<{ exitCode: number; output: string }> {
  const result = await runToCompletion(engine, { image: tag, args, ...(entrypoint ? { entrypoint } : {}) });
  return { exitCode: result.exitCode, output: [result.stdout, result.stderr].filter(Boolean).join('\n') };
}

/** Paths in the image's filesystem, read with `docker create` + `docker export`, no process in the image. */
async function fileList(tag: string): Promise<Set<string>> {
  return new Set(await imageFilePaths(engine, tag));
}

function envOf(config: ImageConfig): Record<string, string> {
  return Object.fromEntries((config.Env ?? []).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

beforeAll(async () => {
  try {
    engine = await connectEngine();
  } catch (error) {
    throw new Error(`The offline-bases integration tests need a running Docker engine and they do not skip: ${(error as Error).message}`);
  }
  // The services' refs plus the known ones: builds what is missing or stale, a no-op when an
  // earlier run left every stand-in current.
  firstBuild = (await runCli(['ensure', '--known'], { BASE_IMAGE_MIRROR: MIRROR })).report;
});

describe('offline base stand-ins', () => {
  it('has a contract for every known ref', () => {
    expect(Object.keys(CONTRACTS).sort()).toEqual([...KNOWN_REFS].sort());
  });

  describe.each(Object.entries(CONTRACTS))('%s', (ref, contract) => {
    const tag = mirroredRef(MIRROR, ref);

    it('has the official user, entrypoint, cmd, workdir and env', async () => {
      const config = await imageConfig(tag);
      expect(config.User).toBe(contract.user);
      if (contract.entrypoint !== undefined) expect(config.Entrypoint).toEqual(contract.entrypoint);
      if (contract.cmd !== undefined) expect(config.Cmd).toEqual(contract.cmd);
      if (contract.workdir !== undefined) expect(config.WorkingDir).toBe(contract.workdir);
      expect(envOf(config)).toMatchObject(contract.env ?? {});
      expect(config.Labels?.['org.polystage.recipe-hash']).toMatch(/^[0-9a-f]{64}$/);
      expect(config.Labels?.['org.polystage.stand-in-for']).toBe(ref);
    });

    if (contract.version) {
      const version = contract.version;
      it(`runs ${version.args.join(' ')}`, async () => {
        const result = await runIn(tag, version.args, version.entrypoint);
        expect(result.exitCode, result.output).toBe(0);
        expect(result.output.trim()).toMatch(version.expect);
      });
    }

    it('holds the promised files, lacks the excluded ones, and carries nothing of the build CA', async () => {
      const files = await fileList(tag);
      for (const path of contract.files ?? []) expect(files, `${ref} should contain ${path}`).toContain(path);
      for (const path of contract.absent ?? []) expect([...files].some((f) => f.startsWith(path)), `${ref} should not contain ${path}`).toBe(false);
      if (contract.distroless) {
        for (const shell of SHELLS) expect(files, `${ref} must have no shell, found ${shell}`).not.toContain(shell);
        expect([...files].some((f) => /(^|\/)(apt-get|dpkg)$/.test(f)), `${ref} must have no package manager`).toBe(false);
      }
      expect([...files].filter((f) => /(^|\/)ca-bundle$/.test(f) || f.endsWith('.p12'))).toEqual([]);
    });
  });

  it('runs distroless nonroot images as uid 65532 from /etc/passwd', async () => {
    const result = await runIn(mirroredRef(MIRROR, 'gcr.io/distroless/python3-debian13:nonroot'), ['-c', 'import os, pwd; print(os.getuid(), pwd.getpwuid(os.getuid()).pw_name)']);
    expect(result.output.trim()).toBe('65532 nonroot');
  });

  it('lets ctypes find shared libraries in the distroless python image (ld.so.cache)', async () => {
    const result = await runIn(mirroredRef(MIRROR, 'gcr.io/distroless/python3-debian13:nonroot'), ['-c', 'import ctypes.util; print(ctypes.util.find_library("ssl"))']);
    expect(result.output.trim()).toBe('libssl.so.3');
  });

  it('gives the node image a node user with uid 1000', async () => {
    const result = await runIn(mirroredRef(MIRROR, 'node:24-trixie-slim'), ['id', '-u', 'node']);
    expect(result.output.trim()).toBe('1000');
  });

  it('lets pip install system-wide in the python image, as the official one does', async () => {
    const result = await runIn(mirroredRef(MIRROR, 'python:3.13-slim-trixie'), ['python', '-c', 'import sysconfig; print(sysconfig.get_path("purelib"))']);
    expect(result.exitCode, result.output).toBe(0);
    const files = await fileList(mirroredRef(MIRROR, 'python:3.13-slim-trixie'));
    expect(files).not.toContain('usr/lib/python3.13/EXTERNALLY-MANAGED');
  });

  it('does no build work on a second run: ensure reports nothing built', async () => {
    expect(firstBuild.built.length + firstBuild.current.length).toBeGreaterThanOrEqual(KNOWN_REFS.length);
    const { report } = await runCli(['ensure', '--known'], { BASE_IMAGE_MIRROR: MIRROR });
    expect(report.built).toEqual([]);
    expect(report.current.length).toBe(firstBuild.built.length + firstBuild.current.length);
  });
});
