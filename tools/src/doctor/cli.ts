/**
 * Engine doctor: what this machine will build with, and why.
 *   npm run doctor              report only
 *   npm run doctor -- --install as root on Debian, install docker.io and start dockerd if no engine answers
 * With CI=true the install is allowed without the flag. Exits non-zero when builds cannot run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob } from 'node:fs/promises';
import { describeBuilder, detectDockerClient, probeEngine, probePull, resolveBuilder, resolveEngineHost, type DockerClient } from '@polystage/docker';
import { parseDockerfile, readMirrorDecision, resolveMirror } from '@polystage/nx-docker';
import { localStandIns } from '../offline-bases/local-stand-ins.ts';
import { decisionSource, standInLines } from './bases-report.ts';
import { installAndStartEngine, installPlan } from './install-engine.ts';

const REQUIRED_NODE_MAJOR = 24;
const workspaceRoot = resolve(import.meta.dirname, '../../..');
const flags = new Set(process.argv.slice(2));
const log = (line: string) => console.log(line);
let healthy = true;

const nodeMajor = Number(process.versions.node.split('.')[0]);
log(`node      ${process.version} (${process.execPath})${nodeMajor === REQUIRED_NODE_MAJOR ? '' : ` — tooling needs Node ${REQUIRED_NODE_MAJOR}; run through npm scripts so node_modules/.bin/node (npm package "node") is used`}`);
if (nodeMajor !== REQUIRED_NODE_MAJOR) healthy = false;

let cli: DockerClient | undefined;
try {
  cli = await detectDockerClient();
  log(`client    ${cli.path} (${cli.mode}): ${cli.reason}`);
} catch (error) {
  log(`client    none usable: ${(error as Error).message}`);
}
// The same host every build, inspect and smoke container uses (@polystage/docker's engine host).
const host = cli ? await resolveEngineHost(cli.path) : undefined;
if (host) log(`host      ${host.url} (${host.reason}); smoke containers run there too`);

let engine = cli ? await probeEngine(cli.path) : { answers: false, problem: 'no docker client' };
if (!engine.answers) {
  const plan = installPlan({
    root: process.getuid?.() === 0,
    debian: existsSync('/etc/debian_version'),
    ci: process.env['CI'] === 'true',
    flag: flags.has('--install'),
  });
  if (plan.allowed) {
    log(`engine    not answering (${engine.problem}); installing and starting one because ${plan.why}`);
    const version = await installAndStartEngine(log);
    log(`engine    dockerd ${version} started and answering`);
    cli = await detectDockerClient();
    log(`client    ${cli.path} (${cli.mode}): ${cli.reason}`);
    engine = { answers: true, serverVersion: version };
  } else {
    log(`engine    not answering (${engine.problem}); ${plan.why}`);
  }
}
if (engine.answers) log(`engine    Docker ${engine.serverVersion} answers${host ? ` at ${host.url}` : ''}`);
else healthy = false;

if (cli && engine.answers) {
  try {
    const builder = await resolveBuilder(cli);
    log(`builder   ${describeBuilder(builder)}: ${builder.reason}`);
  } catch (error) {
    log(`builder   none usable: ${(error as Error).message}`);
    healthy = false;
  }
}

if (cli && engine.answers) {
  const mirror = await resolveMirror(workspaceRoot);
  const decision = await readMirrorDecision(workspaceRoot);
  const pullCheck = !flags.has('--no-pull-check');
  if (mirror) for (const line of standInLines(mirror, decision, await localStandIns({ client: cli.path }, mirror.mirror))) log(line);
  else if (decision?.choice === 'explicit') log(`bases     official images (${decisionSource(mirror, decision)})`);
  // The same probe (with retries) as `npm run bases`; only an automatic decision can change with it.
  const ref = await firstBaseRef();
  if (pullCheck && ref && mirror?.source !== 'env' && decision?.choice !== 'explicit') {
    const pull = await probePull({ client: cli.path }, ref);
    if (mirror) {
      if (pull.ok) log(`bases     pulling ${ref} works again: \`npm run bases\` switches back to official images`);
    } else {
      log(pull.ok ? `bases     pulling ${ref} works` : `bases     cannot pull ${ref} (${pull.attempts} attempts: ${pull.problem}); \`npm run bases\` builds local stand-ins`);
    }
  }
}

process.exitCode = healthy ? 0 : 1;

async function firstBaseRef(): Promise<string | undefined> {
  for await (const file of glob('services/*/Dockerfile', { cwd: workspaceRoot })) {
    const ref = parseDockerfile(readFileSync(resolve(workspaceRoot, file), 'utf8'), file).baseImageArgs[0]?.ref;
    if (ref) return ref;
  }
  return undefined;
}
