// Entry point: config from the environment, the HTTP server, the job loop, and the SIGTERM path.
// Exit codes: 0 after SIGTERM/SIGINT (job in hand finished or released), 1 on a crash,
// 2 on invalid configuration (one JSON line lists every problem).
import { once } from 'node:events';
import { ApiClient } from './api-client.ts';
import { Backoff } from './backoff.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { JOB_KINDS } from './jobs/index.ts';
import { createLogger } from './log.ts';
import { Metrics } from './metrics.ts';
import { createWorkerServer } from './server.ts';
import { Worker } from './worker.ts';

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger().error('invalid configuration', { problems: error.problems });
    return 2;
  }
  const log = createLogger(config.logLevel);
  const metrics = new Metrics();
  const worker = new Worker({
    api: new ApiClient(config.apiUrl, config.apiToken, config.requestTimeoutMs),
    workerId: config.workerId,
    pollIntervalMs: config.pollIntervalMs,
    backoff: new Backoff(config.backoffInitialMs, config.backoffMaxMs),
    metrics,
    log,
  });
  const server = createWorkerServer({ worker, metrics, workerId: config.workerId });
  server.listen(config.port);
  await once(server, 'listening');
  log.info('worker starting', {
    worker_id: config.workerId,
    api_url: config.apiUrl,
    port: config.port,
    job_kinds: JOB_KINDS,
    node: process.version,
  });

  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ['SIGTERM', 'SIGINT'] as const) process.once(name, () => resolve(name));
  });
  const loop = worker.start().then(() => {
    throw new Error('the job loop ended without a stop signal');
  });
  // A second signal while draining gets Node's default handling: it ends the process at once.
  const signal = await Promise.race([signalled, loop]);

  log.info('shutting down', { signal, jobs_in_flight: metrics.inFlight, timeout_ms: config.shutdownTimeoutMs });
  const result = await worker.stop(config.shutdownTimeoutMs);
  server.close();
  server.closeAllConnections();
  log.info('stopped', { result, ...metrics.snapshot() });
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  createLogger().error('worker crashed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return 1;
});
