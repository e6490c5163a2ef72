/**
 * An SPDX SBOM of an image in the engine, by image ID (the very image that was smoke-tested),
 * with syft (built from the Go module proxy). BuildKit's own SBOM generator needs a scanner image
 * from Docker Hub, which these machines cannot pull; syft reads the engine directly.
 */
import { execa } from 'execa';
import type { Engine } from '../engine/connect.ts';
import { toolchainBinary } from './toolchain-bin.ts';

export async function writeSbom(engine: Pick<Engine, 'host'>, imageId: string, spdxFile: string): Promise<void> {
  const result = await execa(toolchainBinary('syft'), ['scan', `docker:${imageId}`, '--output', `spdx-json=${spdxFile}`, '--quiet'], {
    env: { DOCKER_HOST: engine.host.url, SYFT_CHECK_FOR_APP_UPDATE: 'false' },
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 600_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(`Generating the SBOM of ${imageId.slice(7, 19)} failed: ${String(result.all ?? '').trim().split('\n').at(-1) ?? `exit code ${result.exitCode}`}`);
  }
}
