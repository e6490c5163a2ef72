// How to run one service image for a smoke check.
import type { Platform } from '@polystage/docker';
import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { prodImage } from './built-image.ts';

export interface ServiceRun {
  /** Local image reference: a recorded image ID (prodImage), or a tag such as "api:candidate". Never pulled. */
  image: string;
  /** Container port the service listens on (its EXPOSE). */
  port: number;
  /** Path answering 2xx when the service is ready, e.g. "/health". */
  healthPath: string;
  /** Port serving healthPath when it is not `port` (an admin listener the public traffic never reaches). */
  healthPort?: number;
  /** How long the service may take to answer its health path. Default 30 000 ms. */
  startupBudgetMs?: number;
  env?: Record<string, string>;
  /** Replaces the image's CMD (not its ENTRYPOINT). */
  command?: string[];
  /** tmpfs mounts the service documents, path -> mount options ('' for defaults), e.g. { '/tmp': 'rw,size=16m' }. */
  tmpfs?: Record<string, string>;
  /** Paths backed by fresh anonymous volumes (writable state the service documents). */
  volumes?: string[];
  /** `docker run --read-only`. */
  readOnlyRootfs?: boolean;
  /** `docker run --user`, e.g. "12345:0"; default the image's USER. */
  user?: string;
  /** `docker run --memory <n>m --memory-swap <n>m`: the cap compose.yaml gives the service. */
  memoryMb?: number;
  /** `docker run --pids-limit`. */
  pidsLimit?: number;
  network?: StartedNetwork;
  networkAliases?: string[];
  /**
   * `docker run --platform`, for an image of another platform than the host's: the engine then runs
   * it under QEMU without a warning, and refuses an image that is not that platform.
   */
  platform?: Platform;
  /** Multiplies startupBudgetMs, the stop grace and request timeouts: 10 under emulation by default, else 1. */
  emulationFactor?: number;
}

export interface RunningService {
  image: string;
  container: StartedTestContainer;
  /** e.g. "http://localhost:49153", the service port as mapped on the host. */
  baseUrl: string;
  /** The health port as mapped on the host; baseUrl when health is served on the service port. */
  healthBaseUrl: string;
  /** From asking the engine to create the container until the health path answered 2xx. */
  timeToHealthyMs: number;
  /** The run's emulationFactor (1 native): the stop grace and request timeouts are scaled by it. */
  emulationFactor: number;
  /** Last lines the container printed. */
  logs(): string;
  /** Kills and removes the container (and its anonymous volumes); safe to call twice. */
  remove(): Promise<void>;
}

export const DEFAULT_STARTUP_BUDGET_MS = 30_000;

/**
 * The image a service's smoke spec tests: SMOKE_IMAGE wins, then the spec's choice, then the image
 * its last `docker-prod` build recorded (dist/images/<project>/prod.json).
 */
export function resolveSmokeImage(project: string, image?: string, root?: string): string {
  return process.env['SMOKE_IMAGE'] || image || prodImage(project, root);
}

export function describeRunMode(run: ServiceRun): string {
  const parts: string[] = [];
  if (run.user) parts.push(`user ${run.user}`);
  if (run.memoryMb) parts.push(`memory ${run.memoryMb} MB`);
  if (run.pidsLimit) parts.push(`pids ${run.pidsLimit}`);
  if (run.readOnlyRootfs) parts.push('read-only root filesystem');
  const tmpfs = Object.keys(run.tmpfs ?? {});
  if (tmpfs.length > 0) parts.push(`tmpfs ${tmpfs.join(', ')}`);
  if ((run.volumes ?? []).length > 0) parts.push(`volumes ${run.volumes!.join(', ')}`);
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}
