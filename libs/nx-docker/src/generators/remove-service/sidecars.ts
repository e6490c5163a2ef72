/** Other services' smoke/sidecars.json list the images their specs start: the removed one goes. */
import type { Tree } from '@nx/devkit';

export function removeSidecarReferences(tree: Tree, name: string): void {
  if (!tree.exists('services')) return;
  for (const service of tree.children('services')) {
    const path = `services/${service}/smoke/sidecars.json`;
    const text = tree.read(path, 'utf8');
    if (text === null) continue;
    const sidecars = JSON.parse(text) as { projects?: string[] };
    if (!sidecars.projects?.includes(name)) continue;
    tree.write(path, `${JSON.stringify({ ...sidecars, projects: sidecars.projects.filter((project) => project !== name) }, null, 2)}\n`);
  }
}
