// A service's prod size budget is declared once, as `sizeBudgetMb` of its docker-prod target; the
// build enforces it and the smoke check reads the same value from Nx's project graph. One number
// for every platform, or one per platform ({ "linux/amd64": 120, "linux/arm64": 125 }).
import { readCachedProjectGraph, type ProjectGraph } from '@nx/devkit';
import { parseSizeBudget, type Platform } from '@polystage/docker';

export function declaredSizeBudgetMb(project: string, platform: Platform, readGraph: () => ProjectGraph = readCachedProjectGraph): number {
  let graph: ProjectGraph;
  try {
    graph = readGraph();
  } catch (error) {
    throw new Error(`Cannot read Nx's project graph for ${project}'s size budget (${(error as Error).message.split('\n')[0]}); run the smoke tests through Nx: \`npx nx run ${project}:smoke\`.`);
  }
  // Parsed as the build parses it (@polystage/docker), so the two agree on every value.
  const budget = parseSizeBudget(graph.nodes[project]?.data.targets?.['docker-prod']?.options?.sizeBudgetMb, `${project}'s docker-prod target`, platform);
  if (budget === undefined) {
    throw new Error(`${project} declares no sizeBudgetMb on its docker-prod target; add "targets": { "docker-prod": { "options": { "sizeBudgetMb": <MB> } } } to its project.json.`);
  }
  return budget;
}
