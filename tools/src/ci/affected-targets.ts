import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CI_WORKFLOW = '.github/workflows/ci.yml';

/**
 * The targets of CI's `npx nx affected -t <targets> --base=...` step, read from the workflow, so
 * what the tests and the bench report follows what CI runs.
 */
export function ciAffectedTargets(workspaceRoot: string): string[] {
  const workflow = readFileSync(join(workspaceRoot, CI_WORKFLOW), 'utf8');
  const targets = /npx nx affected -t ((?:[\w:-]+ )+)--base/.exec(workflow)?.[1]?.trim().split(' ');
  if (!targets) throw new Error(`${CI_WORKFLOW} has no \`npx nx affected -t <targets> --base=...\` step; update tools/src/ci/affected-targets.ts to read the command CI now runs.`);
  return targets;
}

/** `project` for each `project:<target>` task in a task list. */
export function projectsWithTask(tasks: readonly string[], target: string): string[] {
  return tasks.filter((task) => task.endsWith(`:${target}`)).map((task) => task.slice(0, -target.length - 1));
}
