// Settings from WORKER_* environment variables, validated once at startup. Every problem is
// collected before failing, so an operator fixes the whole environment in one go.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** Base URL of the jobs API, without a trailing slash. */
  apiUrl: string;
  /** Sent as `Authorization: Bearer <token>` on both internal calls; the api's API_WORKER_TOKEN(_FILE). */
  apiToken: string;
  /** Sent as `worker_id` when leasing; the API accepts [A-Za-z0-9][A-Za-z0-9._:-]{0,127}. */
  workerId: string;
  port: number;
  /** Wait after the API had nothing to lease. */
  pollIntervalMs: number;
  /** First and largest wait between retries while the API is unreachable or failing. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Budget for one HTTP call to the API. */
  requestTimeoutMs: number;
  /** How long SIGTERM waits for the job in hand (kept under Docker's 10 s stop grace). */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const WORKER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** `<hostname>-<pid>` made acceptable to the API: the container id in Docker. */
export function defaultWorkerId(host = hostname(), pid = process.pid): string {
  const cleaned = `${host}-${pid}`.replace(/[^A-Za-z0-9._:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (cleaned || `worker-${pid}`).slice(0, 128);
}

/** The api refuses shorter tokens; the same floor here fails at startup instead of on every call. */
export const MIN_TOKEN_LENGTH = 32;
// Visible ASCII only: anything else cannot travel in an HTTP header (fetch would throw on every call).
const TOKEN = /^[\x21-\x7e]+$/;

export type ReadTextFile = (path: string) => string;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, readFile: ReadTextFile = (path) => readFileSync(path, 'utf8')): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };

  const apiUrl = parseApiUrl(read('WORKER_API_URL'), problems);
  const apiToken = parseApiToken(read('WORKER_API_TOKEN'), read('WORKER_API_TOKEN_FILE'), readFile, problems);
  const workerId = read('WORKER_ID') ?? defaultWorkerId();
  if (!WORKER_ID.test(workerId)) {
    problems.push(`WORKER_ID must be 1-128 characters of [A-Za-z0-9._:-] starting with a letter or digit, got ${JSON.stringify(workerId)}`);
  }
  const port = integer('WORKER_PORT', 8080, 1, 65535);
  const pollIntervalMs = integer('WORKER_POLL_INTERVAL_MS', 1000, 10, 3_600_000);
  const backoffInitialMs = integer('WORKER_BACKOFF_INITIAL_MS', 500, 10, 3_600_000);
  const backoffMaxMs = integer('WORKER_BACKOFF_MAX_MS', 30_000, 10, 3_600_000);
  if (backoffMaxMs < backoffInitialMs) {
    problems.push(`WORKER_BACKOFF_MAX_MS (${backoffMaxMs}) must not be below WORKER_BACKOFF_INITIAL_MS (${backoffInitialMs})`);
  }
  const requestTimeoutMs = integer('WORKER_REQUEST_TIMEOUT_MS', 10_000, 100, 600_000);
  const shutdownTimeoutMs = integer('WORKER_SHUTDOWN_TIMEOUT_MS', 8_000, 0, 600_000);
  const logLevel = (read('WORKER_LOG_LEVEL')?.toLowerCase() ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`WORKER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env['WORKER_LOG_LEVEL'])}`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { apiUrl: apiUrl!, apiToken: apiToken!, workerId, port, pollIntervalMs, backoffInitialMs, backoffMaxMs, requestTimeoutMs, shutdownTimeoutMs, logLevel };
}

/**
 * Exactly one of WORKER_API_TOKEN and WORKER_API_TOKEN_FILE (a mounted secret: its first line that
 * is neither blank nor a `#` comment). Problems never quote the token, only its length.
 */
function parseApiToken(value: string | undefined, file: string | undefined, readFile: ReadTextFile, problems: string[]): string | undefined {
  if (value !== undefined && file !== undefined) {
    problems.push('WORKER_API_TOKEN and WORKER_API_TOKEN_FILE are both set; set only one of them');
    return undefined;
  }
  if (value === undefined && file === undefined) {
    problems.push('WORKER_API_TOKEN or WORKER_API_TOKEN_FILE is required: the api\'s worker token (API_WORKER_TOKEN), e.g. made by `openssl rand -hex 32`');
    return undefined;
  }
  let name = 'WORKER_API_TOKEN';
  let token = value;
  if (file !== undefined) {
    name = 'WORKER_API_TOKEN_FILE';
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
      problems.push(`WORKER_API_TOKEN_FILE cannot be read (${reason}): ${JSON.stringify(file)}`);
      return undefined;
    }
    token = text.split(/\r?\n/).map((line) => line.trim()).find((line) => line !== '' && !line.startsWith('#'));
    if (token === undefined) {
      problems.push(`WORKER_API_TOKEN_FILE holds no token (only blank or # lines): ${JSON.stringify(file)}`);
      return undefined;
    }
  }
  if (!TOKEN.test(token!)) {
    problems.push(`${name} must hold a token of visible ASCII characters without spaces, e.g. made by \`openssl rand -hex 32\``);
    return undefined;
  }
  if (token!.length < MIN_TOKEN_LENGTH) {
    problems.push(`${name} must hold a token of at least ${MIN_TOKEN_LENGTH} characters, got ${token!.length}; make one with \`openssl rand -hex 32\``);
    return undefined;
  }
  return token;
}

function parseApiUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) {
    problems.push('WORKER_API_URL is required, e.g. http://api:8000');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`WORKER_API_URL must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`WORKER_API_URL must use http or https, got ${JSON.stringify(raw)}`);
  } else if (url.username || url.password || url.search || url.hash) {
    problems.push(`WORKER_API_URL must not carry credentials, a query or a fragment, got ${JSON.stringify(raw)}`);
  }
  return url.href.replace(/\/+$/, '');
}
