/**
 * One record per built target: `dist/images/<project>/<stage>.json`, written by the build executor
 * (`nx run <project>:docker-<stage>`). Later steps (smoke tests, size summaries, benchmarks,
 * publishing) read what was built from here instead of guessing it from a tag.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Platform } from '../image-build/platforms.ts';

export interface BaseImageRecord {
  /** The `*_IMAGE` ARG that named it, when the FROM used one. */
  arg?: string;
  /** The ref the build used (after a mirror rewrite or an explicit build arg). */
  ref: string;
  /** Its local image ID when the build ran; absent when only BuildKit's cache holds it (pulled, not loaded). */
  id?: string;
}

/** One platform's image of a build: each platform is built, loaded and checked on its own. */
export interface PlatformImage {
  platform: Platform;
  /** `sha256:…`, from that platform's `--iidfile`. */
  imageId: string;
  /** The host platform's image has the plain tags; another's end in `-linux-arm64` (one platform per tag). */
  tags: string[];
  sizeBytes: number;
  layers: number;
  /** The budget this platform's image was checked against, when it has one. */
  sizeBudgetMb?: number;
  buildSeconds: number;
  /** A platform other than the host's: the RUN steps that ran under emulation (qemu), and their time. */
  emulated?: { steps: number; seconds: number };
}

export interface BuildRecord {
  project: string;
  stage: string;
  /**
   * The platform of the top-level image fields (imageId, tags, size): the host's when it was built,
   * else the first. Absent in records written before multi-platform builds (the host's, then).
   */
  platform?: Platform;
  /** `sha256:…`, from `--iidfile`. */
  imageId: string;
  tags: string[];
  sizeBytes: number;
  layers: number;
  /** The docker-prod budget the image was checked against, when it has one. */
  sizeBudgetMb?: number;
  revision?: string;
  /** Base images of the stages this target builds, in Dockerfile order. */
  baseImages: BaseImageRecord[];
  /** Mirror prefix of local stand-in bases, when the image was not built on the official ones. */
  standInBases?: string;
  /** Which BuildKit built it: `engine` (the engine's own) or a buildx builder by name and driver. */
  builder: { kind: 'engine' } | { kind: 'buildx'; name: string; driver: string };
  /** The engine the image is in (engine-host.ts): smoke containers must run there too. */
  engineHost: string;
  builtAt: string;
  /** Every platform built, the top-level one included; written for one platform too. */
  platforms?: PlatformImage[];
  /** Set by docker-publish: where this very image (same config digest) now is in a registry. */
  published?: PublishedImage;
}

/** One platform's image inside a published index. */
export interface PublishedPlatform {
  platform: Platform;
  /** The platform's image manifest in the index: what its SBOM is attached to. */
  digest: string;
  /** Equal to that platform's recorded imageId (checked before any tag moved). */
  configDigest: string;
  /** An SPDX SBOM of that platform's image, attached (or attested, when signed) to `<repository>@<digest>`. */
  sbom: boolean;
}

export interface PublishedImage {
  /** `<registry>/<image>`. */
  repository: string;
  /** What the tags point at: the image index (one manifest per platform, with attestations) or the image manifest. */
  digest: string;
  tags: string[];
  /** SLSA provenance (BuildKit, mode=max) and an SPDX SBOM attached beside the image. */
  provenance: boolean;
  sbom: boolean;
  /** Signed by digest with COSIGN_KEY (the SBOM is then a signed attestation too). */
  signed: boolean;
  publishedAt: string;
  /** Each platform in the index; absent in records published before multi-platform images. */
  platforms?: PublishedPlatform[];
}

export function buildRecordPath(workspaceRoot: string, project: string, stage: string): string {
  return join(workspaceRoot, 'dist', 'images', project, `${stage}.json`);
}

/** Written atomically (temp file + rename): a reader never sees half a record. */
export async function writeBuildRecord(workspaceRoot: string, record: BuildRecord): Promise<string> {
  const file = buildRecordPath(workspaceRoot, record.project, record.stage);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

/** The record of the last successful build of `<project>:docker-<stage>`, or undefined when there is none. */
export function readBuildRecord(workspaceRoot: string, project: string, stage: string): BuildRecord | undefined {
  const file = buildRecordPath(workspaceRoot, project, stage);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const record = JSON.parse(text) as Partial<BuildRecord>;
  if (typeof record.imageId !== 'string' || !record.imageId) {
    throw new Error(`${relative(workspaceRoot, file)} names no imageId; rebuild it: \`npx nx run ${project}:docker-${stage}\`.`);
  }
  return record as BuildRecord;
}

/** Like readBuildRecord, but a missing record is an error that says which target writes it. */
export function requireBuildRecord(workspaceRoot: string, project: string, stage: string): BuildRecord {
  const record = readBuildRecord(workspaceRoot, project, stage);
  if (record) return record;
  const file = relative(workspaceRoot, buildRecordPath(workspaceRoot, project, stage));
  throw new Error(`No build record of ${project}'s ${stage} image (${file}): build it first with \`npx nx run ${project}:docker-${stage}\`.`);
}

/** The record's platform images, the top-level one first; a record from before multi-platform builds is its one image. */
export function platformImages(record: BuildRecord, host: Platform): PlatformImage[] {
  if (!record.platforms?.length) {
    const { imageId, tags, sizeBytes, layers, sizeBudgetMb } = record;
    return [{ platform: record.platform ?? host, imageId, tags, sizeBytes, layers, ...(sizeBudgetMb !== undefined ? { sizeBudgetMb } : {}), buildSeconds: 0 }];
  }
  const top = record.platforms.find((image) => image.imageId === record.imageId);
  return [...(top ? [top] : []), ...record.platforms.filter((image) => image !== top)];
}
