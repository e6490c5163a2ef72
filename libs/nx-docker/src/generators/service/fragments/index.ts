/**
 * Dockerfile fragments: stages several Dockerfiles share word for word, kept here once. A stack's
 * template gets each one rendered for the new service (<%- fragments.nodeLockfile %>), and
 * `nx g @polystage/nx-docker:sync-dockerfile-fragments` rewrites the copies in existing Dockerfiles.
 * A fragment is one whole stage (its comment block, FROM, instructions) with one variable,
 * <%= service %>: the service's folder from the repo root (services/web).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DockerfileFragment {
  /** The template variable: fragments.<key>. */
  key: string;
  /** The stage it is (`FROM ... AS <stage>`), which is how a Dockerfile's copy is found. */
  stage: string;
  file: string;
}

export const FRAGMENTS: readonly DockerfileFragment[] = [
  { key: 'nodeLockfile', stage: 'lockfile', file: fileURLToPath(new URL('./node-lockfile.Dockerfile', import.meta.url)) },
];

const VARIABLE = '<%= service %>';

/** The fragment for the service at `service` (services/<name>): its text, ending in a newline. */
export function renderFragment(fragment: DockerfileFragment, service: string): string {
  const text = readFileSync(fragment.file, 'utf8').replaceAll(VARIABLE, service);
  if (text.includes('<%')) throw new Error(`${fragment.file} uses a variable other than ${VARIABLE}: fragments have only that one.`);
  return text;
}

/** Every fragment rendered for `service`, keyed for the templates. */
export function renderFragments(service: string): Record<string, string> {
  return Object.fromEntries(FRAGMENTS.map((fragment) => [fragment.key, renderFragment(fragment, service)]));
}

const SEPARATOR = /^# -{10,}\s*$/;
const FROM = /^FROM\s/i;

/**
 * `dockerfile` with its copy of each fragment replaced by the fragment rendered for `service`.
 * A copy is the stage `FROM [--platform=...] ... AS <fragment.stage>` with the comment lines right
 * above its FROM, up to the next `# -----` separator or FROM (blank lines before that stay). A
 * Dockerfile without such a stage is returned as it is.
 */
export function syncFragments(dockerfile: string, service: string): string {
  let lines = dockerfile.split('\n');
  for (const fragment of FRAGMENTS) {
    const from = new RegExp(`^FROM\\s+(?:--platform=\\S+\\s+)?\\S+\\s+AS\\s+${fragment.stage}\\s*$`, 'i');
    const at = lines.findIndex((line) => from.test(line));
    if (at < 0) continue;
    let start = at;
    while (start > 0 && lines[start - 1]!.startsWith('#') && !SEPARATOR.test(lines[start - 1]!)) start--;
    let end = at + 1;
    while (end < lines.length && !SEPARATOR.test(lines[end]!) && !FROM.test(lines[end]!)) end++;
    // Without a separator, the comment lines right above the next FROM are that stage's.
    if (end < lines.length && FROM.test(lines[end]!)) while (lines[end - 1]!.startsWith('#')) end--;
    while (end > at + 1 && lines[end - 1]!.trim() === '') end--;
    const rendered = renderFragment(fragment, service).replace(/\n$/, '').split('\n');
    lines = [...lines.slice(0, start), ...rendered, ...lines.slice(end)];
  }
  return lines.join('\n');
}
