/**
 * A stack is data: one descriptor module (stacks/<stack>.ts) plus one template folder
 * (files/<stack>/). The generator core knows nothing stack-specific; it renders
 * files/common/ (smoke spec) and files/<stack>/ with the variables below, writes project.json from
 * the descriptor and wires compose and the gateway from it.
 *
 * Every stack's template implements the same generated-service contract, which the shared smoke
 * spec (files/common/smoke) checks: GET <healthPath> answers 200 (503 while draining);
 * POST /echo with {"message": "..."} answers 200 {"message", "chars", "words"}, and 400
 * {"error": "...message..."} without a message; PORT sets the port; SIGTERM drains and exits 0.
 * A stack whose prod image cannot answer POST (react: a static server) brings its own
 * files/<stack>/smoke/prod.smoke.test.ts.template, which replaces the common one.
 *
 * The Dockerfile also has a `dev` stage before prod (never in prod's closure) that runs the service
 * with live reload as the bare uid 65534, with the service's files under /src/services/<name>/;
 * `dev` below is its compose.dev.yaml entry.
 */
import type { Tree } from '@nx/devkit';
import type { NpmPackages } from '../npm-workspace.ts';

export const STACK_NAMES = ['python', 'node', 'react', 'java', 'go'] as const;
export type StackName = (typeof STACK_NAMES)[number];

export interface StackDescriptor {
  name: StackName;
  /** README "stack" column, e.g. "Go, standard library". */
  summary: string;
  /** README "prod image on" column, e.g. "distroless static". */
  runtime: string;
  /** Nx tags besides type:service, e.g. lang:go. */
  tags: string[];
  defaultPort: number;
  healthPath: string;
  /** docker-prod's sizeBudgetMb in the generated project.json. */
  sizeBudgetMb: number;
  /**
   * The Dockerfile's `*_IMAGE` ARGs. Their values are read from `from` (an existing service of this
   * stack: the Dockerfiles stay the one source of base images) and fall back to `fallback` when that
   * service is gone. The templates use them as <%= images.GO_IMAGE %>.
   */
  baseImages: { from: string; fallback: Record<string, string> };
  /**
   * Variables only this stack's templates use, from the Tree and the service name (java: its package
   * name, and the Spring Boot version read from its twin's pom). They may name paths too
   * (__javaPackagePath__); the generator's own variables (name, port, images...) win a clash.
   */
  templateVariables?: (tree: Tree, name: string) => Record<string, string>;
  smoke: {
    startupBudgetMs: number;
    /** tmpfs mounts of every smoke run, as `docker run --tmpfs` takes them: '/tmp' or '/tmp:rw,size=16m'. */
    tmpfs: string[];
    /** What the prod image must not contain besides the kit's defaults (toolchains, sources): the twin's list; `<name>` is the service's name. */
    absentPaths: string[];
  };
  compose: {
    memLimit: string;
    pidsLimit: number;
    tmpfs: string[];
    /** The image has a HEALTHCHECK: dependants wait for service_healthy. */
    healthcheck: boolean;
    /** The port is fixed in the image (react: nginx.conf), so compose passes no PORT it would ignore. */
    fixedPort?: boolean;
  };
  /**
   * The service's compose.dev.yaml entry (the dev loop). Watch paths are relative to the service's
   * folder (`src` is services/<name>/src, synced to /src/services/<name>/src), except those starting
   * with `/`, which are relative to the repo root (`/package-lock.json`).
   */
  dev: {
    memLimit: string;
    pidsLimit: number;
    /** Source folders or files Compose Watch copies into the running container. */
    sync: string[];
    /** Paths Compose Watch leaves out of every sync (e.g. `__pycache__/`: the container writes its own). */
    syncIgnore?: string[];
    /** Manifests, lockfiles and the Dockerfile: a change rebuilds the dev image. */
    rebuild: string[];
  };
  /**
   * An npm workspace (node, react): the packages its package.json names. Their versions are the
   * ones the root package-lock.json holds for `from` (the twin's workspace); the generator adds the
   * new workspace to that lock, so its image can `npm ci` straight away (npm-workspace.ts).
   */
  npm?: NpmPackages;
  /** Absolute path of files/<stack>/. */
  files: string;
}
