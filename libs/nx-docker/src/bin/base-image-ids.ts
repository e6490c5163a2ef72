/**
 * Nx runtime input for cached docker tasks: prints the local image ID of every base image a stage
 * builds from, so rebuilt or updated bases invalidate the cache. The plugin passes the bases it
 * found in the Dockerfile (`NAME_IMAGE=ref` for one named by an ARG, which the mirror rewrites as
 * the build does; a plain ref otherwise). Prints `absent` for a missing image; no docker problem
 * fails the hash.
 */
import { detectDockerClient, inspectImages } from '@polystage/docker';
import { mirroredRef, resolveMirror } from '../base-images/mirror.ts';
import { parseBaseImageArgument } from '../plugins/inputs.ts';

const mirror = await resolveMirror(process.cwd());
const refs = process.argv.slice(2).map((argument) => {
  const base = parseBaseImageArgument(argument);
  return base.arg && mirror ? mirroredRef(mirror.mirror, base.ref) : base.ref;
});

// The client alone is enough: an engine that does not answer just leaves every base `absent`.
const client = refs.length > 0 ? await detectDockerClient().catch(() => undefined) : undefined;
const found = client ? await inspectImages({ client: client.path }, refs) : new Map<string, undefined>();
for (const ref of refs) console.log(`${ref} ${found.get(ref)?.id ?? 'absent'}`);
