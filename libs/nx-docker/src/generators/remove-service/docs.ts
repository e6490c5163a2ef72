/**
 * Table rows about a removed service in the Markdown the repo keeps: the root README, docs/*.md and
 * the remaining services' READMEs. A row whose first cell is one of its public routes (`GET
 * /reports/jobs/summary`, as routes.json had it) goes from every file; in the gateway's README its
 * config rows (GATEWAY_<NAME>_*) and route rows (second cell: the upstream) go too.
 */
import type { Tree } from '@nx/devkit';
import { removeServiceRows } from '../service/markdown-tables.ts';

const GATEWAY_README = 'services/gateway/README.md';

function markdownFiles(tree: Tree): string[] {
  const inDir = (dir: string) => (tree.exists(dir) ? tree.children(dir).filter((file) => file.endsWith('.md')).map((file) => `${dir}/${file}`) : []);
  const serviceReadmes = tree.exists('services') ? tree.children('services').map((service) => `services/${service}/README.md`) : [];
  return ['README.md', ...inDir('docs'), ...serviceReadmes].filter((file) => tree.isFile(file));
}

const cells = (line: string): string[] => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, ''));

export function removeGatewayRows(text: string, name: string): string {
  const variable = `GATEWAY_${name.toUpperCase().replaceAll('-', '_')}_`;
  return text
    .split('\n')
    .filter((line) => {
      if (!line.startsWith('|')) return true;
      const [first = '', second = ''] = cells(line);
      return !(first.startsWith(variable) || second === name);
    })
    .join('\n');
}

/** Rows whose first cell is one of `routes` (`METHOD /path`): the docs' tables of public routes. */
export function removeRouteRows(text: string, routes: readonly string[]): string {
  return text
    .split('\n')
    .filter((line) => !(line.startsWith('|') && routes.includes(cells(line)[0] ?? '')))
    .join('\n');
}

/** `routes`: the service's public routes as `METHOD /path`, read from the route table before it changed. */
export function removeDocRows(tree: Tree, name: string, routes: readonly string[] = []): void {
  for (const file of markdownFiles(tree)) {
    const text = tree.read(file, 'utf8')!;
    let next = removeRouteRows(removeServiceRows(text, name), routes);
    if (file === GATEWAY_README) next = removeGatewayRows(next, name);
    if (next !== text) tree.write(file, next);
  }
}
