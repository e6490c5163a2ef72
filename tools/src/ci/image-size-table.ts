import { formatMb, MB } from '@polystage/docker';
/** The job summary's image table: one row per prod image this run built, largest first. */
export interface ImageRow {
  project: string;
  image: string;
  /** Uncompressed bytes, as `docker image inspect` reports `Size`. */
  bytes: number;
  layers: number;
  revision?: string;
  /** The mirror prefix of the stand-in bases it was built on (label io.polystage.base-images); undefined: official bases. */
  standInBases?: string;
  /** Set for each row of an image built for several platforms: the table then gets a platform column. */
  platform?: string;
}


export function imageSizeTable(rows: readonly ImageRow[]): string {
  if (rows.length === 0) return '### Prod images\n\nNo prod image was built in this run (nothing affected needed one).\n';
  const sorted = [...rows].sort((a, b) => b.bytes - a.bytes || a.project.localeCompare(b.project) || (a.platform ?? '').localeCompare(b.platform ?? ''));
  // A platform column only when some image was built for several platforms; single-platform tables stay as they were.
  const byPlatform = rows.some((row) => row.platform);
  const lines = [
    '### Prod images',
    '',
    `| project | image |${byPlatform ? ' platform |' : ''} size (MB, uncompressed) | layers | revision | bases |`,
    `| --- | --- |${byPlatform ? ' --- |' : ''} ---: | ---: | --- | --- |`,
    ...sorted.map(
      (row) =>
        `| ${row.project} | \`${row.image}\` |${byPlatform ? ` ${row.platform ?? '-'} |` : ''} ${(row.bytes / MB).toFixed(1)} | ${row.layers} | ${row.revision?.slice(0, 7) ?? '-'} | ${row.standInBases ? `stand-ins (\`${row.standInBases}\`)` : 'official'} |`,
    ),
    '',
    `Total: ${formatMb(sorted.reduce((sum, row) => sum + row.bytes, 0))} in ${sorted.length} image(s).`,
  ];
  const onStandIns = sorted.filter((row) => row.standInBases);
  if (onStandIns.length > 0) {
    lines.push(
      '',
      `Built on local stand-in bases, not the official images (sizes differ; not for publishing): ${[...new Set(onStandIns.map((row) => row.project))].join(', ')}.`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
