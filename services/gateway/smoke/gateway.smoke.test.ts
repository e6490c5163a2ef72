// Smoke spec for the gateway's prod image. Every upstream the gateway routes to (routes.json's,
// whatever the generators made of it, and web) is a stub of its own: a further container of this same image (no other local image is
// guaranteed to exist), one per upstream, started by one parameterised function. The stubs run on
// Docker's default bridge network, where the gateway under test also runs and reaches each by its
// IP address: the kit's sidecars give the spec no handle on their containers, and the handle is
// what tells the stubs apart.
//
// Each stub is reached on its admin port (9090): it answers its own /healthz there (so /readyz of
// the gateway under test, its health path here, turns 200 only when every stub answers), and
// refuses anything else with the admin listener's 404 body, ADMIN_REFUSAL. That body cannot name
// the stub, but each stub writes one `request` line per request with the request id the gateway
// under test forwarded (the one it returns to the client), the method and the path it received.
// The spec follows the stubs' log streams and, for each routed request, waits for the line
// carrying that response's id (an event, whichever stub it comes from), then checks that it came
// from the right upstream with the right path: the upstream's prefix stripped, web's unchanged.
// The api's routes are spelled out below (query, request id, the creation rate limit); every other
// route of the table is checked as the table lists it.
//
// A request the allowlist refuses is answered by the gateway under test itself: its public 404/405
// body (`{"error":"not found"}`, no `upstream`) differs from every stub answer, so the body alone
// shows no stub saw it.
import { readFileSync } from 'node:fs';
import { afterAll, expect } from 'vitest';
import { describeSmoke, expectHealthy, resolveSmokeImage } from '@polystage/smoke';
import type { RunningService, SmokeRequest, SmokeResponse } from '@polystage/smoke';

const IMAGE = resolveSmokeImage('gateway');
const PORT = 8080;
const ADMIN_PORT = 9090;
/** What a stub's admin listener answers to anything but its probes. */
const ADMIN_REFUSAL = { error: 'not an admin endpoint: GET /healthz, GET /readyz' };
// Budgets only stop a hung start or call: the time to healthy is measured and reported. On an idle
// machine it is well under a second, but the engine's own work (create, start, port mapping)
// takes far longer when the two cores are shared with other builds.
const STARTUP_BUDGET_MS = 60_000;
// Only stops a hang: a stub's line reaches the log stream as soon as the engine relays it, well
// before this unless the gateway answered the request itself and no stub ever saw it. Multiplied
// by the run's emulation factor when the gateway under test is another platform's image.
const LOG_LINE_BUDGET_MS = 30_000;

interface RouteTable {
  upstreams: { name: string; prefix: string }[];
  routes: { method: string; path: string; upstream: string; upstreamPath: string; create?: boolean }[];
}
const routeTable = JSON.parse(readFileSync(new URL('../internal/routes/routes.json', import.meta.url), 'utf8')) as RouteTable;
/** routes.json's upstreams, then web (the fixed fallback): one stub each. */
const UPSTREAMS = [...routeTable.upstreams.map((upstream) => upstream.name), 'web'];
type Upstream = string;

/** GATEWAY_<NAME>_URL (required for each upstream) for every upstream, pointed by `urlOf`. */
const upstreamUrls = (urlOf: (upstream: Upstream) => string): Record<string, string> =>
  Object.fromEntries(UPSTREAMS.map((upstream) => [`GATEWAY_${upstream.toUpperCase().replaceAll('-', '_')}_URL`, urlOf(upstream)]));

/** A value for `{id}` in a route's path: one segment of [A-Za-z0-9_-]. */
const SAMPLE_ID = '0b6c1d52-9f3e-4c1a-8d2b-123456789abc';

/** One request as a stub's access log records it. */
interface Received {
  upstream: Upstream;
  method: string;
  path: string;
  status: number;
}

/**
 * What the stubs received, by request id, in arrival order. `next(id)` takes the oldest line for
 * that id not taken yet (each request runs once per run of the kit: shared, read-only, arbitrary
 * uid), or waits for it to arrive.
 */
class StubRequestLog {
  private readonly lines = new Map<string, Received[]>();
  private readonly waiters = new Map<string, Array<(received: Received) => void>>();

  add(requestId: string, received: Received): void {
    const waiter = this.waiters.get(requestId)?.shift();
    if (waiter) waiter(received);
    else this.lines.set(requestId, [...(this.lines.get(requestId) ?? []), received]);
  }

  next(requestId: string, describeStubs: () => string, budgetMs: number): Promise<Received> {
    const line = this.lines.get(requestId)?.shift();
    if (line) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `no stub upstream logged request id ${requestId} within ${budgetMs} ms: ` +
              `the gateway did not forward it.\n${describeStubs()}`,
          ),
        );
      }, budgetMs);
      const waiting = this.waiters.get(requestId) ?? [];
      waiting.push((received) => {
        clearTimeout(timer);
        resolve(received);
      });
      this.waiters.set(requestId, waiting);
    });
  }
}

