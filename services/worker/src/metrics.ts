// The worker's Prometheus metrics, rendered in the text exposition format (version 0.0.4).

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRICS = {
  worker_jobs_done_total: { type: 'counter', help: 'Jobs run and accepted by the API as succeeded.' },
  worker_jobs_failed_total: { type: 'counter', help: 'Jobs run and accepted by the API as failed (bad input, unknown kind).' },
  worker_jobs_in_flight: { type: 'gauge', help: 'Jobs leased and not yet reported (0 or 1).' },
  worker_jobs_abandoned_total: {
    type: 'counter',
    help: 'Jobs whose result the API did not take (lease lost or expired, or shutdown deadline); the API leases them again.',
  },
  worker_api_errors_total: { type: 'counter', help: 'Calls to the API that got no usable answer (unreachable, timeout, 5xx, unexpected 4xx to a lease); all are retried.' },
} as const;

export type MetricName = keyof typeof METRICS;

export class Metrics {
  readonly #values = Object.fromEntries(Object.keys(METRICS).map((name) => [name, 0])) as Record<MetricName, number>;

  jobReported(status: 'succeeded' | 'failed'): void {
    this.#values[status === 'succeeded' ? 'worker_jobs_done_total' : 'worker_jobs_failed_total']++;
  }

  jobAbandoned(): void {
    this.#values.worker_jobs_abandoned_total++;
  }

  apiError(): void {
    this.#values.worker_api_errors_total++;
  }

  setInFlight(count: number): void {
    this.#values.worker_jobs_in_flight = count;
  }

  get inFlight(): number {
    return this.#values.worker_jobs_in_flight;
  }

  snapshot(): Record<MetricName, number> {
    return { ...this.#values };
  }

  render(): string {
    return (Object.keys(METRICS) as MetricName[])
      .map((name) => `# HELP ${name} ${METRICS[name].help}\n# TYPE ${name} ${METRICS[name].type}\n${name} ${this.#values[name]}\n`)
      .join('');
  }
}
