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
 */
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
  smoke: { startupBudgetMs: number; tmpfs: string[] };
  compose: { memLimit: string; pidsLimit: number; tmpfs: string[]; /** the image has a HEALTHCHECK */ healthcheck: boolean };
  /** Absolute path of files/<stack>/. */
  files: string;
}
