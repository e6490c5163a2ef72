// The two worker calls of the jobs API (see services/api/README.md), internal routes the gateway
// never forwards, each with `Authorization: Bearer <worker token>`:
//   POST /internal/jobs/lease        {worker_id}                   -> 200 {job, lease_token, lease_expires_at} | 204
//   POST /internal/jobs/{id}/result  {status, lease_token, result | error} -> 200 | 404 | 409 (lease not ours) | 422
//   either: 401 when the api does not take the worker token

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

/**
 * 401: the api does not take our token. Retried with backoff all the same: during a rotation the
 * api may accept the new token a little before or after this worker is given it.
 */
export class ApiUnauthorized extends Error {
  override name = 'ApiUnauthorized';
}

/** Logged at error level on every 401, so the operator sees which two settings disagree. */
export const UNAUTHORIZED_MESSAGE = 'the api refused the worker token: check WORKER_API_TOKEN(_FILE) against API_WORKER_TOKEN(_FILE)';

export const LEASE_PATH = '/internal/jobs/lease';
export const resultPath = (jobId: string): string => `/internal/jobs/${encodeURIComponent(jobId)}/result`;

/** Any other 4xx answer: retrying the same call will not help. */
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
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, token: string, timeoutMs: number, fetchImpl: typeof fetch = fetch) {
    this.baseUrl = baseUrl;
    this.#token = token;
    this.timeoutMs = timeoutMs;
    this.#fetch = fetchImpl;
  }

  /** The oldest leasable job, or undefined when there is nothing to do. */
  async lease(workerId: string, signal?: AbortSignal): Promise<Lease | undefined> {
    const response = await this.#post(LEASE_PATH, { worker_id: workerId }, signal);
    if (response.status === 204) return undefined;
    const body = await this.#json(response, `POST ${LEASE_PATH}`);
    return parseLease(body);
  }

  async postResult(jobId: string, token: string, outcome: Outcome, signal?: AbortSignal): Promise<void> {
    const response = await this.#post(resultPath(jobId), { lease_token: token, ...outcome }, signal);
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
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${this.#token}` },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = timeout.aborted ? `no answer within ${this.timeoutMs} ms` : causeOf(error);
      throw new ApiUnavailable(`${label}: ${reason}`);
    }
    if (response.ok) return response;
    if (response.status === 401) {
      await response.body?.cancel();
      throw new ApiUnauthorized(`${label} answered 401: ${UNAUTHORIZED_MESSAGE}`);
    }
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

/** A 200 lease answer, whatever its JSON: a Lease, or ApiUnavailable when it lacks what the worker needs. */
export function parseLease(body: unknown): Lease {
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
    throw new ApiUnavailable(`POST ${LEASE_PATH} answered 200 without a job id, kind, lease_token and lease_expires_at: ${String(JSON.stringify(body)).slice(0, 300)}`);
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
