/**
 * `nx g @polystage/nx-docker:sync-dockerfile-fragments`: every Dockerfile under services/ that has a
 * stage kept as a shared fragment (service/fragments/: the Node `lockfile` stage) gets that stage
 * rewritten to the fragment rendered for its service. Run it after editing a fragment; the
 * fragments test names it when a Dockerfile has drifted.
 */
import { logger, type Tree } from '@nx/devkit';
import { syncFragments } from '../service/fragments/index.ts';

/** services/<name>/Dockerfile and services/<name>/<variant>.Dockerfile, as the plugin finds them. */
export function serviceDockerfiles(tree: Tree): string[] {
  if (!tree.exists('services')) return [];
  return tree
    .children('services')
    .filter((service) => !tree.isFile(`services/${service}`))
    .flatMap((service) =>
      tree
        .children(`services/${service}`)
        .filter((file) => file === 'Dockerfile' || file.endsWith('.Dockerfile'))
        .map((file) => `services/${service}/${file}`),
    );
}

export default async function syncDockerfileFragmentsGenerator(tree: Tree): Promise<void> {
  const rewritten: string[] = [];
  for (const path of serviceDockerfiles(tree)) {
    const text = tree.read(path, 'utf8')!;
    const synced = syncFragments(text, path.slice(0, path.lastIndexOf('/')));
    if (synced === text) continue;
    tree.write(path, synced);
    rewritten.push(path);
  }
  logger.info(rewritten.length ? `Rewrote the shared stages of ${rewritten.join(', ')}.` : 'Every Dockerfile already has the shared stages as the fragments say.');
}
