import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BaseImageArg } from '../dockerfile/model.ts';

/** The registry prefix offline stand-ins are tagged under (`polystage.local/python:3.13-slim-trixie`). */
export const OFFLINE_MIRROR = 'polystage.local';

/** Untracked, per-machine: remembers that this machine builds from local stand-ins. */
export const MIRROR_DECISION_FILE = join('.polystage', 'base-images.json');

export interface MirrorDecision {
  mirror: string;
  reason: string;
  decidedAt: string;
}

export interface ResolvedMirror {
  mirror: string;
  source: 'env' | 'decision-file';
}

export function mirroredRef(mirror: string, ref: string): string {
  return `${mirror.replace(/\/+$/, '')}/${ref}`;
}

/** `--build-arg NAME=<mirror>/<ref>` values for every base-image ARG, or none without a mirror. */
export function mirroredBuildArgs(args: readonly BaseImageArg[], mirror: string | undefined): Record<string, string> {
  if (!mirror) return {};
  return Object.fromEntries(args.map((arg) => [arg.name, mirroredRef(mirror, arg.ref)]));
}

/** An explicit BASE_IMAGE_MIRROR wins; otherwise the machine's remembered decision, if any. */
export async function resolveMirror(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedMirror | undefined> {
  const fromEnv = env['BASE_IMAGE_MIRROR']?.trim();
  if (fromEnv) return { mirror: fromEnv, source: 'env' };
  const decision = await readMirrorDecision(workspaceRoot);
  return decision ? { mirror: decision.mirror, source: 'decision-file' } : undefined;
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
  if (typeof decision.mirror !== 'string' || decision.mirror === '') {
    throw new Error(`${file} has no "mirror" string. Delete it and run \`npm run bases\` to decide again.`);
  }
  return decision as MirrorDecision;
}

/** Written atomically (temp file + rename) so a crash never leaves half a decision. */
export async function writeMirrorDecision(workspaceRoot: string, decision: Omit<MirrorDecision, 'decidedAt'>): Promise<MirrorDecision> {
  const file = join(workspaceRoot, MIRROR_DECISION_FILE);
  const full: MirrorDecision = { ...decision, decidedAt: new Date().toISOString() };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(full, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return full;
}
