/**
 * Secrets never reach a build context, so no image can hold them: a copy of the repo's tracked
 * files, with secret-looking files dropped into every service folder (and web's public folder,
 * which nginx serves), built with the repo's own .dockerignore by a Dockerfile that copies the
 * whole context into a FROM scratch image; the image's file list is the context.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgv, connectEngine, engineBuildKit, imageFilePaths, outputTail, readImageId, removeImages, runBuild, type Engine } from '@polystage/docker';
import { parseDockerfile } from '@polystage/nx-docker';

const root = resolve(import.meta.dirname, '../..');
const SECRETS = ['.env', '.env.production', 'server.pem', 'deploy.key', 'id_ed25519', 'local.db', 'cache.sqlite3', '.npmrc', 'keystore.jks'];

let engine: Engine;
let context: string;
let files: string[];
const tag = `polystage-context-probe:${process.pid}`;

beforeAll(async () => {
  engine = await connectEngine();
  context = mkdtempSync(join(tmpdir(), 'context-secrets-'));
  for (const file of execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean)) {
    mkdirSync(dirname(join(context, file)), { recursive: true });
    cpSync(join(root, file), join(context, file));
  }
  const services = readdirSync(join(context, 'services'));
  const folders = [...services.map((name) => `services/${name}`), ...services.map((name) => `services/${name}/src`), 'services/web/public', 'libs/smoke/src'];
  for (const folder of folders) {
    mkdirSync(join(context, folder), { recursive: true });
    for (const secret of SECRETS) writeFileSync(join(context, folder, secret), 'SECRET=do-not-ship\n');
  }
  const dockerfile = join(mkdtempSync(join(tmpdir(), 'context-probe-')), 'Dockerfile');
  writeFileSync(dockerfile, 'FROM scratch\nCOPY . /ctx/\n');
  const iidFile = `${dockerfile}.iid`;
  const run = await runBuild(engine, buildArgv(engineBuildKit(engine), { context, dockerfile, iidFile, tags: [tag] }));
  if (run.exitCode !== 0) throw new Error(`The context probe build failed:\n${outputTail(run)}`);
  files = (await imageFilePaths(engine, await readImageId(iidFile))).filter((path) => path.startsWith('ctx/')).map((path) => path.slice(4));
}, 300_000);

afterAll(async () => {
  if (engine) await removeImages(engine, [tag]);
  if (context) rmSync(context, { recursive: true, force: true });
});

describe('the root .dockerignore', () => {
  // Every path a Dockerfile COPYs or bind-mounts from the context (a file, or a folder with files in
  // it), read from the Dockerfiles: a new COPY of a path the allowlist does not let in fails here,
  // not in the middle of a build (a dev stage's COPY of tools/src/dev once did).
  it('still sends everything each Dockerfile reads from the context', () => {
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean));
    const services = readdirSync(join(root, 'services')).filter((name) => tracked.has(`services/${name}/Dockerfile`));
    const sources = services.flatMap((name) => {
      const file = `services/${name}/Dockerfile`;
      return parseDockerfile(readFileSync(join(root, file), 'utf8'), file).stages.flatMap((stage) => stage.contextSources.map((source) => source.path.replace(/^\.?\//, '')));
    });
    // Globs such as go.su[m] match optional files; a tracked path the glob names is checked as itself.
    const concrete = [...new Set(sources)].filter((path) => !/[*?[]/.test(path) || tracked.has(path));
    expect(concrete.length).toBeGreaterThan(services.length);
    const missing = concrete.filter((path) => !files.includes(path) && !files.some((file) => file.startsWith(`${path.replace(/\/$/, '')}/`)));
    expect(missing).toEqual([]);
  });

  it.each(SECRETS)('keeps every %s out of the build context, in every service folder', (secret) => {
    expect(files.filter((path) => path.split('/').at(-1) === secret)).toEqual([]);
  });
});
