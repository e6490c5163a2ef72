/**
 * Makes sure the host programs a command needs are here: installs them as root on Debian, or stops
 * with the exact commands to run.
 *   node tools/src/host-tools/cli.ts chromium shellcheck
 */
import { HOST_TOOLS, isHostToolName } from './catalog.ts';
import { ensureHostTools } from './ensure.ts';

const names = process.argv.slice(2);
const unknown = names.filter((name) => !isHostToolName(name));
if (names.length === 0 || unknown.length > 0) {
  console.error(`usage: cli.ts <tool>...; known tools: ${Object.keys(HOST_TOOLS).join(', ')}${unknown.length ? ` (not known: ${unknown.join(', ')})` : ''}`);
  process.exitCode = 2;
} else {
  try {
    await ensureHostTools(names.filter(isHostToolName).map((name) => HOST_TOOLS[name]));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
