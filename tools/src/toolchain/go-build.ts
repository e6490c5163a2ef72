import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { toolchainRoot } from '@polystage/docker';
import { withVersion, type GoTool } from './catalog.ts';
import { compareGoVersions, goModGoLine } from './go-version.ts';
import { execaRun, type Run } from './run.ts';
import { makeStamp, readStamp, rebuildReason, STAMP_FILE } from './stamp.ts';

export interface GoBuildOptions {
  run?: Run;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Where built tools are kept: one folder per tool and version. */
// One rule for where the toolchain lives, shared with what runs its tools (@polystage/docker).
export { toolchainRoot } from '@polystage/docker';

export function toolDir(tool: GoTool, env: NodeJS.ProcessEnv = process.env): string {
  return join(toolchainRoot(env), `${tool.name}-${tool.version}`);
}

// GOTOOLCHAIN=local, or the tool's pinned release: the Go that was checked is the Go that builds
// (never `auto`, which would switch to whatever a go.mod asks for, silently).
// GOWORK=off and our own GOFLAGS: a user's workspace or -mod=vendor must not change the build.
function goEnv(tool: GoTool): Record<string, string> {
  return { GOTOOLCHAIN: tool.goToolchain ?? 'local', GOWORK: 'off', GOFLAGS: '-buildvcs=false -mod=mod' };
}

/** The oldest go command that honours GOTOOLCHAIN=<release> (toolchain switching came in Go 1.21). */
const SWITCHING_GO = '1.21.0';

/** The tool's folder with its binaries: the cached build when the catalog still matches it, else a fresh one. */
export async function ensureGoTool(tool: GoTool, options: GoBuildOptions = {}): Promise<string> {
  const { run = execaRun, log = console.error, env = process.env } = options;
  const dir = toolDir(tool, env);
  const reason = rebuildReason(tool, readStamp(dir), dir);
  if (!reason) {
    log(`${tool.name} ${tool.version}: cached in ${dir}`);
    return dir;
  }
  const root = toolchainRoot(env);
  await mkdir(root, { recursive: true });
  const go = await findGo(tool, run, root);
  const verb = reason === 'not built yet' ? 'building' : `rebuilding (${reason})`;
  log(`${verb} ${tool.name} ${tool.version} from the Go module proxy (cached in ${dir}; first time only) ...`);
  const started = Date.now();
  const source = await downloadModule(tool, go, run, root);
  await removeAbandonedTemps(root, tool);
  // Beside the final folder, renamed into place once complete: a half-written build is never found.
  const temp = await mkdtemp(join(root, `.${tool.name}-${tool.version}.${process.pid}.`));
  try {
    await chmod(temp, 0o755); // mkdtemp's 0700 would hide the binaries from other users
    await goBuild(tool, go, source, temp, run);
    await writeFile(join(temp, STAMP_FILE), `${JSON.stringify(makeStamp(tool, go.version), null, 2)}\n`);
    await publish(temp, dir, tool);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  log(`built ${tool.name} ${tool.version} with ${go.version} in ${formatSeconds(Date.now() - started)}`);
  return dir;
}

interface Go {
  command: string;
  version: string;
}

/**
 * `go` on PATH, else where go.dev/dl's instructions unpack it; old or missing Go is a one-line error.
 * With a pinned goToolchain, the go command fetches that release and `go env GOVERSION` must name it.
 */
export async function findGo(tool: GoTool, run: Run, cwd?: string): Promise<Go> {
  const least = tool.goToolchain ? SWITCHING_GO : tool.minGo;
  for (const command of ['go', '/usr/local/go/bin/go']) {
    const result = await run(command, ['env', 'GOVERSION'], { cwd, env: goEnv(tool) });
    if (result.notFound) continue;
    if (result.exitCode !== 0) {
      const fix = tool.goToolchain
        ? `make the Go module proxy reachable (\`go env GOPROXY\`; it serves ${tool.goToolchain})`
        : 'repair the Go install (https://go.dev/dl)';
      throw new Error(`\`${envPrefix(tool)}${command} env GOVERSION\` failed (${lastLine(result.stderr)}). To fix, ${fix}, then run again.`);
    }
    const go = { command, version: result.stdout.trim() };
    if (tool.goToolchain && go.version !== tool.goToolchain) {
      // A go command older than 1.21 ignores GOTOOLCHAIN and answers with its own version.
      throw new Error(`${tool.name} ${tool.version} builds with ${tool.goToolchain}, but \`${envPrefix(tool)}${command} env GOVERSION\` says ${go.version || 'nothing'}. To fix, install Go >= ${SWITCHING_GO} from https://go.dev/dl, or put a newer go first on PATH, then run again.`);
    }
    requireGo(tool, go, tool.minGo);
    return go;
  }
  throw new Error(`Go is not installed: building ${tool.name} ${tool.version} needs Go >= ${least}. To fix, install Go >= ${least} from https://go.dev/dl, or put its bin folder on PATH, then run again.`);
}

function envPrefix(tool: GoTool): string {
  return tool.goToolchain ? `GOTOOLCHAIN=${tool.goToolchain} ` : '';
}

function requireGo(tool: GoTool, go: Go, min: string): void {
  if (compareGoVersions(go.version, min) >= 0) return;
  if (tool.goToolchain) {
    throw new Error(`${tool.name} ${tool.version} needs Go >= ${min}, but its pinned goToolchain is ${tool.goToolchain}. To fix, set goToolchain of ${tool.name} in tools/src/toolchain/catalog.ts to go${min} or newer, then run again.`);
  }
  throw new Error(`${tool.name} ${tool.version} needs Go >= ${min}, but ${go.command} is ${go.version}. To fix, install Go >= ${min} from https://go.dev/dl, or put a newer go first on PATH, then run again.`);
}

/** The module's source in Go's module cache (read-only), with its own go.mod and go.sum. */
async function downloadModule(tool: GoTool, go: Go, run: Run, cwd: string): Promise<string> {
  const ref = `${tool.module}@${tool.version}`;
  const result = await run(go.command, ['mod', 'download', '-json', ref], { cwd, env: goEnv(tool) });
  let info: { Dir?: string; GoMod?: string; Error?: string } = {};
  try {
    info = JSON.parse(result.stdout) as typeof info;
  } catch {
    // no JSON: the error is in stderr
  }
  if (result.exitCode !== 0 || !info.Dir || !info.GoMod) {
    const why = info.Error ?? lastLine(result.stderr);
    throw new Error(`\`go mod download ${ref}\` failed (${why}). To fix, make the Go module proxy reachable (\`go env GOPROXY\`), then run again.`);
  }
  // The catalog's minGo is a copy of this line; the module itself has the last word.
  const needs = goModGoLine(await readFile(info.GoMod, 'utf8'));
  if (needs) requireGo(tool, go, needs);
  return info.Dir;
}

/** `go build` in the module's own folder (`go install` refuses modules with exclude directives, as buildkit's). */
async function goBuild(tool: GoTool, go: Go, source: string, out: string, run: Run): Promise<void> {
  const packages = tool.binaries.map((entry) => entry.package);
  const tags = tool.tags?.length ? ['-tags', tool.tags.join(',')] : [];
  const args = ['build', '-trimpath', ...tags, '-ldflags', withVersion(tool, tool.ldflags), '-o', `${out}/`, ...packages];
  const result = await run(go.command, args, { cwd: source, env: { ...goEnv(tool), ...tool.env } });
  if (result.exitCode !== 0) {
    const tail = result.stderr.trimEnd().split('\n').slice(-15).map((line) => `  ${line}`).join('\n');
    throw new Error(`go build of ${tool.name} ${tool.version} failed (exit ${result.exitCode}); its last lines:\n${tail}`);
  }
  // `-o dir/` names each binary after its package folder; the catalog may want another name.
  for (const { package: pkg, binary } of tool.binaries) {
    const built = join(out, basename(pkg));
    if (!existsSync(built)) throw new Error(`go build of ${tool.name} ${tool.version} succeeded but wrote no ${basename(pkg)} in ${out}.`);
    if (basename(pkg) !== binary) await rename(built, join(out, binary));
  }
}

/** Moves the finished build into place; if a parallel run got there first with the same build, keeps that. */
async function publish(temp: string, dir: string, tool: GoTool): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(temp, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || rebuildReason(tool, readStamp(dir), dir)) throw error;
  }
}

/** Temp folders of runs that were killed mid-build (their process is gone); each holds ~100 MB. */
async function removeAbandonedTemps(root: string, tool: GoTool): Promise<void> {
  const prefix = `.${tool.name}-`;
  for (const name of await readdir(root)) {
    const pid = Number(name.startsWith(prefix) ? name.split('.').at(-2) : NaN);
    if (Number.isInteger(pid) && !alive(pid)) await rm(join(root, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) || 'no output';
}

function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
