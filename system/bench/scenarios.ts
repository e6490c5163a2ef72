// The load bench's scenarios: each one bounded in requests AND seconds, sent only to the gateway
// on loopback. Capacity runs measure throughput and latency; the overload runs check behaviour.
export interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  connections: number;
  /** Request cap; the run also stops at `seconds`. */
  amount: number;
  seconds: number;
  /** Statuses this scenario may answer; anything else fails the bench. */
  allowed: number[];
  /** What it shows, for the table. */
  purpose: string;
}

/**
 * Jobs put straight into the api (its own port, as an operator would) before the overload runs:
 * the case of 100 inputs of 100 000 characters, which made one list page ~60 MB while
 * lists carried full jobs. A page of summaries stays a few kB whatever the inputs hold.
 */
export const BIG_JOBS = { count: 100, characters: 100_000 } as const;

const createJob = { kind: 'text-stats', input: { text: 'load test: the quick brown fox jumps over the lazy dog' } };

/** Under the rate limit (raised for these runs): what the system sustains. */
export const capacity: Scenario[] = [
  { name: 'create', method: 'POST', path: '/api/jobs', body: createJob, connections: 8, amount: 3000, seconds: 60, allowed: [201], purpose: 'job creation throughput' },
  { name: 'list', method: 'GET', path: '/api/jobs?limit=20', connections: 8, amount: 5000, seconds: 60, allowed: [200], purpose: 'list (20 summaries) throughput' },
];

/** With the gateway's shipped limits: past capacity the answer is 429/503, never a 5xx of another kind. */
export const overload: Scenario[] = [
  { name: 'create flood', method: 'POST', path: '/api/jobs', body: createJob, connections: 32, amount: 3000, seconds: 60, allowed: [201, 429], purpose: 'one client over the creation rate limit' },
  { name: 'list flood', method: 'GET', path: '/api/jobs?limit=100', connections: 256, amount: 10000, seconds: 90, allowed: [200, 503], purpose: '256 connections of 100-summary pages' },
  { name: 'reports flood', method: 'GET', path: '/reports/jobs/summary', connections: 64, amount: 500, seconds: 90, allowed: [200, 503], purpose: 'concurrent summaries past their cap' },
];

/** The api's pending-job cap for the backpressure run: the worker drains far fewer in one run. */
export const BACKPRESSURE_QUEUE = 500;

/** Past the api's queue cap: 503 with Retry-After, and every job it took is a 201. */
export const backpressure: Scenario[] = [
  { name: 'queue full', method: 'POST', path: '/api/jobs', body: createJob, connections: 16, amount: 3000, seconds: 60, allowed: [201, 503], purpose: `creation past the api's queue cap (${BACKPRESSURE_QUEUE})` },
];

/**
 * Every scenario loads an upstream through its gateway prefix: those whose prefix the route table
 * no longer has (its service was removed) are left out, and `skipped` hears of each.
 */
export function routedScenarios(scenarios: readonly Scenario[], prefixes: readonly string[], skipped: (scenario: Scenario) => void): Scenario[] {
  return scenarios.filter((scenario) => {
    const routed = prefixes.some((prefix) => scenario.path === prefix || scenario.path.startsWith(`${prefix}/`));
    if (!routed) skipped(scenario);
    return routed;
  });
}
