/** Options of `@polystage/nx-docker:build`; mirrors schema.json. */
export interface DockerBuildOptions {
  dockerfile: string;
  target: string;
  context?: string;
  image?: string;
  buildArgs?: Record<string, string>;
  tags?: string[];
}
