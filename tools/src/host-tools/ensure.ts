import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import type { HostTool } from './catalog.ts';
import { planHostTools, type HostFacts } from './plan.ts';

export function hostFacts(): HostFacts {
  return { root: process.getuid?.() === 0, debian: existsSync('/etc/debian_version') && onPath('apt-get'), platform: process.platform };
}

export function isInstalled(tool: HostTool, env: NodeJS.ProcessEnv = process.env): boolean {
  const pointed = tool.pathEnv ? env[tool.pathEnv] : undefined;
  if (pointed) return existsSync(pointed);
  return tool.commands.some((command) => onPath(command, env));
}

function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** `apt-get install` of Debian packages, recommends off, output shown (it takes a while). */
export async function aptInstall(packages: readonly string[]): Promise<void> {
  const apt = { stdin: 'ignore', stdout: 'inherit', stderr: 'inherit', env: { DEBIAN_FRONTEND: 'noninteractive' } } as const;
  await execa('apt-get', ['update', '-qq'], apt);
  await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], apt);
}

/** Installs what is missing where that is clearly possible, or throws a sentence with the commands. */
export async function ensureHostTools(tools: readonly HostTool[], log: (line: string) => void = console.error, host: HostFacts = hostFacts()): Promise<void> {
  const missing = tools.filter((tool) => !isInstalled(tool));
  const plan = planHostTools(missing, host);
  if (plan.kind === 'nothing') return;
  if (plan.kind === 'stop') throw new Error(plan.message);
  log(`host tools: installing ${plan.packages.join(' ')} with apt-get, because:`);
  for (const line of plan.lines) log(`  ${line}`);
  await aptInstall(plan.packages);
  const still = missing.filter((tool) => !isInstalled(tool));
  if (still.length > 0) throw new Error(`apt-get installed ${plan.packages.join(' ')} but ${still.map((tool) => tool.commands[0]).join(', ')} is still not on PATH (${process.env['PATH']}).`);
}
