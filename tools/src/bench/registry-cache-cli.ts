/**
 * How much a registry layer cache saves a builder that starts empty (a fresh CI runner, a new
 * remote builder): api's and gateway's prod builds on a BuildKit daemon with an empty state,
 * first with nothing to import (cold; it exports its cache), then again on another empty daemon
 * that imports it (BUILD_LAYER_CACHE=registry). One run, ratios in the same run.
 *   node tools/src/bench/registry-cache-cli.ts [--services api,gateway]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { connectEngine } from '@polystage/docker';
import { freeLoopbackPort } from '../builder/daemon.ts';
import { startEmptyBuilder } from '../builder/empty-builder.ts';
import { ensureRegistry } from '../builder/registry.ts';
import { ensureGoTools } from '../toolchain/ensure.ts';

const { values } = parseArgs({ options: { services: { type: 'string', default: 'api,gateway' } } });
const services = values.services.split(',');
const root = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();
const tools = await ensureGoTools(['registry']);
const engine = await connectEngine({ env: { ...process.env, BUILDER: 'engine' } });
const port = await freeLoopbackPort();
const scratch = mkdtempSync(join(tmpdir(), 'polystage-cache-bench-'));
const registry = await ensureRegistry({ binary: tools.registry, dir: join(scratch, 'registry'), addr: `127.0.0.1:${port}` });

async function timedProd(project: string, builder: string): Promise<number> {
  const started = performance.now();
  await execa('npx', ['nx', 'run', `${project}:docker-prod`, '--skip-nx-cache', '--exclude-task-dependencies'], {
    cwd: root,
    env: { BUILDER: builder, BUILD_LAYER_CACHE: 'registry', IMAGE_REGISTRY: `${registry.host}/bench`, NX_DAEMON: 'false' },
    stdout: 'ignore',
    stderr: 'inherit',
  });
  return (performance.now() - started) / 1000;
}

const rows: string[] = [];
try {
  for (const project of services) {
    const cold = await startEmptyBuilder(engine, root, `polystage-bench-cold-${project}`);
    const coldSeconds = await timedProd(project, cold.name);
    await cold.dispose();
    const warm = await startEmptyBuilder(engine, root, `polystage-bench-cache-${project}`);
    const cachedSeconds = await timedProd(project, warm.name);
    await warm.dispose();
    rows.push(`| ${project} | ${coldSeconds.toFixed(1)} s | ${cachedSeconds.toFixed(1)} s | ${(cachedSeconds / coldSeconds).toFixed(2)} |`);
  }
} finally {
  await registry.stop();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(['| service | empty builder, no cache | empty builder, registry cache | ratio |', '| --- | ---: | ---: | ---: |', ...rows].join('\n'));
