import { createHash } from 'node:crypto';
import { DockerEngineError } from '../errors.ts';
import { firstErrorLine, runDocker, type DockerRunner } from '../run-docker.ts';
import type { DockerClient } from './detect-client.ts';

/** The buildx builder `npm run setup` creates: buildx's `remote` driver on the BuildKit daemon setup starts. */
export const POLYSTAGE_BUILDER = 'polystage';

/** Since Docker 23 the classic builder refuses BuildKit unless the buildx plugin is installed. */
const LAST_CLASSIC_BUILDKIT_MAJOR = 22;

/**
 * Which BuildKit runs a build. `engine`: the engine's built-in BuildKit (Docker 20.10 here):
 * images land in the engine directly, but it cannot export a layer cache, provenance or an SBOM.
 * `buildx`: a buildx builder; with a BuildKit daemon behind it (driver `remote` or
 * `docker-container`) it can do all of that, and `--load` hands the image to the engine.
 */
export type Builder =
  | {
      kind: 'engine';
      /** `DOCKER_BUILDKIT=1 docker build` (a pre-23 client), or buildx's `default` builder (the same BuildKit). */
      invocation: 'classic-cli' | 'buildx-default';
      reason: string;
    }
  | { kind: 'buildx'; name: string; driver: string; endpoint?: string; reason: string };

/**
 * BUILDER=engine: the engine's own BuildKit. BUILDER=<name>: that buildx builder. Unset: the
 * `polystage` builder when it is running (setup starts it), else buildx's current builder, else
 * (no buildx) the engine's BuildKit through the classic CLI.
 */
