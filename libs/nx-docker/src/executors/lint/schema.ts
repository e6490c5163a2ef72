/** Options of `@polystage/nx-docker:lint`; mirrors schema.json. */
export interface DockerLintOptions {
  dockerfile: string;
  context?: string;
  buildArgs?: Record<string, string>;
}
