/**
 * Nx runtime input for cached docker tasks: prints the local image ID of every base image a
 * Dockerfile names (after the mirror rewrite), so rebuilt or updated bases invalidate the cache.
 * Prints `absent` for a missing image and nothing docker-specific fails the hash.
 */
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { mirroredRef, resolveMirror } from '../base-images/mirror.ts';
import { parseDockerfile } from '../dockerfile/parse.ts';
import { detectDockerCli } from '../engine/docker-cli.ts';

const [dockerfile] = process.argv.slice(2);
if (!dockerfile) throw new Error('usage: base-image-ids.ts <Dockerfile>');
const root = process.cwd();
const model = parseDockerfile(await readFile(dockerfile, 'utf8'), dockerfile);
const mirror = await resolveMirror(root);
const refs = model.baseImageArgs.map((arg) => (mirror ? mirroredRef(mirror.mirror, arg.ref) : arg.ref));

const cli = await detectDockerCli().catch(() => undefined);
for (const ref of refs) {
  const inspect = cli
    ? await execa(cli.path, ['image', 'inspect', '--format', '{{.Id}}', ref], { reject: false, stdin: 'ignore' })
    : undefined;
  console.log(`${ref} ${inspect?.exitCode === 0 ? String(inspect.stdout).trim() : 'absent'}`);
}
