import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Beside a project's smoke specs: the other projects whose prod images the specs start. */
export const SIDECARS_FILE = 'sidecars.json';

/**
 * `smoke/sidecars.json` = `{ "projects": ["api", "gateway"] }`: read without running the specs, so
 * graph creation stays pure, and turned into `dependsOn` edges on each project's docker-prod, so
 * those images are built before the specs start them. No file: no other images.
 */
export function readSidecarProjects(workspaceRoot: string, smokeDir: string): string[] {
  const file = join(smokeDir, SIDECARS_FILE);
  let text: string;
  try {
    text = readFileSync(join(workspaceRoot, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}); write it as {"projects": ["<project>", ...]}.`);
  }
  const projects = (parsed as { projects?: unknown } | null)?.projects;
  if (!Array.isArray(projects) || !projects.every((project) => typeof project === 'string' && project !== '')) {
    throw new Error(`${file} must be {"projects": ["<project>", ...]}, naming the projects whose prod images the smoke specs start; fix it or delete it.`);
  }
  return [...new Set(projects as string[])];
}
