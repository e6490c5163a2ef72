// An in-process stand-in for the jobs API's two internal worker routes, for tests: real HTTP on a
// free port, the bearer token checked like the api does (401 + WWW-Authenticate), jobs queued by
// the test, every call recorded, and switches for the failures to simulate.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeJob {
  id: string;
  kind: string;
  input: unknown;
}

export interface ResultCall {
  jobId: string;
  body: { status: string; lease_token: string; result?: unknown; error?: string };
}

/** `until`: hold the answer until this settles, to keep a call in flight for as long as a test needs. */
type Answer = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number; until?: Promise<unknown> };

/** The token the fake accepts unless a test sets another; as long as the api's minimum. */
export const FAKE_TOKEN = 'fake-worker-token-0123456789abcdef0123';

export class FakeApi {
  readonly pending: FakeJob[] = [];
  readonly results: ResultCall[] = [];
  readonly leaseCalls: number[] = [];
  /** When set, answers the next calls of that route instead of the normal behaviour. */
  leaseOverride: ((call: number) => Answer | undefined) | undefined;
  resultOverride: ((call: ResultCall) => Answer | undefined) | undefined;
  leaseTtlMs = 30_000;
  /** Tokens the fake takes, like API_WORKER_TOKEN_FILE's lines; change it to simulate a rotation. */
  tokens: string[] = [FAKE_TOKEN];
  /** The Authorization header of every call, in order (undefined when absent). */
  readonly authorizations: Array<string | undefined> = [];
  /** Calls answered 401. */
  unauthorized = 0;
  /** Delay before every lease answer. */
  leaseDelayMs = 0;
  /** When set, every lease answer waits until it settles (a lease call held in flight). */
  leaseUntil: Promise<unknown> | undefined;
  #server: Server | undefined;
  #port = 0;
  #tokens = new Map<string, string>();

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Starts listening (again on the same port after stop(), to simulate the API coming back). */
  async start(): Promise<this> {
    const server = createServer((request, response) => {
      void this.#handle(request).then(async ({ status, body, headers, delayMs, until }) => {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (until) await until;
        const text = body === undefined ? '' : JSON.stringify(body);
        response.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers }).end(text);
      });
    });
    server.listen(this.#port, '127.0.0.1');
    await once(server, 'listening');
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  /** Stops listening: calls now fail with ECONNREFUSED. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  add(job: Omit<FakeJob, 'id'> & { id?: string }): FakeJob {
    const queued = { id: job.id ?? `job-${this.pending.length + this.results.length + 1}`, kind: job.kind, input: job.input };
    this.pending.push(queued);
    return queued;
  }

  async #handle(request: IncomingMessage): Promise<Answer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
    const internal = request.url?.startsWith('/internal/');
    if (internal) {
      const authorization = request.headers.authorization;
      this.authorizations.push(authorization);
      if (!this.tokens.some((token) => authorization === `Bearer ${token}`)) {
        this.unauthorized++;
        return { status: 401, headers: { 'www-authenticate': 'Bearer' }, body: { detail: 'missing or invalid worker token' } };
      }
    }
    if (request.method === 'POST' && request.url === '/internal/jobs/lease') {
      this.leaseCalls.push(Date.now());
      if (this.leaseDelayMs) await new Promise((resolve) => setTimeout(resolve, this.leaseDelayMs));
      if (this.leaseUntil) await this.leaseUntil;
      const override = this.leaseOverride?.(this.leaseCalls.length);
      if (override) return override;
      if (typeof body['worker_id'] !== 'string') return { status: 422, body: { message: 'body.worker_id: field required' } };
      const job = this.pending.shift();
      if (!job) return { status: 204 };
      const token = `token-${job.id}`;
      this.#tokens.set(job.id, token);
      const expires = new Date(Date.now() + this.leaseTtlMs).toISOString();
      return {
        status: 200,
        body: { job: { ...job, status: 'leased', attempts: 1, worker_id: body['worker_id'] }, lease_token: token, lease_expires_at: expires },
      };
    }
    const result = /^\/internal\/jobs\/([^/]+)\/result$/.exec(request.url ?? '');
    if (request.method === 'POST' && result) {
      const call: ResultCall = { jobId: decodeURIComponent(result[1]!), body: body as ResultCall['body'] };
      const override = this.resultOverride?.(call);
      if (override) return override;
      if (this.#tokens.get(call.jobId) !== call.body.lease_token) return { status: 409, body: { detail: 'lease token does not match' } };
      this.#tokens.delete(call.jobId);
      this.results.push(call);
      return { status: 200, body: { id: call.jobId, status: call.body.status } };
    }
    return { status: 404, body: { detail: 'Not Found' } };
  }
}

/** Polls until check() is truthy, or fails after timeoutMs. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
