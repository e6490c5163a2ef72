/** Options of `@polystage/nx-docker:publish`; mirrors schema.json. */
export interface DockerPublishOptions {
  buildTarget?: string;
  registry?: string;
  latest?: boolean;
  allowDirty?: boolean;
}
