// Generated boundary inputs for what the api hands the worker: any body of a lease answer gives a
// Lease, nothing to do, or an api error the loop retries; any job (kind, input) gives an outcome
// to post (a failed job when the input is bad), never an unhandled throw that would end the loop.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiRejected, ApiUnauthorized, ApiUnavailable, parseLease, type Lease } from './api-client.ts';
import { Backoff } from './backoff.ts';
import { JOB_KINDS, runJob, type Outcome } from './jobs/index.ts';
import { silentLogger } from './log.ts';
import { Metrics } from './metrics.ts';
import { anyUtf16, runs } from './testing/property.ts';
import { Worker } from './worker.ts';

const TOKEN = 'property-token-0123456789abcdef0123456';

/** Lease-shaped JSON with any field missing, mistyped or odd, and also any JSON at all. */
const leaseLike = fc.oneof(
  fc.record(
    {
      job: fc.oneof(
        fc.record(
          { id: fc.oneof(anyUtf16, fc.jsonValue()), kind: fc.oneof(fc.constantFrom(...JOB_KINDS), anyUtf16, fc.jsonValue()), input: fc.jsonValue(), attempts: fc.jsonValue() },
          { requiredKeys: [] },
        ),
        fc.jsonValue(),
      ),
      lease_token: fc.oneof(anyUtf16, fc.jsonValue()),
      lease_expires_at: fc.oneof(fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'not a date' : d.toISOString())), anyUtf16, fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);

function expectLease(lease: Lease): void {
  expect(typeof lease.job.id).toBe('string');
  expect(typeof lease.job.kind).toBe('string');
  expect(typeof lease.token).toBe('string');
  expect(Number.isNaN(lease.expiresAt.getTime())).toBe(false);
  expect(typeof lease.job.attempts).toBe('number');
}

/** A failed outcome carries a reason; a succeeded one a result that survives JSON as sent. */
function expectOutcome(outcome: Outcome): void {
  expect(['succeeded', 'failed']).toContain(outcome.status);
  if (outcome.status === 'failed') {
    expect(typeof outcome.error).toBe('string');
    expect(outcome.error.length).toBeGreaterThan(0);
  } else {
    expect(Object.getPrototypeOf(outcome.result)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(outcome.result))).toEqual(outcome.result);
  }
}

describe('lease answers', () => {
  it('parseLease: any JSON body is a Lease or ApiUnavailable', () => {
    fc.assert(
      fc.property(leaseLike, (body) => {
        let lease: Lease;
        try {
          lease = parseLease(body);
        } catch (error) {
          expect(error).toBeInstanceOf(ApiUnavailable);
          return;
        }
        expectLease(lease);
      }),
      runs(),
    );
  });

  it('ApiClient.lease: any status and body text is a Lease, nothing, or an api error', async () => {
    const answer = fc.record({
      status: fc.oneof(fc.constantFrom(200, 204, 401, 404, 409, 422, 429, 500, 503), fc.integer({ min: 200, max: 599 })),
      body: fc.oneof(leaseLike.map((value) => JSON.stringify(value)), anyUtf16, fc.constant('')),
    });
    await fc.assert(
      fc.asyncProperty(answer, async ({ status, body }) => {
        // Statuses that cannot carry a body get none, as on the wire.
        const stub: typeof fetch = async () => new Response([204, 205, 304].includes(status) ? null : body, { status });
        let lease: Lease | undefined;
        try {
          lease = await new ApiClient('http://api.test', TOKEN, 1000, stub).lease('w-1');
        } catch (error) {
          expect([ApiUnavailable, ApiUnauthorized, ApiRejected].some((kind) => error instanceof kind), String(error)).toBe(true);
          return;
        }
        if (lease) expectLease(lease);
        else expect(status).toBe(204);
      }),
      runs(),
    );
  });
});

describe('job inputs', () => {
  const kind = fc.oneof(fc.constantFrom(...JOB_KINDS), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''), anyUtf16);
  const input = fc.oneof(
    fc.record({ text: fc.oneof(anyUtf16, fc.string({ unit: 'binary' }), fc.jsonValue()) }, { requiredKeys: [] }),
    fc.jsonValue(),
    fc.anything(),
  );

  it('runJob: any kind and input is an outcome, never a throw', () => {
    fc.assert(
      fc.property(kind, input, (k, i) => expectOutcome(runJob(k, i))),
      runs(),
    );
  });

  it('text-stats: any non-empty text succeeds with counts that fit the text', () => {
    fc.assert(
      fc.property(fc.oneof(anyUtf16, fc.string({ unit: 'binary' })), (text) => {
        fc.pre(text.length > 0);
        const outcome = runJob('text-stats', { text });
        expectOutcome(outcome);
        expect(outcome.status).toBe('succeeded');
        const { characters, words, lines } = (outcome as { result: Record<string, number> }).result;
        expect(characters).toBe([...text].length);
        expect(words).toBeGreaterThanOrEqual(0);
        expect(words).toBeLessThanOrEqual(characters!);
        expect(lines).toBeGreaterThanOrEqual(1);
        expect(lines).toBeLessThanOrEqual(characters!);
      }),
      runs(),
    );
  });

  it('the worker loop posts an outcome for any leased job and keeps running', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 20 }), kind, input, async (id, k, i) => {
        const posted: Outcome[] = [];
        let leases = 0;
        let reported!: () => void;
        const done = new Promise<void>((resolve) => (reported = resolve));
        const worker = new Worker({
          api: {
            lease: async () => (leases++ === 0 ? { job: { id, kind: k, input: i, attempts: 1 }, token: 't', expiresAt: new Date(Date.now() + 60_000) } : undefined),
            postResult: async (_id, _token, outcome) => {
              posted.push(outcome);
              reported();
            },
          },
          workerId: 'w-1',
          pollIntervalMs: 60_000,
          backoff: new Backoff(10, 10),
          metrics: new Metrics(),
          log: silentLogger,
        });
        const loop = worker.start();
        // A crash ends the loop (rejects) before anything is posted: race the two.
        await Promise.race([done, loop.then(() => Promise.reject(new Error('the loop ended')))]);
        expect(worker.state).toBe('running');
        expect(await worker.stop(1000)).toBe('finished');
        await loop;
        expect(posted).toHaveLength(1);
        expectOutcome(posted[0]!);
      }),
      runs(0.3),
    );
  });
});
