/**
 * `npm run dev`: the whole system from the Dockerfiles' `dev` stages, on http://127.0.0.1:8080
 * (POLYSTAGE_PORT / POLYSTAGE_BIND as in compose.yaml), in the foreground with Compose Watch:
 * edits are synced into the running services, which reload; a manifest or lockfile change
 * rebuilds that service's image. Ctrl-C stops the services (compose's own graceful stop).
 *
 *   node tools/src/dev/cli.ts [--project-name NAME] [-- extra `compose up` flags]
 *   node tools/src/dev/cli.ts down          # remove the dev containers (the api's dev volume stays)
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { prepareDevCompose } from './dev-compose.ts';

const root = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();
const { values, positionals } = parseArgs({
  options: { 'project-name': { type: 'string' } },
  allowPositionals: true,
});
const [command = 'up', ...extra] = positionals;
if (command !== 'up' && command !== 'down') {
  console.error('usage: cli.ts [up|down] [--project-name NAME] [-- compose flags]');
  process.exit(2);
}

let dev;
try {
  dev = await prepareDevCompose(root, values['project-name'] ? { projectName: values['project-name'] } : {});
} catch (error) {
  console.error(`dev: ${(error as Error).message}`);
  process.exit(1);
}
const port = process.env['POLYSTAGE_PORT'] ?? '8080';
const bind = process.env['POLYSTAGE_BIND'] ?? '127.0.0.1';
const args = command === 'up' ? [...dev.composeArgs, 'up', '--build', '--watch', ...extra] : [...dev.composeArgs, 'down', '--remove-orphans', ...extra];
if (command === 'up') {
  console.error(`dev: ${dev.describe}`);
  console.error(`dev: http://${bind}:${port} once the gateway is ready; edits under services/*/src reload; Ctrl-C stops`);
}
const child = spawn(dev.client, args, { cwd: root, env: dev.env, stdio: 'inherit' });
// Ctrl-C reaches compose itself (same process group): it stops the services and exits, and this
// waits for it. Passing SIGINT on as well would be compose's second Ctrl-C, which kills instead.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
