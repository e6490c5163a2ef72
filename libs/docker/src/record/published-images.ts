/**
 * `dist/images.json`: every image a run published, by project, referenced by digest, for a
 * compose override or a deployment manifest. Publish tasks of one run write it side by side, so
 * each read-modify-write holds a lock (an exclusive lock file), and the file is replaced whole.
 */
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';

export interface PublishedEntry {
  /** `<repository>@<digest>`: what to deploy. */
  ref: string;
  digest: string;
  tags: string[];
  /** The engine image ID (config digest) that was built and smoke-tested. */
  imageId: string;
  revision?: string;
  /** Each platform's image manifest in the index (what verify-images checks); one entry for one platform. */
  platforms?: { platform: string; digest: string; imageId: string }[];
}

export interface PublishedImages {
  images: Record<string, PublishedEntry>;
}

export function publishedImagesPath(workspaceRoot: string): string {
  return join(workspaceRoot, 'dist', 'images.json');
}

export async function readPublishedImages(workspaceRoot: string): Promise<PublishedImages> {
  try {
    return JSON.parse(await readFile(publishedImagesPath(workspaceRoot), 'utf8')) as PublishedImages;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { images: {} };
    throw error;
  }
}

export async function recordPublished(workspaceRoot: string, project: string, entry: PublishedEntry, boundMs = 60_000): Promise<void> {
  const file = publishedImagesPath(workspaceRoot);
  await mkdir(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  const deadline = Date.now() + boundMs;
  for (;;) {
    try {
      await (await open(lock, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`${lock} has been held for ${boundMs / 1000} s; if no publish is running, delete it and publish again.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    const current = await readPublishedImages(workspaceRoot);
    const next: PublishedImages = { images: { ...current.images, [project]: entry } };
    await writeFile(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
  } finally {
    await rm(lock, { force: true });
  }
}
