// compose.yaml as data: the one description of how the services run together. The
// compose test checks it; the system smoke and the load benchmark run the services from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ComposeService {
  build?: { context?: string; dockerfile?: string; target?: string };
  image?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  user?: string;
  environment?: Record<string, string>;
  ports?: string[];
  mem_limit?: string;
  pids_limit?: number;
  secrets?: string[];
  tmpfs?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { file?: string }>;
}

export function readComposeFile(root: string): ComposeFile {
  // uniqueKeys: a key written twice is an error, not a silent override.
  return parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { uniqueKeys: true, merge: true }) as ComposeFile;
}

/** `mem_limit: 256m` as megabytes; the file uses m only (the compose test holds it to that). */
export function memoryLimitMb(service: ComposeService): number | undefined {
  const match = /^(\d+)m$/.exec(service.mem_limit ?? '');
  return match ? Number(match[1]) : undefined;
}
