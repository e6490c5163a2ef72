// GenericContainer plus the host-config knobs testcontainers 12 has no builder for.
import { GenericContainer } from 'testcontainers';

export class SmokeContainer extends GenericContainer {
  /** `docker run --read-only`. */
  withReadOnlyRootFilesystem(): this {
    this.hostConfig.ReadonlyRootfs = true;
    return this;
  }

  /** A fresh anonymous volume at each path (`docker run -v /path`; empty Source means anonymous), removed with the container. */
  withAnonymousVolumes(paths: readonly string[]): this {
    this.hostConfig.Mounts = [...(this.hostConfig.Mounts ?? []), ...paths.map((target) => ({ Type: 'volume' as const, Source: '', Target: target }))];
    return this;
  }

  /** A memory cap without swap beyond it (so the cap is the cap), and a process cap. */
  withLimits(limits: { memoryMb?: number; pidsLimit?: number }): this {
    if (limits.memoryMb) {
      this.hostConfig.Memory = limits.memoryMb * 1024 * 1024;
      this.hostConfig.MemorySwap = this.hostConfig.Memory;
    }
    if (limits.pidsLimit) this.hostConfig.PidsLimit = limits.pidsLimit;
    return this;
  }
}
