import type { SizeBudget } from '@polystage/docker';

/** Options of `@polystage/nx-docker:build`; mirrors schema.json. */
export interface DockerBuildOptions {
  dockerfile: string;
  target: string;
  context?: string;
  image?: string;
  buildArgs?: Record<string, string>;
  tags?: string[];
  /**
   * Platforms of the prod image (`linux/amd64`, `linux/arm64`); BUILD_PLATFORMS overrides them; default:
   * the host's. The prod stage only: every other stage builds for the host.
   */
  platforms?: string[];
  /** Largest uncompressed size in MB this stage's image may have, or one per platform; the build fails above it. */
  sizeBudgetMb?: SizeBudget;
}
