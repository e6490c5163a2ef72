// A service's prod size budget is declared once, as `sizeBudgetMb` of its docker-prod target; the
// build enforces it and the smoke check reads the same value from Nx's project graph.
import { readCachedProjectGraph, type ProjectGraph } from '@nx/devkit';

export function declaredSizeBudgetMb(project: string, readGraph: () => ProjectGraph = readCachedProjectGraph): number {
  let graph: ProjectGraph;
  try {
    graph = readGraph();
  } catch (error) {
    throw new Error(`Cannot read Nx's project graph for ${project}'s size budget (${(error as Error).message.split('\n')[0]}); run the smoke tests through Nx: \`npx nx run ${project}:smoke\`.`);
  }
  const budget: unknown = graph.nodes[project]?.data.targets?.['docker-prod']?.options?.sizeBudgetMb;
  if (typeof budget !== 'number' || !(budget > 0)) {
    throw new Error(`${project} declares no sizeBudgetMb on its docker-prod target; add "targets": { "docker-prod": { "options": { "sizeBudgetMb": <MB> } } } to its project.json.`);
  }
  return budget;
}
