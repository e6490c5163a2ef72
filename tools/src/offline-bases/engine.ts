import { execa } from 'execa';
import { assertEngineAnswers, detectDockerCli, type DockerCli } from '@polystage/nx-docker';
import { RECIPE_HASH_LABEL, STAND_IN_FOR_LABEL } from './recipe-hash.ts';
import { VERSIONS_LABEL } from './versions.ts';

/** A docker client that can run BuildKit builds, checked against a live engine. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env): Promise<DockerCli> {
  const cli = await detectDockerCli({ env });
  await assertEngineAnswers(cli.path, env);
  return cli;
}

/** The labels a stand-in carries: its recipe hash, the ref it stands in for, the versions it was checked to have. */
export interface StandInLabels {
  hash?: string;
  standInFor?: string;
  versions?: string;
}

/**
 * Stand-in labels of each local image, by tag; absent tags map to undefined. One `docker image
 * inspect` for all tags keeps a warm `ensure` well under a second.
 */
export async function standInLabelsOf(cli: DockerCli, tags: readonly string[]): Promise<Map<string, StandInLabels | undefined>> {
  const found = new Map<string, StandInLabels | undefined>(tags.map((tag) => [tag, undefined]));
  if (tags.length === 0) return found;
  // docker lists `name` as `name:latest`; map that back to the tag as asked.
  const askedAs = new Map(tags.map((tag) => [withExplicitTag(tag), tag]));
  // Exits non-zero when any tag is missing but still prints the ones it found.
  const result = await execa(cli.path, ['image', 'inspect', '--format', INSPECT_FORMAT, ...tags], { reject: false, stdin: 'ignore' });
  for (const image of parseStandInInspect(String(result.stdout))) {
    for (const tag of image.repoTags) {
      const asked = askedAs.get(tag);
      if (asked !== undefined) found.set(asked, image.labels);
    }
  }
  return found;
}

/** Recipe hash label of each local image, by tag; absent tags (or labels) map to undefined. */
export async function recipeHashesOf(cli: DockerCli, tags: readonly string[]): Promise<Map<string, string | undefined>> {
  const labels = await standInLabelsOf(cli, tags);
  return new Map([...labels].map(([tag, found]) => [tag, found?.hash]));
}

export interface LocalStandIn {
  /** `<mirror>/<ref>` as tagged. */
  tag: string;
  labels: StandInLabels;
}

/** Every local image tagged under `<mirror>/` that is a stand-in (carries the stand-in-for label). */
export async function localStandIns(cli: DockerCli, mirror: string): Promise<LocalStandIn[]> {
  const listed = await execa(cli.path, ['image', 'ls', '--filter', `label=${STAND_IN_FOR_LABEL}`, '--format', '{{.ID}}'], { reject: false, stdin: 'ignore' });
  const ids = [...new Set(String(listed.stdout).split('\n').map((line) => line.trim()).filter(Boolean))];
  if (listed.exitCode !== 0 || ids.length === 0) return [];
  const result = await execa(cli.path, ['image', 'inspect', '--format', INSPECT_FORMAT, ...ids], { reject: false, stdin: 'ignore' });
  const prefix = `${mirror.replace(/\/+$/, '')}/`;
  return parseStandInInspect(String(result.stdout))
    .flatMap((image) => image.repoTags.filter((tag) => tag.startsWith(prefix)).map((tag) => ({ tag, labels: image.labels })))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

const INSPECT_FORMAT = [
  '{{json .RepoTags}}',
  `{{index .Config.Labels "${RECIPE_HASH_LABEL}"}}`,
  `{{index .Config.Labels "${STAND_IN_FOR_LABEL}"}}`,
  `{{index .Config.Labels "${VERSIONS_LABEL}"}}`,
].join('\t');

/** Lines of INSPECT_FORMAT: repo tags and the stand-in labels (missing labels print `<no value>`). */
export function parseStandInInspect(stdout: string): Array<{ repoTags: string[]; labels: StandInLabels }> {
  const value = (text: string | undefined) => (text && text !== '<no value>' ? text : undefined);
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [repoTags, hash, standInFor, versions] = line.split('\t');
      const labels: StandInLabels = {};
      if (value(hash)) labels.hash = value(hash)!;
      if (value(standInFor)) labels.standInFor = value(standInFor)!;
      if (value(versions)) labels.versions = value(versions)!;
      return { repoTags: (JSON.parse(repoTags ?? '[]') as string[] | null) ?? [], labels };
    });
}

/** `repo` -> `repo:latest`; refs with a tag or digest stay as they are. */
export function withExplicitTag(ref: string): string {
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || lastSegment.includes('@') ? ref : `${ref}:latest`;
}
