/**
 * `nx run <project>:docker-lint`: BuildKit's own Dockerfile checks (`docker buildx build --check`,
 * experimental rules included) on every stage the Dockerfile ends in (test, dev, prod: between
 * them every stage is reached), with the build args a real build gets, so `FROM ${X_IMAGE}` resolves
 * as it will. Builds nothing. Each warning is one line, `<file>:<line>: <Rule>: <message> (<docs>)`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { buildCommand, connectEngine, runBuild } from '@polystage/docker';
import { parseDockerfile } from '../../dockerfile/parse.ts';
import { leafStages } from '../../dockerfile/stage-closure.ts';
import { planStageBuild } from '../build/stage-build.ts';
import { formatCheckWarning, parseCheckWarnings } from './check-warnings.ts';
import type { DockerLintOptions } from './schema.ts';
import { executor } from '../executor-result.ts';

export default executor(lint);

async function lint(options: DockerLintOptions, context: ExecutorContext): Promise<boolean> {
  const engine = await connectEngine();
  const project = context.projectName!;
  const model = parseDockerfile(await readFile(resolve(context.root, options.dockerfile), 'utf8'), options.dockerfile);
  const findings = new Map<string, string>();
  for (const stage of leafStages(model)) {
    const { request } = await planStageBuild({ ...options, target: stage.name }, context.root, project, engine);
    const run = await runBuild(engine, buildCommand({ ...request, output: 'check' }), { cwd: context.root });
    const warnings = parseCheckWarnings(run.output);
    if (run.exitCode !== 0 && warnings.length === 0) {
      console.error(run.output.trim().split('\n').slice(-15).join('\n'));
      throw new Error(`docker buildx build --check of ${options.dockerfile} (target ${stage.name}) failed before checking (exit ${run.exitCode}); see above.`);
    }
    // A warning in a stage two ends share is reported once.
    for (const warning of warnings) findings.set(formatCheckWarning(options.dockerfile, warning), warning.rule);
  }
  const stages = leafStages(model).map((stage) => stage.name).join(', ');
  if (findings.size > 0) {
    for (const line of findings.keys()) console.error(line);
    console.error(`\n${findings.size} Dockerfile check warning(s) in ${options.dockerfile} (stages ${stages}): fix them, or document why in a \`# check=skip=<Rule>\` directive.`);
    return false;
  }
  console.log(`${options.dockerfile}: BuildKit's Dockerfile checks found nothing (stages ${stages}).`);
  return true;
}
