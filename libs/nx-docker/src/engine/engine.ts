import { DockerEngineError } from './errors.ts';
import { runProbe, type ProbeRunner } from './run.ts';

export interface EngineStatus {
  answers: boolean;
  serverVersion?: string;
  problem?: string;
}

export async function probeEngine(cliPath: string, run: ProbeRunner = runProbe): Promise<EngineStatus> {
  const result = await run(cliPath, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 10_000 });
  if (result.exitCode === 0 && result.stdout) return { answers: true, serverVersion: result.stdout };
  return { answers: false, problem: result.stderr.split('\n').find(Boolean) ?? `exit code ${result.exitCode}` };
}

/** Fails with how to start an engine, instead of docker's raw socket error halfway through a build. */
export async function assertEngineAnswers(cliPath: string, env: NodeJS.ProcessEnv = process.env, run: ProbeRunner = runProbe): Promise<string> {
  const status = await probeEngine(cliPath, run);
  if (status.answers) return status.serverVersion!;
  const host = env['DOCKER_HOST'] || 'unix:///var/run/docker.sock';
  throw new DockerEngineError(
    `No Docker engine answers at ${host} (${status.problem}). Start one: \`npm run doctor -- --install\` ` +
      '(as root on Debian it installs docker.io and starts dockerd), or `sudo systemctl start docker`; then run the target again.',
  );
}
