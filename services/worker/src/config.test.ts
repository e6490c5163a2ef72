import { describe, expect, it } from 'vitest';
import { ConfigError, defaultWorkerId, loadConfig } from './config.ts';

const base = { WORKER_API_URL: 'http://api:8000' };

describe('loadConfig', () => {
  it('needs only the API URL; the rest has container defaults', () => {
    expect(loadConfig({ ...base, WORKER_ID: 'w-1' })).toEqual({
      apiUrl: 'http://api:8000',
      workerId: 'w-1',
      port: 8080,
      pollIntervalMs: 1000,
      backoffInitialMs: 500,
      backoffMaxMs: 30_000,
      requestTimeoutMs: 10_000,
      shutdownTimeoutMs: 8_000,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      WORKER_API_URL: 'https://jobs.example/api/',
      WORKER_ID: 'worker.7:a',
      WORKER_PORT: '9000',
      WORKER_POLL_INTERVAL_MS: '250',
      WORKER_BACKOFF_INITIAL_MS: '100',
      WORKER_BACKOFF_MAX_MS: '2000',
      WORKER_REQUEST_TIMEOUT_MS: '3000',
      WORKER_SHUTDOWN_TIMEOUT_MS: '0',
      WORKER_LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({ apiUrl: 'https://jobs.example/api', workerId: 'worker.7:a', port: 9000, pollIntervalMs: 250, logLevel: 'debug' });
    expect(config).toMatchObject({ backoffInitialMs: 100, backoffMaxMs: 2000, requestTimeoutMs: 3000, shutdownTimeoutMs: 0 });
  });

  it('reports every problem at once, each naming its variable', () => {
    const env = {
      WORKER_API_URL: 'ftp://api',
      WORKER_ID: '-bad id',
      WORKER_PORT: '70000',
      WORKER_POLL_INTERVAL_MS: '1.5',
      WORKER_BACKOFF_INITIAL_MS: '5000',
      WORKER_BACKOFF_MAX_MS: '1000',
      WORKER_LOG_LEVEL: 'loud',
    };
    let problems: string[] = [];
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'WORKER_API_URL must use http or https, got "ftp://api"',
      'WORKER_ID must be 1-128 characters of [A-Za-z0-9._:-] starting with a letter or digit, got "-bad id"',
      'WORKER_PORT must be an integer between 1 and 65535, got "70000"',
      'WORKER_POLL_INTERVAL_MS must be an integer between 10 and 3600000, got "1.5"',
      'WORKER_BACKOFF_MAX_MS (1000) must not be below WORKER_BACKOFF_INITIAL_MS (5000)',
      'WORKER_LOG_LEVEL must be one of debug, info, warn, error, got "loud"',
    ]);
  });

  it.each([
    [{}, 'WORKER_API_URL is required, e.g. http://api:8000'],
    [{ WORKER_API_URL: 'api:8000' }, 'WORKER_API_URL must use http or https, got "api:8000"'],
    [{ WORKER_API_URL: 'not a url' }, 'WORKER_API_URL must be an absolute http(s) URL, got "not a url"'],
    [{ WORKER_API_URL: 'http://u:p@api:8000' }, 'WORKER_API_URL must not carry credentials, a query or a fragment, got "http://u:p@api:8000"'],
  ])('refuses the API URL in %j', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem);
  });
});

describe('defaultWorkerId', () => {
  it('is <hostname>-<pid>, made acceptable to the API', () => {
    expect(defaultWorkerId('3f2a9c1b7d4e', 1)).toBe('3f2a9c1b7d4e-1');
    expect(defaultWorkerId('_my host!', 42)).toBe('my-host--42');
    expect(defaultWorkerId('', 7)).toBe('7');
    expect(defaultWorkerId('x'.repeat(200), 1)).toHaveLength(128);
  });
});
