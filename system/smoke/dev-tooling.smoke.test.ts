/**
 * The dev stages' tooling never reaches a prod image: each service's prod image (the one
 * `nx run <service>:docker-prod` recorded) is listed from outside and must have none of what its
 * `dev` stage adds (compose.dev.yaml, `npm run dev`). The per-service smoke specs' absentPaths
 * already keep shells, compilers, package managers and sources out; these are the reloaders.
 */
import { expectAbsentPaths, prodImage } from '@polystage/smoke';
import { describe, it } from 'vitest';

// What each dev stage adds on top of what the service's own smoke spec already forbids.
const DEV_TOOLING: Record<string, string[]> = {
  // uvicorn --reload (watchfiles would be its file watcher), the reload factory.
  api: ['**/watchfiles', '**/dev_app.py', '/src'],
  // The restart loop and the TypeScript sources it runs: none of them, no tsconfig.
  worker: ['/usr/local/bin/restart-on-change', '**/restart-on-change*', '**/src/**/*.ts', '**/tsconfig*.json', '/src'],
  // Vite's dev server and its dev config.
  web: ['**/vite', '**/vite.dev.config.ts', '**/node_modules', '/src'],
  // Spring Boot devtools (restart), the javac loop, the copied dependency folder.
  reports: ['**/spring-boot-devtools*', '**/dev-loop.sh', '/usr/local/bin/reports-dev', '/opt/reports', '/src'],
  // The rebuild loop and the Go toolchain and caches it needs.
  gateway: ['/usr/local/bin/restart-on-change', '**/restart-on-change*', '/home/gateway', '/usr/local/go', '/src'],
};

describe('prod images carry no dev tooling', () => {
  it.each(Object.keys(DEV_TOOLING))('%s', async (service) => {
    await expectAbsentPaths(prodImage(service), DEV_TOOLING[service]!);
  }, 120_000);
});
