/**
 * BuildKit's plain progress ends a failure with a block like
 *   ------
 *    > [test 4/4] RUN python -m pytest:
 *   #12 1.234 FAILED tests/test_jobs.py::test_create - assert 1 == 2
 *   ------
 *   error: failed to solve: ... exit code: 1
 * Users scroll past hundreds of lines; this pulls out which step failed and why.
 */
export interface FailingStep {
  step?: string;
  error?: string;
}

export function findFailingStep(output: string): FailingStep {
  const lines = output.split(/\r?\n/);
  const steps = lines.map((line) => /^\s*> (\[[^\]]+\] .*?):?\s*$/.exec(line)?.[1]).filter(Boolean);
  const error = [...lines].reverse().find((line) => /^(error|ERROR)\b[: ]/.test(line.trim()));
  return { step: steps.at(-1), error: error?.trim() };
}

export function describeFailure(failing: FailingStep, exitCode: number | undefined): string {
  const where = failing.step ? `at step ${failing.step}` : `(exit code ${exitCode ?? 'unknown'})`;
  return `docker build failed ${where}${failing.error ? `: ${failing.error}` : ''}`;
}

/** A base image BuildKit could not resolve: on registry-less machines the fix is the local stand-ins. */
export function baseImageHint(failing: FailingStep, mirror: string | undefined, platform?: string): string | undefined {
  const ref = /load metadata for (\S+)/.exec(failing.step ?? '')?.[1];
  if (!ref) return undefined;
  // The mirror serves every stand-in as an index of the platforms built (tools/src/builder/mirror-stand-ins.ts).
  if (mirror && platform && /no match for platform/.test(failing.error ?? '')) {
    return `The stand-in ${ref} has no ${platform} variant yet. Run \`BUILD_PLATFORMS=${platform} npm run setup\` (as root) to build it and serve it to the builder.`;
  }
  return mirror
    ? `The base image ${ref} is not in the local engine. Run \`npm run bases\` to build the stand-ins for ${mirror}.`
    : `The base image ${ref} could not be pulled. Run \`npm run bases\` to build local stand-ins (it remembers the choice), or set BASE_IMAGE_MIRROR to a registry mirror.`;
}
