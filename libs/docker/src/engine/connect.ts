import { describeBuilder, resolveBuilder, type Builder } from './builder.ts';
import { detectDockerClient, type BuildMode, type DetectOptions, type DockerClient } from './detect-client.ts';
import { resolveEngineHost, type EngineHost } from './engine-host.ts';
import { assertEngineAnswers } from './probe-engine.ts';
import { runDocker, type DockerRunner } from '../run-docker.ts';

/**
 * One connection to the engine, decided once and passed to everything that touches it: builds,
 * inspects, smoke containers. Holding one object (instead of each tool detecting its own client
 * and host) is what makes an image built here the image tested here.
 */
export interface Engine {
  /** Path of the docker client every command runs. */
  client: string;
  clientVersion: string;
  /** What the client can do: `buildx`, or only the classic CLI with BuildKit on. */
  mode: BuildMode;
  /** Which BuildKit runs builds (BUILDER, the polystage builder, buildx's current one, or the engine's own). */
  builder: Builder;
  host: EngineHost;
  serverVersion: string;
  /** Why this client and mode, this host and this builder: one sentence each, for the doctor and logs. */
  reasons: { client: string; host: string; builder: string };
}

/** The same choices as detecting the client: connecting starts there. */
export type ConnectOptions = DetectOptions;

/** Picks the client, finds the engine it talks to, and checks that engine answers; throws a one-line fix otherwise. */
export async function connectEngine(options: ConnectOptions = {}): Promise<Engine> {
  const env = options.env ?? process.env;
  const run = options.run ?? runDocker;
  const client = await detectDockerClient({ env, run, ...(options.candidates ? { candidates: options.candidates } : {}) });
  return engineFor(client, env, run);
}

/** The engine behind an already chosen client (the doctor picks the client first, then maybe starts an engine). */
export async function engineFor(client: DockerClient, env: NodeJS.ProcessEnv = process.env, run: DockerRunner = runDocker): Promise<Engine> {
  const host = await resolveEngineHost(client.path, env, run);
  const serverVersion = await assertEngineAnswers(client.path, host.url, run);
  const builder = await resolveBuilder(client, env, run);
  return {
    client: client.path,
    clientVersion: client.clientVersion,
    mode: client.mode,
    builder,
    host,
    serverVersion,
    reasons: { client: client.reason, host: host.reason, builder: builder.reason },
  };
}

/** `docker (buildx) at unix:///var/run/docker.sock`: which client and engine, for one log line. */
export function describeEngine(engine: Engine): string {
  return `${engine.client}, ${describeBuilder(engine.builder)} -> Docker ${engine.serverVersion} at ${engine.host.url}`;
}
