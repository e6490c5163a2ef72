import { formatMb, isLoopbackRegistry, judgeSize, type BuildRecord } from '@polystage/docker';

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
  if (record.sizeBudgetMb !== undefined) {
    const verdict = judgeSize(record.sizeBytes, record.sizeBudgetMb);
    if (!verdict.within) return { refused: `${project}: ${project}:prod is ${formatMb(record.sizeBytes)}, over its ${record.sizeBudgetMb} MB budget; shrink it or raise sizeBudgetMb; nothing was pushed.` };
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
  return { repository, tags, notes };
}
