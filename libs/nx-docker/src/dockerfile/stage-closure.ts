import type { BuildStage, ContextSource, DockerfileModel } from './model.ts';
import { DockerfileError } from './errors.ts';

/** Finds a stage the way `docker build --target` does, or explains which stages exist. */
export function findStage(model: DockerfileModel, target: string): BuildStage {
  const stage = model.stages.find((s) => s.name === target.toLowerCase());
  if (stage) return stage;
  const names = model.stages.filter((s) => s.named).map((s) => s.name);
  throw new DockerfileError(
    model.file,
    1,
    `has no stage "${target}". Its stages are: ${names.join(', ') || '(none named)'}. Use one of them as the target.`,
  );
}

/** The target stage and every stage it is built from or copies from: what BuildKit actually builds. */
export function stageClosure(model: DockerfileModel, target: string): BuildStage[] {
  const byName = new Map(model.stages.map((s) => [s.name, s]));
  const needed = new Set<BuildStage>();
  const visit = (stage: BuildStage): void => {
    if (needed.has(stage)) return;
    needed.add(stage);
    const parents = [...stage.readsStages, ...(stage.base.kind === 'stage' ? [stage.base.stage] : [])];
    for (const parent of parents) visit(byName.get(parent)!);
  };
  visit(findStage(model, target));
  return model.stages.filter((s) => needed.has(s));
}

/** Context paths read while building `target`, in Dockerfile order, without repeats. */
export function contextSourcesFor(model: DockerfileModel, target: string): ContextSource[] {
  const seen = new Set<string>();
  return stageClosure(model, target)
    .flatMap((stage) => stage.contextSources)
    .filter((source) => !seen.has(source.path) && seen.add(source.path));
}

/** Named stages no other stage builds on or copies from: the ends of the Dockerfile's build graph (test, dev, prod). */
export function leafStages(model: DockerfileModel): BuildStage[] {
  const builtOn = new Set(model.stages.flatMap((stage) => [...stage.readsStages, ...(stage.base.kind === 'stage' ? [stage.base.stage] : [])]));
  return model.stages.filter((stage) => stage.named && !builtOn.has(stage.name));
}
