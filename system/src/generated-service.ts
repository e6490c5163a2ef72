/**
 * A generated service end to end, in a throwaway copy of this repo: `nx g
 * @polystage/nx-docker:service`, commit, then the new project's docker-lint and smoke targets
 * (docker-test, then docker-prod, then the smoke spec against the prod image). Shared by the
 * generator's integration test and its bench (`npm run bench:generators`), which time the same steps.
 */
import { requireBuildRecord } from '@polystage/docker';
import { STACKS, type StackName } from '@polystage/nx-docker';
import { expectHealthy } from '@polystage/smoke';
import type { ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';

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
 * starts it with the smoke kit until its health path answers, then checks that answer is 200: the
 * generated dev stage builds and its reload loop starts the service. Returns the seconds from start
 * to healthy.
 */
export async function devStageAnswers(workspace: ThrowawayWorkspace, service: GeneratedService, startupBudgetMs = 180_000): Promise<number> {
  const stack = STACKS[service.stack as StackName];
  if (!stack) throw new Error(`no stack "${service.stack}": use one of ${Object.keys(STACKS).join(', ')}.`);
  await workspace.nx('run', `${service.name}:docker-dev`, '--output-style=static', '--skip-nx-cache');
  const record = requireBuildRecord(workspace.root, service.name, 'dev');
  const running = await expectHealthy({ image: record.imageId, port: stack.defaultPort, healthPath: stack.healthPath, startupBudgetMs });
  try {
    const status = (await fetch(`${running.healthBaseUrl}${stack.healthPath}`, { signal: AbortSignal.timeout(10_000) })).status;
    if (status !== 200) throw new Error(`${service.name}'s dev stage answered ${stack.healthPath} with ${status}, not 200:\n${running.logs()}`);
    return running.timeToHealthyMs / 1000;
  } finally {
    await running.remove();
  }
}
