import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BaseImageArg } from '../dockerfile/model.ts';

/** The registry prefix offline stand-ins are tagged under (`polystage.local/python:3.13-slim-trixie`). */
export const OFFLINE_MIRROR = 'polystage.local';

/** Label on every image built from local stand-in bases; its value is the mirror prefix. */
export const STAND_IN_BASES_LABEL = 'io.polystage.base-images';

/**
 * Untracked, per-machine: whether this machine builds from local stand-ins or official images, and
 * why. Written by `npm run bases` (tools/src/offline-bases/mode.ts), read by every build.
 */
export const MIRROR_DECISION_FILE = join('.polystage', 'base-images.json');

export interface MirrorDecision {
  /** Prefix the bases come from (`polystage.local`); null: the official registries. */
  mirror: string | null;
  /**
   * `explicit`: chosen with `npm run bases -- --offline` / `--online`, kept until changed.
   * `auto`: the last pull probe's answer, probed again by every `npm run bases`. Files written
   * before this field existed hold a probe's answer and count as `auto`.
   */
  choice: 'explicit' | 'auto';
  reason: string;
  decidedAt: string;
}

export interface ResolvedMirror {
  mirror: string;
  source: 'env' | 'decision-file';
  /** The decision file's content when it decided (source `decision-file`). */
  decision?: MirrorDecision;
}

/**
 * `<mirror>/<name>:<tag>`. A digest pinned beside the tag (`python:3.13-slim-trixie@sha256:...`,
 * as Renovate writes it) is dropped: a stand-in is built on this machine, so it can never have
 * the upstream image's digest; it stands in for the tag. `origin` names the ARG in errors.
 */
export function mirroredRef(mirror: string, ref: string, origin?: string): string {
  return `${mirror.replace(/\/+$/, '')}/${withoutDigest(ref, origin)}`;
}

/** `name:tag@digest` -> `name:tag`; a digest with no tag names no stand-in, so it is an error. */
export function withoutDigest(ref: string, origin = `"${ref}"`): string {
  const at = ref.indexOf('@');
  if (at < 0) return ref;
  const nameAndTag = ref.slice(0, at);
  // The tag is after the last `/` (a `:` before it would be a registry port).
  if (!nameAndTag.slice(nameAndTag.lastIndexOf('/') + 1).includes(':')) {
    throw new Error(
      `${origin} pins a digest with no tag, and offline stand-ins are built per tag: keep the tag beside the digest, as Renovate does (${nameAndTag}:<tag>${ref.slice(at)}).`,
    );
  }
  return nameAndTag;
}

/** `--build-arg NAME=<mirror>/<ref>` values for every base-image ARG, or none without a mirror. */
export function mirroredBuildArgs(args: readonly BaseImageArg[], mirror: string | undefined, file?: string): Record<string, string> {
  if (!mirror) return {};
  return Object.fromEntries(
    args.map((arg) => [arg.name, mirroredRef(mirror, arg.ref, `${arg.name}="${arg.ref}" (${file ?? 'Dockerfile'}:${arg.line})`)]),
  );
}

/**
 * An explicit BASE_IMAGE_MIRROR wins; otherwise the machine's decision file when it names a mirror;
 * otherwise undefined (official images). Builds only read the decision; `npm run bases` makes it.
 */
export async function resolveMirror(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedMirror | undefined> {
  const fromEnv = env['BASE_IMAGE_MIRROR']?.trim();
  if (fromEnv) return { mirror: fromEnv, source: 'env' };
  const decision = await readMirrorDecision(workspaceRoot);
  return decision?.mirror ? { mirror: decision.mirror, source: 'decision-file', decision } : undefined;
}

export async function readMirrorDecision(workspaceRoot: string): Promise<MirrorDecision | undefined> {
  const file = join(workspaceRoot, MIRROR_DECISION_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const decision = JSON.parse(text) as Partial<MirrorDecision>;
  if (decision.mirror !== null && (typeof decision.mirror !== 'string' || decision.mirror === '')) {
    throw new Error(`${file} has no "mirror" (a prefix, or null for official images). Delete it and run \`npm run bases\` to decide again.`);
  }
  return {
    mirror: decision.mirror,
    choice: decision.choice === 'explicit' ? 'explicit' : 'auto',
    reason: typeof decision.reason === 'string' ? decision.reason : '',
    decidedAt: typeof decision.decidedAt === 'string' ? decision.decidedAt : '',
  };
}

/** Written atomically (temp file + rename) so a crash never leaves half a decision. */
export async function writeMirrorDecision(
  workspaceRoot: string,
  decision: Omit<MirrorDecision, 'decidedAt'> & { decidedAt?: string },
): Promise<MirrorDecision> {
  const file = join(workspaceRoot, MIRROR_DECISION_FILE);
  const full: MirrorDecision = { mirror: decision.mirror, choice: decision.choice, reason: decision.reason, decidedAt: decision.decidedAt ?? new Date().toISOString() };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(full, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return full;
}
