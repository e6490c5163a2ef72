/**
 * `node tools/src/compose/cli.ts secrets`: the secrets compose.yaml mounts (run by `npm run setup`).
 */
import { ensureWorkerToken } from './worker-token.ts';

const root = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();
if (process.argv[2] !== 'secrets') {
  console.error('usage: cli.ts secrets');
  process.exit(2);
}
try {
  const { action, file } = await ensureWorkerToken(root);
  console.error(`compose: worker token ${action} (${file})`);
} catch (error) {
  console.error(`compose: ${(error as Error).message}`);
  process.exit(1);
}
