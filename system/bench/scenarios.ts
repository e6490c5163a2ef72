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
