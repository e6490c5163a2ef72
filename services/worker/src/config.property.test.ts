// Generated boundary inputs for the configuration: any environment of strings (and any answer of
// the token file) gives a Config or a ConfigError, never another throw; every problem starts with
// the variable it is about; a Config holds only values the rest of the worker can use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, LOG_LEVELS, loadConfig, MIN_TOKEN_LENGTH, type Config, type ReadTextFile } from './config.ts';
import { anyUtf16, runs } from './testing/property.ts';

const VARIABLES = [
  'WORKER_API_URL',
  'WORKER_API_TOKEN',
  'WORKER_API_TOKEN_FILE',
  'WORKER_ID',
  'WORKER_PORT',
  'WORKER_POLL_INTERVAL_MS',
  'WORKER_BACKOFF_INITIAL_MS',
  'WORKER_BACKOFF_MAX_MS',
  'WORKER_REQUEST_TIMEOUT_MS',
  'WORKER_SHUTDOWN_TIMEOUT_MS',
  'WORKER_LOG_LEVEL',
] as const;
// Longest first, so WORKER_API_TOKEN_FILE is not read as WORKER_API_TOKEN.
const BY_LENGTH = [...VARIABLES].sort((a, b) => b.length - a.length);
/** Problems about a variable that is not set: they name it without it being in the environment. */
const REQUIRED = /^(WORKER_API_URL is required|WORKER_API_TOKEN or WORKER_API_TOKEN_FILE is required|WORKER_BACKOFF_MAX_MS \()/;

// Values near the edges as well as garbage, so that both valid and invalid configs come up.
const integerish = fc.oneof(
  fc.integer({ min: -10, max: 4_000_000 }).map(String),
  fc.constantFrom('', ' ', '0', '08', '1e3', '1.5', '-0', '9007199254740993', '３', '0x10', '65535', '65536'),
  anyUtf16,
);
const hex = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });
const token = fc.oneof(
  hex(28, 70),
  // Long enough, with one character a header cannot carry inside.
  fc.tuple(hex(16, 30), fc.constantFrom(' ', '\t', '\u0000', '\u007f', 'é', '\u2028', '\ud800', '😀'), hex(16, 30)).map(([a, odd, b]) => `${a}${odd}${b}`),
  fc.string({ unit: 'binary', minLength: 0, maxLength: 50 }),
  anyUtf16,
);
const VALUES: Record<(typeof VARIABLES)[number], fc.Arbitrary<string>> = {
  WORKER_API_URL: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('http://api:8000', 'ftp://x', 'http://', 'http://u:p@h', '//api'), anyUtf16),
  WORKER_API_TOKEN: token,
  WORKER_API_TOKEN_FILE: fc.oneof(fc.constant('/run/secrets/worker-token'), anyUtf16),
  WORKER_ID: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,140}$/), anyUtf16),
  WORKER_PORT: integerish,
  WORKER_POLL_INTERVAL_MS: integerish,
  WORKER_BACKOFF_INITIAL_MS: integerish,
  WORKER_BACKOFF_MAX_MS: integerish,
  WORKER_REQUEST_TIMEOUT_MS: integerish,
  WORKER_SHUTDOWN_TIMEOUT_MS: integerish,
  WORKER_LOG_LEVEL: fc.oneof(fc.constantFrom(...LOG_LEVELS, 'DEBUG', ' Warn ', 'trace'), anyUtf16),
};
const environment = fc.record(VALUES, { requiredKeys: [] });
/** What reading the token file does: give some text (a token, comments, garbage) or fail like fs. */
const tokenFile = fc.oneof(
  token.map((t) => ({ text: `# worker token\n\n${t}\n` })),
  anyUtf16.map((text) => ({ text })),
  fc.constantFrom('ENOENT', 'EACCES', 'EISDIR').map((code) => ({ code })),
);

function attempt(env: NodeJS.ProcessEnv, file: { text: string } | { code: string }): Config | ConfigError {
  const readFile: ReadTextFile = () => {
    if ('text' in file) return file.text;
    throw Object.assign(new Error(`${file.code}: cannot open`), { code: file.code });
  };
  try {
    return loadConfig(env, readFile);
  } catch (error) {
    // Anything but a ConfigError escapes here and fails the property with its input.
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('loadConfig on generated environments', () => {
  it('gives a Config or a ConfigError whose every problem starts with its variable', () => {
    fc.assert(
      fc.property(environment, tokenFile, (env, file) => {
        const outcome = attempt(env, file);
        if (!(outcome instanceof ConfigError)) return;
        expect(outcome.problems.length).toBeGreaterThan(0);
        for (const problem of outcome.problems) {
          const named = BY_LENGTH.find((name) => problem.startsWith(name));
          expect(named, `problem names no variable first: ${problem}`).toBeDefined();
          // About a variable that was set, or one that is required: never a stray name.
          if (!REQUIRED.test(problem)) expect(env[named!]?.trim(), `${named} is not set, yet: ${problem}`).toBeTruthy();
        }
      }),
      runs(),
    );
  });

  it('never quotes the token in a problem', () => {
    fc.assert(
      fc.property(environment, token, (env, secret) => {
        fc.pre(secret.trim().length >= 12);
        const outcome = attempt({ ...env, WORKER_API_TOKEN: secret, WORKER_API_TOKEN_FILE: undefined }, { code: 'ENOENT' });
        if (outcome instanceof ConfigError) for (const problem of outcome.problems.filter((p) => p.startsWith('WORKER_API_TOKEN'))) expect(problem).not.toContain(secret.trim());
      }),
      runs(),
    );
  });

  it('gives only usable values in a Config', () => {
    // Mostly-valid environments, so that many runs reach a Config.
    const mostly = <T,>(good: fc.Arbitrary<T>, any: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 9 }, { arbitrary: any, weight: 1 });
    const ms = mostly(fc.integer({ min: 10, max: 3_600_000 }).map(String), integerish);
    const valid = fc.record(
      {
        WORKER_API_URL: fc.webUrl(),
        WORKER_API_TOKEN: mostly(hex(32, 64), token),
        WORKER_PORT: mostly(fc.integer({ min: 1, max: 65535 }).map(String), integerish),
        WORKER_BACKOFF_INITIAL_MS: ms,
        WORKER_BACKOFF_MAX_MS: ms,
        WORKER_LOG_LEVEL: VALUES.WORKER_LOG_LEVEL,
      },
      { requiredKeys: ['WORKER_API_URL', 'WORKER_API_TOKEN'] },
    );
    let configs = 0;
    fc.assert(
      fc.property(valid, (env) => {
        const config = attempt(env, { code: 'ENOENT' });
        if (config instanceof ConfigError) return;
        configs++;
        expect(config.apiUrl).toMatch(/^https?:\/\/[^/]/);
        expect(config.apiUrl.endsWith('/')).toBe(false);
        expect(config.apiToken.length).toBeGreaterThanOrEqual(MIN_TOKEN_LENGTH);
        // It goes into an Authorization header, where fetch takes visible ASCII only.
        expect(() => new Headers({ authorization: `Bearer ${config.apiToken}` })).not.toThrow();
        expect(config.apiToken).toMatch(/^[\x21-\x7e]+$/);
        expect(Number.isSafeInteger(config.port) && config.port >= 1 && config.port <= 65535).toBe(true);
        expect(config.backoffMaxMs).toBeGreaterThanOrEqual(config.backoffInitialMs);
        expect(LOG_LEVELS).toContain(config.logLevel);
        expect(config.workerId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
      }),
      runs(),
    );
    // The property held on real Configs, not only on errors.
    expect(configs).toBeGreaterThan(20);
  });
});
