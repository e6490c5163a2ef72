import { runDocker, type DockerRunner } from '../run-docker.ts';
import type { Engine } from '../engine/connect.ts';

/** What this workspace reads of a local image's `docker image inspect`. */
export interface ImageFacts {
  /** `sha256:…` */
  id: string;
  repoTags: string[];
  /** `name@sha256:…` for images pulled (or pushed) by digest. */
  repoDigests: string[];
  /** Uncompressed size in bytes (decimal MB as `docker images` prints them is bytes / 1e6). */
  sizeBytes: number;
  layers: number;
  labels: Record<string, string>;
  /** Config.User as written, '' when unset (root). */
  user: string;
  env: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  workingDir: string;
  exposedPorts: string[];
  /** The platform's architecture the config names (`amd64`, `arm64`). */
  architecture: string;
}

interface InspectJson {
  Id: string;
  Architecture?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size: number;
  RootFS?: { Layers?: string[] | null };
  Config?: {
    User?: string;
    Env?: string[] | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    ExposedPorts?: Record<string, unknown> | null;
  } | null;
}

/** The facts of each image `docker image inspect` printed (it prints the ones it found even when some are missing). */
export function parseImageInspect(json: string): ImageFacts[] {
  if (!json.trim()) return [];
  return (JSON.parse(json) as InspectJson[]).map((image) => ({
    id: image.Id,
    repoTags: image.RepoTags ?? [],
    repoDigests: image.RepoDigests ?? [],
    sizeBytes: image.Size,
    layers: image.RootFS?.Layers?.length ?? 0,
    labels: image.Config?.Labels ?? {},
    user: image.Config?.User ?? '',
    env: image.Config?.Env ?? [],
    entrypoint: image.Config?.Entrypoint ?? null,
    cmd: image.Config?.Cmd ?? null,
    workingDir: image.Config?.WorkingDir ?? '',
    exposedPorts: Object.keys(image.Config?.ExposedPorts ?? {}),
    architecture: image.Architecture ?? '',
  }));
}

/** One local image by tag or ID; undefined when the engine does not have it. */
export async function inspectImage(engine: Pick<Engine, 'client'>, ref: string, run: DockerRunner = runDocker): Promise<ImageFacts | undefined> {
  const result = await run(engine.client, ['image', 'inspect', ref]);
  return result.exitCode === 0 ? parseImageInspect(result.stdout)[0] : undefined;
}

/**
 * Several local images in one call (a warm `npm run bases` stays well under a second), by the ref
 * asked for; refs the engine does not have map to undefined.
 */
export async function inspectImages(engine: Pick<Engine, 'client'>, refs: readonly string[], run: DockerRunner = runDocker): Promise<Map<string, ImageFacts | undefined>> {
  const found = new Map<string, ImageFacts | undefined>(refs.map((ref) => [ref, undefined]));
  if (refs.length === 0) return found;
  const result = await run(engine.client, ['image', 'inspect', ...refs]);
  for (const image of parseImageInspect(result.stdout)) {
    for (const ref of refs) if (namesImage(ref, image)) found.set(ref, image);
  }
  return found;
}

/** Whether `ref` (a tag, a bare name meaning `:latest`, `name[:tag]@digest`, or an ID) names this image. */
export function namesImage(ref: string, image: Pick<ImageFacts, 'id' | 'repoTags' | 'repoDigests'>): boolean {
  const at = ref.indexOf('@');
  if (at >= 0) return image.repoDigests.includes(`${withoutTag(ref.slice(0, at))}${ref.slice(at)}`);
  if (image.repoTags.includes(withExplicitTag(ref))) return true;
  const hex = ref.replace(/^sha256:/, '');
  return /^[0-9a-f]{12,64}$/.test(hex) && image.id.replace(/^sha256:/, '').startsWith(hex);
}

/** `repo` -> `repo:latest`, as docker lists it; refs with a tag or digest stay as they are. */
export function withExplicitTag(ref: string): string {
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || lastSegment.includes('@') ? ref : `${ref}:latest`;
}

/** `name:tag` -> `name`; a `:` before the last `/` is a registry port, not a tag. */
function withoutTag(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/** The short form people recognise from `docker images`: 12 hex digits. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
