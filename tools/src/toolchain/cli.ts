/**
 * Pinned tools built from source with Go (catalog.ts), cached so a warm run builds nothing.
 *   node tools/src/toolchain/cli.ts ensure [buildx|buildkit|registry|cosign|syft|compose ...]
 *       build what is missing, install the docker CLI plugins (buildx, compose), link the binaries
 *       into the bin folder, show versions (plugins through the docker CLI)
 *   node tools/src/toolchain/cli.ts paths
 *       JSON {buildx, buildkitd, buildctl, cosign, syft, compose} of the built binaries
 */
import { toolchainBinaries, toolchainBinDir } from './binaries.ts';
import { dockerPluginCommand, GO_TOOLS, isGoToolName, withVersion, type GoTool } from './catalog.ts';
import { userPluginPath } from './docker-plugin.ts';
import { ensureGoTools } from './ensure.ts';
import { execaRun } from './run.ts';

const USAGE = `usage: cli.ts ensure [${Object.keys(GO_TOOLS).join('|')} ...] | cli.ts paths`;

/** Prints where each binary is and what its version command says; a wrong version is an error. */
async function show(tool: GoTool, paths: Readonly<Record<string, string>>): Promise<void> {
  for (const { binary, versionArgs, reports: reportsTemplate = '{version}' } of tool.binaries) {
    const reports = withVersion(tool, reportsTemplate);
    let path = paths[binary]!;
    let command = [path, ...versionArgs];
    const plugin = dockerPluginCommand(binary);
    if (plugin) {
      path = userPluginPath(binary);
      // Through the docker CLI: proves it picks this plugin, not another one it finds first.
      command = [process.env['DOCKER_CLI'] || 'docker', plugin, ...versionArgs];
    }
    let result = await execaRun(command[0]!, command.slice(1));
    if (result.notFound) {
      console.error(`${command[0]} not found: showing the plugin's own version (\`npm run doctor\` sets up the docker CLI)`);
      command = [path, ...versionArgs];
      result = await execaRun(path, versionArgs);
    }
    // The line naming the version (cosign prints a banner first, syft an "Application:" line).
    const lines = `${result.stdout}\n${result.stderr}`.split('\n').map((line) => line.trim()).filter(Boolean);
    const said = lines.find((line) => line.includes(reports)) ?? lines[0];
    console.log(`${binary.padEnd(14)} ${path}\n${''.padEnd(14)} ${command.join(' ')}: ${said}`);
    if (result.exitCode !== 0 || !said?.includes(reports)) {
      throw new Error(`\`${command.join(' ')}\` says "${said}", not ${reports}: another ${binary} comes first (for a docker CLI plugin: a cliPluginsExtraDirs entry in the docker config?). To fix, remove that one, then run again.`);
    }
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...names] = argv;
  if (command === 'paths' && names.length === 0) {
    console.log(JSON.stringify(toolchainBinaries(), null, 2));
    return 0;
  }
  const unknown = names.filter((name) => !isGoToolName(name));
  if (command !== 'ensure' || unknown.length > 0) {
    console.error(`${USAGE}${unknown.length ? ` (not known: ${unknown.join(', ')})` : ''}`);
    return 2;
  }
  const chosen = names.length > 0 ? names.filter(isGoToolName) : (Object.keys(GO_TOOLS) as Array<keyof typeof GO_TOOLS>);
  const paths = await ensureGoTools(chosen);
  for (const name of chosen) await show(GO_TOOLS[name], paths);
  console.log(`${'bin'.padEnd(14)} ${toolchainBinDir()} (links to the above)`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