const received = new StubRequestLog();

interface Stub {
  upstream: Upstream;
  service: RunningService;
  /** What the gateway under test is configured with, e.g. http://172.17.0.3:8080. */
  url: string;
}

/** Reads the stub's whole log, then follows it: every `request` line goes into `received`. */
async function followAccessLog(upstream: Upstream, service: RunningService): Promise<void> {
  const stream = await service.container.logs();
  let partial = '';
  stream.on('data', (chunk: Buffer | string) => {
    const lines = (partial + String(chunk)).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // not one of the gateway's JSON lines
      }
      if (entry['msg'] !== 'request' || typeof entry['request_id'] !== 'string') continue;
      received.add(entry['request_id'], {
        upstream,
        method: String(entry['method']),
        path: String(entry['path']),
        status: Number(entry['status']),
      });
    }
  });
  stream.on('error', () => {}); // the stream ends with an error when the container is removed
}

/**
 * The stub for one upstream: this image again, reached on its admin port. It is only asked for its
 * /healthz (answered, as /readyz of the gateway under test probes it) or refuses with 404
 * (ADMIN_REFUSAL) what the gateway under test forwards; it never proxies, so nothing leaves it.
 */
async function startStub(upstream: Upstream): Promise<Stub> {
  const self = `http://127.0.0.1:${PORT}`;
  const service = await expectHealthy({
    image: IMAGE,
    port: PORT,
    healthPort: ADMIN_PORT,
    healthPath: '/healthz',
    startupBudgetMs: STARTUP_BUDGET_MS,
    env: upstreamUrls(() => self),
  });
  try {
    await followAccessLog(upstream, service);
    return { upstream, service, url: `http://${service.container.getIpAddress('bridge')}:${ADMIN_PORT}` };
  } catch (error) {
    await service.remove();
    throw error;
  }
}

async function startStubs(): Promise<Record<Upstream, Stub>> {
  const stubs: Stub[] = [];
  try {
    for (const upstream of UPSTREAMS) stubs.push(await startStub(upstream));
  } catch (error) {
    for (const stub of stubs) await stub.service.remove();
    throw error;
  }
  return Object.fromEntries(stubs.map((stub) => [stub.upstream, stub])) as Record<Upstream, Stub>;
}

const stubs = await startStubs();
afterAll(async () => {
  for (const stub of Object.values(stubs)) await stub.service.remove();
}, 60_000);

const describeStubs = (): string =>
  Object.values(stubs)
    .map((stub) => `Stub ${stub.upstream} (${stub.url}), last output:\n${stub.service.logs()}`)
    .join('\n');

/** The response's request id (the gateway's, sent upstream) must have reached `upstream` as `path`. */
async function expectReceivedBy(
  response: SmokeResponse,
  expected: { upstream: Upstream; path: string; method?: string; status: number },
  emulationFactor: number,
): Promise<void> {
  const requestId = response.headers.get('x-request-id');
  expect(requestId, 'the gateway returns the request id it sent upstream').toBeTruthy();
  const got = await received.next(requestId!, describeStubs, LOG_LINE_BUDGET_MS * emulationFactor);
  const [actual, wanted] = [describeReceived(got), describeReceived({ method: 'GET', ...expected })];
  // A plain message rather than expect's, which shortens long strings: both in full.
  if (actual !== wanted) throw new Error(`request ${requestId}: ${actual}, expected ${wanted}`);
}

const describeReceived = ({ upstream, method, path, status }: Received): string =>
  `the ${upstream} upstream received ${method} ${path} (and answered ${status})`;

/** A request the gateway must forward to `upstream` as `upstreamPath`, which the stub refuses (404). */
function routed(
  request: Omit<SmokeRequest, 'expectStatus' | 'assert' | 'name'>,
  upstream: Upstream,
  upstreamPath: string,
): SmokeRequest {
  const method = request.method ?? 'GET';
  return {
    ...request,
    name: `${method} ${request.path} goes to the ${upstream} upstream as ${upstreamPath}`,
    expectStatus: 404,
    assert: async (response, run) => {
      expect(response.json()).toEqual(ADMIN_REFUSAL);
      await expectReceivedBy(response, { upstream, path: upstreamPath, method, status: 404 }, run.emulationFactor);
    },
  };
}

/**
 * A request the allowlist refuses: the gateway under test answers it itself (its own JSON body, no
 * stub's), 404, or 405 with `allow`.
 */
