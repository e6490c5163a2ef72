import type { ProjectGraph } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { declaredSizeBudgetMb } from './size-budget.ts';

const graphWith = (options: Record<string, unknown> | undefined): (() => ProjectGraph) => () =>
  ({
    nodes: { api: { name: 'api', type: 'app', data: { root: 'services/api', targets: options ? { 'docker-prod': { options } } : {} } } },
    dependencies: {},
  }) as ProjectGraph;

describe('declaredSizeBudgetMb', () => {
  it('reads sizeBudgetMb of the docker-prod target', () => {
    expect(declaredSizeBudgetMb('api', graphWith({ dockerfile: 'services/api/Dockerfile', sizeBudgetMb: 120 }))).toBe(120);
  });

  it('names the project.json setting when the budget is missing', () => {
    expect(() => declaredSizeBudgetMb('api', graphWith(undefined))).toThrow(/^api declares no sizeBudgetMb on its docker-prod target; add "targets"/);
    expect(() => declaredSizeBudgetMb('api', graphWith({ sizeBudgetMb: 'big' }))).toThrow(/declares no sizeBudgetMb/);
  });

  it('says to run through Nx when there is no project graph', () => {
    const none = () => {
      throw new Error('No cached ProjectGraph is available.\nmore');
    };
    expect(() => declaredSizeBudgetMb('api', none)).toThrow("Cannot read Nx's project graph for api's size budget (No cached ProjectGraph is available.); run the smoke tests through Nx: `npx nx run api:smoke`.");
  });
});
