import { DockerfileParser, ModifiableInstruction, type Arg, type Flag, type From, type Instruction } from 'dockerfile-ast';
import { validate, ValidationCode } from 'dockerfile-utils';
import { DockerfileError } from './errors.ts';
import type { BaseImageArg, BuildStage, ContextSource, DockerfileModel, StageBase } from './model.ts';

/** `ARG <NAME>_IMAGE=<ref>` before the first FROM: the contract for base images. */
const BASE_IMAGE_ARG = /^[A-Z][A-Z0-9_]*_IMAGE$/;
const VARIABLE_ONLY = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

// Style findings are not errors (the model only rejects what BuildKit would), and
// duplicate stages get a clearer message from rejectDuplicateStages.
const IGNORED_CODES = new Set<ValidationCode>([
  ValidationCode.CASING_INSTRUCTION,
  ValidationCode.CASING_DIRECTIVE,
  ValidationCode.DUPLICATE_BUILD_STAGE_NAME,
]);

/** Parses a Dockerfile into stages, base-image ARGs and build-context sources. */
export function parseDockerfile(text: string, file: string): DockerfileModel {
  rejectInvalidSyntax(text, file);
  const dockerfile = DockerfileParser.parse(text);
  const baseImageArgs = dockerfile.getInitialARGs().flatMap((arg) => toBaseImageArg(arg, file));
  const globalArgs = new Map(baseImageArgs.map((arg) => [arg.name, arg.ref]));

  const stages: BuildStage[] = [];
  for (const from of dockerfile.getFROMs()) {
    stages.push(toStage(from, stages, globalArgs, file));
  }
  if (stages.length === 0) {
    throw new DockerfileError(file, 1, 'no FROM instruction, so there is no stage to build. Add `FROM <image> AS <stage>`.');
  }
  rejectDuplicateStages(stages, file);
  attachContextSources(dockerfile.getInstructions(), stages);
  return { file, stages, baseImageArgs };
}

function rejectInvalidSyntax(text: string, file: string): void {
  const firstError = validate(text)
    .filter((d) => d.severity === 1 && !IGNORED_CODES.has(d.code as ValidationCode))
    .sort((a, b) => a.range.start.line - b.range.start.line)[0];
  if (firstError) {
    throw new DockerfileError(file, firstError.range.start.line + 1, `cannot be parsed: ${firstError.message}`);
  }
}

function toBaseImageArg(arg: Arg, file: string): BaseImageArg[] {
  const property = arg.getProperty();
  const name = property?.getName();
  if (!property || !name || !BASE_IMAGE_ARG.test(name)) return [];
  const ref = property.getUnescapedValue();
  const line = lineOf(arg);
  if (!ref) {
    throw new DockerfileError(file, line, `ARG ${name} has no default. Base images are pinned in the Dockerfile: ARG ${name}=<image>:<version>.`);
  }
  return [{ name, ref, line }];
}

function toStage(from: From, earlier: readonly BuildStage[], globalArgs: ReadonlyMap<string, string>, file: string): BuildStage {
  const line = lineOf(from);
  const image = from.getImage();
  if (!image) throw new DockerfileError(file, line, 'FROM names no image.');
  const index = earlier.length;
  return {
    index,
    name: from.getBuildStage()?.toLowerCase() ?? String(index),
    named: from.getBuildStage() !== null,
    line,
    platform: from.getPlatformFlag()?.getValue() ?? undefined,
    base: resolveBase(image, earlier, globalArgs),
    contextSources: [],
    readsStages: [],
  };
}

/** A FROM names an earlier stage, an image ARG, `scratch`, or a literal image. */
function resolveBase(image: string, earlier: readonly BuildStage[], globalArgs: ReadonlyMap<string, string>): StageBase {
  const stage = earlier.find((s) => s.name === image.toLowerCase());
  if (stage) return { kind: 'stage', stage: stage.name };
  if (image === 'scratch') return { kind: 'scratch' };
  const variable = VARIABLE_ONLY.exec(image)?.[1];
  if (variable) {
    const ref = globalArgs.get(variable);
    return ref === undefined ? { kind: 'unresolved', expression: image } : { kind: 'image', ref, arg: variable };
  }
  return { kind: 'image', ref: image };
}

function rejectDuplicateStages(stages: readonly BuildStage[], file: string): void {
  const seen = new Map<string, BuildStage>();
  for (const stage of stages.filter((s) => s.named)) {
    const first = seen.get(stage.name);
    if (first) {
      throw new DockerfileError(file, stage.line, `duplicate stage name "${stage.name}" (first defined on line ${first.line}). Stage names must be unique.`);
    }
    seen.set(stage.name, stage);
  }
}

/** Records which build-context paths each stage reads (COPY/ADD sources and bind mounts without from=). */
function attachContextSources(instructions: readonly Instruction[], stages: BuildStage[]): void {
  let current: BuildStage | undefined;
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      current = stages.find((s) => s.line === lineOf(instruction));
      continue;
    }
    if (!current) continue;
    current.contextSources.push(...contextSourcesOf(instruction, keyword));
    current.readsStages.push(...stagesReadBy(instruction, stages));
  }
}

/** `COPY --from=x` and `RUN --mount=...,from=x` where x is an earlier stage (not an image). */
function stagesReadBy(instruction: Instruction, stages: readonly BuildStage[]): string[] {
  if (!(instruction instanceof ModifiableInstruction)) return [];
  const names = instruction.getFlags().flatMap((flag) => {
    if (flag.getName() === 'from') return [flag.getValue() ?? ''];
    if (flag.getName() === 'mount') return flag.getOptions().filter((o) => o.getName() === 'from').map((o) => o.getValue() ?? '');
    return [];
  });
  return names.map((name) => name.toLowerCase()).filter((name) => stages.some((stage) => stage.name === name));
}

function contextSourcesOf(instruction: Instruction, keyword: string): ContextSource[] {
  if (!(instruction instanceof ModifiableInstruction)) return [];
  const line = lineOf(instruction);
  const flags = instruction.getFlags();
  if (keyword === 'COPY' || keyword === 'ADD') {
    if (flags.some((flag) => flag.getName() === 'from')) return [];
    const paths = instruction.getArguments().map((a) => a.getValue()).slice(0, -1);
    return paths.filter((path) => !/^[a-z]+:\/\//.test(path)).map((path) => ({ path, line }));
  }
  if (keyword === 'RUN') {
    return flags.filter((flag) => flag.getName() === 'mount').flatMap((flag) => bindMountSource(flag)).map((path) => ({ path, line }));
  }
  return [];
}

/** `RUN --mount=type=bind,source=x` reads x from the context unless from= names a stage or image. */
function bindMountSource(mount: Flag): string[] {
  const options = new Map(mount.getOptions().map((option) => [option.getName(), option.getValue() ?? '']));
  const type = options.get('type') ?? 'bind';
  if (type !== 'bind' || options.has('from')) return [];
  return [options.get('source') ?? options.get('src') ?? '.'];
}

/** dockerfile-ast ranges are zero-based; people count lines from 1. */
function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}
