/**
 * Writes a self-contained npm install root for one workspace member: package.json (the root,
 * listing only the workspaces needed), package-lock.json pruned to the member's dependency
 * closure, and each needed workspace's own package.json at its folder. `npm ci` there installs
 * exactly what the member gets in the full workspace, hoisted the same way.
 *
 *   node tools/src/lockfile-prune/cli.ts <workspace> [--root <dir>] [--out <dir>]
 *
 * <workspace> is the member's folder relative to the root (e.g. services/worker); --root holds
 * package-lock.json and the workspace folders (default: the current directory); --out receives
 * the files (default: ./pruned). Plain Node, no dependencies: Docker stages run it before any
 * install. Exit 2 on usage errors, 1 when the lockfile cannot be pruned.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLockfile } from './format.ts';
import { LockfilePruneError, pruneLockfile, type Lockfile } from './prune.ts';

const USAGE = 'usage: node tools/src/lockfile-prune/cli.ts <workspace> [--root <dir>] [--out <dir>]';

export interface PruneToDirOptions {
  root: string;
  workspace: string;
  out: string;
}

/** Prunes `<root>/package-lock.json` for `workspace` and writes the install root to `out`; returns the files written. */
export async function pruneToDir({ root, workspace, out }: PruneToDirOptions): Promise<string[]> {
  const lockPath = join(root, 'package-lock.json');
  const lock = JSON.parse(await readFile(lockPath, 'utf8').catch(() => {
    throw new LockfilePruneError(`No package-lock.json in ${resolve(root)}: run npm install there first, or pass --root.`);
  })) as Lockfile;
  const pruned = pruneLockfile(lock, workspace);

  const written: string[] = [];
  const write = async (path: string, content: string): Promise<void> => {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), content);
    written.push(path);
  };
  await write('package.json', `${JSON.stringify(pruned.packageJson, null, 2)}\n`);
  await write('package-lock.json', formatLockfile(pruned.lockfile));
  for (const local of pruned.localPackages) {
    const manifest = join(local, 'package.json');
    const content = await readFile(join(root, manifest), 'utf8').catch(() => {
      throw new LockfilePruneError(`${manifest} is needed (the pruned tree installs ${local}) but is not in ${resolve(root)}.`);
    });
    await write(manifest, content);
  }
  return written;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        root: { type: 'string', default: '.' },
        out: { type: 'string', default: 'pruned' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  try {
    const written = await pruneToDir({ root: values.root, workspace: positionals[0]!, out: values.out });
    const lock = JSON.parse(await readFile(join(values.out, 'package-lock.json'), 'utf8')) as Lockfile;
    console.error(`lockfile-prune: ${positionals[0]} needs ${Object.keys(lock.packages).length - 1} lock entries; wrote ${written.join(', ')} to ${values.out}`);
    return 0;
  } catch (error) {
    if (error instanceof LockfilePruneError) {
      console.error(`lockfile-prune: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
