// The two worker calls of the jobs API (see services/api/README.md):
//   POST /jobs/lease        {worker_id}                   -> 200 {job, lease_token, lease_expires_at} | 204
//   POST /jobs/{id}/result  {status, lease_token, result | error} -> 200 | 404 | 409 (lease not ours) | 422

import type { Outcome } from './jobs/index.ts';

export interface Job {
  id: string;
  kind: string;
  input: unknown;
  attempts: number;
}

export interface Lease {
  job: Job;
  token: string;
  expiresAt: Date;
}

/** Unreachable, timed out, or answered 5xx/429: worth retrying later. */
export class ApiUnavailable extends Error {
  override name = 'ApiUnavailable';
}

/** A 4xx answer: retrying the same call will not help. */
export class ApiRejected extends Error {
  override name = 'ApiRejected';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export class ApiClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, timeoutMs: number, fetchImpl: typeof fetch = fetch) {
    this.baseUrl = baseUrl;
    this.timeoutMs = timeoutMs;
    this.#fetch = fetchImpl;
  }

  /** The oldest leasable job, or undefined when there is nothing to do. */
  async lease(workerId: string, signal?: AbortSignal): Promise<Lease | undefined> {
    const response = await this.#post('/jobs/lease', { worker_id: workerId }, signal);
    if (response.status === 204) return undefined;
    const body = await this.#json(response, 'POST /jobs/lease');
    return parseLease(body);
  }

  async postResult(jobId: string, token: string, outcome: Outcome, signal?: AbortSignal): Promise<void> {
    const path = `/jobs/${encodeURIComponent(jobId)}/result`;
    const response = await this.#post(path, { lease_token: token, ...outcome }, signal);
    await response.body?.cancel();
  }

  /** POST with a JSON body; resolves only for 2xx, everything else becomes one of the errors above. */
  async #post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const label = `POST ${path}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = timeout.aborted ? `no answer within ${this.timeoutMs} ms` : causeOf(error);
      throw new ApiUnavailable(`${label}: ${reason}`);
    }
    if (response.ok) return response;
    const detail = await response.text().catch(() => '');
    const message = `${label} answered ${response.status}${detail ? `: ${detail.slice(0, 300)}` : ''}`;
    if (response.status >= 500 || response.status === 429) throw new ApiUnavailable(message);
    throw new ApiRejected(response.status, message);
  }

  async #json(response: Response, label: string): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw new ApiUnavailable(`${label} answered ${response.status} with a body that is not JSON`);
    }
  }
}

function parseLease(body: unknown): Lease {
  const lease = body as { job?: Partial<Job>; lease_token?: unknown; lease_expires_at?: unknown } | null;
  const job = lease?.job;
  const expiresAt = typeof lease?.lease_expires_at === 'string' ? new Date(lease.lease_expires_at) : undefined;
  if (
    typeof job?.id !== 'string' ||
    typeof job.kind !== 'string' ||
    typeof lease?.lease_token !== 'string' ||
    !expiresAt ||
    Number.isNaN(expiresAt.getTime())
  ) {
    throw new ApiUnavailable(`POST /jobs/lease answered 200 without a job id, kind, lease_token and lease_expires_at: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return {
    job: { id: job.id, kind: job.kind, input: job.input, attempts: typeof job.attempts === 'number' ? job.attempts : 1 },
    token: lease.lease_token,
    expiresAt,
  };
}

/** fetch hides the useful part ("ECONNREFUSED 10.0.0.3:8000") in error.cause. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
