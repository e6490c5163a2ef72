import type { HostTool } from './catalog.ts';

export interface HostFacts {
  root: boolean;
  /** apt-get and /etc/debian_version: Debian or a derivative. */
  debian: boolean;
  platform: NodeJS.Platform;
}

export type HostToolPlan =
  | { kind: 'nothing' }
  | { kind: 'install'; packages: string[]; lines: string[] }
  | { kind: 'stop'; message: string };

/**
 * What to do about missing host tools: install them with apt-get as root on Debian, and say so;
 * anywhere else stop with the exact commands to run, since installing there is the user's call.
 */
export function planHostTools(missing: readonly HostTool[], host: HostFacts): HostToolPlan {
  if (missing.length === 0) return { kind: 'nothing' };
  const packages = [...new Set(missing.flatMap((tool) => tool.debian))];
  const why = missing.map((tool) => `${tool.name}: ${tool.why}`);
  if (host.debian && host.root) return { kind: 'install', packages, lines: why };

  const names = missing.map((tool) => tool.name).join(', ');
  let how: string;
  if (host.debian) {
    how = `run \`sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\``;
  } else if (host.platform === 'darwin') {
    const brew = missing.filter((tool) => tool.brew).map((tool) => `\`brew ${tool.brew}\``);
    const none = missing.filter((tool) => !tool.brew).map((tool) => tool.name);
    how = [
      brew.length ? `run ${brew.join(' and ')}` : '',
      none.length ? `${none.join(', ')} only runs on Linux: build on a Linux machine, or pull the official base images instead of stand-ins` : '',
    ].filter(Boolean).join('; ');
    const env = missing.find((tool) => 'pathEnv' in tool && tool.pathEnv);
    if (env?.pathEnv) how += ` (or set ${env.pathEnv} to the program)`;
  } else {
    how = `install ${names} with this system's package manager (Debian names: ${packages.join(' ')})`;
  }
  return { kind: 'stop', message: `Missing host tools: ${names}. ${why.join('; ')}. To fix, ${how}, then run the command again.` };
}
