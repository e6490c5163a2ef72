/**
 * One record per built target: `dist/images/<project>/<stage>.json`. Later steps (smoke tests, size
 * summaries, publishing) read what was built from here instead of guessing it from a tag.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface BuildRecord {
  project: string;
  stage: string;
  /** `sha256:…`, from `--iidfile`. */
  imageId: string;
  tags: string[];
  sizeBytes: number;
  /** The docker-prod budget the image was checked against, when it has one. */
  sizeBudgetMb?: number;
  revision?: string;
  /** Mirror prefix of local stand-in bases, when the image was not built on the official ones. */
  standInBases?: string;
  builder: string;
  builtAt: string;
}

export function buildRecordPath(workspaceRoot: string, project: string, stage: string): string {
  return join(workspaceRoot, 'dist', 'images', project, `${stage}.json`);
}

/** Written atomically (temp file + rename): a reader never sees half a record. */
export async function writeBuildRecord(workspaceRoot: string, record: BuildRecord): Promise<string> {
  const file = buildRecordPath(workspaceRoot, record.project, record.stage);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

export async function readBuildRecord(workspaceRoot: string, project: string, stage: string): Promise<BuildRecord | undefined> {
  try {
    return JSON.parse(await readFile(buildRecordPath(workspaceRoot, project, stage), 'utf8')) as BuildRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
