import { runDocker, firstErrorLine, type DockerRunner } from '../run-docker.ts';
import type { Engine } from '../engine/connect.ts';

export interface LayerSize {
  bytes: number;
  /** The instruction that made the layer (`docker history --no-trunc`). */
  createdBy: string;
}

/** Each layer's size and the instruction that made it, newest first. */
export async function imageLayers(engine: Pick<Engine, 'client'>, image: string, run: DockerRunner = runDocker): Promise<LayerSize[]> {
  const result = await run(engine.client, ['history', '--no-trunc', '--human=false', '--format', '{{.Size}}\t{{.CreatedBy}}', image]);
  if (result.exitCode !== 0) throw new Error(`Reading the layers of ${image} failed: ${firstErrorLine(result)}.`);
  return parseHistory(result.stdout);
}

export function parseHistory(stdout: string): LayerSize[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      return { bytes: Number(line.slice(0, tab)), createdBy: line.slice(tab + 1) };
    });
}
