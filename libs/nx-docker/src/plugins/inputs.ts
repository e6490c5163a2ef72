import type { TargetConfiguration } from '@nx/devkit';
import type { StageBaseImage } from '../base-images/build-args.ts';
import type { ContextSource } from '../dockerfile/model.ts';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/** The hash of a cached docker task must change when anything the build sees changes. */
export function dockerTaskInputs(dockerfile: string, sources: readonly ContextSource[], bases: readonly StageBaseImage[]): Input[] {
  return [
    `{workspaceRoot}/${dockerfile}`,
    '{workspaceRoot}/.dockerignore',
    ...sources.flatMap((source) => contextGlobs(source.path)),
    '^production',
    { env: 'BASE_IMAGE_MIRROR' },
    // Base images are part of the result; their local IDs are read when the task is hashed, never
    // during graph creation. The refs are passed as found here, so the hash does not parse the Dockerfile again.
    // No bases (FROM scratch, or docker-lint, which builds nothing): no process spawned per hash to print nothing.
    ...(bases.length > 0 ? [{ runtime: ['node node_modules/@polystage/nx-docker/src/bin/base-image-ids.ts', ...bases.map(baseImageArgument)].join(' ') }] : []),
  ];
}

/**
 * docker-prod and docker-publish always run (no Nx cache), so they keep Nx's default inputs; but
 * which platforms they build and push (BUILD_PLATFORMS) is in their hash, so two runs for different
 * platforms never look alike. Other stages build for the host whatever it says, and leave it out.
 */
export function prodTaskInputs(): Input[] {
  return ['default', '^default', { env: 'BUILD_PLATFORMS' }];
}

/** `PYTHON_IMAGE=python:3.13-slim-trixie` for a base named by an ARG (the mirror rewrites it), else the ref alone. */
export function baseImageArgument(base: StageBaseImage): string {
  return base.arg ? `${base.arg}=${base.ref}` : base.ref;
}

/** The other way round, for the runtime input that reads these arguments (bin/base-image-ids.ts). */
export function parseBaseImageArgument(argument: string): StageBaseImage {
  const named = /^(?<arg>[A-Za-z0-9_]+_IMAGE)=(?<ref>.+)$/.exec(argument)?.groups;
  return named ? { arg: named['arg']!, ref: named['ref']! } : { ref: argument };
}

/**
 * A COPY source is a file, a folder or a glob relative to the context root (the workspace root):
 * a plain path may be either, so it stands for itself and everything below it.
 */
export function contextGlobs(path: string): string[] {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.') return ['{workspaceRoot}/**/*'];
  if (/[*?[]/.test(clean)) return [`{workspaceRoot}/${clean}`];
  return [`{workspaceRoot}/${clean}`, `{workspaceRoot}/${clean}/**/*`];
}
