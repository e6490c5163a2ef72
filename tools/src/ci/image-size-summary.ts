/**
 * Prints the markdown table of the prod images present in the engine, for every project with a
 * `docker-prod` target (in CI: the ones `nx affected` just built). Append it to the job summary:
 *   node tools/src/ci/image-size-summary.ts >> "$GITHUB_STEP_SUMMARY"
 */
import { execa } from 'execa';
import { detectDockerCli } from '@polystage/nx-docker';
import { STAND_IN_BASES_LABEL } from '@polystage/nx-docker';
import { imageSizeTable, type ImageRow } from './image-size-table.ts';

interface InspectedImage {
  Size: number;
  RootFS?: { Layers?: string[] };
  Config?: { Labels?: Record<string, string> | null };
}

// preferLocal: a plain `node` step has no node_modules/.bin on PATH.
const projects = JSON.parse((await execa('nx', ['show', 'projects', '--with-target', 'docker-prod', '--json'], { preferLocal: true })).stdout) as string[];
const docker = (await detectDockerCli()).path;
const rows: ImageRow[] = [];
for (const project of projects.sort()) {
  const image = `${project}:prod`;
  const inspected = await execa(docker, ['image', 'inspect', image], { reject: false });
  if (inspected.exitCode !== 0) continue; // not built in this run
  const [config] = JSON.parse(inspected.stdout) as InspectedImage[];
  rows.push({
    project,
    image,
    bytes: config!.Size,
    layers: config!.RootFS?.Layers?.length ?? 0,
    revision: config!.Config?.Labels?.['org.opencontainers.image.revision'],
    // Set by the build executor when the image was built while a base-image mirror was active.
    standInBases: config!.Config?.Labels?.[STAND_IN_BASES_LABEL] || undefined,
  });
}
process.stdout.write(imageSizeTable(rows));
