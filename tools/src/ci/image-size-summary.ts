/**
 * Prints the markdown table of the prod images this checkout built, for every project with a
 * `docker-prod` target (in CI: the ones `nx affected` just built), read from their build records
 * (`dist/images/<project>/prod.json`), never from a guessed tag. Append it to the job summary:
 *   node tools/src/ci/image-size-summary.ts >> "$GITHUB_STEP_SUMMARY"
 */
import { resolve } from 'node:path';
import { execa } from 'execa';
import { readBuildRecord } from '@polystage/docker';
import { imageSizeTable, type ImageRow } from './image-size-table.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../..');
// preferLocal: a plain `node` step has no node_modules/.bin on PATH.
const projects = JSON.parse((await execa('nx', ['show', 'projects', '--with-target', 'docker-prod', '--json'], { preferLocal: true, cwd: workspaceRoot })).stdout) as string[];
const rows: ImageRow[] = [];
for (const project of projects.sort()) {
  const record = readBuildRecord(workspaceRoot, project, 'prod');
  if (!record) continue; // not built in this run
  const common = {
    project,
    revision: record.revision,
    // Set by the build executor when the image was built while a base-image mirror was active.
    standInBases: record.standInBases,
  };
  // An image built for several platforms gets a row per platform (the table adds a platform column).
  if (record.platforms && record.platforms.length > 1) {
    for (const image of record.platforms) rows.push({ ...common, image: image.tags[0] ?? `${project}:prod`, bytes: image.sizeBytes, layers: image.layers, platform: image.platform });
  } else {
    rows.push({ ...common, image: record.tags[0] ?? `${project}:prod`, bytes: record.sizeBytes, layers: record.layers });
  }
}
process.stdout.write(imageSizeTable(rows));
