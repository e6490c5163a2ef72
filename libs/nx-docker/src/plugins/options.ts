/**
 * The plugin's options, as written in nx.json:
 *
 *   { "plugin": "@polystage/nx-docker", "include": ["services/*\/*Dockerfile"],
 *     "options": { "targetPrefix": "docker-", "stages": ["deps", "test", "build", "prod"] } }
 *
 * Which Dockerfiles are read is Nx's own `include`/`exclude` on the plugin entry.
 */
export interface DockerPluginOptions {
  /** Target names are `<targetPrefix><stage>`. Default `docker-`. */
  targetPrefix?: string;
  /** Stages that are always targets when a Dockerfile has them. Default the Dockerfile contract: deps, test, build, prod. */
  stages?: string[];
  /**
   * Any other named stage that another stage builds on or copies from is a helper (a lockfile
   * step, a JRE, a rootfs): `hidden` (default) keeps it out of the target list, `targets` makes
   * every named stage a target. A stage nothing builds on (`dev`, `debug`) is always a target.
   */
  helperStages?: 'hidden' | 'targets';
  /** Stages that only check something: always targets, cached by Nx, and the prod stage depends on them. Default `test`. */
  checkStages?: string[];
  /** Targets of the same project `<prefix>publish` runs after the prod build: default `smoke`, so only a smoke-tested image is pushed. */
  publishAfter?: string[];
}

export type NormalizedDockerPluginOptions = Required<DockerPluginOptions>;

export const CONTRACT_STAGES = ['deps', 'test', 'build', 'prod'];

const KNOWN = new Set(['targetPrefix', 'stages', 'helperStages', 'checkStages', 'publishAfter']);

/** Defaults filled in; anything malformed is a one-line error naming the option and the fix. */
export function normalizeOptions(options: unknown): NormalizedDockerPluginOptions {
  const given = (options ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) throw optionError('options', 'must be an object');
  for (const key of Object.keys(given)) {
    if (!KNOWN.has(key)) throw optionError(key, `is not an option; the options are ${[...KNOWN].join(', ')}`);
  }
  const targetPrefix = given['targetPrefix'] ?? 'docker-';
  if (typeof targetPrefix !== 'string' || !/^[a-z0-9][a-z0-9:_-]*$|^$/i.test(targetPrefix)) {
    throw optionError('targetPrefix', 'must be a string of letters, digits, "-", "_" or ":" (e.g. "docker-")');
  }
  const helperStages = given['helperStages'] ?? 'hidden';
  if (helperStages !== 'hidden' && helperStages !== 'targets') throw optionError('helperStages', 'must be "hidden" or "targets"');
  return {
    targetPrefix,
    stages: stageList(given['stages'] ?? CONTRACT_STAGES, 'stages'),
    helperStages,
    checkStages: stageList(given['checkStages'] ?? ['test'], 'checkStages'),
    publishAfter: stageList(given['publishAfter'] ?? ['smoke'], 'publishAfter'),
  };
}

function stageList(value: unknown, option: string): string[] {
  if (!Array.isArray(value) || !value.every((stage) => typeof stage === 'string' && stage !== '')) {
    throw optionError(option, 'must be a list of stage names, e.g. ["deps", "test", "build", "prod"]');
  }
  return value.map((stage: string) => stage.toLowerCase());
}

function optionError(option: string, problem: string): Error {
  return new Error(`@polystage/nx-docker option "${option}" in nx.json ${problem}.`);
}
