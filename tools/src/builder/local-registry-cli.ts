/**
 * A real registry on loopback for local publishing (what a team's own `registry` container gives):
 *   npm run registry            start it at 127.0.0.1:5000 (LOCAL_REGISTRY=host:port for another), print how to publish
 *   npm run registry -- stop    stop it by its pid
 * Plain HTTP and no auth: loopback only, which docker and BuildKit accept without TLS.
 */
import { join } from 'node:path';
import { ensureGoTools } from '../toolchain/ensure.ts';
import { stopDaemon } from './daemon.ts';
import { builderPaths } from './paths.ts';
import { ensureRegistry } from './registry.ts';

const addr = process.env['LOCAL_REGISTRY'] ?? '127.0.0.1:5000';
const dir = join(builderPaths().state, 'local-registry');

async function main(command: string | undefined): Promise<number> {
  if (command === 'stop') {
    await stopDaemon(join(dir, 'registry.pid'));
    console.error(`registry: stopped (its images stay in ${dir}/storage)`);
    return 0;
  }
  if (command && command !== 'start') {
    console.error('usage: npm run registry [-- start|stop]');
    return 2;
  }
  if (!/^(127\.\d+\.\d+\.\d+|localhost):\d+$/.test(addr)) {
    console.error(`registry: LOCAL_REGISTRY=${addr} is not a loopback address; this registry has no TLS or auth, so it listens on loopback only (e.g. 127.0.0.1:5000).`);
    return 2;
  }
  const { registry: binary } = await ensureGoTools(['registry']);
  const registry = await ensureRegistry({ binary, dir, addr });
  console.error(`registry: ${registry.url} (pid ${registry.pid}, storage ${dir}/storage)`);
  console.error(`publish to it: IMAGE_REGISTRY=${addr}/acme npx nx run-many -t docker-publish`);
  return 0;
}

process.exitCode = await main(process.argv[2]).catch((error: Error) => {
  console.error(`registry: ${error.message}`);
  return 1;
});
