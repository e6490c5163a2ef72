/** What a stage is built on. */
export type StageBase =
  | { kind: 'image'; ref: string; /** the `*_IMAGE` ARG it came from, if any */ arg?: string }
  | { kind: 'stage'; stage: string }
  | { kind: 'scratch' }
  /** `FROM ${X}` where X is not a global ARG with a default. */
  | { kind: 'unresolved'; expression: string };

/** A path in the build context that a stage reads (COPY/ADD source or RUN bind mount). */
export interface ContextSource {
  path: string;
  line: number;
}

export interface BuildStage {
  /** Position among the FROMs, from 0. */
  index: number;
  /** Lowercased `AS` name, or the index as a string for unnamed stages (what `--target` accepts). */
  name: string;
  named: boolean;
  /** 1-based line of the FROM. */
  line: number;
  /** `--platform` value as written, e.g. `$BUILDPLATFORM`. */
  platform?: string;
  base: StageBase;
  contextSources: ContextSource[];
  /** Earlier stages this one reads with `COPY --from=<stage>` or `RUN --mount=from=<stage>`. */
  readsStages: string[];
}

/** `ARG <NAME>_IMAGE=<ref>` declared before the first FROM. */
export interface BaseImageArg {
  name: string;
  ref: string;
  line: number;
}

export interface DockerfileModel {
  file: string;
  stages: BuildStage[];
  baseImageArgs: BaseImageArg[];
}
