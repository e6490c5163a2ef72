/**
 * A throwaway Nx workspace for integration tests of the docker plugin and its executors: a fixture
 * folder copied to a temp dir, this repo's node_modules linked in, the plugin registered, and a
 * git repository, so targets run through `nx run` exactly as in this repo.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, type Result } from 'execa';

const repoRoot = resolve(import.meta.dirname, '../../..');

export interface NxWorkspace {
  dir: string;
  /** Added to every nx run's environment; change it between runs (a password, a builder). */
  env: Record<string, string>;
  nx(...args: string[]): Promise<Result<{ all: true; reject: false }>>;
  git(...args: string[]): Promise<string>;
  dispose(): void;
}

export async function createNxWorkspace(options: { fixture: string; files?: Record<string, string>; env?: Record<string, string> }): Promise<NxWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'polystage-nx-'));
  cpSync(options.fixture, dir, { recursive: true });
  cpSync(join(repoRoot, '.dockerignore'), join(dir, '.dockerignore'));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'nx.json'), JSON.stringify({ plugins: [join(repoRoot, 'libs/nx-docker/src/plugin.ts')] }));
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n.nx\ndist\n');
  for (const [path, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, path), text);

  const git = async (...args: string[]) => String((await execa('git', ['-c', 'user.email=it@polystage.test', '-c', 'user.name=it', ...args], { cwd: dir })).stdout);
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'fixture');

  // When the test itself runs under `nx run`, the parent's NX_* variables would point the child at
  // the parent workspace; drop them, and colour, so the child's plain output can be matched.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && key !== 'FORCE_COLOR'));
  const env: Record<string, string> = { ...options.env };
  const nx = (...args: string[]) =>
    execa('nx', [...args, '--output-style=static'], {
      cwd: dir,
      reject: false,
      all: true,
      extendEnv: false,
      env: { ...inherited, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1', PATH: `${repoRoot}/node_modules/.bin:${process.env['PATH']}`, ...env },
    });
  return { dir, env, nx, git, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
