/**
 * One record per built target: `dist/images/<project>/<stage>.json`, written by the build executor
 * (`nx run <project>:docker-<stage>`). Later steps (smoke tests, size summaries, benchmarks,
 * publishing) read what was built from here instead of guessing it from a tag.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export interface BaseImageRecord {
  /** The `*_IMAGE` ARG that named it, when the FROM used one. */
  arg?: string;
  /** The ref the build used (after a mirror rewrite or an explicit build arg). */
  ref: string;
  /** Its local image ID when the build ran; absent when only BuildKit's cache holds it (pulled, not loaded). */
  id?: string;
}

export interface BuildRecord {
  project: string;
  stage: string;
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
  /** Set by docker-publish: where this very image (same config digest) now is in a registry. */
  published?: PublishedImage;
}

export interface PublishedImage {
  /** `<registry>/<image>`. */
  repository: string;
  /** What the tags point at: the image index (with attestations) or the image manifest. */
  digest: string;
  tags: string[];
  /** SLSA provenance (BuildKit, mode=max) and an SPDX SBOM attached beside the image. */
  provenance: boolean;
  sbom: boolean;
  /** Signed by digest with COSIGN_KEY (the SBOM is then a signed attestation too). */
  signed: boolean;
  publishedAt: string;
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
