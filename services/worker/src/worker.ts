// The lease -> run -> report loop, one job at a time.
//
// - Nothing to lease (204): wait the poll interval.
// - API unreachable or failing (network error, timeout, 5xx): wait with exponential backoff, retry.
// - API refusing the worker token (401): logged at error level, retried with the same backoff
//   (lease and result alike), so a token rotation never crash-loops the worker.
// - After running a job, its result is posted until the API takes it; retries stop when the API
//   refuses it (409: the lease is no longer ours), when the lease has expired anyway (the API
//   hands the job out again), or at the shutdown deadline.
// - stop(): no new lease; the job in hand is finished and reported if that fits in the deadline,
//   otherwise it is released: the worker stops holding it and the API leases it again once the
//   lease expires (the API has no early-release call).
import { ApiRejected, ApiUnauthorized, ApiUnavailable, UNAUTHORIZED_MESSAGE, type ApiClient, type Lease } from './api-client.ts';
import { Backoff, sleep } from './backoff.ts';
import { runJob, type Outcome } from './jobs/index.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';

export interface WorkerOptions {
  api: Pick<ApiClient, 'lease' | 'postResult'>;
  workerId: string;
  pollIntervalMs: number;
  backoff: Backoff;
  metrics: Metrics;
  log: Logger;
  now?: () => number;
}

export type WorkerState = 'idle' | 'running' | 'draining' | 'stopped';

/** What the last call to the API got: an answer, none, or a 401 for our token. */
export type ApiStatus = 'unknown' | 'reachable' | 'unreachable' | 'unauthorized';

/** How stop() ended: everything in hand was reported, or the deadline released a job. */
export type StopResult = 'finished' | 'released';

type Report = 'reported' | 'abandoned' | 'released';

export class Worker {
  #state: WorkerState = 'idle';
  #apiStatus: ApiStatus = 'unknown';
  #loop: Promise<void> | undefined;
  #stopping: Promise<StopResult> | undefined;
  #released = false;
  /** Cuts idle waits short when stop() is called. */
  readonly #wake = new AbortController();
  /** Aborts everything, HTTP calls included, at the shutdown deadline. */
  readonly #deadline = new AbortController();
  readonly #options: WorkerOptions;
  readonly #now: () => number;

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get state(): WorkerState {
    return this.#state;
  }

  /** What the last call to the API got ('unknown' before the first call). */
  get apiStatus(): ApiStatus {
    return this.#apiStatus;
  }

  /** Starts the loop; the promise settles when the loop ends (after stop()), and rejects only on a bug. */
  start(): Promise<void> {
    if (this.#loop) throw new Error('worker already started');
    this.#state = 'running';
    this.#loop = this.#run();
    return this.#loop;
  }

  /** Stops leasing and waits for the job in hand, at most timeoutMs; then the loop has ended. */
  stop(timeoutMs: number): Promise<StopResult> {
    this.#stopping ??= (async () => {
      if (this.#state === 'running') this.#state = 'draining';
      this.#wake.abort();
      const timer = setTimeout(() => this.#deadline.abort(), timeoutMs);
      try {
        await this.#loop?.catch(() => {});
      } finally {
        clearTimeout(timer);
        this.#state = 'stopped';
      }
      return this.#released ? 'released' : 'finished';
    })();
    return this.#stopping;
  }

  async #run(): Promise<void> {
    const { log, workerId } = this.#options;
    while (!this.#wake.signal.aborted) {
      const lease = await this.#nextLease();
      if (!lease) continue;
      const { job } = lease;
      log.info('job leased', { job_id: job.id, kind: job.kind, attempt: job.attempts, lease_expires_at: lease.expiresAt.toISOString(), worker_id: workerId });
      this.#options.metrics.setInFlight(1);
      try {
        await this.#runAndReport(lease);
      } finally {
        this.#options.metrics.setInFlight(0);
      }
    }
  }

