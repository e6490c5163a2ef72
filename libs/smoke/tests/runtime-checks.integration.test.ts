// Checks that run the image: health, request, SIGTERM, read-only root, arbitrary uid. Each passes on
// the good fixture and fails, with its message, when the fixture misbehaves (switched on by env).
import { afterEach, describe, expect, it } from 'vitest';
import { ARBITRARY_USER, expectArbitraryUid, expectGracefulStop, expectHealthy, expectReadOnlyRootfs, expectRequest } from '../src/index.ts';
import type { RunningService, ServiceRun, SmokeRequest } from '../src/index.ts';
import { FIXTURE_HEALTH_PATH, FIXTURE_PORT, fixtureImage } from './fixture-images.ts';

// The fixture answers within a second on an idle machine. Its budget only stops a hung start:
// starting a container takes the engine far longer when the cores are shared with other builds.
const FIXTURE_BUDGET_MS = 60_000;
// A start the fixture delays this long never fits any budget here, however slow the engine is.
const NEVER_MS = '3600000';

const run = (extra: Partial<ServiceRun> = {}): ServiceRun => ({
  image: fixtureImage('good'),
  port: FIXTURE_PORT,
  healthPath: FIXTURE_HEALTH_PATH,
  startupBudgetMs: FIXTURE_BUDGET_MS,
  ...extra,
});

/** "took 12.3 s" in a stop failure, as seconds. */
const tookSeconds = (error: unknown): number => Number(/; took (\d+\.\d) s\./.exec((error as Error).message)?.[1]);

const echo: SmokeRequest = {
  method: 'POST',
  path: '/echo',
  body: { message: 'hello' },
  expectStatus: 200,
  assert: (response) => expect(response.json()).toEqual({ echo: 'hello' }),
};

const started: RunningService[] = [];
const start = async (extra?: Partial<ServiceRun>): Promise<RunningService> => {
  const service = await expectHealthy(run(extra));
  started.push(service);
  return service;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((service) => service.remove()));
});

