// GenericContainer plus the two host-config knobs testcontainers 12 has no builder for.
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
}
