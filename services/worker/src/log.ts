// One JSON object per line on stdout: ts (UTC, ISO 8601), level, msg, then the caller's fields.
import type { LogLevel } from './config.ts';

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const emit = (at: LogLevel) => (msg: string, fields: Fields = {}) => {
    if (RANK[at] < RANK[level]) return;
    write(`${JSON.stringify({ ts: new Date().toISOString(), level: at, msg, ...fields }, errorsAsText)}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Errors serialize as `{}` by default; log their message (and cause) instead. */
function errorsAsText(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return value.cause instanceof Error ? `${value.message} (${value.cause.message})` : value.message;
}

/** For tests and tools that want no output. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
