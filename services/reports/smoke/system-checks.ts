// What reports adds to the whole-system tests (system/smoke/flow.smoke.test.ts and
// compose.smoke.test.ts; the contract is system/src/service-checks.ts): through the gateway, its
// summary counts the jobs the system finished. Here, not in the system tests, so that removing the
// service removes its checks.
import { expect } from 'vitest';

interface JobSummary {
  overall: { total: number; by_status: Record<string, number> };
  by_kind: Record<string, { total: number; by_status: Record<string, number>; run_seconds: { count: number } | null }>;
}

export const systemChecks = {
  env: {
    // Generous api timeout and deadline: the system flow is not about reports' timeouts (its own
    // smoke and unit tests cover those); the gateway's reports timeout stays above them.
    reports: { REPORTS_API_TIMEOUT: '60s', REPORTS_DEADLINE: '80s' },
    gateway: { GATEWAY_REPORTS_TIMEOUT: '90s' },
  },
  // Reports reads the api through the network and counts the finished jobs, with their run times.
  async afterJobs(base: string, succeeded: number): Promise<void> {
    const response = await fetch(new URL('/reports/jobs/summary?kind=text-stats', base));
    expect(response.status).toBe(200);
    const summary = (await response.json()) as JobSummary;
    expect(summary.overall.by_status['succeeded']).toBe(succeeded);
    expect(summary.by_kind['text-stats']).toMatchObject({ total: succeeded, by_status: { succeeded } });
    expect(summary.by_kind['text-stats']!.run_seconds?.count).toBe(succeeded);
  },
};
