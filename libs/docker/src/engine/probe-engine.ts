import { DockerEngineError } from '../errors.ts';
import { firstErrorLine, runDocker, type DockerRunner } from '../run-docker.ts';

export interface EngineStatus {
  answers: boolean;
  serverVersion?: string;
  problem?: string;
}

/** Whether the engine the client points at answers, and its version. */
export async function probeEngine(client: string, run: DockerRunner = runDocker): Promise<EngineStatus> {
  const result = await run(client, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 10_000 });
  if (result.exitCode === 0 && result.stdout) return { answers: true, serverVersion: result.stdout };
  return { answers: false, problem: firstErrorLine(result) };
}

/** Fails with how to start an engine, instead of docker's raw socket error halfway through a build. */
export async function assertEngineAnswers(client: string, hostUrl: string, run: DockerRunner = runDocker): Promise<string> {
  const status = await probeEngine(client, run);
  if (status.answers) return status.serverVersion!;
  throw new DockerEngineError(
    `No Docker engine answers at ${hostUrl} (${status.problem}). Start one: \`npm run doctor -- --install\` ` +
      '(as root on Debian it installs docker.io and starts dockerd), or `sudo systemctl start docker`; then run the target again.',
  );
}
