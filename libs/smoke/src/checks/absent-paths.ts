import { readImageFilesystem } from '../image/filesystem.ts';
import type { ImageFilesystem } from '../image/filesystem.ts';

export interface PresentPath {
  promisedAbsent: string;
  found: string;
  /** Where a symlink chain ends, when it differs from `found`. */
  resolvesTo?: string;
}

const isGlob = (pattern: string): boolean => /[*?[\]{}]/.test(pattern);

/** Which promised-absent paths or globs exist in the filesystem (pure, for tests and reuse). */
export function findPresentPaths(filesystem: ImageFilesystem, promisedAbsent: readonly string[]): PresentPath[] {
  const present: PresentPath[] = [];
  for (const pattern of promisedAbsent) {
    const candidates = isGlob(pattern) ? filesystem.findPresent(pattern) : [pattern];
    for (const candidate of candidates) {
      const resolved = filesystem.resolve(candidate);
      if (resolved === undefined) continue;
      present.push({ promisedAbsent: pattern, found: candidate, ...(resolved !== candidate ? { resolvesTo: resolved } : {}) });
    }
  }
  return present;
}

/**
 * Fails when any promised-absent path exists in the image. Reads the filesystem from
 * outside (docker create + export), so it works on images without a shell.
 */
export async function expectAbsentPaths(image: string, promisedAbsent: readonly string[]): Promise<void> {
  const filesystem = await readImageFilesystem(image);
  const present = findPresentPaths(filesystem, promisedAbsent);
  if (present.length === 0) return;
  const lines = present.map(
    (entry) =>
      `  ${entry.found}${entry.resolvesTo ? ` -> ${entry.resolvesTo}` : ''}` +
      (entry.promisedAbsent !== entry.found ? `  (matches ${entry.promisedAbsent})` : ''),
  );
  throw new Error(
    `Image ${image} contains ${present.length} path(s) it promises not to have ` +
      `(shell, compiler, package manager or service-specific):\n${lines.join('\n')}`,
  );
}