describe('expectHealthy', () => {
  it('passes and measures time-to-healthy', async () => {
    // No upper bound here: expectHealthy itself fails a start over its budget.
    const service = await start();
    expect(service.timeToHealthyMs).toBeGreaterThan(0);
    expect(service.baseUrl).toMatch(/^http:\/\/.+:\d+$/);
  });

  it('waits on the health port when the service serves health on an admin listener', async () => {
    // The fixture answers /health only on ADMIN_PORT then: polling the service port would never pass.
    const service = await start({ env: { ADMIN_PORT: '9090' }, healthPort: 9090 });
    expect(await (await fetch(`${service.healthBaseUrl}${FIXTURE_HEALTH_PATH}`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${service.baseUrl}${FIXTURE_HEALTH_PATH}`)).status).toBe(404);
  });

  it('fails when the service is slower than its budget', async () => {
    // Never listening (an hour's delay), not merely slow: a fixture that listens after a few
    // seconds could still fit the 2 s budget when the engine takes long to hand it over.
    await expect(start({ env: { STARTUP_DELAY_MS: NEVER_MS }, startupBudgetMs: 2_000 })).rejects.toThrow(
      /^Image polystage-smoke-fixture:good did not answer GET \/health on port 8080 with 2xx within its 2000 ms startup budget/,
    );
  });

  it('fails fast with the last output when the service exits', async () => {
    const failure = await start({ env: { WRITE_ON_START: '/cannot/write/here' } }).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(/did not answer GET \/health .*the container exited with code 1 before answering/s);
    expect((failure as Error).message).toContain("ENOENT: no such file or directory, open '/cannot/write/here'");
  });
});

describe('expectRequest', () => {
  it('passes on a real request with its assertion', async () => {
    await expectRequest(await start(), echo);
  });

  it('fails naming the expected and actual status', async () => {
    const service = await start();
    await expect(expectRequest(service, { ...echo, body: { message: '' } })).rejects.toThrow(
      'Image polystage-smoke-fixture:good: POST /echo expected status 200 but got 400. Body: {"error":"message must be a non-empty string"}',
    );
  });
});

describe('expectGracefulStop', () => {
  it('passes when SIGTERM makes it exit 0, and reports the time', async () => {
    // Exit 0 is the proof it stopped by itself: SIGKILL at the end of the grace gives 137. The
    // time is reported, not bounded (docker stop's own round trip grows with the load).
    const { elapsedMs, exitCode } = await expectGracefulStop(await start());
    expect(exitCode).toBe(0);
    expect(elapsedMs).toBeGreaterThan(0);
  });

  it('fails when PID 1 has no SIGTERM handler (killed after the 10 s grace)', async () => {
    const service = await start({ env: { ON_SIGTERM: 'ignore' } });
    const failure = await expectGracefulStop(service).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(
      /^Image polystage-smoke-fixture:good did not stop cleanly on SIGTERM within 10 s: it was killed with SIGKILL \(exit 137\) .* took \d+\.\d s\./,
    );
    // A lower bound only: it waited out the grace; a loaded engine only makes it later.
    expect(tookSeconds(failure)).toBeGreaterThanOrEqual(10);
    // Start (up to its budget), the 10 s grace, and the engine's own time under load.
  }, FIXTURE_BUDGET_MS + 120_000);

  it('fails when it exits non-zero', async () => {
    const service = await start({ env: { ON_SIGTERM: 'fail' } });
    await expect(expectGracefulStop(service)).rejects.toThrow(/within 10 s: it exited with code 3 instead of 0; took \d+\.\d s\./);
  });
});

describe('expectReadOnlyRootfs', () => {
  it('passes with the tmpfs and volume the service documents', async () => {
    const timeToHealthyMs = await expectReadOnlyRootfs(
      run({
        env: { WRITE_ON_START: '/tmp/started', WRITE_ON_REQUEST: '/var/lib/app/last-message' },
        tmpfs: { '/tmp': 'rw,size=1m' },
        volumes: ['/var/lib/app'],
      }),
      [echo],
    );
    expect(timeToHealthyMs).toBeGreaterThan(0);
  });

  it('fails when it writes to the root filesystem at startup', async () => {
    await expect(expectReadOnlyRootfs(run({ env: { WRITE_ON_START: '/var/lib/app/started' } }), [echo])).rejects.toThrow(
      /^Image polystage-smoke-fixture:good \(read-only root filesystem\) did not answer GET \/health[\s\S]*EROFS: read-only file system/,
    );
  });

  it('fails when its real request writes to the root filesystem', async () => {
    await expect(
      expectReadOnlyRootfs(run({ env: { WRITE_ON_REQUEST: '/var/lib/app/last-message' } }), [echo]),
    ).rejects.toThrow(
      'Run (read-only root filesystem): Image polystage-smoke-fixture:good: POST /echo expected status 200 but got 500. Body: {"error":"could not store the message: EROFS"}',
    );
  });
});

describe('expectArbitraryUid', () => {
  const writesState = { env: { WRITE_ON_REQUEST: '/var/lib/app/last-message' }, volumes: ['/var/lib/app'] };

  it(`passes when the state directory is group 0 and group-writable (--user ${ARBITRARY_USER})`, async () => {
    expect(await expectArbitraryUid(run(writesState), [echo])).toBeGreaterThan(0);
  });

  it('fails when only the image user may write its state directory', async () => {
    await expect(expectArbitraryUid(run({ ...writesState, image: fixtureImage('owner-only-state') }), [echo])).rejects.toThrow(
      `Run (user ${ARBITRARY_USER}; read-only root filesystem; volumes /var/lib/app): Image polystage-smoke-fixture:owner-only-state: POST /echo expected status 200 but got 500. Body: {"error":"could not store the message: EACCES"}`,
    );
  });

  it('passes the same image as its own user', async () => {
    expect(await expectReadOnlyRootfs(run({ ...writesState, image: fixtureImage('owner-only-state') }), [echo])).toBeGreaterThan(0);
  });
});
