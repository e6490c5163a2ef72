/**
 * What the bench needs to know about each service: where its Dockerfile and its naive baseline
 * are, how to reach it once running, and which one-line edits stand for "a source change" and
 * "a dependency change". Each edit takes a mark unique to the run and the repeat, so every repeat
 * is new content: BuildKit's cache is content-addressed and outlives runs, so a mark that
 * repeated (a plain counter) would hit layers an earlier bench run left behind.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../../..');

export interface Edit {
  file: string;
  /** Rewrites the file's text; `mark` differs on every repeat of every run. */
  apply(text: string, mark: string): string;
}

export interface BenchService {
  project: string;
  port: number;
  healthPath: string;
  /** What the image needs to start and answer its health path alone (no other service running). */
  env?: Record<string, string>;
  sourceChange: Edit;
  dependencyChange: Edit;
}

/** Appends a comment line, in the file's own syntax. */
const appendLine = (file: string, comment: (mark: string) => string): Edit => ({
  file,
  apply: (text, mark) => `${text}${text.endsWith('\n') ? '' : '\n'}${comment(mark)}\n`,
});

/** A package.json edit that changes the manifest the deps stage installs from. */
const bumpPackageVersion = (file: string): Edit => ({
  file,
  apply: (text, mark) => {
    const manifest = JSON.parse(text) as { version?: string };
    manifest.version = `0.0.0-bench.${mark}`;
    return `${JSON.stringify(manifest, null, 2)}\n`;
  },
});

const UNREACHABLE = 'http://127.0.0.1:9';
/** GATEWAY_<NAME>_URL for every upstream the gateway's route table names (each is required), and web's. */
const gatewayUpstreamUrls = (url: string): Record<string, string> => {
  const table = JSON.parse(readFileSync(join(REPO, 'services/gateway/internal/routes/routes.json'), 'utf8')) as { upstreams: { name: string }[] };
  const names = [...table.upstreams.map((upstream) => upstream.name), 'web'];
  return Object.fromEntries(names.map((name) => [`GATEWAY_${name.toUpperCase().replaceAll('-', '_')}_URL`, url]));
};
// The api and the worker refuse to start without a worker token (32+ characters); any will do alone.
const BENCH_WORKER_TOKEN = 'bench-worker-token-0123456789abcdef0123';

const ALL_SERVICES: readonly BenchService[] = [
  {
    project: 'api',
    port: 8000,
    healthPath: '/healthz',
    env: { API_WORKER_TOKEN: BENCH_WORKER_TOKEN },
    sourceChange: appendLine('services/api/src/polystage_api/__init__.py', (mark) => `# bench source change ${mark}`),
    dependencyChange: appendLine('services/api/uv.lock', (mark) => `# bench dependency change ${mark}`),
  },
  {
    project: 'gateway',
    // Its probes answer on the admin listener only, never on the public port 8080.
    port: 9090,
    healthPath: '/healthz',
    // /healthz never touches upstreams, so unreachable ones are fine.
    get env() {
      return gatewayUpstreamUrls(UNREACHABLE);
    },
    sourceChange: appendLine('services/gateway/cmd/gateway/main.go', (mark) => `// bench source change ${mark}`),
    dependencyChange: appendLine('services/gateway/go.mod', (mark) => `// bench dependency change ${mark}`),
  },
  {
    project: 'worker',
    port: 8080,
    healthPath: '/healthz',
    env: { WORKER_API_URL: UNREACHABLE, WORKER_API_TOKEN: BENCH_WORKER_TOKEN },
    sourceChange: appendLine('services/worker/src/main.ts', (mark) => `// bench source change ${mark}`),
    dependencyChange: bumpPackageVersion('services/worker/package.json'),
  },
  {
    project: 'web',
    port: 8080,
    healthPath: '/healthz',
    sourceChange: appendLine('services/web/src/main.tsx', (mark) => `// bench source change ${mark}`),
    dependencyChange: bumpPackageVersion('services/web/package.json'),
  },
  {
    project: 'reports',
    port: 8080,
    healthPath: '/healthz',
    env: { REPORTS_API_URL: UNREACHABLE },
    sourceChange: appendLine('services/reports/src/main/java/dev/polystage/reports/ReportsApplication.java', (mark) => `// bench source change ${mark}`),
    dependencyChange: appendLine('services/reports/pom.xml', (mark) => `<!-- bench dependency change ${mark} -->`),
  },
];

/** The benched services the repo has (services/<project>/Dockerfile): a removed service's entry goes with it. */
export const SERVICES: readonly BenchService[] = ALL_SERVICES.filter((service) => existsSync(join(REPO, 'services', service.project, 'Dockerfile')));

export function applyEdit(root: string, edit: Edit, mark: string): void {
  const path = join(root, edit.file);
  writeFileSync(path, edit.apply(readFileSync(path, 'utf8'), mark));
}

/** A mark prefix unique to one bench run (base 36 time), made of characters every edit accepts. */
export function runMark(now = Date.now()): string {
  return now.toString(36);
}

export function selectServices(names: readonly string[] | undefined): BenchService[] {
  if (!names || names.length === 0) return [...SERVICES];
  const unknown = names.filter((name) => !SERVICES.some((service) => service.project === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown service(s) ${unknown.join(', ')}. Known: ${SERVICES.map((s) => s.project).join(', ')} (tools/src/bench/services.ts).`);
  }
  return SERVICES.filter((service) => names.includes(service.project));
}

/** The naive single-stage Dockerfile the service is compared against (the seeds' "without multi-stage"). */
export function baselineDockerfile(project: string): string {
  return `tools/src/bench/fixtures/${project}.single-stage.Dockerfile`;
}