export async function resolveBuilder(client: DockerClient, env: NodeJS.ProcessEnv = process.env, run: DockerRunner = runDocker): Promise<Builder> {
  const asked = env['BUILDER']?.trim();
  const hasBuildx = client.mode === 'buildx';
  if (asked === 'engine' || (!asked && !hasBuildx)) return engineBuilder(client, asked ? 'BUILDER=engine' : `${client.path} has no buildx`);
  if (!hasBuildx) {
    throw new DockerEngineError(`BUILDER=${asked} needs docker buildx, and ${client.path} has none. Run \`npm run setup\` (it installs buildx), or unset BUILDER.`);
  }
  if (asked && /^tcp:\/\//.test(asked)) return remoteTcpBuilder(client.path, asked, env, run);
  if (asked) {
    const builder = await inspectBuilder(client.path, asked, run);
    if ('problem' in builder) throw new DockerEngineError(`BUILDER=${asked} is not a usable buildx builder: ${builder.problem}. See \`docker buildx ls\`, or unset BUILDER.`);
    return { ...builder, reason: `BUILDER=${asked}` };
  }
  const ours = await inspectBuilder(client.path, POLYSTAGE_BUILDER, run);
  if (!('problem' in ours)) return { ...ours, reason: `the ${POLYSTAGE_BUILDER} builder (BuildKit daemon started by npm run setup) is running` };
  const current = await inspectBuilder(client.path, undefined, run);
  if ('problem' in current) throw new DockerEngineError(`docker buildx has no usable builder: ${current.problem}. Run \`npm run setup\`, or set BUILDER=engine.`);
  return { ...current, reason: `buildx's current builder (${ours.problem}; \`npm run setup\` starts ${POLYSTAGE_BUILDER})` };
}

/**
 * The engine's own BuildKit, whatever builder builds services: what builds images FROM images
 * that exist only in the engine (the offline stand-ins), which a BuildKit daemon cannot see.
 */
export function engineBuildKit(engine: { client: string; clientVersion: string; mode: DockerClient['mode'] }): Builder {
  return engineBuilder({ path: engine.client, clientVersion: engine.clientVersion, mode: engine.mode, reason: '' }, 'built FROM images in the engine');
}

function engineBuilder(client: DockerClient, why: string): Builder {
  const major = Number(client.clientVersion.split('.')[0]);
  if (client.mode !== 'buildx' && major > LAST_CLASSIC_BUILDKIT_MAJOR) {
    throw new DockerEngineError(`${client.path} is client ${client.clientVersion} without buildx, and since Docker 23 its classic builder cannot use BuildKit. Run \`npm run setup\` (it installs buildx).`);
  }
  if (major <= LAST_CLASSIC_BUILDKIT_MAJOR || client.mode !== 'buildx') {
    return { kind: 'engine', invocation: 'classic-cli', reason: `${why}: the engine's BuildKit through DOCKER_BUILDKIT=1 docker build` };
  }
  return { kind: 'engine', invocation: 'buildx-default', reason: `${why}: the engine's BuildKit through buildx's default builder` };
}

type RunningBuildx = Extract<Builder, { kind: 'buildx' }>;
type Inspected = RunningBuildx | { problem: string };

/** `docker buildx inspect [name]`: the builder's name, driver and first node, if that node is running. */
export async function inspectBuilder(client: string, name: string | undefined, run: DockerRunner = runDocker): Promise<Inspected> {
  const result = await run(client, ['buildx', 'inspect', ...(name ? [name] : [])]);
  if (result.exitCode !== 0) return { problem: firstErrorLine(result) };
  return inspected(result.stdout, name);
}

/** A running builder from `docker buildx inspect`'s text, or the problem with it. */
function inspected(text: string, name: string | undefined): Inspected {
  const parsed = parseBuilderInspect(text);
  if (!parsed) return { problem: `\`docker buildx inspect ${name ?? ''}\` printed no builder` };
  if (parsed.status && parsed.status !== 'running') return { problem: `builder ${parsed.name} is ${parsed.status}` };
  return { kind: 'buildx', name: parsed.name, driver: parsed.driver, ...(parsed.endpoint ? { endpoint: parsed.endpoint } : {}), reason: '' };
}

/** The `Name:`/`Driver:` header and the first node's `Endpoint:`/`Status:` of `docker buildx inspect`. */
export function parseBuilderInspect(text: string): { name: string; driver: string; endpoint?: string; status?: string } | undefined {
  const field = (key: string) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
  const name = field('Name');
  const driver = field('Driver');
  if (!name || !driver) return undefined;
  const endpoint = field('Endpoint');
  const status = field('Status');
  return { name, driver, ...(endpoint ? { endpoint } : {}), ...(status ? { status } : {}) };
}

/** Whether this builder can export a layer cache, provenance and SBOMs (a BuildKit daemon, not the engine's). */
export function builderExports(builder: Builder): boolean {
  return builder.kind === 'buildx' && builder.driver !== 'docker';
}

/** `buildx build --builder polystage`, for logs and the doctor. */
export function describeBuilder(builder: Builder): string {
  if (builder.kind === 'engine') return builder.invocation === 'classic-cli' ? "engine's BuildKit (DOCKER_BUILDKIT=1 docker build)" : "engine's BuildKit (buildx default builder)";
  return `buildx builder ${builder.name} (driver ${builder.driver}${builder.endpoint ? `, ${builder.endpoint}` : ''})`;
}

/** Client certificates for a BuildKit daemon that requires mutual TLS: `ca.pem`, `cert.pem`, `key.pem` in one folder. */
export interface BuilderTls {
  dir: string;
}

/**
 * BUILDER=tcp://host:port: a BuildKit daemon on another host, over mutual TLS with the client
 * certificates in BUILDER_TLS_DIR (ca.pem, cert.pem, key.pem). A buildx `remote` builder named
 * after the address is made for it (kept while the address is the same).
 */
async function remoteTcpBuilder(client: string, endpoint: string, env: NodeJS.ProcessEnv, run: DockerRunner): Promise<Builder> {
  const dir = env['BUILDER_TLS_DIR']?.trim();
  if (!dir) {
    throw new DockerEngineError(`BUILDER=${endpoint} needs the client certificates of that BuildKit daemon: set BUILDER_TLS_DIR to a folder with ca.pem, cert.pem and key.pem.`);
  }
  const name = remoteBuilderName(endpoint, dir);
  const refused = (problem: string) => new DockerEngineError(`The BuildKit daemon at ${endpoint} does not answer over mutual TLS: ${problem}. Check the address and the certificates in ${dir}.`);
  const { builder } = await ensureRemoteBuilder(client, name, endpoint, run, { dir }).catch((error: Error) => {
    throw refused(error.message);
  });
  return { ...builder, reason: `BUILDER=${endpoint} (mutual TLS, certificates in ${dir})` };
}

/** One buildx builder per address and certificate folder: `polystage-10-0-0-5-1234-3f2a9c`. */
export function remoteBuilderName(endpoint: string, tlsDir: string): string {
  return `polystage-${endpoint.replace(/^tcp:\/\//, '').replace(/[^a-zA-Z0-9]+/g, '-')}-${createHash('sha256').update(tlsDir).digest('hex').slice(0, 6)}`;
}

/**
 * A buildx builder named `name` on the BuildKit daemon at `endpoint` (buildx's `remote` driver),
 * made once: an existing builder at the same endpoint is kept, one elsewhere is replaced.
 */
export async function ensureRemoteBuilder(
  client: string,
  name: string,
  endpoint: string,
  run: DockerRunner = runDocker,
  tls?: BuilderTls,
): Promise<{ action: 'created' | 'kept'; builder: RunningBuildx }> {
  const answering = (found: Inspected): RunningBuildx => {
    if ('problem' in found) throw new DockerEngineError(`The buildx builder ${name} on ${endpoint} does not answer: ${found.problem}.`);
    return found;
  };
  const existing = await run(client, ['buildx', 'inspect', name]);
  if (existing.exitCode === 0) {
    const parsed = parseBuilderInspect(existing.stdout);
    // Certificates are read from their paths at each connection, so the same endpoint is the same builder.
    if (parsed?.driver === 'remote' && parsed.endpoint === endpoint) return { action: 'kept', builder: answering(inspected(existing.stdout, name)) };
    await run(client, ['buildx', 'rm', name]);
  }
  const tlsOpts = tls ? ['--driver-opt', `cacert=${tls.dir}/ca.pem,cert=${tls.dir}/cert.pem,key=${tls.dir}/key.pem`] : [];
  const created = await run(client, ['buildx', 'create', '--name', name, '--driver', 'remote', ...tlsOpts, endpoint]);
  const ready = await run(client, ['buildx', 'inspect', name]);
  // Two builds starting together may both create it: the other one's builder is as good.
  if (created.exitCode !== 0 && parseBuilderInspect(ready.stdout)?.endpoint === endpoint) return { action: 'kept', builder: answering(inspected(ready.stdout, name)) };
  if (created.exitCode !== 0) throw new DockerEngineError(`Creating the buildx builder ${name} on ${endpoint} failed: ${firstErrorLine(created)}.`);
  return { action: 'created', builder: answering(ready.exitCode === 0 ? inspected(ready.stdout, name) : { problem: firstErrorLine(ready) }) };
}

/** Removes a buildx builder (its daemon keeps running; only buildx forgets it). */
export async function removeBuilder(client: string, name: string, run: DockerRunner = runDocker): Promise<void> {
  await run(client, ['buildx', 'rm', '--force', name]);
}
