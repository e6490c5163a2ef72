/**
 * A generated service end to end, in a throwaway copy of this repo: `nx g
 * @polystage/nx-docker:service`, commit, then the new project's docker-lint and smoke targets
 * (docker-test, then docker-prod, then the smoke spec against the prod image). Shared by the generator's integration
 * test and its bench (`npm run bench:generators`), which time the same steps.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectEngine, containerLogs, publishedAddress, removeContainer, requireBuildRecord, startContainer } from '@polystage/docker';
import { STACKS, type StackName } from '@polystage/nx-docker';
import { createThrowawayWorkspace, type ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';

/** The base-image decision `npm run setup` remembers (a mirror of stand-ins where no registry answers); ignored by git, so copied. */
const BASE_IMAGES_DECISION = '.polystage/base-images.json';

export async function generatorWorkspace(repoRoot: string): Promise<ThrowawayWorkspace> {
  const workspace = await createThrowawayWorkspace(repoRoot);
  if (existsSync(join(repoRoot, BASE_IMAGES_DECISION))) {
    mkdirSync(join(workspace.root, '.polystage'), { recursive: true });
    copyFileSync(join(repoRoot, BASE_IMAGES_DECISION), join(workspace.root, BASE_IMAGES_DECISION));
  }
  return workspace;
}

export interface GeneratedService {
  name: string;
  stack: string;
  /** A gateway route prefix (`/demo`), or none. */
  route?: string;
}

/** Generates the service and commits it on the workspace's current HEAD. */
export async function generateService(workspace: ThrowawayWorkspace, service: GeneratedService): Promise<void> {
  const route = service.route ? [`--route=${service.route}`] : [];
  await workspace.nx('g', '@polystage/nx-docker:service', service.name, `--stack=${service.stack}`, ...route, '--no-interactive');
  await workspace.git('add', '-A');
  await workspace.git('commit', '-qm', `generate ${service.name}`);
}

/**
 * Runs the new project's `docker-lint` and `smoke` (docker-test and docker-prod first) and returns
 * Nx's output; a failing target throws with it. `env` selects the builder (BUILDER=...) for a cold run.
 */
export async function smokeGenerated(workspace: ThrowawayWorkspace, name: string, env: Record<string, string> = {}): Promise<string> {
  return workspace.nxWithEnv(env, 'run-many', '-t', 'docker-lint', 'smoke', '-p', name, '--output-style=static', '--skip-nx-cache');
}

/**
 * Builds the service's `dev` stage (`nx run <name>:docker-dev`, the image compose.dev.yaml runs) and
 * starts it until its health path answers 200 through a published port: the generated dev stage
 * builds and its reload loop starts the service. Returns the seconds from start to healthy.
 */
export async function devStageAnswers(workspace: ThrowawayWorkspace, service: GeneratedService, limitMs = 180_000): Promise<number> {
  const stack = STACKS[service.stack as StackName];
  if (!stack) throw new Error(`no stack "${service.stack}": use one of ${Object.keys(STACKS).join(', ')}.`);
  await workspace.nx('run', `${service.name}:docker-dev`, '--output-style=static', '--skip-nx-cache');
  const record = requireBuildRecord(workspace.root, service.name, 'dev');
  const engine = await connectEngine();
  const container = await startContainer(engine, { image: record.imageId, port: stack.defaultPort });
  try {
    const address = await publishedAddress(engine, container, stack.defaultPort);
    const started = performance.now();
    for (;;) {
      const status = await fetch(`http://${address}${stack.healthPath}`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
      if (status === 200) return (performance.now() - started) / 1000;
      if (performance.now() - started > limitMs) {
        throw new Error(`${service.name}'s dev stage did not answer ${stack.healthPath} with 200 within ${limitMs / 1000} s (last: ${status || 'no answer'}):\n${await containerLogs(engine, container)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await removeContainer(engine, container);
  }
}
