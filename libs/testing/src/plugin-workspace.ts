/**
 * For tests of Nx plugins: a workspace of a few files in a temp folder, and what a plugin's
 * createNodes infers from it, the way Nx would call it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateNodes, ProjectConfiguration } from '@nx/devkit';

/** Writes `files` (path -> text) under a fresh temp folder and returns its path. */
export function writeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'polystage-plugin-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export interface InferredNodes {
  /** The files createNodes answered for, in its order. */
  files: string[];
  /** Every project the plugin inferred, by root (results for one root merged in order). */
  projects: Record<string, Partial<ProjectConfiguration>>;
}

/** Calls the plugin's createNodes on `files` (paths relative to `root`), as Nx does. */
export async function inferNodes<T>(plugin: CreateNodes<T>, root: string, files: string[], options?: T): Promise<InferredNodes> {
  const [, create] = plugin;
  const results = await create(files, options, { workspaceRoot: root, nxJsonConfiguration: {} });
  const projects: Record<string, Partial<ProjectConfiguration>> = {};
  for (const [, result] of results) {
    for (const [projectRoot, project] of Object.entries(result.projects ?? {})) {
      const known = projects[projectRoot] ?? {};
      projects[projectRoot] = { ...known, ...project, targets: { ...known.targets, ...project.targets } };
    }
  }
  return { files: results.map(([file]) => file), projects };
}
