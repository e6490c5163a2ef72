// What the executor asks the engine about an image it just built: size, layers, and tagging it.
import { execa } from 'execa';
import type { LayerSize } from '../build/size-budget.ts';

async function docker(cli: string, args: string[]): Promise<string> {
  const result = await execa(cli, args, { reject: false, stdin: 'ignore' });
  if (result.exitCode !== 0) throw new Error(`\`docker ${args.join(' ')}\` failed: ${String(result.stderr).split('\n').find(Boolean) ?? `exit ${result.exitCode}`}`);
  return String(result.stdout).trim();
}

/** Uncompressed size in bytes (`docker image inspect` Size). */
export async function imageSizeBytes(cli: string, image: string): Promise<number> {
  return Number(await docker(cli, ['image', 'inspect', '--format', '{{.Size}}', image]));
}

/** Each layer's size and the instruction that made it, newest first (`docker history`). */
export async function imageLayers(cli: string, image: string): Promise<LayerSize[]> {
  const out = await docker(cli, ['history', '--no-trunc', '--human=false', '--format', '{{.Size}}\t{{.CreatedBy}}', image]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      return { bytes: Number(line.slice(0, tab)), createdBy: line.slice(tab + 1) };
    });
}

export async function tagImage(cli: string, imageId: string, tags: readonly string[]): Promise<void> {
  for (const tag of tags) await docker(cli, ['tag', imageId, tag]);
}
