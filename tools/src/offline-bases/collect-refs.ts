import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseDockerfile, runsOnBuildPlatform, withoutDigest, type DockerfileModel } from '@polystage/nx-docker';

/** One base image ref and where it was asked for. */
export interface RequestedRef {
  ref: string;
  /** `services/api/Dockerfile:3 (PYTHON_IMAGE)`, `known list`, `command line`. */
  from: string[];
}

/** Every `services/<name>/Dockerfile` in the workspace, sorted. */
export async function findServiceDockerfiles(workspaceRoot: string): Promise<string[]> {
  const servicesDir = join(workspaceRoot, 'services');
  const entries = await readdir(servicesDir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(servicesDir, entry.name, 'Dockerfile');
    if (await readFile(file, 'utf8').then(() => true, () => false)) files.push(file);
  }
  return files;
}

/**
 * The distinct `*_IMAGE` ARG defaults across the given Dockerfiles, with their file:line. A digest
 * Renovate pinned beside the tag is dropped: the stand-in is built for the tag (it cannot have the
 * upstream digest), which is also what the executor's mirroredRef asks for.
 */
export async function collectDockerfileRefs(workspaceRoot: string, dockerfiles: readonly string[], which: 'all' | 'target-platform' = 'all'): Promise<RequestedRef[]> {
  const requests: RequestedRef[] = [];
  for (const file of dockerfiles) {
    const shown = relative(workspaceRoot, file);
    const model = parseDockerfile(await readFile(file, 'utf8'), shown);
    const onTarget = which === 'target-platform' ? targetPlatformArgs(model) : undefined;
    for (const arg of model.baseImageArgs) {
      if (onTarget && !onTarget.has(arg.name)) continue;
      const ref = withoutDigest(arg.ref, `${arg.name}="${arg.ref}" (${shown}:${arg.line})`);
      requests.push({ ref, from: [`${shown}:${arg.line} (${arg.name})`] });
    }
  }
  return mergeRequests(requests);
}

/**
 * The `*_IMAGE` ARGs of stages that run on the target platform: those not pinned (themselves or
 * through the stage they start FROM) to `--platform=$BUILDPLATFORM`. Only these need a stand-in of
 * a foreign platform; the cross-compiling stages use the host's.
 */
export function targetPlatformArgs(model: DockerfileModel): Set<string> {
  const args = new Set<string>();
  for (const stage of model.stages) {
    if (!runsOnBuildPlatform(model, stage) && stage.base.kind === 'image' && stage.base.arg) args.add(stage.base.arg);
  }
  return args;
}

/** Union by ref, first-seen order, keeping every place a ref was asked for. */
export function mergeRequests(...lists: RequestedRef[][]): RequestedRef[] {
  const byRef = new Map<string, RequestedRef>();
  for (const request of lists.flat()) {
    const existing = byRef.get(request.ref);
    if (existing) existing.from.push(...request.from.filter((f) => !existing.from.includes(f)));
    else byRef.set(request.ref, { ref: request.ref, from: [...request.from] });
  }
  return [...byRef.values()];
}
