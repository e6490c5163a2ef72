import { formatMb, isLoopbackRegistry, judgeSize, platformImages, type BuildRecord, type Platform, type PlatformImage } from '@polystage/docker';

/** What publishing one project is decided from; gathered by the executor, judged here without I/O. */
export interface PublishFacts {
  project: string;
  /** Repository name under the registry: the build's image name. */
  image: string;
  buildTarget: string;
  registry: string | undefined;
  record: BuildRecord;
  /** HEAD, when the workspace is a git checkout. */
  head: { sha: string; shortSha: string } | undefined;
  /** `git status --porcelain` lines. */
  dirty: readonly string[];
  allowDirty: boolean;
  /** The project's own version (package.json / project.json), as `nx release` bumps it. */
  version: string | undefined;
  latest: boolean;
  /** The platforms this run asks of the prod stage (BUILD_PLATFORMS, the target's `platforms`, the host's). */
  platforms: readonly Platform[];
  /** The platform of a record written before multi-platform builds, which names none. */
  host: Platform;
}

export type PublishPlan =
  | { refused: string }
  | {
      /** `<registry>/<image>`. */
      repository: string;
      /** Full refs: the short sha, the version, `latest` when asked. */
      tags: string[];
      /** Said, not refused: a stand-in image going to a loopback registry. */
      notes: string[];
      /** Each platform's smoke-tested image, the top-level one first: what the pushed index must hold, and nothing else. */
      images: PlatformImage[];
    };

/** One-line refusals, or the repository and tags; nothing here can leave a tag behind. */
export function planPublish(facts: PublishFacts): PublishPlan {
  const { project, record } = facts;
  const registry = facts.registry?.replace(/\/+$/, '');
  if (!registry) return { refused: `${project}: docker-publish needs IMAGE_REGISTRY (the registry and namespace to push to, e.g. IMAGE_REGISTRY=localhost:5000/acme); nothing was pushed.` };
  if (!facts.head) return { refused: `${project}: docker-publish tags images by git commit, and this workspace is not a git checkout; nothing was pushed.` };
  if (facts.dirty.length > 0 && !facts.allowDirty) {
    const first = facts.dirty[0]!.slice(3);
    const more = facts.dirty.length > 1 ? ` and ${facts.dirty.length - 1} more` : '';
    return { refused: `${project}: the work tree has uncommitted changes (${first}${more}), so the image would not match a commit: commit them, or pass --allowDirty; nothing was pushed.` };
  }
  if (record.revision !== facts.head.sha) {
    const built = record.revision ? `from ${record.revision.slice(0, 7)}` : 'outside a git checkout';
    return { refused: `${project}: ${project}:prod was built ${built}, but HEAD is ${facts.head.shortSha}: run \`npx nx run ${project}:${facts.buildTarget}\` (and its smoke tests) first; nothing was pushed.` };
  }
  const images = platformImages(record, facts.host);
  const built = images.map((image) => image.platform);
  if (built.length !== facts.platforms.length || facts.platforms.some((platform) => !built.includes(platform))) {
    return {
      refused: `${project}: ${project}:prod was built for ${built.join(', ')}, but this run asks for ${facts.platforms.join(', ')} (BUILD_PLATFORMS, or the target's platforms): run \`npx nx run ${project}:${facts.buildTarget}\` with the same platforms (and its smoke tests) first; nothing was pushed.`,
    };
  }
  for (const image of images) {
    if (image.sizeBudgetMb === undefined) continue;
    const verdict = judgeSize(image.sizeBytes, image.sizeBudgetMb);
    const which = images.length > 1 ? ` (${image.platform})` : '';
    if (!verdict.within) return { refused: `${project}: ${project}:prod${which} is ${formatMb(image.sizeBytes)}, over its ${image.sizeBudgetMb} MB budget; shrink it or raise sizeBudgetMb; nothing was pushed.` };
  }
  const notes: string[] = [];
  if (record.standInBases) {
    if (!isLoopbackRegistry(registry)) {
      return {
        refused: `${project}: ${project}:prod was built on local stand-in bases (${record.standInBases}), not the official images: publish it only to a loopback registry, or rebuild on official bases (\`npm run bases -- --online\`); nothing was pushed.`,
      };
    }
    notes.push(`${project}:prod is built on local stand-in bases (${record.standInBases}); publishing it to the loopback registry ${registry} only.`);
  }
  const repository = `${registry}/${facts.image}`;
  const tags = [facts.head.shortSha, ...(facts.version ? [facts.version] : []), ...(facts.latest ? ['latest'] : [])].map((tag) => `${repository}:${tag}`);
  return { repository, tags, notes, images };
}
