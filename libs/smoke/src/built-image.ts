// The image a smoke check runs, as the build record of `nx run <project>:docker-prod` names it.
import { workspaceRoot } from '@nx/devkit';
import { requireBuildRecord } from '@polystage/docker';

/**
 * The image `nx run <project>:docker-prod` built last, by ID: a tag may have moved since (another
 * build, a pull), the recorded ID cannot. A bare 64-hex ID, which docker, dockerode and
 * testcontainers all take as an image reference. A missing record is a one-line error naming
 * the target that writes it.
 */
export function prodImage(project: string, root: string = workspaceRoot): string {
  return requireBuildRecord(root, project, 'prod').imageId.replace(/^sha256:/, '');
}

/** A reference for test names and messages: a recorded ID as the 12 digits `docker images` shows. */
export function imageLabel(image: string): string {
  return /^[0-9a-f]{64}$/.test(image) ? image.slice(0, 12) : image;
}
