/** Options of `@polystage/nx-docker:build`; mirrors schema.json. */
export interface DockerBuildOptions {
  dockerfile: string;
  target: string;
  context?: string;
  image?: string;
  buildArgs?: Record<string, string>;
  tags?: string[];
  /** Largest uncompressed size in MB this stage's image may have; the build fails above it. */
  sizeBudgetMb?: number;
}
