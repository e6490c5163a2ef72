import { cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { buildArgv, emulationProblem, hostPlatform, platformArch, importImage, outputTail, runBuild, type Engine, type Platform } from '@polystage/docker';
import { HOST_TOOLS } from '../host-tools/catalog.ts';
import { ensureHostTools } from '../host-tools/ensure.ts';
import { resolveDebianMirror, resolveDebianSecurityMirror } from './debian-mirror.ts';
import type { BuildContext, BuildTarget } from './build-recipe.ts';
import { RECIPE_HASH_LABEL, STAND_IN_FOR_LABEL } from './recipe-hash.ts';
import { RECIPES_DIR } from './recipes.ts';

/** What the official slim image prunes from a fresh minbase root (besides dpkg's excludes for later installs). */
const PRUNED = ['usr/share/man', 'usr/share/info', 'usr/share/groff', 'usr/share/lintian', 'usr/share/linda', 'usr/share/locale'];
/** Build-time leftovers that would otherwise ship: downloaded .debs, package lists, logs, host files. */
const EMPTIED = ['var/cache/apt/archives', 'var/lib/apt/lists'];

/**
 * debian:<suite>-slim from the host's debootstrap + `docker import`: the one stand-in that cannot
 * be a Dockerfile, since every Dockerfile needs a base to start FROM.
 */
export async function buildDebianBase(target: BuildTarget, context: BuildContext, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await assertCanDebootstrap();
  const foreign = target.resolved.platform !== hostPlatform() ? target.resolved.platform : undefined;
  if (foreign) assertEmulation(foreign);
  const { SUITE: suite, VARIANT: variant } = target.resolved.buildArgs;
  if (!suite || !variant) throw new Error(`The debian recipe for ${target.resolved.ref} has no SUITE/VARIANT build args.`);
  const mirror = await resolveDebianMirror(env);
  const security = await resolveDebianSecurityMirror(mirror, env);
  const work = await mkdtemp(join(tmpdir(), 'polystage-debootstrap-'));
  const root = join(work, 'root');
  try {
    if (foreign) {
      // Download and unpack natively; the second stage (maintainer scripts) runs the target's
      // binaries, which binfmt_misc hands to qemu (BUILD_PLATFORMS=... npm run setup registered it).
      await run('debootstrap', [`--arch=${platformArch(foreign)}`, '--foreign', `--variant=${variant}`, `--extra-suites=${suite}-updates`, suite, root, mirror], context.verbose, `debootstrap --arch=${platformArch(foreign)} (first stage)`);
      await run('chroot', [root, '/debootstrap/debootstrap', '--second-stage'], context.verbose, `debootstrap second stage under emulation (${foreign})`);
    } else {
      await run('debootstrap', [`--variant=${variant}`, `--extra-suites=${suite}-updates`, suite, root, mirror], context.verbose, 'debootstrap');
    }
    // Like the official image: apt sees the point releases and the security archive, and what the
    // base holds is already upgraded to them (debootstrap itself reads only the main suites).
    await writeFile(join(root, 'etc/apt/sources.list.d/debian.sources'), debianSources(suite, mirror, security));
    await rm(join(root, 'etc/apt/sources.list'), { force: true });
    await run('chroot', [root, 'apt-get', '-qq', 'update'], context.verbose, 'apt-get update in the debootstrapped root');
    await run('chroot', [root, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-qq', '-y', 'upgrade'], context.verbose, 'apt-get upgrade in the debootstrapped root');
    await run('chroot', [root, 'apt-get', 'clean'], context.verbose, 'apt-get clean');
    await cp(join(RECIPES_DIR, target.resolved.recipe.dir, 'overlay'), root, { recursive: true });
    await slim(root);
    const changes = [
      'CMD ["bash"]',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      `LABEL ${RECIPE_HASH_LABEL}=${target.hash}`,
      `LABEL ${STAND_IN_FOR_LABEL}=${target.resolved.ref}`,
    ];
    const tarball = join(work, 'rootfs.tar');
    await run('tar', ['--numeric-owner', '-C', root, '-cf', tarball, '.'], context.verbose, 'tar of the debootstrapped root');
    if (foreign) await importForPlatform(context.engine, work, tarball, target.tag, foreign, changes);
    else await importImage(context.engine, tarball, target.tag, changes);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function assertEmulation(platform: Platform): void {
  const problem = emulationProblem(platform);
  if (problem) throw new Error(`A ${platform} stand-in runs that platform's binaries: ${problem}`);
}

/**
 * The root as a one-layer image of another platform. `docker import --platform` of Docker 20.10
 * records the host's architecture whatever it is told, so BuildKit builds it instead: FROM
 * scratch, the tarball added, the same changes as Dockerfile instructions, loaded into the engine.
 */
async function importForPlatform(engine: Engine, work: string, tarball: string, tag: string, platform: Platform, changes: readonly string[]): Promise<void> {
  const context = join(work, 'import');
  await mkdir(context);
  await rename(tarball, join(context, 'rootfs.tar'));
  await writeFile(join(context, 'Dockerfile'), ['FROM scratch', 'ADD rootfs.tar /', ...changes].join('\n') + '\n');
  const build = await runBuild(engine, buildArgv(engine.builder, { context, platforms: [platform], tags: [tag], quiet: true }));
  if (build.exitCode !== 0) throw new Error(`Importing the ${platform} root as ${tag} failed: ${outputTail(build)}`);
}

async function assertCanDebootstrap(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error('Building the debian stand-in runs debootstrap, which needs root. Run the command as root (or with sudo).');
  }
  // Installed here, where it is needed: a machine that pulls official images never needs it.
  await ensureHostTools([HOST_TOOLS.debootstrap]);
}

async function slim(root: string): Promise<void> {
  for (const path of PRUNED) await rm(join(root, path), { recursive: true, force: true });
  for (const path of EMPTIED) await emptyDir(join(root, path));
  await removeFilesKeepDirs(join(root, 'var/log'));
  // Keep only copyright notices under /usr/share/doc, as the slim image's dpkg excludes would have.
  const docs = join(root, 'usr/share/doc');
  for (const pkg of await readdir(docs).catch(() => [] as string[])) {
    for (const entry of await readdir(join(docs, pkg)).catch(() => [] as string[])) {
      if (entry !== 'copyright') await rm(join(docs, pkg, entry), { recursive: true, force: true });
    }
  }
  // debootstrap copies the host's resolver and name; the engine provides both at run time.
  await writeFile(join(root, 'etc/resolv.conf'), '');
  await writeFile(join(root, 'etc/hostname'), '');
  await rm(join(root, 'etc/machine-id'), { force: true });
  await writeFile(join(root, 'etc/machine-id'), '');
  for (const stale of ['var/lib/dpkg/status-old', 'var/lib/dpkg/diversions-old', 'var/cache/ldconfig/aux-cache', 'var/cache/debconf/config.dat-old', 'var/cache/debconf/templates.dat-old']) {
    await rm(join(root, stale), { force: true });
  }
}

/** The deb822 file the official debian image ships, pointing at this machine's mirrors. */
export function debianSources(suite: string, mirror: string, security: string): string {
  const stanza = (uri: string, suites: string) =>
    `Types: deb\nURIs: ${uri}\nSuites: ${suites}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.pgp\n`;
  return `${stanza(mirror, `${suite} ${suite}-updates`)}\n${stanza(security, `${suite}-security`)}`;
}

async function emptyDir(dir: string): Promise<void> {
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    // Keep apt's partial/ and lock skeleton so apt works without recreating them.
    if (entry === 'partial' || entry === 'lock') continue;
    await rm(join(dir, entry), { recursive: true, force: true });
  }
}

async function removeFilesKeepDirs(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await removeFilesKeepDirs(path);
    else await rm(path, { force: true });
  }
}

async function run(command: string, args: string[], verbose: boolean, what: string): Promise<void> {
  const result = await execa(command, args, {
    reject: false,
    all: true,
    stdin: 'ignore',
    ...(verbose ? { stdout: ['pipe', 'inherit'], stderr: ['pipe', 'inherit'] } : {}),
  });
  if (result.exitCode !== 0) {
    throw new Error(`${what} failed (exit ${result.exitCode}): ${String(result.all).split('\n').slice(-20).join('\n')}`);
  }
}
