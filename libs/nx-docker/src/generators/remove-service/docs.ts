/**
 * Table rows about a removed service in the Markdown the repo keeps: the root README, docs/*.md and
 * the remaining services' READMEs. In the gateway's README its config rows (GATEWAY_<NAME>_*) and
 * route rows (second cell: the upstream) go too.
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

export function removeDocRows(tree: Tree, name: string): void {
  for (const file of markdownFiles(tree)) {
    const text = tree.read(file, 'utf8')!;
    let next = removeServiceRows(text, name);
    if (file === GATEWAY_README) next = removeGatewayRows(next, name);
    if (next !== text) tree.write(file, next);
  }
}
