// What a service adds to the whole-system tests, kept with the service so it goes when the service
// does (`nx g @polystage/nx-docker:remove-service` deletes the folder): services/<name>/smoke/
// system-checks.ts, optional, exporting `systemChecks`. The flow smoke and the compose smoke run
// the checks of every compose.yaml service that has one; the core flow (web, api, worker behind the
// gateway) is theirs. Structural types only: a service importing from the system project would make
// the two depend on each other.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readComposeFile } from './compose-file.ts';

export interface SystemChecks {
  /** Added to services' environments when the whole system runs from the images (by compose service name). */
  env?: Record<string, Record<string, string>>;
  /**
   * Called once the system, reached at `base` (the gateway's public URL), has finished
   * `succeeded` text-stats jobs and no others; asserts what the service makes of them.
   */
  afterJobs(base: string, succeeded: number): Promise<void>;
}

export interface ServiceSystemChecks {
  service: string;
  checks: SystemChecks;
}

export const systemChecksFile = (root: string, service: string): string => join(root, 'services', service, 'smoke', 'system-checks.ts');

export async function loadSystemChecks(root: string): Promise<ServiceSystemChecks[]> {
  const found: ServiceSystemChecks[] = [];
  for (const service of Object.keys(readComposeFile(root).services)) {
    const file = systemChecksFile(root, service);
    if (!existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as { systemChecks?: SystemChecks };
    if (typeof module.systemChecks?.afterJobs !== 'function') throw new Error(`${file} must export systemChecks with an afterJobs function (system/src/service-checks.ts).`);
    found.push({ service, checks: module.systemChecks });
  }
  return found;
}

/** Every service's env for the whole system, merged per target service (a later one wins). */
export const systemChecksEnv = (all: readonly ServiceSystemChecks[]): Record<string, Record<string, string>> => {
  const env: Record<string, Record<string, string>> = {};
  for (const { checks } of all) for (const [service, vars] of Object.entries(checks.env ?? {})) env[service] = { ...env[service], ...vars };
  return env;
};
