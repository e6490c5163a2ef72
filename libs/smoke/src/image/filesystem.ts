// The files of an image, read from outside: create a container (never started),
// export its filesystem as a tar stream and list the entries. Works for images
// without a shell, where `docker run ... sh -c 'test -e'` is impossible.
import path from 'node:path';
import { dockerode, SMOKE_LABEL } from '../engine.ts';
import { globToRegExp } from './glob.ts';
import { readTarEntries } from './tar-entries.ts';
import type { TarEntry } from './tar-entries.ts';

const MAX_SYMLINK_HOPS = 40; // same limit as Linux (ELOOP)

export class ImageFilesystem {
  readonly entries: ReadonlyMap<string, TarEntry>;

  constructor(entries: Iterable<TarEntry>) {
    const byPath = new Map<string, TarEntry>();
    for (const entry of entries) byPath.set(entry.path, entry);
    // Archives may omit parent directory entries; their children still imply them.
    for (const entryPath of [...byPath.keys()]) {
      for (let parent = path.posix.dirname(entryPath); parent !== '/' && !byPath.has(parent); parent = path.posix.dirname(parent)) {
        byPath.set(parent, { path: parent, type: 'directory', mode: 0o755, size: 0 });
      }
    }
    this.entries = byPath;
  }

  /**
   * Follows symlinks in every component, like the kernel would: with /bin -> usr/bin
   * and /usr/bin/sh -> dash, "/bin/sh" resolves to "/usr/bin/dash". Returns undefined
   * when the path (or a link target on the way) does not exist.
   */
  resolve(target: string): string | undefined {
    return this.resolveWithin(target, { hops: 0 });
  }

  /** True when the path exists after following symlinks (a dangling link is absent). */
  exists(target: string): boolean {
    return this.resolve(target) !== undefined;
  }

  /** Paths of entries matching a glob (e.g. "/app/**\/*.test.*") that exist after link resolution. */
  findPresent(glob: string): string[] {
    const pattern = globToRegExp(glob);
    const found: string[] = [];
    for (const entryPath of this.entries.keys()) {
      if (pattern.test(entryPath) && this.exists(entryPath)) found.push(entryPath);
    }
    return found.sort();
  }

  private resolveWithin(target: string, state: { hops: number }): string | undefined {
    let current = '/';
    for (const part of target.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        current = path.posix.dirname(current);
        continue;
      }
      const candidate = path.posix.join(current, part);
      const entry = this.entries.get(candidate);
      if (entry === undefined) return undefined;
      if (entry.type === 'symlink' && entry.linkTarget !== undefined) {
        if (++state.hops > MAX_SYMLINK_HOPS) return undefined;
        const linked = entry.linkTarget.startsWith('/')
          ? entry.linkTarget
          : path.posix.join(path.posix.dirname(candidate), entry.linkTarget);
        const resolved = this.resolveWithin(linked, state);
        if (resolved === undefined) return undefined;
        current = resolved;
      } else {
        current = candidate;
      }
    }
    return current;
  }
}

/** Lists an image's filesystem through `docker create` + export; the container never runs. */
export async function readImageFilesystem(image: string): Promise<ImageFilesystem> {
  const docker = await dockerode();
  // Cmd is only there because images without CMD/ENTRYPOINT (scratch) refuse to be created without one.
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['/smoke-export-never-runs'],
    Labels: { [SMOKE_LABEL]: 'filesystem-export' },
  });
  try {
    const archive = await container.export();
    return new ImageFilesystem(await readTarEntries(archive));
  } finally {
    await container.remove({ force: true, v: true });
  }
}
