import { describe, expect, it } from 'vitest';
import { ConfigError, defaultWorkerId, loadConfig, type ReadTextFile } from './config.ts';

const TOKEN = 'smoke-worker-token-0123456789abcdef0123';
const base = { WORKER_API_URL: 'http://api:8000', WORKER_API_TOKEN: TOKEN };

/** The problems loadConfig reports for env (reading files through readFile), or [] when it is valid. */
function problemsOf(env: NodeJS.ProcessEnv, readFile?: ReadTextFile): string[] {
  try {
    loadConfig(env, readFile);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

/** A readFile over an in-memory folder; a missing path fails like the real one. */
const files = (contents: Record<string, string>): ReadTextFile => (path) => {
  if (path in contents) return contents[path]!;
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
};

describe('loadConfig', () => {
  it('needs only the API URL and token; the rest has container defaults', () => {
    expect(loadConfig({ ...base, WORKER_ID: 'w-1' })).toEqual({
      apiUrl: 'http://api:8000',
      apiToken: TOKEN,
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
      WORKER_API_TOKEN: TOKEN,
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
      WORKER_API_TOKEN: 'too-short',
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
      'WORKER_API_TOKEN must hold a token of at least 32 characters, got 9; make one with `openssl rand -hex 32`',
      'WORKER_ID must be 1-128 characters of [A-Za-z0-9._:-] starting with a letter or digit, got "-bad id"',
      'WORKER_PORT must be an integer between 1 and 65535, got "70000"',
      'WORKER_POLL_INTERVAL_MS must be an integer between 10 and 3600000, got "1.5"',
      'WORKER_BACKOFF_MAX_MS (1000) must not be below WORKER_BACKOFF_INITIAL_MS (5000)',
      'WORKER_LOG_LEVEL must be one of debug, info, warn, error, got "loud"',
    ]);
  });

  it.each([
    [{ WORKER_API_TOKEN: TOKEN }, 'WORKER_API_URL is required, e.g. http://api:8000'],
    [{ WORKER_API_URL: 'api:8000' }, 'WORKER_API_URL must use http or https, got "api:8000"'],
    [{ WORKER_API_URL: 'not a url' }, 'WORKER_API_URL must be an absolute http(s) URL, got "not a url"'],
    [{ WORKER_API_URL: 'http://u:p@api:8000' }, 'WORKER_API_URL must not carry credentials, a query or a fragment, got "http://u:p@api:8000"'],
  ])('refuses the API URL in %j', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem);
  });
});

describe('the worker token', () => {
  const url = { WORKER_API_URL: 'http://api:8000' };

  it('is required: one of WORKER_API_TOKEN and WORKER_API_TOKEN_FILE', () => {
    expect(problemsOf(url)).toEqual([
      'WORKER_API_TOKEN or WORKER_API_TOKEN_FILE is required: the api\'s worker token (API_WORKER_TOKEN), e.g. made by `openssl rand -hex 32`',
    ]);
    expect(problemsOf({ ...url, WORKER_API_TOKEN: '  ' })).toHaveLength(1); // blank is unset
  });

  it('may not come from both variables', () => {
    const env = { ...url, WORKER_API_TOKEN: TOKEN, WORKER_API_TOKEN_FILE: '/run/secrets/worker-token' };
    expect(problemsOf(env, files({ '/run/secrets/worker-token': TOKEN }))).toEqual([
      'WORKER_API_TOKEN and WORKER_API_TOKEN_FILE are both set; set only one of them',
    ]);
  });

  it('is at least 32 visible ASCII characters, and a problem never quotes it', () => {
    const short = 'x'.repeat(31);
    expect(problemsOf({ ...url, WORKER_API_TOKEN: short })).toEqual([
      'WORKER_API_TOKEN must hold a token of at least 32 characters, got 31; make one with `openssl rand -hex 32`',
    ]);
    expect(loadConfig({ ...url, WORKER_API_TOKEN: 'x'.repeat(32) }).apiToken).toBe('x'.repeat(32));
    const spaced = `${'y'.repeat(20)} ${'y'.repeat(20)}`;
    const problems = problemsOf({ ...url, WORKER_API_TOKEN: spaced });
    expect(problems).toEqual(['WORKER_API_TOKEN must hold a token of visible ASCII characters without spaces, e.g. made by `openssl rand -hex 32`']);
    expect(problemsOf({ ...url, WORKER_API_TOKEN: `${'é'.repeat(40)}` })).toHaveLength(1);
  });

  it('is read from the first line of WORKER_API_TOKEN_FILE that is neither blank nor a comment', () => {
    const readFile = files({ '/run/secrets/worker-token': `# rotated 2026-12-01\n\n  ${TOKEN}  \r\nsecond-token-is-for-the-api-only-000000\n` });
    const config = loadConfig({ ...url, WORKER_API_TOKEN_FILE: '/run/secrets/worker-token' }, readFile);
    expect(config.apiToken).toBe(TOKEN);
  });

  it.each([
    [{}, 'WORKER_API_TOKEN_FILE cannot be read (ENOENT): "/run/secrets/worker-token"'],
    [{ '/run/secrets/worker-token': '# nothing yet\n\n' }, 'WORKER_API_TOKEN_FILE holds no token (only blank or # lines): "/run/secrets/worker-token"'],
    [{ '/run/secrets/worker-token': 'short\n' }, 'WORKER_API_TOKEN_FILE must hold a token of at least 32 characters, got 5; make one with `openssl rand -hex 32`'],
  ])('refuses a token file holding %j', (contents, problem) => {
    expect(problemsOf({ ...url, WORKER_API_TOKEN_FILE: '/run/secrets/worker-token' }, files(contents))).toEqual([problem]);
  });

  it('reads the file from disk by default', () => {
    expect(problemsOf({ ...url, WORKER_API_TOKEN_FILE: '/nonexistent/worker-token' })).toEqual([
      'WORKER_API_TOKEN_FILE cannot be read (ENOENT): "/nonexistent/worker-token"',
    ]);
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
