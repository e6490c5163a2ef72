// What the engine already holds of the stand-ins: read from their labels, through @polystage/docker.
import { inspectImages, listImages, type Engine, type ImageFacts } from '@polystage/docker';
import { RECIPE_HASH_LABEL, STAND_IN_FOR_LABEL } from './recipe-hash.ts';
import { VERSIONS_LABEL } from './versions.ts';

/** The labels a stand-in carries: its recipe hash, the ref it stands in for, the versions it was checked to have. */
export interface StandInLabels {
  hash?: string;
  standInFor?: string;
  versions?: string;
}

/** The stand-in labels of one image; labels it lacks are left out. */
export function standInLabels(image: Pick<ImageFacts, 'labels'>): StandInLabels {
  const labels: StandInLabels = {};
  const hash = image.labels[RECIPE_HASH_LABEL];
  const standInFor = image.labels[STAND_IN_FOR_LABEL];
  const versions = image.labels[VERSIONS_LABEL];
  if (hash) labels.hash = hash;
  if (standInFor) labels.standInFor = standInFor;
  if (versions) labels.versions = versions;
  return labels;
}

/** Stand-in labels of each local image, by tag; absent tags map to undefined. One engine call for all tags. */
export async function standInLabelsOf(engine: Pick<Engine, 'client'>, tags: readonly string[]): Promise<Map<string, StandInLabels | undefined>> {
  const found = await inspectImages(engine, tags);
  return new Map([...found].map(([tag, image]) => [tag, image ? standInLabels(image) : undefined]));
}

export interface LocalStandIn {
  /** `<mirror>/<ref>` as tagged. */
  tag: string;
  labels: StandInLabels;
}

/** Every local image tagged under `<mirror>/` that is a stand-in (carries the stand-in-for label). */
export async function localStandIns(engine: Pick<Engine, 'client'>, mirror: string): Promise<LocalStandIn[]> {
  const ids = [...new Set((await listImages(engine, { label: STAND_IN_FOR_LABEL })).map((image) => image.id))];
  if (ids.length === 0) return [];
  const prefix = `${mirror.replace(/\/+$/, '')}/`;
  const images = [...(await inspectImages(engine, ids)).values()].filter((image): image is ImageFacts => image !== undefined);
  return images
    .flatMap((image) => image.repoTags.filter((tag) => tag.startsWith(prefix)).map((tag) => ({ tag, labels: standInLabels(image) })))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}
