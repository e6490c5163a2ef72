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
    expect(declaredSizeBudgetMb('api', 'linux/amd64', graphWith({ dockerfile: 'services/api/Dockerfile', sizeBudgetMb: 120 }))).toBe(120);
  });

  it('reads the platform\'s entry of a per-platform budget', () => {
    const graph = graphWith({ sizeBudgetMb: { 'linux/amd64': 120, 'linux/arm64': 125 } });
    expect(declaredSizeBudgetMb('api', 'linux/amd64', graph)).toBe(120);
    expect(declaredSizeBudgetMb('api', 'linux/arm64', graph)).toBe(125);
  });

  it('names the platform a per-platform budget lacks, in one line', () => {
    expect(() => declaredSizeBudgetMb('api', 'linux/arm64', graphWith({ sizeBudgetMb: { 'linux/amd64': 120 } }))).toThrow(
      /^sizeBudgetMb of api's docker-prod target has no budget for linux\/arm64, which this run builds; add "linux\/arm64": <MB> to it, or give one number for every platform\.$/,
    );
    expect(() => declaredSizeBudgetMb('api', 'linux/arm64', graphWith({ sizeBudgetMb: { 'linux/arm64': 0 } }))).toThrow(/^sizeBudgetMb\["linux\/arm64"\] of api's docker-prod target is 0, not a positive number/);
  });

  it('names the project.json setting when the budget is missing', () => {
    expect(() => declaredSizeBudgetMb('api', 'linux/amd64', graphWith(undefined))).toThrow(/^api declares no sizeBudgetMb on its docker-prod target; add "targets"/);
    expect(() => declaredSizeBudgetMb('api', 'linux/amd64', graphWith({ sizeBudgetMb: 'big' }))).toThrow(/^sizeBudgetMb of api's docker-prod target is "big", not a positive number of megabytes/);
  });

  it('says to run through Nx when there is no project graph', () => {
    const none = () => {
      throw new Error('No cached ProjectGraph is available.\nmore');
    };
    expect(() => declaredSizeBudgetMb('api', 'linux/amd64', none)).toThrow("Cannot read Nx's project graph for api's size budget (No cached ProjectGraph is available.); run the smoke tests through Nx: `npx nx run api:smoke`.");
  });
});
