// A service's prod size budget is declared once, as `sizeBudgetMb` of its docker-prod target; the
// build enforces it and the smoke check reads the same value from Nx's project graph. One number
// for every platform, or one per platform ({ "linux/amd64": 120, "linux/arm64": 125 }).
import { readCachedProjectGraph, type ProjectGraph } from '@nx/devkit';
import type { Platform } from '@polystage/docker';

const isBudget = (value: unknown): value is number => typeof value === 'number' && value > 0;

export function declaredSizeBudgetMb(project: string, platform: Platform, readGraph: () => ProjectGraph = readCachedProjectGraph): number {
  let graph: ProjectGraph;
  try {
    graph = readGraph();
  } catch (error) {
    throw new Error(`Cannot read Nx's project graph for ${project}'s size budget (${(error as Error).message.split('\n')[0]}); run the smoke tests through Nx: \`npx nx run ${project}:smoke\`.`);
  }
  const budget: unknown = graph.nodes[project]?.data.targets?.['docker-prod']?.options?.sizeBudgetMb;
  if (isBudget(budget)) return budget;
  if (typeof budget === 'object' && budget !== null && !Array.isArray(budget)) {
    const forPlatform: unknown = (budget as Record<string, unknown>)[platform];
    if (isBudget(forPlatform)) return forPlatform;
    throw new Error(`${project}'s sizeBudgetMb names no budget in MB for ${platform}; add "${platform}": <MB> to it in the docker-prod options of its project.json, or give one number for every platform.`);
  }
  throw new Error(`${project} declares no sizeBudgetMb on its docker-prod target; add "targets": { "docker-prod": { "options": { "sizeBudgetMb": <MB> } } } to its project.json.`);
}
