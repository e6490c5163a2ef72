/**
 * A throwaway git repository holding this workspace's files, for running nx against commits
 * that must never touch the real repo. node_modules is not copied (hundreds of MB): each entry
 * is linked to the real one, except workspace-package links (relative symlinks such as
 * `@polystage/smoke -> ../../libs/smoke`), which are recreated so they resolve to the copy.
 * Otherwise Nx would resolve `@polystage/smoke` outside the copy and lose the project edge.
 */
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { execa } from 'execa';
import { MIRROR_DECISION_FILE } from '@polystage/nx-docker';

export interface ThrowawayWorkspace {
  root: string;
  /** The commit every case starts from. */
  base: string;
  git(...args: string[]): Promise<string>;
  /** Runs nx in the copy, isolated from any parent nx run; returns stdout. */
  nx(...args: string[]): Promise<string>;
  /** nx with extra environment variables (BUILDER=... for another builder). */
  nxWithEnv(env: Record<string, string>, ...args: string[]): Promise<string>;
  /** Checks out `base`, applies `change` to the files and commits it on top. */
  commitOnBase(change: (root: string) => void): Promise<void>;
  /** commitOnBase, then the projects `nx show projects --affected` names for that commit (sorted). */
  affectedBy(change: (root: string) => void): Promise<string[]>;
  /**
   * The tasks `nx affected -t <targets>` would run for the last commit (dependencies included),
   * as `project:target`, sorted: read from Nx's task graph, nothing is run.
   */
  affectedTasks(targets: readonly string[]): Promise<string[]>;
  dispose(): void;
}

export async function createThrowawayWorkspace(sourceRoot: string): Promise<ThrowawayWorkspace> {
  const root = mkdtempSync(join(tmpdir(), 'polystage-affected-'));
  // Tracked files plus new ones not yet committed (so the test checks the tree as it is), never ignored ones.
  const listed = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: sourceRoot });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = join(sourceRoot, file);
    if (!lstatSafe(from)) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(from, join(root, file), { verbatimSymlinks: true });
  }
  linkNodeModules(join(sourceRoot, 'node_modules'), join(root, 'node_modules'));
  // The base-image decision `npm run setup` made here (ignored by git): image builds in the copy use
  // the same mirror of stand-ins where no registry answers.
  if (existsSync(join(sourceRoot, MIRROR_DECISION_FILE))) {
    mkdirSync(dirname(join(root, MIRROR_DECISION_FILE)), { recursive: true });
    copyFileSync(join(sourceRoot, MIRROR_DECISION_FILE), join(root, MIRROR_DECISION_FILE));
  }

  const git = async (...args: string[]) =>
    (await execa('git', ['-c', 'user.email=affected@polystage.test', '-c', 'user.name=affected', ...args], { cwd: root })).stdout;
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'base');
  const base = await git('rev-parse', 'HEAD');

  const nxWithEnv = async (env: Record<string, string>, ...args: string[]) =>
    (await execa('nx', args, { cwd: root, extendEnv: false, env: { ...isolatedNxEnv(sourceRoot), ...env } })).stdout;
  const nx = async (...args: string[]) => nxWithEnv({}, ...args);

  const commitOnBase = async (change: (root: string) => void) => {
    await git('checkout', '-q', '--force', '--detach', base);
    change(root);
    await git('add', '-A');
    await git('commit', '-qm', 'change');
  };

  return {
    root,
    base,
    git,
    nx,
    nxWithEnv,
    commitOnBase,
    async affectedBy(change) {
      await commitOnBase(change);
      return (JSON.parse(await nx('show', 'projects', '--affected', `--base=${base}`, '--head=HEAD', '--json')) as string[]).sort();
    },
    async affectedTasks(targets) {
      const graphFile = join(root, '.affected-task-graph.json');
      try {
        await nx('affected', '-t', ...targets, `--base=${base}`, '--head=HEAD', `--graph=${graphFile}`);
        const graph = JSON.parse(readFileSync(graphFile, 'utf8')) as { tasks: { tasks: Record<string, unknown> } };
        return Object.keys(graph.tasks.tasks).sort();
      } finally {
        rmSync(graphFile, { force: true });
      }
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

function lstatSafe(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function linkNodeModules(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    const source = join(from, entry);
    if (entry.startsWith('@') && lstatSync(source).isDirectory()) {
      linkNodeModules(source, join(to, entry));
    } else if (lstatSync(source).isSymbolicLink() && !isAbsolute(readlinkSync(source))) {
      symlinkSync(readlinkSync(source), join(to, entry)); // a workspace package: same relative target, inside the copy
    } else {
      symlinkSync(source, join(to, entry));
    }
  }
}

/** A child nx that knows nothing of a parent `nx run` (its NX_* variables would point it at the real workspace). */
function isolatedNxEnv(sourceRoot: string): Record<string, string> {
  // FORCE_COLOR too: under a parent Nx run it is set, and the child's output would carry colour codes.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => !entry[0].startsWith('NX_') && entry[0] !== 'FORCE_COLOR' && entry[1] !== undefined),
  );
  return {
    ...inherited,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NO_COLOR: '1',
    PATH: `${join(sourceRoot, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}`,
  };
}