  /** One lease attempt, including the wait that follows an empty or failed one. */
  async #nextLease(): Promise<Lease | undefined> {
    const { api, backoff, log, pollIntervalMs, workerId } = this.#options;
    try {
      // Not cut short by stop(): a lease the API grants while we stop is still run and reported.
      const lease = await api.lease(workerId, this.#deadline.signal);
      this.#apiOk();
      if (!lease) await sleep(pollIntervalMs, this.#wake.signal);
      return lease;
    } catch (error) {
      if (this.#deadline.signal.aborted) return undefined;
      if (!isApiError(error)) throw error;
      this.#apiFailed(error);
      const delayMs = backoff.next();
      // A 4xx here means a wrong token, worker id or an incompatible API: louder, but retried all the same.
      if (error instanceof ApiUnauthorized) log.error(UNAUTHORIZED_MESSAGE, { error, retry_in_ms: delayMs });
      else if (error instanceof ApiRejected) log.error('api refused the lease request; retrying', { error, retry_in_ms: delayMs });
      else log.warn('api unavailable; retrying', { error, retry_in_ms: delayMs });
      await sleep(delayMs, this.#wake.signal);
      return undefined;
    }
  }

  async #runAndReport(lease: Lease): Promise<void> {
    const { log, metrics } = this.#options;
    const { job } = lease;
    const started = performance.now();
    const outcome = runJob(job.kind, job.input);
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    const report = await this.#report(lease, outcome);
    const fields = { job_id: job.id, kind: job.kind, status: outcome.status, duration_ms: durationMs };
    if (report === 'reported') {
      metrics.jobReported(outcome.status);
      log.info('job reported', outcome.status === 'failed' ? { ...fields, error: outcome.error } : fields);
    } else {
      metrics.jobAbandoned();
      if (report === 'released') this.#released = true;
      log.warn(report === 'released' ? 'job released at shutdown deadline' : 'job result not taken; the api will lease it again', fields);
    }
  }

  /** Posts the outcome until the API takes it, refuses it, the lease expires or the deadline passes. */
  async #report(lease: Lease, outcome: Outcome): Promise<Report> {
    const { api, backoff, log } = this.#options;
    for (;;) {
      try {
        await api.postResult(lease.job.id, lease.token, outcome, this.#deadline.signal);
        this.#apiOk();
        return 'reported';
      } catch (error) {
        if (this.#deadline.signal.aborted) return 'released';
        if (!isApiError(error)) throw error;
        if (error instanceof ApiRejected) {
          this.#apiStatus = 'reachable';
          log.warn('api refused the result', { job_id: lease.job.id, status: error.status, error });
          return 'abandoned';
        }
        this.#apiFailed(error);
        const delayMs = backoff.next();
        const unauthorized = error instanceof ApiUnauthorized;
        if (this.#now() + delayMs >= lease.expiresAt.getTime()) {
          if (unauthorized) log.error(UNAUTHORIZED_MESSAGE, { job_id: lease.job.id, error });
          log.warn('api unavailable until the lease expires', { job_id: lease.job.id, error });
          return 'abandoned';
        }
        if (unauthorized) log.error(UNAUTHORIZED_MESSAGE, { job_id: lease.job.id, error, retry_in_ms: delayMs });
        else log.warn('api unavailable; retrying the result', { job_id: lease.job.id, error, retry_in_ms: delayMs });
        // Not cut short by stop(): draining keeps trying to report until the deadline.
        await sleep(delayMs, this.#deadline.signal);
      }
    }
  }

  #apiOk(): void {
    this.#apiStatus = 'reachable';
    this.#options.backoff.reset();
  }

  #apiFailed(error: unknown): void {
    this.#apiStatus = error instanceof ApiUnauthorized ? 'unauthorized' : error instanceof ApiRejected ? 'reachable' : 'unreachable';
    this.#options.metrics.apiError();
  }
}

/** What the API client throws on purpose; anything else is a bug and ends the process. */
function isApiError(error: unknown): error is ApiUnavailable | ApiUnauthorized | ApiRejected {
  return error instanceof ApiUnavailable || error instanceof ApiUnauthorized || error instanceof ApiRejected;
}
