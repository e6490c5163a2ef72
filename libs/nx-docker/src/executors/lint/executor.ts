/**
 * `nx run <project>:docker-lint`: BuildKit's own Dockerfile checks (`docker buildx build --check`,
 * plus the experimental CopyIgnoredFile) on every stage the Dockerfile ends in (test, dev, prod:
 * between them every stage is reached), with the build args a real build gets, so `FROM ${X_IMAGE}` resolves
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
  const model = parseDockerfile(await readFile(resolve(context.root, options.dockerfile), 'utf8'), options.dockerfile);
  const leaves = leafStages(model);
  const stages = leaves.map((stage) => stage.name).join(', ');
  // A warning in a stage two ends share is reported once.
  const findings = new Set<string>();
  if (leaves.length > 0) {
    // One plan serves every stage: the builder, context and build args do not depend on the target.
    const { request } = await planStageBuild({ ...options, target: leaves[0]!.name }, context.root, context.projectName!, engine);
    for (const stage of leaves) {
      const run = await runBuild(engine, buildCommand({ ...request, target: stage.name, output: 'check' }), { cwd: context.root });
      const warnings = parseCheckWarnings(run.output);
      if (run.exitCode !== 0 && warnings.length === 0) {
        console.error(run.output.trim().split('\n').slice(-15).join('\n'));
        throw new Error(`docker buildx build --check of ${options.dockerfile} (target ${stage.name}) failed before checking (exit ${run.exitCode}); see above.`);
      }
      for (const warning of warnings) findings.add(formatCheckWarning(options.dockerfile, warning));
    }
  }
  if (findings.size > 0) {
    for (const line of findings) console.error(line);
    console.error(`\n${findings.size} Dockerfile check warning(s) in ${options.dockerfile} (stages ${stages}): fix them, or document why in a \`# check=skip=<Rule>\` directive.`);
    return false;
  }
  console.log(`${options.dockerfile}: BuildKit's Dockerfile checks found nothing (stages ${stages}).`);
  return true;
}
