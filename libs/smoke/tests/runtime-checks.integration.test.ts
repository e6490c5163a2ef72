// Checks that run the image: health, request, SIGTERM, read-only root. Each passes on
// the good fixture and fails, with its message, when the fixture misbehaves (switched on by env).
import { afterEach, describe, expect, it } from 'vitest';
import { expectGracefulStop, expectHealthy, expectReadOnlyRootfs, expectRequest } from '../src/index.ts';
import type { RunningService, ServiceRun, SmokeRequest } from '../src/index.ts';
import { FIXTURE_HEALTH_PATH, FIXTURE_PORT, fixtureImage } from './fixture-images.ts';

const run = (extra: Partial<ServiceRun> = {}): ServiceRun => ({
  image: fixtureImage('good'),
  port: FIXTURE_PORT,
  healthPath: FIXTURE_HEALTH_PATH,
  startupBudgetMs: 15_000,
  ...extra,
});

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
    const service = await start();
    expect(service.timeToHealthyMs).toBeGreaterThan(0);
    expect(service.timeToHealthyMs).toBeLessThan(15_000);
    expect(service.baseUrl).toMatch(/^http:\/\/.+:\d+$/);
  });

  it('fails when the service is slower than its budget', async () => {
    await expect(start({ env: { STARTUP_DELAY_MS: '6000' }, startupBudgetMs: 2_000 })).rejects.toThrow(
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
    const { elapsedMs, exitCode } = await expectGracefulStop(await start());
    expect(exitCode).toBe(0);
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('fails when PID 1 has no SIGTERM handler (killed after the 10 s grace)', async () => {
    const service = await start({ env: { ON_SIGTERM: 'ignore' } });
    await expect(expectGracefulStop(service)).rejects.toThrow(
      /^Image polystage-smoke-fixture:good did not stop cleanly on SIGTERM within 10 s: it was killed with SIGKILL \(exit 137\) .* took 1\d\.\d s\./,
    );
  }, 60_000);

  it('fails when it exits non-zero', async () => {
    const service = await start({ env: { ON_SIGTERM: 'fail' } });
    await expect(expectGracefulStop(service)).rejects.toThrow(/within 10 s: it exited with code 3 instead of 0; took \d\.\d s\./);
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
      'With a read-only root filesystem Image polystage-smoke-fixture:good: POST /echo expected status 200 but got 500. Body: {"error":"could not store the message: EROFS"}',
    );
  });
});
