/**
 * Load through the gateway on loopback, bounded in requests and seconds (npm run bench:load):
 * every service's prod image run as compose.yaml runs it (memory and pids caps included). First the
 * capacity runs, with the gateway's creation rate limit raised so the services are what is
 * measured; then, on a fresh system with the shipped limits, the overload runs, which must be
 * answered only with the statuses each allows (429/503 past capacity) while no service is
 * OOM-killed, restarted or stopped. Prints markdown tables for docs/benchmarks.md; exits 1 when
 * overload behaviour is wrong. The load generator shares the machine's cores with the services.
 * A complete run (no --only) that passes rewrites the load section of docs/benchmarks.md.
 * A third run fills the api's job queue (its cap lowered for the run) to show its own 503.
 *   node system/bench/load-cli.ts [--only capacity|overload|backpressure]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { containerResources } from '@polystage/smoke';
import { writeSection } from '@polystage/tools/bench/doc-sections';
import { startWholeSystem, type WholeSystem, type WholeSystemOptions } from '../src/whole-system.ts';
import { backpressure, BACKPRESSURE_QUEUE, BIG_JOBS, capacity, overload as allOverload, routedScenarios, type Scenario } from './scenarios.ts';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const PHASES = ['capacity', 'overload', 'backpressure'];
if (values.only !== undefined && !PHASES.includes(values.only)) {
  console.error(`--only must be one of ${PHASES.join(', ')}, got ${JSON.stringify(values.only)}`);
  process.exit(2);
}
const runs = (name: string): boolean => values.only === undefined || values.only === name;
const root = resolve(import.meta.dirname, '../..');
const log = (line: string): void => console.error(`[load] ${line}`);
// A scenario aimed at a prefix the gateway no longer routes (its service was removed) goes with it.
const routeTable = JSON.parse(readFileSync(join(root, 'services/gateway/internal/routes/routes.json'), 'utf8')) as { upstreams: { prefix: string }[] };
const overload = routedScenarios(allOverload, routeTable.upstreams.map((upstream) => upstream.prefix), (scenario) => log(`${scenario.name}: skipped, no upstream routes ${scenario.path}`));
const revision = (): string => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

interface Outcome {
  scenario: Scenario;
  row: string;
  violations: string[];
}

async function run(system: WholeSystem, scenario: Scenario): Promise<Outcome> {
  const target = new URL(scenario.path, system.services['gateway']!.baseUrl.replace('localhost', '127.0.0.1'));
  log(`${scenario.name}: ${scenario.connections} connections, up to ${scenario.amount} requests or ${scenario.seconds} s`);
  const result = await autocannon({
    url: target.toString(),
    method: scenario.method,
    headers: scenario.body ? { 'content-type': 'application/json' } : {},
    body: scenario.body ? JSON.stringify(scenario.body) : undefined,
    connections: scenario.connections,
    amount: scenario.amount,
    duration: scenario.seconds,
    timeout: 30,
  });
  const statuses = Object.entries(result.statusCodeStats).sort(([a], [b]) => a.localeCompare(b));
  const violations = [
    ...statuses.filter(([status]) => !scenario.allowed.includes(Number(status))).map(([status, { count }]) => `${scenario.name}: ${count} × ${status}`),
    ...(result.errors > 0 ? [`${scenario.name}: ${result.errors} connection errors (${result.timeouts} timeouts)`] : []),
  ];
  const rate = result.requests.total / result.duration;
  const bytesPerAnswer = result.throughput.total / Math.max(1, result.requests.total);
  const row = `| ${scenario.name} | ${scenario.purpose} | ${scenario.connections} | ${result.requests.total} | ${rate.toFixed(0)} | ${formatBytes(bytesPerAnswer)} | ${result.latency.p50} | ${result.latency.p99} | ${statuses.map(([s, { count }]) => `${s}: ${count}`).join(', ')} |`;
  return { scenario, row, violations };
}

async function health(system: WholeSystem): Promise<{ rows: string[]; violations: string[] }> {
  const rows: string[] = [];
  const violations: string[] = [];
  for (const [name, service] of Object.entries(system.services)) {
    const facts = await containerResources(service.container.getId());
    rows.push(`| ${name} | ${facts.memoryLimitMb ?? '-'} MB | ${facts.memoryPeakMb} MB (${facts.peakKind}) | ${facts.rssMb} MB | ${facts.oomKilled ? 'yes' : 'no'} | ${facts.restartCount} | ${facts.running ? 'yes' : 'no'} |`);
    if (!facts.running || facts.oomKilled || facts.restartCount > 0) violations.push(`${name}: running=${facts.running} oomKilled=${facts.oomKilled} restarts=${facts.restartCount}`);
  }
  return { rows, violations };
}

const formatBytes = (bytes: number): string => (bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes.toFixed(0)} B`);

/** Creates BIG_JOBS on the api's own port; the gateway's creation limit does not apply there. */
async function seedBigJobs(system: WholeSystem): Promise<void> {
  const body = JSON.stringify({ kind: 'text-stats', input: { text: 'x'.repeat(BIG_JOBS.characters) } });
  for (let i = 0; i < BIG_JOBS.count; i++) {
    const response = await fetch(new URL('/jobs', system.services['api']!.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (response.status !== 201) throw new Error(`seeding big job ${i + 1}: the api answered ${response.status} ${await response.text()}`);
  }
  log(`seeded ${BIG_JOBS.count} jobs of ${BIG_JOBS.characters} characters`);
}

interface PhaseResult {
  markdown: string;
  violations: string[];
}

async function phase(title: string, scenarios: Scenario[], env: WholeSystemOptions['env'], seed?: (system: WholeSystem) => Promise<void>): Promise<PhaseResult> {
  log(`${title}: starting every compose.yaml service`);
  const system = await startWholeSystem({ root, env });
  try {
    await seed?.(system);
    const outcomes: Outcome[] = [];
    for (const scenario of scenarios) outcomes.push(await run(system, scenario));
    const after = await health(system);
    const markdown = [
        `### ${title}`,
        '',
        '| scenario | what | connections | requests | req/s | bytes/answer | p50 ms | p99 ms | statuses |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        ...outcomes.map((o) => o.row),
        '',
        '| service | memory cap | memory used, incl. page cache | resident after | OOM-killed | restarts | running after |',
        '| --- | ---: | ---: | ---: | --- | ---: | --- |',
        ...after.rows,
        '',
      ].join('\n');
    console.log(markdown);
    return { markdown, violations: [...outcomes.flatMap((o) => o.violations), ...after.violations] };
  } finally {
    await system.remove();
  }
}

log(`${cpus().length} cores shared by the load generator and the services`);
const started = performance.now();
const results: PhaseResult[] = [];
// A creation limit far above what one loopback client reaches, so the services are what is measured.
const unlimited = { GATEWAY_CREATE_RATE: '100000', GATEWAY_CREATE_BURST: '100000' };
if (runs('capacity')) results.push(await phase('Capacity (creation rate limit raised)', capacity, { gateway: unlimited }));
if (runs('overload')) results.push(await phase(`Overload (shipped limits; ${BIG_JOBS.count} jobs of ${BIG_JOBS.characters} characters stored first)`, overload, {}, seedBigJobs));
// The api's own backpressure, behind the gateway's limiter: a queue cap low enough for one run to fill.
if (runs('backpressure')) {
  results.push(await phase(`Backpressure (creation rate limit raised, API_MAX_QUEUED_JOBS=${BACKPRESSURE_QUEUE})`, backpressure, { gateway: unlimited, api: { API_MAX_QUEUED_JOBS: String(BACKPRESSURE_QUEUE) } }));
}
const violations = results.flatMap((result) => result.violations);
// Only a complete, correct run replaces the committed figures.
if (values.only === undefined && violations.length === 0) {
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  writeSection(join(root, 'docs', 'benchmarks.md'), 'load', [
    '## Load through the gateway',
    '',
    `\`npm run bench:load\` (${new Date().toISOString().slice(0, 10)}, revision ${revision()}, one run of ${minutes} min on this ${cpus().length}-core machine,`,
    'which the load generator shares with the services). Every prod image runs as compose.yaml runs it,',
    'memory and pids caps included; autocannon sends each scenario to the gateway on loopback, capped in',
    'requests and seconds. Capacity runs raise the creation rate limit so the services are what is measured.',
    '',
    '**Past capacity** the system answers 429 (the gateway\'s per-client creation limit) or 503 with',
    '`Retry-After` (reports\' summary cap, the api\'s queue cap), never another 5xx: the bench fails on any',
    'other status, any connection error or timeout, and any service that was OOM-killed, restarted or',
    `stopped. A list page stays ${BIG_JOBS.count} summaries of bounded size however large the stored inputs are.`,
    '',
    ...results.map((result) => result.markdown),
  ].join('\n'));
  log('wrote the load section of docs/benchmarks.md');
}
if (violations.length > 0) {
  console.error(`[load] overload behaviour is wrong:\n  ${violations.join('\n  ')}`);
  process.exitCode = 1;
}
