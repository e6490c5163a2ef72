/**
 * Nx runtime input for cached docker tasks: prints the local image ID of every base image a
 * Dockerfile names (after the mirror rewrite), so rebuilt or updated bases invalidate the cache.
 * Prints `absent` for a missing image; no docker problem fails the hash.
 */
import { readFile } from 'node:fs/promises';
import { detectDockerClient, inspectImages } from '@polystage/docker';
import { mirroredRef, resolveMirror } from '../base-images/mirror.ts';
import { parseDockerfile } from '../dockerfile/parse.ts';

const [dockerfile] = process.argv.slice(2);
if (!dockerfile) throw new Error('usage: base-image-ids.ts <Dockerfile>');
const root = process.cwd();
const model = parseDockerfile(await readFile(dockerfile, 'utf8'), dockerfile);
const mirror = await resolveMirror(root);
const refs = model.baseImageArgs.map((arg) => (mirror ? mirroredRef(mirror.mirror, arg.ref) : arg.ref));

// The client alone is enough: an engine that does not answer just leaves every base `absent`.
const client = await detectDockerClient().catch(() => undefined);
const found = client ? await inspectImages({ client: client.path }, refs) : new Map<string, undefined>();
for (const ref of refs) console.log(`${ref} ${found.get(ref)?.id ?? 'absent'}`);
