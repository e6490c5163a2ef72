import { expectReadOnlyRootfs } from './read-only-rootfs.ts';
import type { SmokeRequest } from './request.ts';
import type { ServiceRun } from '../service.ts';

/**
 * A uid no image declares, in group 0: what OpenShift's restricted profile (and any pod
 * security policy that picks the uid) runs an image as. An image passes when whatever it
 * writes is owned by group 0 and group-writable, not by its own USER.
 */
export const ARBITRARY_USER = '12345:0';

/**
 * Runs the image as ARBITRARY_USER with a read-only root filesystem and only the documented
 * tmpfs mounts and fresh volumes; it must become healthy and answer the real requests.
 * Returns the time-to-healthy in that mode.
 */
export async function expectArbitraryUid(run: ServiceRun, requests: readonly SmokeRequest[]): Promise<number> {
  return expectReadOnlyRootfs({ ...run, user: ARBITRARY_USER }, requests);
}
