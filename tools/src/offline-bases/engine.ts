import { execa } from 'execa';
import { assertEngineAnswers, detectDockerCli, type DockerCli } from '@polystage/nx-docker';
import { RECIPE_HASH_LABEL } from './recipe-hash.ts';

/** A docker client that can run BuildKit builds, checked against a live engine. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env): Promise<DockerCli> {
  const cli = await detectDockerCli({ env });
  await assertEngineAnswers(cli.path, env);
  return cli;
}

/**
 * Recipe hash label of each local image, by tag; absent tags map to undefined. One `docker image
 * inspect` for all tags keeps a warm `ensure` well under a second.
 */
export async function recipeHashesOf(cli: DockerCli, tags: readonly string[]): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>(tags.map((tag) => [tag, undefined]));
  if (tags.length === 0) return found;
  // docker lists `name` as `name:latest`; map that back to the tag as asked.
  const askedAs = new Map(tags.map((tag) => [withExplicitTag(tag), tag]));
  const format = `{{json .RepoTags}}\t{{index .Config.Labels "${RECIPE_HASH_LABEL}"}}`;
  // Exits non-zero when any tag is missing but still prints the ones it found.
  const result = await execa(cli.path, ['image', 'inspect', '--format', format, ...tags], { reject: false, stdin: 'ignore' });
  for (const line of String(result.stdout).split('\n').filter(Boolean)) {
    const [repoTags, hash] = line.split('\t');
    for (const tag of JSON.parse(repoTags ?? '[]') as string[] | null ?? []) {
      const asked = askedAs.get(tag);
      if (asked !== undefined) found.set(asked, hash && hash !== '<no value>' ? hash : undefined);
    }
  }
  return found;
}

/** `repo` -> `repo:latest`; refs with a tag or digest stay as they are. */
export function withExplicitTag(ref: string): string {
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || lastSegment.includes('@') ? ref : `${ref}:latest`;
}