function refused(request: Omit<SmokeRequest, 'expectStatus' | 'assert' | 'name'>, allow?: string): SmokeRequest {
  const method = request.method ?? 'GET';
  return {
    ...request,
    name: `${method} ${request.path} is refused by the gateway itself (${allow ? `405, Allow: ${allow}` : '404'})`,
    expectStatus: allow ? 405 : 404,
    assert: (response) => {
      expect(response.json()).toEqual({ error: allow ? 'method not allowed' : 'not found' });
      expect(response.headers.get('allow')).toBe(allow ?? null);
    },
  };
}

// Job creation allows one request per client (GATEWAY_CREATE_BURST) and then one per 1000 s: the
// first POST /api/jobs of each run is routed, the next is answered 429 by the gateway itself. Each
// run of the kit is a fresh container, so each starts with a full bucket.
const CREATE = { method: 'POST', path: '/api/jobs', body: { kind: 'text-stats', input: { text: 'smoke' } } } as const;

describeSmoke({
  project: 'gateway',
  port: PORT,
  // Readiness on the admin port: 200 only once every stub answers its health path, so the
  // kit's start check is also the readiness check.
  healthPort: ADMIN_PORT,
  healthPath: '/readyz',
  startupBudgetMs: STARTUP_BUDGET_MS,
  env: {
    ...upstreamUrls((upstream) => stubs[upstream]!.url),
    // /readyz probes each upstream with this bound (2 s by default): generous here, where the
    // upstream containers share loaded cores; the answer, not the bound, is what is checked.
    GATEWAY_READY_TIMEOUT: '30s',
    GATEWAY_CREATE_RATE: '0.001',
    GATEWAY_CREATE_BURST: '1',
  },
  // Writes nothing to disk: --read-only needs no tmpfs or volume.
  absentPaths: { extra: ['/src', '/go', '/usr/local/go', '**/*.go', '**/go.mod'] },
  requests: [
    {
      ...routed({ path: '/api/jobs?limit=2' }, 'api', '/jobs'), // the access log records the path, not the query
      headers: { 'X-Request-Id': 'smoke-req-1' },
      name: 'GET /api/jobs?limit=2 goes to the api upstream as /jobs, keeping X-Request-Id',
      assert: async (response, run) => {
        expect(response.headers.get('x-request-id')).toBe('smoke-req-1');
        expect(response.json()).toEqual(ADMIN_REFUSAL);
        await expectReceivedBy(response, { upstream: 'api', path: '/jobs', status: 404 }, run.emulationFactor);
      },
    },
    routed({ path: '/api/jobs/0b6c1d52-9f3e-4c1a-8d2b-123456789abc' }, 'api', '/jobs/0b6c1d52-9f3e-4c1a-8d2b-123456789abc'),
    routed(CREATE, 'api', '/jobs'),
    {
      ...CREATE,
      name: 'a second POST /api/jobs from the same client is answered 429 with Retry-After by the gateway itself',
      expectStatus: 429,
      assert: (response) => {
        expect(response.json()).toEqual({ error: 'too many job creations from this client' });
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(900);
      },
    },
    // Every other upstream's routes, as the table lists them.
    ...routeTable.routes
      .filter((route) => route.upstream !== 'api')
      .map((route) =>
        routed(
          { method: route.method, path: route.path.replaceAll('{id}', SAMPLE_ID), ...(route.method === 'POST' ? { body: {} } : {}) },
          route.upstream,
          route.upstreamPath.replaceAll('{id}', SAMPLE_ID),
        ),
      ),
    routed({ path: '/' }, 'web', '/'),
    routed({ path: '/jobs/0b6c1d52-deep-link' }, 'web', '/jobs/0b6c1d52-deep-link'),
    // Prefixes match whole path segments: /apix is web's, unchanged.
    routed({ path: '/apix/page' }, 'web', '/apix/page'),
    // The worker protocol, the api's own probes and docs, and the gateway's probes: never forwarded.
    refused({ method: 'POST', path: '/api/internal/jobs/lease', body: {} }),
    refused({ method: 'POST', path: '/api/internal/jobs/0b6c1d52/result', body: {} }),
    refused({ path: '/api/internal/jobs/stats' }),
    refused({ method: 'POST', path: '/api/jobs/lease', body: {} }, 'GET'), // a job id: read-only
    refused({ method: 'POST', path: '/api/jobs/0b6c1d52/result', body: {} }),
    refused({ path: '/api/jobs/..%2Finternal%2Fjobs%2Fstats' }),
    refused({ path: '/api/docs' }),
    refused({ path: '/api/openapi.json' }),
    // Each upstream's own probe, under its prefix.
    ...routeTable.upstreams.map((upstream) => refused({ path: `${upstream.prefix}/healthz` })),
    refused({ method: 'DELETE', path: '/api/jobs' }, 'GET, POST'),
    refused({ path: '/readyz' }),
    refused({ path: '/healthz' }),
  ],
});
